"""Look of the briefings: the CJK font shipped in the repo, colours shared with the app, number formats."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from governance.app import charts
from governance.settings import DATA_DIR

# Noto Sans CJK SC, subset to ASCII + GB2312 + the app's texts (scripts/make_cjk_font.py; SIL OFL 1.1, licence
# beside it). Embedded (subset again) into every PDF; draws the map labels.
FONT_PATH = DATA_DIR / "fonts" / "NotoSansSC-GB2312.ttf"
FONT_LICENSE = DATA_DIR / "fonts" / "LICENSE-OFL.txt"
# PPTX names a font instead of embedding one: 微软雅黑 is on every Windows and WPS machine the offices use;
# PowerPoint/LibreOffice substitute a CJK sans elsewhere.
PPTX_FONT = "Microsoft YaHei"

ACCENT = charts.ACCENT
TEXT = charts.TEXT_COLOR
MUTED = charts.MUTED_COLOR
RAG = charts.RAG
HEADER_FILL = "#1f4e9c"
ROW_FILL = "#f1f4f9"
NOTICE_FILL = "#fff8e1"
NOTICE_EDGE = "#e6a100"


def rgb(hex_color: str) -> tuple[int, int, int]:
    c = hex_color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def rag_fill(status: str) -> str:
    return RAG.get(status, RAG["none"])


@lru_cache(maxsize=32)
def pil_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size)
