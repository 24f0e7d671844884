"""Sign-in for the app: who is looking (``current_account``), what they may see (``current_scope``) and do (``can``).

Modes (``GOVERNANCE_AUTH``, read at call time by ``governance.settings.auth_mode``):

* ``demo`` (default) — anonymous visitors read the fictional demo, may export and share, and nothing else (no import,
  no shared scenario store); a data administrator signs in from the data page (``login_panel``).
* ``login`` — ``page_setup`` calls ``gate()`` first: without an account the page is the sign-in form, nothing else.

A successful sign-in creates a server-side session (``governance.core.accounts.create_session``) and puts its signed
token in a cookie, written by a one-off script on the next run; Streamlit reads cookies back only from the request that
opened the connection (``st.context.cookies``), so the cookie is what makes a sign-in survive a reload, a page switch
and a link opened in the same browser. Logout and expiry revoke the session on the server and clear the cookie.
Optional single sign-on: when ``.streamlit/secrets.toml`` has an ``[auth]`` section, ``st.login`` is offered and the
identity it reports (e-mail, else subject) is looked up in the local store, which gives the role and scope.

``page_setup`` resolves the account once per run (``resolve``); everything after it in the run reads
``current_account()`` / ``current_scope()`` / ``can(action)``. For the import form: ``auth.can("import")``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from governance import settings
from governance.app import downloads
from governance.app.safe_text import plain
from governance.core import accounts
from governance.core.accounts import Account
from governance.core.scope import PROVINCE_SCOPE, RegionScope
from governance.i18n import SESSION_KEY, normalise_lang, region_name, t

_log = logging.getLogger(__name__)

COOKIE = "gov_session"
_TOKEN = "_auth_token"  # the session token of this browser tab's Streamlit session
_ACCOUNT = "_auth_account"  # the account resolved by this run (page_setup → resolve)
_RESOLVED = "_auth_resolved"  # True once resolve() ran in this session (for callers that ran before page_setup)
_IGNORE_COOKIE = "_auth_ignore_cookie"  # after logout, or once the cookie proved invalid: don't read it again
_PENDING_JS = "_auth_cookie_js"  # a cookie write/clear for the next run to emit
_NOTICE = "_auth_notice"  # a message for the sign-in form (expired session…)
_SSO_SEEN = "_auth_sso_seen"  # identity whose SSO sign-in was already written to the audit log

# What an anonymous visitor may do in demo mode: read and take away (downloads, share links, scenario files).
DEMO_VISITOR_ACTIONS = frozenset({"read", "export"})


# ==================================================================================================== who
def mode() -> str:
    return settings.auth_mode()


def current_account() -> Account | None:
    """The signed-in account of this run (None: an anonymous demo visitor, or nobody yet in login mode)."""
    if not st.session_state.get(_RESOLVED):
        return resolve()
    return st.session_state.get(_ACCOUNT)


def current_scope() -> RegionScope | None:
    """The region scope of this run: the account's, the province for a demo visitor, None (nothing) for an anonymous
    visitor in login mode."""
    acc = current_account()
    if acc is not None:
        return acc.scope
    return PROVINCE_SCOPE if mode() == "demo" else None


def can(action: str) -> bool:
    """May the person looking at this page do ``action`` (a key of ``accounts.PERMISSIONS``: read, export,
    save_scenario, import, undo_import, rebuild, manage_users, read_audit)?"""
    acc = current_account()
    if acc is not None:
        return acc.can(action)
    return mode() == "demo" and action in DEMO_VISITOR_ACTIONS


def resolve() -> Account | None:
    """Who is this run's user: this session's token, else the session cookie of the request, else single sign-on.
    Re-verified on every run, so a logout elsewhere, a disabled account or a changed role takes effect at once."""
    acc = None
    try:
        acc = _from_session_token() or _from_cookie() or _from_sso()
    except sqlite3.Error:
        _log.exception("account store unavailable")
        st.session_state[_NOTICE] = "auth.store_unavailable"
    st.session_state[_ACCOUNT] = acc
    st.session_state[_RESOLVED] = True
    return acc


def _from_session_token() -> Account | None:
    token = st.session_state.get(_TOKEN)
    if not token:
        return None
    acc = accounts.verify_session(token)
    if acc is None:  # expired, revoked elsewhere, account disabled
        st.session_state.pop(_TOKEN, None)
        st.session_state[_IGNORE_COOKIE] = True
        st.session_state[_PENDING_JS] = _clear_cookie_js()
        st.session_state[_NOTICE] = "auth.session_expired"
    return acc


def _from_cookie() -> Account | None:
    if st.session_state.get(_IGNORE_COOKIE):
        return None
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request context (AppTest, a thread): no cookie
        token = None
    if not token:
        return None
    acc = accounts.verify_session(token)
    if acc is None:
        st.session_state[_IGNORE_COOKIE] = True
        st.session_state[_PENDING_JS] = _clear_cookie_js()
        return None
    st.session_state[_TOKEN] = token
    return acc


# ---------------------------------------------------------------------------------------------------- single sign-on
def sso_providers() -> list[str | None] | None:
    """Providers configured for ``st.login`` in .streamlit/secrets.toml ([auth] → [None]; [auth.x] → ["x"]),
    None when single sign-on is not configured."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - a broken secrets file must not take the app down
        _log.exception("secrets.toml unreadable")
        return None
    if not isinstance(section, Mapping) or not section.get("redirect_uri"):
        return None
    named = [k for k, v in section.items() if isinstance(v, Mapping)]
    return named or ([None] if section.get("client_id") else None)


def _sso_identity() -> str | None:
    try:
        if not st.user.is_logged_in:
            return None
        return st.user.get("email") or st.user.get("sub")
    except Exception:  # noqa: BLE001
        return None


def _from_sso() -> Account | None:
    if not sso_providers():
        return None
    identity = _sso_identity()
    if not identity:
        return None
    acc = accounts.find_by_identity(str(identity))
    if acc is None:
        st.session_state[_NOTICE] = "auth.sso_no_account"
    elif st.session_state.get(_SSO_SEEN) != identity:
        st.session_state[_SSO_SEEN] = identity
        accounts.audit(acc.username, "login", acc.username, "single sign-on")
    return acc


# ==================================================================================================== cookie
def _cookie_js(token: str, max_age: int) -> str:
    # SameSite=Strict: the cookie is never sent by another site's page; Secure whenever the app is served over HTTPS
    return ("<script>(function(){var s=location.protocol==='https:'?'; Secure':'';"
            f"document.cookie={json.dumps(f'{COOKIE}={token}; Path=/; Max-Age={int(max_age)}; SameSite=Strict')}+s;"
            "})();</script>")


def _clear_cookie_js() -> str:
    return f"<script>document.cookie={json.dumps(f'{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict')};</script>"


def emit_pending_cookie(container=None) -> None:
    """Write (or clear) the session cookie decided on the previous run. Call once per run, anywhere."""
    js = st.session_state.pop(_PENDING_JS, None)
    if js:
        (container or st).html(js, unsafe_allow_javascript=True)


# ==================================================================================================== sign-in / out
def _sign_in(name: str, password: str) -> str | None:
    """Check the form; on success start a session and rerun. Returns the catalog key of the error to show."""
    if not name.strip() or not password:
        return "auth.empty"
    try:
        result = accounts.authenticate(name, password)
        if result.status == "locked":
            st.session_state["_auth_locked_minutes"] = result.retry_minutes()
            return "auth.locked"
        if not result.ok:
            return "auth.denied"
        token, expires = accounts.create_session(result.account)
    except sqlite3.Error:
        _log.exception("account store unavailable")
        return "auth.store_unavailable"
    st.session_state[_TOKEN] = token
    st.session_state[_ACCOUNT] = result.account
    st.session_state[_PENDING_JS] = _cookie_js(token, int(accounts.SESSION_TTL.total_seconds()))
    for key in (_IGNORE_COOKIE, _NOTICE):
        st.session_state.pop(key, None)
    st.rerun()
    return None  # not reached


def logout() -> None:
    """End the session here and on the server, clear the cookie (and the single sign-on cookie)."""
    token = st.session_state.pop(_TOKEN, None)
    acc = st.session_state.get(_ACCOUNT)
    try:
        accounts.revoke_session(token, actor=acc.username if acc else None)
    except sqlite3.Error:
        _log.exception("account store unavailable at logout")
    st.session_state[_ACCOUNT] = None
    st.session_state[_IGNORE_COOKIE] = True
    st.session_state[_PENDING_JS] = _clear_cookie_js()
    if sso_providers() and _sso_identity():
        st.logout()


def login_form(key: str = "login") -> None:
    """用户名 / 密码 / 登录, with the single sign-on buttons when configured. Errors name no account."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(t(notice), icon=":material/info:")
    with st.form(f"{key}_form", clear_on_submit=False, border=True):
        name = st.text_input(t("auth.username"), key=f"{key}_name", max_chars=accounts.NAME_MAX,
                             autocomplete="username")
        password = st.text_input(t("auth.password"), key=f"{key}_password", type="password",
                                 max_chars=accounts.PASSWORD_MAX, autocomplete="current-password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary", width="stretch")
    if submitted:
        error = _sign_in(name or "", password or "")
        if error == "auth.locked":
            st.error(t(error, minutes=st.session_state.pop("_auth_locked_minutes", 5)), icon=":material/lock:")
        elif error:
            st.error(t(error), icon=":material/error:")
    providers = sso_providers()
    if providers:
        st.caption(t("auth.or"))
        for provider in providers:
            label = t("auth.sso") if provider is None else t("auth.sso_provider", provider=plain(provider))
            if st.button(label, key=f"{key}_sso_{provider or 'default'}", width="stretch"):
                try:
                    st.login(provider) if provider else st.login()
                except Exception:  # noqa: BLE001 - e.g. Authlib missing or provider unreachable
                    _log.exception("single sign-on failed")
                    st.error(t("auth.sso_unavailable"), icon=":material/error:")


def _language_toggle() -> None:
    lang = normalise_lang(st.query_params.get("lang", "zh"))

    def on_change() -> None:
        new = normalise_lang(st.session_state.get("auth_lang"))
        st.session_state[SESSION_KEY] = new
        st.query_params["lang"] = new

    st.session_state["auth_lang"] = lang
    st.radio(t("app.language"), ["zh", "en"], key="auth_lang", horizontal=True, on_change=on_change,
             format_func=lambda code: t(f"app.lang_{code}", lang=lang), label_visibility="collapsed")


def gate() -> Account | None:
    """First thing of every page run: resolve the account; in login mode without one, the page is the sign-in
    form and the run stops here."""
    acc = resolve()
    if mode() == "login" and acc is None:
        _login_page()
        st.stop()
    return acc


def _login_page() -> None:
    _, middle, _ = st.columns([1, 1.3, 1])
    with middle:
        st.markdown(f"## {plain(t('app.title'))}")
        _language_toggle()
        st.subheader(t("auth.login_title"))
        st.caption(t("auth.login_intro"))
        login_form("login")
        emit_pending_cookie()


def login_panel() -> None:
    """Demo mode, data page: an anonymous visitor may sign in as a data administrator here."""
    if current_account() is not None:
        return
    with st.expander(t("auth.admin_login_header"), icon=":material/login:"):
        login_form("admin_login")


def role_label(role: str) -> str:
    return t(f"auth.role_{role}") if role in accounts.ROLES else role


def account_sidebar() -> None:
    """Inside ``st.sidebar``: who is signed in, with a sign-out button (demo visitors: one line on what they may do)."""
    acc = current_account()
    if acc is None:
        if mode() == "demo":
            st.caption(t("auth.demo_visitor"))
        return
    st.caption(t("auth.signed_in_as", name=plain(acc.username)) + "  \n"
               + t("auth.account_line", role=role_label(acc.role), scope=plain(region_name(acc.region_code))))
    st.button(t("auth.logout"), key="auth_logout", icon=":material/logout:", on_click=logout, width="stretch")


AUDIT_LIMIT = 2000


def _beijing(at: str) -> str:
    try:
        ts = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return str(at)
    return ts.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")


def audit_frame(limit: int = AUDIT_LIMIT) -> pd.DataFrame:
    """The latest audit records, newest first, times in Beijing time and actions in the current language."""
    rows = accounts.audit_log(limit)
    frame = pd.DataFrame(rows, columns=list(accounts.AUDIT_COLUMNS))
    frame["at"] = frame["at"].map(_beijing)
    frame["action"] = frame["action"].map(lambda a: t(f"auth.action_{a}") if a in accounts.AUDIT_ACTIONS else a)
    return frame


def audit_panel() -> None:
    """Data page, data administrators only: the audit log as a table (cells are plain text) with the formula-safe
    CSV/Excel downloads."""
    if not can("read_audit"):
        return
    st.subheader(t("auth.audit_header"))
    st.caption(t("auth.audit_help", n=AUDIT_LIMIT))
    try:
        frame = audit_frame()
    except sqlite3.Error:
        _log.exception("audit log unavailable")
        st.warning(t("auth.store_unavailable"), icon=":material/warning:")
        return
    if frame.empty:
        st.caption(t("auth.audit_empty"))
        return
    labels = {c: t(f"auth.audit_col_{c}") for c in accounts.AUDIT_COLUMNS}
    st.dataframe(frame.rename(columns=labels), hide_index=True, width="stretch", key="audit_table")
    downloads.download_buttons(frame, "audit_log", labels, key="dl_audit")


def audit(action: str, target: str = "", detail: str = "") -> bool:
    """Write an audit record with the signed-in account (or 'anonymous') as the actor. False (and a server log
    line) when the store cannot be written; the caller's own action is not undone by that."""
    acc = current_account()
    try:
        accounts.audit(acc.username if acc else "anonymous", action, target, detail)
        return True
    except sqlite3.Error:
        _log.exception("audit record not written: %s %s", action, target)
        return False


__all__ = [
    "COOKIE", "mode", "current_account", "current_scope", "can", "resolve", "gate", "login_form", "login_panel",
    "logout", "account_sidebar", "emit_pending_cookie", "audit", "audit_panel", "audit_frame", "sso_providers",
    "role_label",
]
