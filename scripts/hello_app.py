"""Hello-world Streamlit app: the framework's floor for the load tool's ratio (``python -m governance load``).

A title, a line of text and one widget — the least a Streamlit script run can cost on this machine. The load tool
drives it with the same sessions and the same duration as the dashboard, in the same run, and prints
dashboard runs/s ÷ hello-world runs/s.
"""

import streamlit as st

st.title("Hello, world")
st.write("A Streamlit script run with nothing in it: the framework's own cost per rerun.")
st.checkbox("A widget", key="hello_widget")
