"""Cached, version-aware data access for the pages: one read-only DuckDB connection per warehouse file version,
a cursor per call, ``st.cache_data`` results keyed by (version, query, parameters); the first-start build.

Caching rule of the face: Streamlit's caches live here (and in views for figure specs), keyed by the warehouse
version; core stays free of Streamlit and caches with ``functools`` only.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from governance import settings
from governance.core import warehouse
from governance.core.months import month_range
from governance.i18n import t
from governance.i18n.formats import parse_month

_log = logging.getLogger(__name__)


def db_path() -> Path:
    """The warehouse file: $GOVERNANCE_DB when set (read at call time, so tests can point elsewhere)."""
    return settings.db_path()


def _db_signature() -> tuple[str, int] | None:
    """(path, mtime_ns) of a ready warehouse, else None. The build swaps the file atomically: new mtime, new key."""
    path = db_path()
    try:
        if not warehouse.database_ready(path):
            return None
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return None


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    """One shared read-only connection per warehouse file version (sessions take cursors from it)."""
    return warehouse.connect(path, read_only=True)


_cursor_lock = threading.Lock()


@contextmanager
def _cursor_for(signature: tuple[str, int]) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connection(*signature)
    with _cursor_lock:
        cur = con.cursor()
    try:
        yield cur
    finally:
        cur.close()


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A fresh cursor on the shared warehouse connection (None when the warehouse is not ready).
    A DuckDB connection is not thread-safe: never keep a cursor beyond one call."""
    sig = _db_signature()
    if sig is None:
        yield None
        return
    with _cursor_for(sig) as cur:
        yield cur


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_query(path: str, mtime_ns: int, name: str, **params) -> pd.DataFrame:
    with _cursor_for((path, mtime_ns)) as cur:
        return warehouse.run_query(cur, name, **params)


# Errors that mean "no data here yet" (missing or empty warehouse, a query file not written yet), not bugs.
# (warehouse.run_query raises KeyError for a query file that doesn't exist.)
_NOT_READY_ERRORS = (duckdb.CatalogException, duckdb.IOException, FileNotFoundError, KeyError)


def query(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql as a DataFrame, cached per (warehouse version, name, params).

    Returns an empty DataFrame when the warehouse is missing or empty or the query file doesn't exist yet, so a
    page shows its empty state (``empty_state()``) rather than an error. SQL mistakes still raise.
    """
    sig = _db_signature()
    if sig is None:
        return pd.DataFrame()
    try:
        return _cached_query(*sig, name, **params)
    except _NOT_READY_ERRORS as exc:
        _log.warning("query %s: data not available (%s)", name, exc)
        return pd.DataFrame()


@st.cache_data(show_spinner=False, max_entries=8)
def _dataset_info_cached(path: str, mtime_ns: int) -> dict | None:
    with _cursor_for((path, mtime_ns)) as cur:
        fn = getattr(warehouse, "dataset_info", None)
        if callable(fn):
            info = fn(cur)
        else:  # until the lead's dataset_info lands: read the table directly
            df = cur.execute("SELECT * FROM dataset_info LIMIT 1").df()
            info = df.iloc[0].to_dict() if len(df) else None
    return dict(info) if info else None


def dataset_info() -> dict | None:
    """The warehouse's dataset_info (built_at, scale, is_fictional, first_month, latest_month, source_files,
    note_zh, note_en) or None when there is no usable warehouse."""
    sig = _db_signature()
    if sig is None:
        return None
    try:
        return _dataset_info_cached(*sig)
    except (*_NOT_READY_ERRORS, duckdb.Error) as exc:
        _log.warning("dataset_info unavailable: %s", exc)
        return None


def available_months(info: dict | None = None) -> list[dt.date]:
    """Months of monthly history in the warehouse (first day of each), oldest first; [] without data."""
    info = dataset_info() if info is None else info
    if not info:
        return []
    first, latest = parse_month(info.get("first_month")), parse_month(info.get("latest_month"))
    if not first or not latest or first > latest:
        return []
    return month_range(first, latest)


# ==================================================================================================== warehouse build
_build_lock = threading.Lock()


def ensure_warehouse() -> bool:
    """Build the warehouse when it is missing, with a visible progress bar; True when it is ready.

    Never raises: a failed build shows a clear message (no traceback) and the page continues with no data.
    $GOVERNANCE_AUTOBUILD=0 turns the automatic build off (tests of the empty state).
    """
    path = db_path()
    if warehouse.database_ready(path):
        return True
    if os.environ.get("GOVERNANCE_AUTOBUILD", "1").strip().lower() in ("0", "false", "no", "off"):
        st.info(t("warehouse.build_disabled"), icon=":material/info:")
        return False
    try:
        build = getattr(warehouse, "build")
        accepted = inspect.signature(build).parameters
    except (ImportError, AttributeError, TypeError, ValueError):
        st.info(t("warehouse.build_unavailable"), icon=":material/info:")
        return False

    status = st.empty()
    with status.container():  # a first start is often in front of an audience: say what is happening and why
        st.title(t("app.title"))
        st.info(t("warehouse.first_start"), icon=":material/hourglass_top:")
        bar = st.progress(0.0, text=t("warehouse.building"))

    def progress(fraction: float, message: str = "") -> None:
        try:
            frac = min(max(float(fraction), 0.0), 1.0)
        except (TypeError, ValueError):
            frac = 0.0
        bar.progress(frac, text=t("warehouse.build_step", message=message) if message else t("warehouse.building"))

    kwargs: dict = {}
    if "db_path" in accepted:
        kwargs["db_path"] = path
    if "progress" in accepted:
        kwargs["progress"] = progress
    with _build_lock:  # one build per process; other sessions wait here, then find the file ready
        if not warehouse.database_ready(path):
            try:
                build(**kwargs)
            except Exception as exc:  # noqa: BLE001 - shown to the user as a message, logged with traceback
                _log.exception("warehouse build failed")
                status.empty()
                first, details = _error_lines(exc)
                st.error(t("warehouse.build_failed", error=first), icon=":material/error:")
                if details:  # e.g. the file/row/column issues of an ingest ValidationError — text, not a traceback
                    st.text("\n".join(details))
                return False
    status.empty()
    return warehouse.database_ready(path)


def _error_lines(exc: BaseException, max_details: int = 12, limit: int = 300) -> tuple[str, list[str]]:
    """(first line, up to ``max_details`` further lines) of an exception's message, each at most ``limit`` chars."""
    lines = [ln.rstrip() for ln in str(exc).strip().splitlines() if ln.strip()] or [type(exc).__name__]
    clip = [ln if len(ln) <= limit else ln[: limit - 1] + "…" for ln in lines]
    details = clip[1 : 1 + max_details]
    if len(clip) > 1 + max_details:
        details.append("…")
    return clip[0], details
