"""Accounts, region scope, login sessions and the audit log (pure Python: no Streamlit).

* **Accounts**: a name, a role (``viewer`` < ``planner`` < ``data_admin``, see ``PERMISSIONS``), a region scope (the
  province, a city with its counties, or one county), a password hashed with Argon2id (argon2-cffi), an optional
  single-sign-on identity (the e-mail or subject an OIDC provider reports), active or disabled.
* **Lockout**: wrong passwords are counted per *name*, whether or not the account exists, so the answer never tells
  which names exist. The 5th consecutive wrong password locks the name for 5 minutes; every further wrong password
  after that lock doubles the wait (10, 20 … minutes, at most a day). A successful login resets the count.
* **Sessions**: ``create_session`` returns a signed token ``<sid>.<expiry>.<hmac>`` for a browser cookie; the server
  keeps only a hash of the sid, so logout, a password change and disabling the account revoke it.
* **Audit log**: logins, failed logins, lockouts, logouts, imports, undos, rebuilds and user changes — who, when, what.

Storage: one SQLite file, ``settings.accounts_db()`` (data/user/accounts.sqlite) — several server processes and the
command line write to it at once, which SQLite's file locking handles and a DuckDB file (one writer process) does not.
One short connection per call; ``now`` parameters exist so tests can move the clock instead of sleeping.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import getpass
import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from governance import settings
from governance.core.regions import (
    CITY_BY_CODE,
    PROVINCE_CODE,
    PROVINCE_NAME,
    county_by_code,
    region_level,
)
from governance.core.scope import PROVINCE_SCOPE, RegionScope  # noqa: F401  (re-exported: accounts.RegionScope)

ROLES = ("viewer", "planner", "data_admin")

# What each role may do. Reading and exporting what one may read is everybody's; the shared scenario store needs a
# planner; imports, undo, rebuilds, users and the audit log are a data administrator's.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "export": frozenset(ROLES),
    "save_scenario": frozenset({"planner", "data_admin"}),
    "import": frozenset({"data_admin"}),
    "undo_import": frozenset({"data_admin"}),
    "rebuild": frozenset({"data_admin"}),
    "manage_users": frozenset({"data_admin"}),
    "read_audit": frozenset({"data_admin"}),
}

MAX_FAILURES = 5
LOCK_BASE = dt.timedelta(minutes=5)
LOCK_MAX = dt.timedelta(hours=24)
FAILURES_FORGOTTEN_AFTER = dt.timedelta(hours=24)  # this long after the last failure (or lock) the count restarts
SESSION_TTL = dt.timedelta(hours=12)  # one working day; the cookie carries the same expiry
PASSWORD_MIN = 8
PASSWORD_MAX = 256  # argon2 takes any length; a bound keeps a pasted novel from costing memory
NAME_MAX = 64
_NAME_RE = re.compile(r"^[\w.@\-]+$")  # letters (any script), digits, _ . @ -

AUDIT_ACTIONS = ("login", "login_failed", "login_locked", "account_locked", "logout", "import", "undo", "rebuild",
                 "user_add", "user_disable", "user_enable", "user_passwd", "user_update")

_hasher = PasswordHasher()  # Argon2id, the library's current recommended parameters
_lock = threading.Lock()


def region_label(code: str) -> str:
    """Chinese name of a scope's region (for the command line)."""
    if code == PROVINCE_CODE:
        return PROVINCE_NAME
    if code in CITY_BY_CODE:
        return CITY_BY_CODE[code].name
    county = county_by_code().get(code)
    return county.name if county else code


def role_can(role: str | None, action: str) -> bool:
    """May an account of this role do ``action`` (a key of PERMISSIONS)? Unknown actions: no."""
    return role in PERMISSIONS.get(action, frozenset())


# ==================================================================================================== accounts
@dataclass(frozen=True)
class Account:
    username: str
    role: str
    region_code: str
    active: bool = True
    identity: str | None = None
    created_at: str | None = None

    @property
    def scope(self) -> RegionScope:
        return RegionScope(self.region_code)

    def can(self, action: str) -> bool:
        return self.active and role_can(self.role, action)


class AccountError(ValueError):
    """A request the store refuses (bad name, role, region or password; duplicate or unknown account).
    ``code`` is stable for the face's catalog: bad_name, bad_role, bad_region, bad_password, exists, unknown,
    identity_taken."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class LoginResult:
    status: str  # 'ok' | 'denied' | 'locked'
    account: Account | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def retry_minutes(self, now: dt.datetime | None = None) -> int:
        if self.locked_until is None:
            return 0
        left = (self.locked_until - (now or _now())).total_seconds()
        return max(1, int(-(-left // 60)))


def _text(value: object) -> str:
    """Any value as storable text (lone surrogates from a browser become U+FFFD instead of an encoding error)."""
    return str(value if value is not None else "").encode("utf-8", "replace").decode("utf-8")


def _password_bytes(password: str) -> bytes:
    return password.encode("utf-8", "surrogatepass")


def name_key(name: object) -> str:
    """The comparison form of a user name: NFKC, trimmed, case-folded (Admin and ａｄｍｉｎ are one name)."""
    return unicodedata.normalize("NFKC", _text(name)).strip().casefold()[: NAME_MAX * 2]


def validate_name(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name or "")).strip()
    if not text or len(text) > NAME_MAX or not _NAME_RE.match(text):
        raise AccountError("bad_name", f"user name must be 1–{NAME_MAX} letters, digits or . _ @ - (got {name!r})")
    return text


def validate_role(role: object) -> str:
    if role not in ROLES:
        raise AccountError("bad_role", f"role must be one of {', '.join(ROLES)} (got {role!r})")
    return str(role)


def validate_region(code: object) -> str:
    code = str(code or "").strip()
    try:
        region_level(code)
    except ValueError:
        raise AccountError("bad_region",
                           f"region must be 320000, a city or a county code of Jiangsu (got {code!r})") from None
    return code


def validate_password(password: object) -> str:
    if not isinstance(password, str) or not (PASSWORD_MIN <= len(password) <= PASSWORD_MAX):
        raise AccountError("bad_password", f"password must be {PASSWORD_MIN}–{PASSWORD_MAX} characters")
    return password


# ---------------------------------------------------------------------------------------------------- storage
_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    name_key      TEXT PRIMARY KEY,
    username      TEXT NOT NULL,
    role          TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    identity      TEXT UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    name_key     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until TEXT,
    last_failure TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    sid_hash   TEXT PRIMARY KEY,
    name_key   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
"""
_initialised: set[str] = set()


def store_path() -> Path:
    return settings.accounts_db()


@contextmanager
def _connect(write: bool = False) -> Iterator[sqlite3.Connection]:
    path = store_path()
    if str(path.absolute()) not in _initialised:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not path.exists()
            con = sqlite3.connect(path, timeout=15, isolation_level=None)
            try:
                if fresh:
                    os.chmod(path, 0o600)  # hashes and session records: owner only
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(_DDL)
            finally:
                con.close()
            _initialised.add(str(path.absolute()))
    con = sqlite3.connect(path, timeout=15, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        if write:
            con.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        else:
            yield con
    finally:
        con.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(ts: dt.datetime) -> str:
    return ts.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _account(row: sqlite3.Row) -> Account:
    return Account(row["username"], row["role"], row["region_code"], bool(row["active"]), row["identity"],
                   row["created_at"])


def _audit(con: sqlite3.Connection, actor: str, action: str, target: str, detail: str, now: dt.datetime) -> None:
    con.execute("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                (_iso(now), _clip(actor), action, _clip(target), _clip(detail, 500)))


def _clip(text: object, limit: int = NAME_MAX * 2) -> str:
    return _text(text)[:limit]


# ---------------------------------------------------------------------------------------------------- users
def add_user(name: str, role: str, region: str, password: str, *, identity: str | None = None,
             actor: str = "system", now: dt.datetime | None = None) -> Account:
    username = validate_name(name)
    role, region, password = validate_role(role), validate_region(region), validate_password(password)
    identity = identity.strip() if identity and identity.strip() else None
    now = now or _now()
    digest = _hasher.hash(_password_bytes(password))
    with _connect(write=True) as con:
        if con.execute("SELECT 1 FROM users WHERE name_key = ?", (name_key(username),)).fetchone():
            raise AccountError("exists", f"user {username!r} already exists")
        if identity and con.execute("SELECT 1 FROM users WHERE identity = ?", (identity,)).fetchone():
            raise AccountError("identity_taken", f"identity {identity!r} belongs to another account")
        con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
                    (name_key(username), username, role, region, digest, identity, _iso(now), _iso(now)))
        _audit(con, actor, "user_add", username, f"role={role} region={region}", now)
    return Account(username, role, region, True, identity, _iso(now))


def get_user(name: str) -> Account | None:
    with _connect() as con:
        row = con.execute("SELECT * FROM users WHERE name_key = ?", (name_key(name),)).fetchone()
    return _account(row) if row else None


def find_by_identity(identity: str) -> Account | None:
    """The active account bound to a single-sign-on identity (or whose name equals it), else None."""
    if not identity:
        return None
    with _connect() as con:
        row = con.execute("SELECT * FROM users WHERE identity = ? AND active = 1", (identity.strip(),)).fetchone()
        if row is None:
            row = con.execute("SELECT * FROM users WHERE name_key = ? AND active = 1", (name_key(identity),)).fetchone()
    return _account(row) if row else None


def list_users() -> list[Account]:
    with _connect() as con:
        return [_account(r) for r in con.execute("SELECT * FROM users ORDER BY name_key")]


def _require_user(con: sqlite3.Connection, name: str) -> sqlite3.Row:
    row = con.execute("SELECT * FROM users WHERE name_key = ?", (name_key(name),)).fetchone()
    if row is None:
        raise AccountError("unknown", f"no user {name!r}")
    return row


def set_password(name: str, password: str, *, actor: str = "system", now: dt.datetime | None = None) -> None:
    """New password; every open session of the account ends and a lock on the name is lifted."""
    password = validate_password(password)
    now = now or _now()
    digest = _hasher.hash(_password_bytes(password))
    with _connect(write=True) as con:
        row = _require_user(con, name)
        con.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE name_key = ?",
                    (digest, _iso(now), row["name_key"]))
        con.execute("DELETE FROM sessions WHERE name_key = ?", (row["name_key"],))
        con.execute("DELETE FROM login_failures WHERE name_key = ?", (row["name_key"],))
        _audit(con, actor, "user_passwd", row["username"], "", now)


def set_active(name: str, active: bool, *, actor: str = "system", now: dt.datetime | None = None) -> None:
    """Disable (every open session ends at once) or enable an account."""
    now = now or _now()
    with _connect(write=True) as con:
        row = _require_user(con, name)
        con.execute("UPDATE users SET active = ?, updated_at = ? WHERE name_key = ?",
                    (1 if active else 0, _iso(now), row["name_key"]))
        if not active:
            con.execute("DELETE FROM sessions WHERE name_key = ?", (row["name_key"],))
        _audit(con, actor, "user_enable" if active else "user_disable", row["username"], "", now)


def disable_user(name: str, *, actor: str = "system", now: dt.datetime | None = None) -> None:
    set_active(name, False, actor=actor, now=now)


def update_user(name: str, *, role: str | None = None, region: str | None = None, identity: str | None = None,
                actor: str = "system", now: dt.datetime | None = None) -> Account:
    """Change role, scope or SSO identity; open sessions see the change on their next page run."""
    now = now or _now()
    with _connect(write=True) as con:
        row = _require_user(con, name)
        new_role = validate_role(role) if role is not None else row["role"]
        new_region = validate_region(region) if region is not None else row["region_code"]
        new_identity = (identity.strip() or None) if identity is not None else row["identity"]
        if new_identity and con.execute("SELECT 1 FROM users WHERE identity = ? AND name_key <> ?",
                                        (new_identity, row["name_key"])).fetchone():
            raise AccountError("identity_taken", f"identity {new_identity!r} belongs to another account")
        con.execute("UPDATE users SET role = ?, region_code = ?, identity = ?, updated_at = ? WHERE name_key = ?",
                    (new_role, new_region, new_identity, _iso(now), row["name_key"]))
        _audit(con, actor, "user_update", row["username"], f"role={new_role} region={new_region}", now)
        updated = con.execute("SELECT * FROM users WHERE name_key = ?", (row["name_key"],)).fetchone()
    return _account(updated)


# ---------------------------------------------------------------------------------------------------- login
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))  # verified for unknown names: same work, same time


def lock_state(name: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on this name ends, or None when it is not locked."""
    now = now or _now()
    with _connect() as con:
        row = con.execute("SELECT locked_until FROM login_failures WHERE name_key = ?", (name_key(name),)).fetchone()
    until = _parse(row["locked_until"]) if row else None
    return until if until and until > now else None


def authenticate(name: str, password: str, *, now: dt.datetime | None = None) -> LoginResult:
    """Check a name and password. 'denied' and 'locked' look the same for a name that exists and one that doesn't.

    While the name is locked the password is not even checked (a correct one does not open the lock early)."""
    now = now or _now()
    key = name_key(name)
    actor = _clip(str(name or "").strip() or "?")
    with _connect() as con:
        fail = con.execute("SELECT * FROM login_failures WHERE name_key = ?", (key,)).fetchone()
        row = con.execute("SELECT * FROM users WHERE name_key = ?", (key,)).fetchone()
    locked_until = _parse(fail["locked_until"]) if fail else None
    if locked_until and locked_until > now:
        with _connect(write=True) as con:
            _audit(con, actor, "login_locked", actor, "", now)
        return LoginResult("locked", locked_until=locked_until)

    ok = False
    pw = _password_bytes(password[:PASSWORD_MAX + 1] if isinstance(password, str) else "")  # bounded work
    try:
        if row is not None:
            ok = _hasher.verify(row["password_hash"], pw) and bool(row["active"])
        else:
            _hasher.verify(_DUMMY_HASH, pw)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False

    with _connect(write=True) as con:
        if ok:
            con.execute("DELETE FROM login_failures WHERE name_key = ?", (key,))
            if _hasher.check_needs_rehash(row["password_hash"]):
                con.execute("UPDATE users SET password_hash = ? WHERE name_key = ?", (_hasher.hash(pw), key))
            _audit(con, row["username"], "login", row["username"], "", now)
            return LoginResult("ok", account=_account(row))
        # count this failure (fresh start when the last one is long ago)
        fail = con.execute("SELECT * FROM login_failures WHERE name_key = ?", (key,)).fetchone()
        failures = 1
        if fail and now - max(filter(None, (_parse(fail["last_failure"]), _parse(fail["locked_until"])))) \
                < FAILURES_FORGOTTEN_AFTER:
            failures = fail["failures"] + 1
        until = None
        if failures >= MAX_FAILURES:
            until = now + min(LOCK_BASE * 2 ** (failures - MAX_FAILURES), LOCK_MAX)
        con.execute("INSERT OR REPLACE INTO login_failures VALUES (?, ?, ?, ?)",
                    (key, failures, _iso(until) if until else None, _iso(now)))
        forgotten = _iso(now - FAILURES_FORGOTTEN_AFTER)
        con.execute("DELETE FROM login_failures WHERE last_failure < ? AND (locked_until IS NULL OR locked_until < ?)",
                    (forgotten, forgotten))
        _audit(con, actor, "login_failed", actor, f"failures={failures}", now)
        if until:
            _audit(con, actor, "account_locked", actor, f"until={_iso(until)}", now)
            return LoginResult("locked", locked_until=until)
    return LoginResult("denied")


# ---------------------------------------------------------------------------------------------------- sessions
def _secret(con: sqlite3.Connection) -> bytes:
    row = con.execute("SELECT value FROM meta WHERE key = 'session_key'").fetchone()
    if row:
        return base64.b64decode(row["value"])
    key = secrets.token_bytes(32)
    con.execute("INSERT OR IGNORE INTO meta VALUES ('session_key', ?)", (base64.b64encode(key).decode(),))
    row = con.execute("SELECT value FROM meta WHERE key = 'session_key'").fetchone()  # another process may have won
    return base64.b64decode(row["value"])


def _mac(key: bytes, payload: str) -> str:
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _sid_hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def create_session(account: Account, *, now: dt.datetime | None = None,
                   ttl: dt.timedelta = SESSION_TTL) -> tuple[str, dt.datetime]:
    """(token for the cookie, expiry). The token is ``<sid>.<expiry epoch>.<HMAC-SHA256>``."""
    now = now or _now()
    expires = now + ttl
    sid = secrets.token_urlsafe(24)
    payload = f"{sid}.{int(expires.timestamp())}"
    with _connect(write=True) as con:
        token = f"{payload}.{_mac(_secret(con), payload)}"
        con.execute("DELETE FROM sessions WHERE expires_at < ?", (_iso(now),))
        con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)",
                    (_sid_hash(sid), name_key(account.username), _iso(now), _iso(expires)))
    return token, expires


def verify_session(token: object, *, now: dt.datetime | None = None) -> Account | None:
    """The active account of a valid, unexpired, unrevoked token, with its role and scope as they are now; else None.
    Never raises on a malformed token."""
    if not isinstance(token, str) or len(token) > 200 or token.count(".") != 2:
        return None
    now = now or _now()
    sid, exp_text, mac = token.split(".")
    if not exp_text.isdigit():
        return None
    with _connect() as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'session_key'").fetchone()
        if row is None or not hmac.compare_digest(mac, _mac(base64.b64decode(row["value"]), f"{sid}.{exp_text}")):
            return None
        if int(exp_text) <= now.timestamp():
            return None
        sess = con.execute("SELECT * FROM sessions WHERE sid_hash = ?", (_sid_hash(sid),)).fetchone()
        if sess is None or _parse(sess["expires_at"]) <= now:
            return None
        user = con.execute("SELECT * FROM users WHERE name_key = ? AND active = 1", (sess["name_key"],)).fetchone()
    return _account(user) if user else None


def revoke_session(token: object, *, actor: str | None = None, now: dt.datetime | None = None) -> None:
    """Logout: the token stops working everywhere (also in a cookie copied elsewhere)."""
    if not isinstance(token, str) or token.count(".") != 2:
        return
    now = now or _now()
    with _connect(write=True) as con:
        con.execute("DELETE FROM sessions WHERE sid_hash = ?", (_sid_hash(token.split(".")[0]),))
        if actor:
            _audit(con, actor, "logout", actor, "", now)


# ---------------------------------------------------------------------------------------------------- audit
def audit(actor: str, action: str, target: str = "", detail: str = "", *, now: dt.datetime | None = None) -> None:
    """Record who did what (imports, undos, rebuilds …). ``action`` must be one of AUDIT_ACTIONS."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with _connect(write=True) as con:
        _audit(con, actor or "?", action, target, detail, now or _now())


AUDIT_COLUMNS = ("at", "actor", "action", "target", "detail")


def audit_log(limit: int | None = 1000, *, actions: tuple[str, ...] | None = None) -> list[dict]:
    """Newest first: dicts with at (UTC ISO text), actor, action, target, detail."""
    sql = "SELECT at, actor, action, target, detail FROM audit_log"
    args: list = []
    if actions:
        sql += f" WHERE action IN ({', '.join('?' * len(actions))})"
        args += list(actions)
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(int(limit))
    with _connect() as con:
        return [dict(r) for r in con.execute(sql, args)]


# ==================================================================================================== command line
def cli_actor() -> str:
    """The audit log's actor for a command run on the server: cli:<OS user>."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read_password(from_stdin: bool, stdin=None) -> str:
    if from_stdin:
        line = (stdin or sys.stdin).readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise AccountError("bad_password", "the two passwords differ")
    return first


def main_users(argv: list[str], stdin=None) -> int:
    """python -m governance users add NAME --role ROLE --region CODE [--password-stdin] [--identity ID]
    | list | disable NAME | enable NAME | passwd NAME [--password-stdin] | set NAME [--role] [--region] [--identity]"""
    ap = argparse.ArgumentParser(prog="python -m governance users", description="accounts of the dashboard")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add", help="create an account (password from a prompt, or one line of stdin)")
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--region", required=True, help="320000 (province), a city or a county code")
    a.add_argument("--password-stdin", action="store_true")
    a.add_argument("--identity", default=None, help="single-sign-on identity (e-mail or subject) bound to it")
    sub.add_parser("list", help="every account: role, scope, status")
    d = sub.add_parser("disable", help="disable an account and end its sessions")
    d.add_argument("name")
    e = sub.add_parser("enable", help="enable a disabled account")
    e.add_argument("name")
    p = sub.add_parser("passwd", help="set a new password (ends the account's sessions)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    s = sub.add_parser("set", help="change role, region or single-sign-on identity")
    s.add_argument("name")
    s.add_argument("--role", choices=ROLES)
    s.add_argument("--region")
    s.add_argument("--identity")
    args = ap.parse_args(argv)
    actor = cli_actor()
    try:
        if args.cmd == "add":
            acc = add_user(args.name, args.role, args.region, _read_password(args.password_stdin, stdin),
                           identity=args.identity, actor=actor)
            print(f"added {acc.username} ({acc.role}, {acc.region_code} {region_label(acc.region_code)})")
        elif args.cmd == "list":
            now = _now()
            print(f"{'name':20s} {'role':10s} {'region':8s} {'scope':10s} {'status':9s} identity")
            for acc in list_users():
                status = "disabled" if not acc.active else ("locked" if lock_state(acc.username, now) else "active")
                print(f"{acc.username:20s} {acc.role:10s} {acc.region_code:8s} {region_label(acc.region_code):10s} "
                      f"{status:9s} {acc.identity or ''}")
        elif args.cmd in ("disable", "enable"):
            set_active(args.name, args.cmd == "enable", actor=actor)
            print(f"{args.cmd}d {args.name}")
        elif args.cmd == "passwd":
            if get_user(args.name) is None:
                raise AccountError("unknown", f"no user {args.name!r}")
            set_password(args.name, _read_password(args.password_stdin, stdin), actor=actor)
            print(f"password of {args.name} changed; its sessions ended")
        elif args.cmd == "set":
            acc = update_user(args.name, role=args.role, region=args.region, identity=args.identity, actor=actor)
            print(f"{acc.username}: {acc.role}, {acc.region_code} {region_label(acc.region_code)}")
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
