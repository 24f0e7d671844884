"""Accounts: roles, region scope, lockout with back-off, signed sessions, the audit log and the `users` command.

Every test gets its own empty store (GOVERNANCE_USER_DIR → tmp_path); clocks are moved with ``now=`` instead of
sleeping. Region codes are the real ones of data/reference/jiangsu_counties.csv (苏州市 320500: 虎丘区 320505,
吴中区 320506, 常熟市 320581; 南京市 320100: 玄武区 320102).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest

from governance import settings
from governance.core import accounts
from governance.core.accounts import PROVINCE_SCOPE, AccountError, RegionScope, role_can

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
PW = "correct horse 42"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path))
    return tmp_path


# ---------------------------------------------------------------------------------------------------- scope
def test_county_scope_sees_only_itself_and_clamps_everything_else_to_itself():
    s = RegionScope("320506")
    assert s.level == "county"
    assert s.contains("320506")
    assert not s.contains("320500") and not s.contains("320000") and not s.contains("320505")
    assert s.clamp("320000") == "320506"
    assert s.clamp("320505") == "320506"
    assert s.clamp("320506") == "320506"
    assert s.clamp("<script>") == "320506"
    assert s.county_codes() == {"320506"}
    assert s.city_codes() == set()  # the city total includes the neighbours


def test_city_scope_sees_its_counties_only():
    s = RegionScope("320500")
    assert s.contains("320500") and s.contains("320505") and s.contains("320581")
    assert not s.contains("320102") and not s.contains("320100") and not s.contains("320000")
    assert s.clamp("320102") == "320500"
    assert s.clamp("320581") == "320581"
    assert "320576" not in s.county_codes()  # functional zones are not counties
    assert {"320505", "320506", "320581"} <= s.county_codes() and "320102" not in s.county_codes()
    assert s.city_codes() == {"320500"}


def test_province_scope_sees_all_95_counties():
    assert PROVINCE_SCOPE.contains("320102") and PROVINCE_SCOPE.contains("320500")
    assert len(PROVINCE_SCOPE.county_codes()) == 95 and len(PROVINCE_SCOPE.city_codes()) == 13
    assert PROVINCE_SCOPE.clamp("999999") == "320000"


def test_unknown_scope_is_refused():
    with pytest.raises(ValueError):
        RegionScope("320576")  # a statistical zone, not a county


def test_role_permissions():
    assert all(role_can(r, "read") for r in accounts.ROLES)
    assert [r for r in accounts.ROLES if role_can(r, "import")] == ["data_admin"]
    assert [r for r in accounts.ROLES if role_can(r, "save_scenario")] == ["planner", "data_admin"]
    assert not role_can(None, "read")  # an anonymous visitor has no role: the app decides what demo mode allows
    assert not role_can("data_admin", "no_such_action")


# ---------------------------------------------------------------------------------------------------- users
def test_add_and_list_users_in_the_user_dir(store):
    acc = accounts.add_user("wuzhong", "viewer", "320506", PW, now=T0)
    assert (acc.username, acc.role, acc.region_code, acc.active) == ("wuzhong", "viewer", "320506", True)
    assert settings.accounts_db() == store / "accounts.sqlite"
    assert (store / "accounts.sqlite").stat().st_mode & 0o077 == 0  # owner only
    assert accounts.get_user("WuZhong") == acc  # names compare case-insensitively
    assert [a.username for a in accounts.list_users()] == ["wuzhong"]
    raw = (store / "accounts.sqlite").read_bytes()
    assert PW.encode() not in raw and b"$argon2id$" in raw


@pytest.mark.parametrize("kwargs, code", [
    ({"name": "a b"}, "bad_name"),
    ({"name": ""}, "bad_name"),
    ({"name": "x" * 65}, "bad_name"),
    ({"role": "admin"}, "bad_role"),
    ({"region": "320576"}, "bad_region"),
    ({"region": "'; DROP TABLE users; --"}, "bad_region"),
    ({"password": "short"}, "bad_password"),
])
def test_bad_account_requests_are_refused(kwargs, code):
    args = {"name": "clerk", "role": "viewer", "region": "320506", "password": PW, **kwargs}
    with pytest.raises(AccountError) as err:
        accounts.add_user(**args)
    assert err.value.code == code
    assert accounts.list_users() == []


def test_duplicate_name_is_refused_whatever_its_case():
    accounts.add_user("Clerk", "viewer", "320506", PW)
    with pytest.raises(AccountError) as err:
        accounts.add_user("clerk", "planner", "320500", PW)
    assert err.value.code == "exists"


def test_chinese_user_names_work():
    accounts.add_user("张三", "planner", "320500", PW)
    assert accounts.authenticate("张三", PW).ok


# ---------------------------------------------------------------------------------------------------- login, lockout
def test_right_password_logs_in_wrong_one_does_not():
    accounts.add_user("clerk", "viewer", "320506", PW)
    ok = accounts.authenticate("CLERK", PW, now=T0)
    assert ok.status == "ok" and ok.account.username == "clerk" and ok.account.scope == RegionScope("320506")
    assert accounts.authenticate("clerk", PW + "x", now=T0).status == "denied"


def test_five_wrong_passwords_lock_for_five_minutes_then_back_off_doubles():
    accounts.add_user("clerk", "viewer", "320506", PW)
    for i in range(4):
        assert accounts.authenticate("clerk", f"wrong-{i}", now=T0 + dt.timedelta(seconds=i)).status == "denied"
    fifth = accounts.authenticate("clerk", "wrong-4", now=T0 + dt.timedelta(seconds=4))
    assert fifth.status == "locked"
    assert fifth.locked_until == T0 + dt.timedelta(seconds=4, minutes=5)
    assert fifth.retry_minutes(T0 + dt.timedelta(seconds=4)) == 5
    # the right password does not open the lock early
    assert accounts.authenticate("clerk", PW, now=T0 + dt.timedelta(minutes=4)).status == "locked"
    # after the lock, one more wrong password locks again, twice as long
    t1 = T0 + dt.timedelta(minutes=6)
    sixth = accounts.authenticate("clerk", "wrong-5", now=t1)
    assert sixth.status == "locked" and sixth.locked_until == t1 + dt.timedelta(minutes=10)
    t2 = t1 + dt.timedelta(minutes=11)
    assert accounts.authenticate("clerk", "wrong-6", now=t2).locked_until == t2 + dt.timedelta(minutes=20)
    # the right password after the lock: in, and the count starts again
    t3 = t2 + dt.timedelta(minutes=21)
    assert accounts.authenticate("clerk", PW, now=t3).ok
    assert accounts.authenticate("clerk", "wrong-again", now=t3).status == "denied"


def test_back_off_is_capped_at_a_day():
    accounts.add_user("clerk", "viewer", "320506", PW)
    for _ in range(4):
        accounts.authenticate("clerk", "bad", now=T0)
    t, minutes = T0, []
    for _ in range(11):
        res = accounts.authenticate("clerk", "bad", now=t)
        minutes.append((res.locked_until - t) / dt.timedelta(minutes=1))
        t = res.locked_until + dt.timedelta(seconds=1)
    # 5 · 2^k minutes until 5 · 2^9 = 2560 min would pass a day (1440 min)
    assert minutes == [5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440]


def test_unknown_and_existing_names_get_the_same_answers():
    accounts.add_user("clerk", "viewer", "320506", PW)
    real = [accounts.authenticate("clerk", "bad", now=T0).status for _ in range(5)]
    ghost = [accounts.authenticate("nobody", "bad", now=T0).status for _ in range(5)]
    assert real == ghost == ["denied"] * 4 + ["locked"]


def test_disabled_account_cannot_log_in_and_says_nothing_more():
    accounts.add_user("clerk", "viewer", "320506", PW)
    accounts.disable_user("clerk")
    assert accounts.authenticate("clerk", PW).status == "denied"
    accounts.set_active("clerk", True)
    assert accounts.authenticate("clerk", PW).ok


def test_new_password_lifts_the_lock():
    accounts.add_user("clerk", "viewer", "320506", PW)
    for _ in range(5):
        accounts.authenticate("clerk", "bad", now=T0)
    assert accounts.lock_state("clerk", now=T0) is not None
    accounts.set_password("clerk", "a brand new one", now=T0)
    assert accounts.authenticate("clerk", "a brand new one", now=T0).ok


def test_odd_inputs_never_raise():
    for name, pw in [(None, None), ("", ""), ("x" * 10_000, "y" * 100_000), ("a\x00b", "\ud800"), (123, 456)]:
        assert accounts.authenticate(name, pw).status in ("denied", "locked")


# ---------------------------------------------------------------------------------------------------- sessions
def test_session_token_round_trip_and_expiry():
    acc = accounts.add_user("clerk", "viewer", "320506", PW)
    token, expires = accounts.create_session(acc, now=T0)
    assert expires == T0 + accounts.SESSION_TTL
    assert accounts.verify_session(token, now=T0 + dt.timedelta(hours=1)) == acc
    assert accounts.verify_session(token, now=T0 + accounts.SESSION_TTL) is None  # expired


def test_tampered_or_malformed_tokens_are_rejected():
    acc = accounts.add_user("clerk", "viewer", "320506", PW)
    token, _ = accounts.create_session(acc, now=T0)
    sid, exp, mac = token.split(".")
    later = str(int(exp) + 86400 * 365)
    for bad in [f"{sid}.{later}.{mac}", f"{sid}x.{exp}.{mac}", f"{sid}.{exp}.{mac[:-1]}A", "", "a.b.c", "...",
                None, 42, "x" * 5000, f"{sid}.{exp}", token + ".x"]:
        assert accounts.verify_session(bad, now=T0) is None, bad


def test_logout_password_change_and_disable_end_sessions():
    acc = accounts.add_user("clerk", "viewer", "320506", PW)
    t1, _ = accounts.create_session(acc, now=T0)
    t2, _ = accounts.create_session(acc, now=T0)
    t3, _ = accounts.create_session(acc, now=T0)
    accounts.revoke_session(t1, actor="clerk", now=T0)
    assert accounts.verify_session(t1, now=T0) is None and accounts.verify_session(t2, now=T0) == acc
    accounts.set_password("clerk", "another password", now=T0)
    assert accounts.verify_session(t2, now=T0) is None
    t4, _ = accounts.create_session(acc, now=T0)
    accounts.disable_user("clerk", now=T0)
    assert accounts.verify_session(t4, now=T0) is None and accounts.verify_session(t3, now=T0) is None


def test_role_and_scope_changes_reach_open_sessions():
    acc = accounts.add_user("clerk", "viewer", "320506", PW)
    token, _ = accounts.create_session(acc, now=T0)
    accounts.update_user("clerk", role="planner", region="320500", now=T0)
    seen = accounts.verify_session(token, now=T0)
    assert (seen.role, seen.region_code) == ("planner", "320500")


def test_sso_identity_maps_to_the_local_account():
    accounts.add_user("li", "data_admin", "320000", PW, identity="li@example.org")
    assert accounts.find_by_identity("li@example.org").username == "li"
    assert accounts.find_by_identity("someone@example.org") is None
    with pytest.raises(AccountError) as err:
        accounts.add_user("wang", "viewer", "320506", PW, identity="li@example.org")
    assert err.value.code == "identity_taken"


# ---------------------------------------------------------------------------------------------------- audit
def test_audit_log_records_who_when_what():
    accounts.add_user("clerk", "viewer", "320506", PW, actor="cli:root", now=T0)
    accounts.authenticate("clerk", PW, now=T0 + dt.timedelta(minutes=1))
    for _ in range(5):
        accounts.authenticate("clerk", "bad", now=T0 + dt.timedelta(minutes=2))
    accounts.audit("admin", "import", "budgets", "budgets_2026.xlsx: 120 rows", now=T0 + dt.timedelta(minutes=3))
    log = accounts.audit_log()
    assert log[0] == {"at": "2026-11-02T09:03:00+00:00", "actor": "admin", "action": "import", "target": "budgets",
                      "detail": "budgets_2026.xlsx: 120 rows"}
    actions = [r["action"] for r in reversed(log)]
    assert actions == ["user_add", "login"] + ["login_failed"] * 5 + ["account_locked", "import"]
    assert log[-1]["actor"] == "cli:root" and log[-1]["detail"] == "role=viewer region=320506"
    assert [r["action"] for r in accounts.audit_log(actions=("login",))] == ["login"]
    with pytest.raises(ValueError):
        accounts.audit("admin", "made_up")


# ---------------------------------------------------------------------------------------------------- CLI
def test_users_cli_add_list_disable_passwd(capsys):
    from governance.__main__ import main

    assert accounts.main_users(["add", "clerk", "--role", "viewer", "--region", "320506", "--password-stdin"],
                               stdin=io.StringIO(PW + "\n")) == 0
    assert "added clerk (viewer, 320506 吴中区)" in capsys.readouterr().out
    assert accounts.authenticate("clerk", PW).ok
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "clerk" in out and "320506" in out and "吴中区" in out and "active" in out
    assert accounts.main_users(["passwd", "clerk", "--password-stdin"], stdin=io.StringIO("new password 9\n")) == 0
    assert accounts.authenticate("clerk", "new password 9").ok
    assert main(["users", "disable", "clerk"]) == 0
    assert not accounts.get_user("clerk").active
    capsys.readouterr()
    assert main(["users", "list"]) == 0
    assert "disabled" in capsys.readouterr().out
    changes = accounts.audit_log(actions=("user_add", "user_passwd", "user_disable"))
    assert [r["action"] for r in changes] == ["user_disable", "user_passwd", "user_add"]
    assert all(r["actor"].startswith("cli") and r["target"] == "clerk" for r in changes)


def test_users_cli_errors_exit_2_with_a_message(capsys):
    assert accounts.main_users(["add", "clerk", "--role", "viewer", "--region", "999999", "--password-stdin"],
                               stdin=io.StringIO(PW + "\n")) == 2
    assert "region must be" in capsys.readouterr().err
    assert accounts.main_users(["disable", "ghost"]) == 2
    assert "no user 'ghost'" in capsys.readouterr().err
    assert accounts.main_users(["passwd", "ghost", "--password-stdin"], stdin=io.StringIO(PW + "\n")) == 2


def test_users_command_runs_as_a_module(store):
    run = subprocess.run([sys.executable, "-m", "governance", "users", "add", "admin", "--role", "data_admin",
                          "--region", "320000", "--password-stdin"], input=PW + "\n", capture_output=True, text=True,
                         cwd=str(settings.ROOT), env={**__import__("os").environ, "GOVERNANCE_USER_DIR": str(store)})
    assert run.returncode == 0, run.stderr
    assert accounts.get_user("admin").role == "data_admin"


# ---------------------------------------------------------------------------------------------------- server guards
def test_scoped_params_move_every_region_inside_the_scope():
    from governance.core.scope import scoped_params

    county = RegionScope("320506")
    assert scoped_params({"region": "320000", "group_level": "county", "limit": 5}, county) == \
        {"region": "320506", "group_level": "county", "limit": 5}
    assert scoped_params({"region_code": "320505", "county_code": "320505"}, county) == \
        {"region_code": "320506", "county_code": None}
    city = RegionScope("320500")
    assert scoped_params({"region": "320102", "county_code": "320581"}, city) == \
        {"region": "320500", "county_code": "320581"}
    assert scoped_params({"region": "320102"}, PROVINCE_SCOPE) == {"region": "320102"}


def test_restrict_frame_drops_other_counties_rows():
    import pandas as pd

    from governance.core.scope import restrict_frame

    df = pd.DataFrame({"county_code": ["320505", "320506", None, "320102"], "value": [1, 2, 3, 4]})
    assert restrict_frame(df, RegionScope("320506"))["value"].tolist() == [2, 3]
    assert restrict_frame(df, RegionScope("320500"))["value"].tolist() == [1, 2, 3]
    assert restrict_frame(df, PROVINCE_SCOPE)["value"].tolist() == [1, 2, 3, 4]
    no_county = pd.DataFrame({"code": ["320102"], "name": ["玄武区"]})
    assert restrict_frame(no_county, RegionScope("320506")).equals(no_county)


def test_command_line_import_is_in_the_audit_log(warehouse_db, tmp_path, capsys):
    import shutil

    import duckdb

    from governance.__main__ import main

    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse_db, db)
    con = duckdb.connect(str(db), read_only=True)
    case = con.execute("SELECT * FROM innovation_cases ORDER BY case_id LIMIT 1").df()
    con.close()
    path = tmp_path / "cases_fix.csv"
    case.to_csv(path, index=False)
    assert main(["import", str(path), "--dataset", "innovation_cases", "--db", str(db)]) == 0
    (row,) = accounts.audit_log(actions=("import",))
    assert row["actor"].startswith("cli") and row["target"] == "innovation_cases"
    assert row["detail"] == "cases_fix.csv: 1 rows"
