"""Cached, version-aware data access for the pages: one read-only DuckDB connection per warehouse file version,
a cursor per call, ``st.cache_data`` results keyed by (version, query, parameters); the first-start build.

Freshness: every call reads the file's version (inode, mtime, size) first, so an import, undo or rebuild — by the
data page, the command line or another server — is seen on the next rerun of every session, with no restart;
``notice_if_updated`` (called by ``page_setup``) tells the session its data changed.

Caching rule of the face: Streamlit's caches live here (and in views for figure specs), keyed by the warehouse
version; core stays free of Streamlit and caches with ``functools`` only.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from governance import settings
from governance.app import auth
from governance.core import warehouse
from governance.core.months import month_range
from governance.core.scope import restrict_frame, scoped_params
from governance.i18n import t
from governance.i18n.formats import parse_month

_log = logging.getLogger(__name__)


def db_path() -> Path:
    """The warehouse file: $GOVERNANCE_DB when set (read at call time, so tests can point elsewhere)."""
    return settings.db_path()


def _db_signature() -> tuple[str, int, int, int] | None:
    """The warehouse file's version (path, inode, mtime_ns, size), else None. Builds and imports swap the file
    atomically: every swap is a new version, so every cache below gets a new key."""
    return warehouse.warehouse_version(db_path())


@st.cache_resource(show_spinner=False)
def _connections() -> warehouse.ReadConnections:
    """The process's read-only connections, one per warehouse version (see core/warehouse/queries.py: opened by
    ATTACH so a replaced file is seen; a superseded version is closed once its last cursor is returned)."""
    return warehouse.ReadConnections()


class _VersionChanged(Exception):
    """The file was swapped between reading its version and opening it: compute again under the new version."""


@contextmanager
def _cursor_for(signature: tuple) -> Iterator[duckdb.DuckDBPyConnection]:
    with _connections().cursor(signature[0]) as (version, cur):
        if version != signature:
            raise _VersionChanged
        yield cur


def _versioned(fn, *args, **kwargs):
    """Call ``fn(*version, *args)`` for the current warehouse version, once more if it changes underneath."""
    for _ in range(3):
        sig = _db_signature()
        if sig is None:
            raise FileNotFoundError(str(db_path()))
        try:
            return fn(*sig, *args, **kwargs)
        except _VersionChanged:
            continue
    raise duckdb.IOException("the warehouse keeps changing; try again")


def version() -> tuple | None:
    """The warehouse version this run reads (None when there is no warehouse)."""
    return _db_signature()


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A fresh cursor on the current warehouse version (None when the warehouse is not ready).
    A DuckDB connection is not thread-safe: never keep a cursor beyond one call."""
    try:
        with _connections().cursor(db_path()) as (_, cur):
            yield cur
    except FileNotFoundError:
        yield None


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_query(path: str, inode: int, mtime_ns: int, size: int, name: str, **params) -> pd.DataFrame:
    with _cursor_for((path, inode, mtime_ns, size)) as cur:
        return warehouse.run_query(cur, name, **params)


# Errors that mean "no data here yet" (missing or empty warehouse, a query file not written yet), not bugs.
# (warehouse.run_query raises KeyError for a query file that doesn't exist.)
_NOT_READY_ERRORS = (duckdb.CatalogException, duckdb.IOException, FileNotFoundError, KeyError)


def query(name: str, **params) -> pd.DataFrame:
    """queries/<name>.sql as a DataFrame, cached per (warehouse version, name, params).

    Returns an empty DataFrame when the warehouse is missing or empty or the query file doesn't exist yet, so a
    page shows its empty state (``empty_state()``) rather than an error. SQL mistakes still raise.

    The signed-in account's region scope holds here, on the server, whatever a page asks: region parameters outside
    it become its own region *before* the cache (so a cached answer is never shared across scopes), and rows of
    other counties are dropped after it (``governance.core.scope``). Nobody signed in in login mode: no rows.
    """
    scope = auth.current_scope()
    if _db_signature() is None or scope is None:
        return pd.DataFrame()
    try:
        return restrict_frame(_versioned(_cached_query, name, **scoped_params(params, scope)), scope)
    except _NOT_READY_ERRORS as exc:
        _log.warning("query %s: data not available (%s)", name, exc)
        return pd.DataFrame()


@st.cache_data(show_spinner=False, max_entries=8)
def _dataset_info_cached(path: str, inode: int, mtime_ns: int, size: int) -> dict | None:
    with _cursor_for((path, inode, mtime_ns, size)) as cur:
        info = warehouse.dataset_info(cur)
    return dict(info) if info else None


def dataset_info() -> dict | None:
    """The warehouse's dataset_info (built_at, scale, is_fictional, first_month, latest_month, source_files,
    note_zh, note_en) or None when there is no usable warehouse."""
    if _db_signature() is None:
        return None
    try:
        return _versioned(_dataset_info_cached)
    except (*_NOT_READY_ERRORS, duckdb.Error) as exc:
        _log.warning("dataset_info unavailable: %s", exc)
        return None


@st.cache_data(show_spinner=False, max_entries=8)
def _imports_state_cached(path: str, inode: int, mtime_ns: int, size: int, log_version) -> tuple[list[dict], dict]:
    return warehouse.imports_state(path)


def imports_state() -> tuple[list[dict], dict]:
    """(the user-imports log as it agrees with the warehouse, the warehouse's build arguments) — see
    ``warehouse.imports_state``; cached per warehouse version and log file version."""
    sig = _db_signature()
    if sig is None:
        return warehouse.list_imports(db_path()), {}
    log = settings.imports_dir() / warehouse.IMPORTS_LOG
    try:
        log_version = (log.stat().st_ino, log.stat().st_mtime_ns)
    except OSError:
        log_version = None
    return _imports_state_cached(*sig, log_version)


_SEEN_KEY = "_warehouse_version_seen"


def notice_if_updated() -> None:
    """A short notice when the warehouse changed (an import, undo or rebuild) since this session's last run."""
    now = _db_signature()
    seen = st.session_state.get(_SEEN_KEY)
    st.session_state[_SEEN_KEY] = now
    if seen is None or now is None or seen == now:
        return
    changed = dt.datetime.fromtimestamp(now[2] / 1e9, dt.timezone(dt.timedelta(hours=8)))
    st.toast(t("data.updated_notice", time=changed.strftime("%H:%M:%S")), icon=":material/sync:")


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


def _is_current() -> bool:
    """The warehouse file was built by this code's schema and marts (checked once per file version)."""
    sig = _db_signature()
    return sig is not None and _is_current_cached(*sig)


@st.cache_data(show_spinner=False, max_entries=8)
def _is_current_cached(path: str, inode: int, mtime_ns: int, size: int) -> bool:
    try:
        with _cursor_for((path, inode, mtime_ns, size)) as cur:
            return warehouse.is_current(cur)
    except (duckdb.Error, _VersionChanged):
        return False


def ensure_warehouse() -> bool:
    """Build the warehouse when it is missing, with a visible progress bar; True when it is ready.

    Never raises: a failed build shows a clear message (no traceback) and the page continues with no data.
    $GOVERNANCE_AUTOBUILD=0 turns the automatic build off (tests of the empty state).
    """
    path = db_path()
    outdated = False
    if warehouse.database_ready(path):
        if _is_current():
            return True
        outdated = True  # built by older code (schema/marts changed): rebuild, user imports are re-applied
        if not settings.autobuild():
            st.warning(t("warehouse.outdated_no_build"), icon=":material/warning:")
            return True
    elif not settings.autobuild():
        st.info(t("warehouse.build_disabled"), icon=":material/info:")
        return False

    status = st.empty()
    with status.container():  # a first start is often in front of an audience: say what is happening and why
        st.title(t("app.title"))
        st.info(t("warehouse.outdated" if outdated else "warehouse.first_start"), icon=":material/hourglass_top:")
        bar = st.progress(0.0, text=t("warehouse.building"))

    def progress(fraction: float, message: str = "") -> None:
        try:
            frac = min(max(float(fraction), 0.0), 1.0)
        except (TypeError, ValueError):
            frac = 0.0
        bar.progress(frac, text=t("warehouse.build_step", message=message) if message else t("warehouse.building"))

    with _build_lock:  # one build per process; other sessions wait here, then find the file ready
        if not warehouse.database_ready(path) or not _is_current():
            try:
                warehouse.build(db_path=path, progress=progress)
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
