"""Text from data, files and links shown as plain text — never as markdown or HTML.

Streamlit parses markdown in ``st.markdown``, ``st.write(str)``, ``st.caption``, ``st.success``/``info``/``warning``/
``error``, ``st.metric``/expander/tab labels and every widget label: a project name like ``![t](http://x/p.png)``
becomes an image request, ``[请重新登录](http://x)`` a link, ``:red[…]`` coloured text, ``$…$`` LaTeX.
``html.escape`` stops HTML but not markdown; inside an ``unsafe_allow_html`` card a blank line ends the HTML block
and whatever follows is parsed as markdown again.

``plain(text)`` turns every ASCII punctuation character into a numeric character reference (``[`` → ``&#91;``) and
folds line breaks: markdown decodes references back to the same characters *after* parsing, inside HTML blocks and
in inline text alike, so the reader sees exactly the original characters and no syntax ever forms — no link, image,
heading, emphasis, directive or tag. Bare URLs are the exception: GitHub-flavoured markdown finds ``http://…``,
``www.…`` and ``name@host`` in the *decoded* text and links them, so an invisible WORD JOINER (U+2060) goes after
``:`` before ``//``, after ``www`` and after ``@`` (seen in Chromium: without it a project name's URL became a link).
Use it on the *values* put into a catalog string, not on the catalog string itself
(``t("x.caption", name=plain(name))``).

* ``plain(text)`` — for markdown contexts (st.markdown without HTML, captions, alerts, labels); newlines → spaces,
  or with ``multiline=True`` markdown hard breaks.
* ``html_text(text)`` — inside ``unsafe_allow_html`` cards; newlines → spaces or ``<br>``, never a blank line.
* ``plotly_text(text)`` — Plotly titles, axis and hover labels, which understand a few tags (``<a href>``, ``<b>``,
  ``<br>``): HTML-escaped, newlines → spaces.

Places that show text without any parsing — ``st.text``, ``st.code``, ``st.dataframe`` cells, selectbox options,
download file contents — take the raw value; these helpers would only add visible ``&#…;`` there.
"""

from __future__ import annotations

import html
import math
import re
import string

_PUNCT = {ord(c): f"&#{ord(c)};" for c in string.punctuation}  # all 32 ASCII punctuation characters
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n|\r|\n|\u0085")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# where GFM's autolink literals (http://, https://, www., e-mail addresses) would start: break them invisibly
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _SURROGATE.sub("\ufffd", str(value))  # a lone surrogate cannot be sent to the browser
    return _CONTROL.sub("", text)  # control and bidi-override characters: invisible, can disguise text


def _lines(value: object) -> list[str]:
    """Non-empty lines, inner runs of spaces folded (leading spaces would otherwise start a code block)."""
    return [ln for ln in (_SPACES.sub(" ", part).strip() for part in _BREAKS.split(_as_text(value))) if ln]


def plain(value: object, *, multiline: bool = False, max_len: int | None = None) -> str:
    """``value`` as text that markdown shows literally. ``multiline`` keeps line breaks (as hard breaks); ``max_len``
    cuts the *visible* text with an ellipsis."""
    escaped = [_neutral(ln) for ln in _clip(_lines(value), max_len)]
    return ("  \n" if multiline else " ").join(escaped)


def html_text(value: object, *, multiline: bool = False, max_len: int | None = None) -> str:
    """``value`` for the inside of an ``unsafe_allow_html`` card: no tag, no markdown, never a blank line."""
    escaped = [_neutral(ln) for ln in _clip(_lines(value), max_len)]
    return ("<br>" if multiline else " ").join(escaped)


def plotly_text(value: object, *, max_len: int | None = None) -> str:
    """``value`` for Plotly titles and labels (which render ``<a>``, ``<b>``, ``<br>``…): escaped, one line."""
    return html.escape(" ".join(_clip(_lines(value), max_len)), quote=True)


def _neutral(line: str) -> str:
    return _AUTOLINK.sub(WORD_JOINER, line).translate(_PUNCT)


def _clip(lines: list[str], max_len: int | None) -> list[str]:
    if max_len is None:
        return lines
    out, left = [], max_len
    for ln in lines:
        if left <= 0:
            break
        if len(ln) > left:
            out.append(ln[: max(left - 1, 0)] + "…")
            break
        out.append(ln)
        left -= len(ln)
    return out


__all__ = ["plain", "html_text", "plotly_text"]
