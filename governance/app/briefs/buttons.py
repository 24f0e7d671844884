"""下载简报 on the overview: the briefing of the page's region, period and language as PPTX or PDF.

The file is made only when a button is clicked (``st.download_button(data=callable)`` runs it on its own
thread), so the overview's reruns cost nothing; it reads the warehouse through a fresh cursor of the app's
version-aware connection (``data.cursor``) and passes the language explicitly (no session state on that thread).
The region is the page's, already clamped to the account's scope by ``shell.page_setup``.
"""

from __future__ import annotations

import logging

import streamlit as st

from governance.app import briefs, data
from governance.core import warehouse
from governance.i18n import t

_log = logging.getLogger(__name__)


def _maker(region: str, start, end, lang: str, fmt: str):
    def build() -> bytes:
        try:
            with data.cursor() as cur:
                if cur is None:
                    return b""
                brief = briefs.collect(lambda name, **p: warehouse.run_query(cur, name, **p), region, start, end,
                                       lang=lang)
            return briefs.render(brief, fmt)
        except Exception:  # noqa: BLE001 - a failed download must never show a traceback
            _log.exception("briefing %s %s failed", region, fmt)
            return t("brief.download_failed", lang=lang).encode("utf-8")
    return build


def download_buttons(filters) -> None:
    """Two buttons, PPTX and PDF, for the page's filters (``shell.Filters``)."""
    lang = filters.lang
    st.caption(t("brief.download_heading", lang=lang))
    cols = st.columns([1, 1, 3])
    for col, fmt, icon in ((cols[0], "pptx", ":material/slideshow:"), (cols[1], "pdf", ":material/picture_as_pdf:")):
        col.download_button(
            t(f"brief.download_{fmt}", lang=lang), data=_maker(filters.region_code, filters.start_month,
                                                                filters.end_month, lang, fmt),
            file_name=briefs.file_name(filters.region_code, filters.start_month, filters.end_month, lang, fmt),
            mime=briefs.MEDIA_TYPES[fmt], on_click="ignore", icon=icon, key=f"brief_download_{fmt}",
            help=t("brief.download_help", lang=lang), width="stretch")
