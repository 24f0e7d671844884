"""Make data/fonts/NotoSansSC-GB2312.ttf: Noto Sans CJK SC Regular (SIL OFL 1.1) cut to the glyphs a briefing
needs — ASCII, GB2312 (symbols, level 1 and level 2 hanzi) and every other character in the app's catalogs and
reference data — with TrueType outlines.

Run once, by hand, when the catalogs gain characters outside GB2312 (tests/test_brief.py checks they are covered):

    apt-get install -y fonts-noto-cjk            # the source font (OFL; 19 MB collection, not needed afterwards)
    python scripts/make_cjk_font.py [--source PATH.ttc]

Why TrueType outlines: the source is CFF; converting (cubic -> quadratic curves) lets every consumer take it —
fpdf2 embeds and subsets it again per PDF, Pillow draws the map labels with it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "fonts" / "NotoSansSC-GB2312.ttf"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
# the app's own texts: every character in them must have a glyph
TEXT_SOURCES = ["governance/i18n/**/*.py", "governance/core/demo/*.py", "governance/core/indicators/*.py",
                "data/reference/*.csv", "data/geo/*.geojson", "governance/app/briefs/*.py"]
EXTRA = "≥≤–—·…‰×÷±•‘’“”、。，：；！？（）《》【】〔〕￥¥€→←↑↓▲▼●○■□★☆✓✗⚠"


def gb2312_chars() -> set[str]:
    out = set()
    for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):  # symbols rows 1–9; hanzi level 1 + 2
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def repo_chars() -> set[str]:
    out: set[str] = set()
    for pattern in TEXT_SOURCES:
        for path in ROOT.glob(pattern):
            out.update(ch for ch in path.read_text(encoding="utf-8", errors="ignore") if ord(ch) >= 0x80)
    return out


def wanted_unicodes() -> set[int]:
    chars = gb2312_chars() | repo_chars() | set(EXTRA) | {chr(c) for c in range(0x20, 0x7F)}
    chars = {c for c in chars if not re.match(r"[\ud800-\udfff\ufe00-\ufe0f\u200b-\u200f]", c)}
    return {ord(c) for c in chars}


def open_source(path: Path) -> TTFont:
    for font in TTCollection(str(path)).fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{FAMILY} not found in {path}")


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """CFF -> glyf in place (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    font = open_source(args.source)
    options = subset.Options()
    options.layout_features = ["kern", "liga"]  # horizontal Latin text only: no vertical or locl variants
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
    options.notdef_outline = True
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted_unicodes())
    sub.subset(font)
    to_truetype(font)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.out))
    cmap = font.getBestCmap()
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(cmap)} characters)")


if __name__ == "__main__":
    main()
