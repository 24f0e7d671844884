# The dashboard as one image: the app replicas and the writer (imports, builds) run it with different commands
# (compose.yaml). Nothing is fetched at run time; the image carries the fonts, boundaries and reference tables.
FROM python:3.11-slim-bookworm

# fonts-wqy-zenhei: a system CJK font for anything drawn on the server outside the briefing's own embedded font
# (data/fonts); fontconfig lets Pillow and the PDF writer find it. No browser is needed: briefings render their
# maps with Pillow, and tests (Chromium, nginx) are not part of the image.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-zenhei fontconfig \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/governance
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .

# Never root at run time. The warehouse and the user folder live on volumes (compose.yaml), not in the image.
# The writer generates the demo exports into data/exports (a cache per scale and seed) before it builds.
RUN useradd --system --uid 10001 --home-dir /srv/governance governance \
 && mkdir -p /srv/warehouse /srv/user /srv/inbox data/exports \
 && chown governance /srv/warehouse /srv/user data/exports
USER governance

ENV GOVERNANCE_DB=/srv/warehouse/governance.duckdb \
    GOVERNANCE_USER_DIR=/srv/user \
    PYTHONUNBUFFERED=1

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=40s --retries=3 \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

# A replica: listen on every interface of the container (the proxy reaches it over the compose network);
# browser.serverAddress stops Streamlit from asking an outside host for the machine's address at start-up.
CMD ["python", "-m", "streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", "--server.port=8501", "--browser.serverAddress=localhost", \
     "--server.headless=true", "--server.fileWatcherType=none", "--server.runOnSave=false"]
