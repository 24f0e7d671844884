"""Leadership briefings: one region and period as a PPTX deck or a PDF, from the same named queries as the overview.

* ``content.collect(run, region, start, end, lang)`` gathers the numbers (raises ``BriefError``: unknown region,
  empty period); ``sections`` words them once; ``pptx_writer`` / ``pdf_writer`` lay them out; ``mapimage`` draws
  the choropleth offline.
* ``render(brief, fmt)`` -> bytes; ``write_file`` writes atomically; ``write_outbox`` names the file
  ``<region>_<period>_<lang>.<fmt>`` and skips it when an identical one (same stamp) is already there.
* The command line: ``python -m governance brief`` (``governance/__main__.py`` → ``cli.main``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from governance.app.briefs.content import Brief, BriefError, collect
from governance.i18n.formats import month_key

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
}


def render(brief: Brief, fmt: str) -> bytes:
    if fmt == "pptx":
        from governance.app.briefs.pptx_writer import write_pptx
        return write_pptx(brief)
    if fmt == "pdf":
        from governance.app.briefs.pdf_writer import write_pdf
        return write_pdf(brief)
    raise BriefError(f"unknown format {fmt!r} (pptx or pdf)")


def is_current(path: Path, brief: Brief, fmt: str) -> bool:
    """Whether ``path`` already holds this briefing (made from the same warehouse build, region, period, language)."""
    if not path.exists():
        return False
    data = path.read_bytes()
    if fmt == "pptx":
        from governance.app.briefs.pptx_writer import stamp_of
    else:
        from governance.app.briefs.pdf_writer import stamp_of
    return stamp_of(data, brief.stamp(fmt))


def write_file(data: bytes, out: Path) -> Path:
    """Write atomically (temp file in the same folder, then rename): a reader never sees half a file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a briefing is for readers
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def file_name(region: str, start, end, lang: str, fmt: str) -> str:
    """``<region>_<period>_<lang>.<fmt>``: '320500_2025-12_2026-11_zh.pptx' ('320500_2026-11_zh.pdf' for a month)."""
    a, b = month_key(start), month_key(end)
    return f"{region}_{a if a == b else f'{a}_{b}'}_{lang}.{fmt}"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def outbox_name(brief: Brief, fmt: str) -> str:
    return file_name(brief.region, brief.start, brief.end, brief.lang, fmt)


def write_outbox(brief: Brief, fmt: str, outbox: Path) -> tuple[Path, bool]:
    """(path, written): ``written`` is False when the outbox already held this exact briefing."""
    path = Path(outbox) / outbox_name(brief, fmt)
    if is_current(path, brief, fmt):
        return path, False
    return write_file(render(brief, fmt), path), True


__all__ = ["Brief", "BriefError", "FORMATS", "MEDIA_TYPES", "collect", "render", "write_file", "write_outbox",
           "outbox_name", "file_name", "is_current"]
