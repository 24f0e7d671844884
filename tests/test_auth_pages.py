"""AppTest of sign-in and region scope on the real app (test warehouse, a temp account store per test).

* login mode: every page is the sign-in form (用户名 / 密码 / 登录, English by the toggle) until an account signs in;
  wrong passwords say nothing about the name; the 5th locks it; sign-out brings the form back.
* A county account sees its county whatever the URL says, and its region widgets offer nothing else.
* demo mode: a visitor reads the dashboard without signing in.
(Cookies — the sign-in surviving a reload — need a real browser: tests/browser/test_auth.py.)
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from governance.core import accounts

PW = "correct horse 42"
WUZHONG = "320506"  # 苏州市吴中区


@pytest.fixture
def users(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_USER_DIR", str(tmp_path))
    accounts.add_user("wuzhong", "viewer", WUZHONG, PW)
    accounts.add_user("suzhou", "planner", "320500", PW)
    accounts.add_user("admin", "data_admin", "320000", PW)
    return tmp_path


@pytest.fixture
def login_mode(users, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_AUTH", "login")


def _labels(at: AppTest) -> list[str]:
    return [w.label for w in at.text_input]


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label in ("登录", "Sign in")).click()
    return at.run()


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def test_login_mode_shows_only_the_sign_in_form(app, login_mode):
    at = app("pages/funds.py", region="320000")
    assert _labels(at) == ["用户名", "密码"]
    assert [b.label for b in at.button] == ["登录"]
    assert not at.metric and not at.get("plotly_chart") and not at.get("deck_gl_json_chart")
    assert not at.sidebar.selectbox  # no filters, no menu


def test_sign_in_form_in_english(app, login_mode):
    at = app(lang="en")
    assert _labels(at) == ["User name", "Password"]
    assert [b.label for b in at.button] == ["Sign in"]


def test_wrong_password_and_unknown_name_get_one_answer_then_lock(app, login_mode):
    at = app()
    for name in ("wuzhong", "nobody"):
        _sign_in(at, name, "wrong password")
        assert _errors(at) == ["用户名或密码不正确。"]
    for _ in range(3):
        _sign_in(at, "wuzhong", "wrong password")
    _sign_in(at, "wuzhong", "wrong password")  # the 5th
    assert _errors(at) == ["登录失败次数过多，该用户名已暂时锁定，请 5 分钟后再试。"]
    _sign_in(at, "wuzhong", PW)  # the right password does not open the lock early
    assert _errors(at) == ["登录失败次数过多，该用户名已暂时锁定，请 5 分钟后再试。"]
    assert _labels(at) == ["用户名", "密码"]
    assert [r["action"] for r in accounts.audit_log(actions=("account_locked",))] == ["account_locked"]


def test_county_account_gets_its_county_whatever_the_url_says(app, login_mode):
    at = app(region="320000")
    _sign_in(at, "wuzhong", PW)
    assert not at.exception, [e.message for e in at.exception]
    assert _param(at, "region") == WUZHONG
    city, county = at.selectbox(key="flt_city"), at.selectbox(key="flt_county")
    assert city.options == ["苏州市"] and city.disabled
    assert county.options == ["吴中区"] and county.disabled
    assert any("已登录：wuzhong" in c.value for c in at.sidebar.caption)
    # a hand-edited URL on the next run changes nothing
    at.query_params["region"] = "320102"
    at.run()
    assert _param(at, "region") == WUZHONG
    assert [r["actor"] for r in accounts.audit_log(actions=("login",))] == ["wuzhong"]


def test_city_account_chooses_among_its_counties_only(app, login_mode):
    at = app(region="320102")
    _sign_in(at, "suzhou", PW)
    assert _param(at, "region") == "320500"
    city, county = at.selectbox(key="flt_city"), at.selectbox(key="flt_county")
    assert city.options == ["苏州市"]
    assert county.options[0] == "全市" and "吴中区" in county.options and "玄武区" not in county.options
    at.query_params["region"] = WUZHONG
    at.run()
    assert _param(at, "region") == WUZHONG


def test_sign_out_brings_back_the_form_and_ends_the_session(app, login_mode):
    at = app()
    _sign_in(at, "admin", PW)
    assert not _labels(at)
    token = at.session_state["_auth_token"]
    assert accounts.verify_session(token) is not None
    at.sidebar.button(key="auth_logout").click().run()
    assert _labels(at) == ["用户名", "密码"]
    assert accounts.verify_session(token) is None
    assert [r["action"] for r in accounts.audit_log(actions=("login", "logout"))] == ["logout", "login"]


def test_disabled_account_is_signed_out_on_its_next_run(app, login_mode):
    at = app()
    _sign_in(at, "suzhou", PW)
    assert not _labels(at)
    accounts.disable_user("suzhou")
    at.run()
    assert _labels(at) == ["用户名", "密码"]


def test_demo_mode_visitor_reads_without_signing_in(app, users):
    at = app("pages/grid.py", region="320000")
    assert "用户名" not in _labels(at)
    assert _param(at, "region") == "320000"
    assert any("演示模式" in c.value for c in at.sidebar.caption)
    assert at.get("deck_gl_json_chart")


# ---------------------------------------------------------------------------------------------------- data page
def _has_import_form(at: AppTest) -> bool:
    return bool(at.get("file_uploader"))


def _sign_in_on_data_page(at: AppTest, name: str) -> AppTest:
    at.text_input(key="admin_login_name").input(name)
    at.text_input(key="admin_login_password").input(PW)
    next(b for b in at.button if b.label == "登录").click()
    return at.run()


def test_demo_visitor_imports_nothing_a_data_admin_signs_in_on_the_data_page(app, users):
    at = app("pages/data.py")
    assert not _has_import_form(at)
    assert any("只有数据管理员可以导入数据" in i.value for i in at.info)
    assert not any(s.value == "审计日志" for s in at.subheader)
    _sign_in_on_data_page(at, "admin")
    assert not at.exception, [e.message for e in at.exception]
    assert _has_import_form(at)
    assert any(s.value == "审计日志" for s in at.subheader)
    audit = next(d.value for d in at.dataframe if list(d.value.columns) == ["时间", "操作人", "操作", "对象", "详情"])
    assert audit.iloc[0]["操作"] == "登录" and audit.iloc[0]["操作人"] == "admin"
    assert {"新增账户"} <= set(audit["操作"])


def test_viewer_and_planner_get_no_import_form_nor_audit_log(app, users):
    for name in ("wuzhong", "suzhou"):
        at = app("pages/data.py")
        _sign_in_on_data_page(at, name)
        assert not _has_import_form(at), name
        assert not any(s.value == "审计日志" for s in at.subheader), name


def test_demo_visitor_and_viewer_cannot_save_to_the_shared_store_a_planner_can(app, users):
    from auth_helpers import sign_in

    at = app("pages/scenarios.py", region=WUZHONG)  # demo visitor
    assert at.button(key="sc_save_btn").disabled
    assert any("需要规划人员或数据管理员账户" in c.value for c in at.caption)
    at = sign_in(app("pages/scenarios.py", region=WUZHONG), "viewer", WUZHONG)
    assert at.button(key="sc_save_btn").disabled
    at = sign_in(app("pages/scenarios.py", region=WUZHONG), "planner", "320500")
    assert not at.button(key="sc_save_btn").disabled
    assert not any("需要规划人员或数据管理员账户" in c.value for c in at.caption)


# ---------------------------------------------------------------------------------------------------- scope on every page
def _leaves(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _leaves(child)
    else:
        yield node


def _foreign_names(own_county: str) -> dict[str, str]:
    """Name → code of every county and city a 吴中区 account must not see with a value (names shared with the own
    county or city — none here — are left out)."""
    from governance.core.regions import CITIES, county_by_code

    own = county_by_code()[own_county]
    keep = {own.name, next(c.name for c in CITIES if c.code == own.city_code)}
    names = {c.name: c.code for c in county_by_code().values() if c.code != own_county}
    names.update({c.name: c.code for c in CITIES if c.code != own.city_code})
    return {n: c for n, c in names.items() if n not in keep}


def _leaks(at: AppTest, own_county: str) -> list[str]:
    """Where another county's (or city's) name or code shows up with data: text, tables, charts, map values."""
    import json

    foreign = _foreign_names(own_county)
    pattern = __import__("re").compile("|".join(sorted(map(__import__("re").escape, foreign), key=len, reverse=True)))
    codes = set(foreign.values())
    found: list[str] = []
    for el in _leaves(at._tree):
        kind = type(el).__name__
        if kind == "Dataframe":
            df = el.value
            cells = [str(x) for x in df.to_numpy().ravel().tolist()] + [str(c) for c in df.columns]
            bad = [c for c in cells if pattern.search(c) or c in codes]
            if bad:
                found.append(f"table: {bad[:5]}")
        elif kind == "UnknownElement" and el.type == "plotly_chart":
            m = pattern.search(el.proto.spec)
            if m:
                found.append(f"chart: {m.group(0)}")
        elif kind == "UnknownElement" and el.type == "deck_gl_json_chart":
            spec = json.loads(el.proto.json)
            for layer in spec.get("layers", []):
                data = layer.get("data")
                feats = data.get("features", []) if isinstance(data, dict) else []
                for f in feats:
                    p = f.get("properties", {})
                    if p.get("code") in codes and (p.get("value") is not None or p.get("detail")):
                        found.append(f"map value: {p.get('code')} {p.get('name')} {p.get('value_text')}")
                for rec in data if isinstance(data, list) else []:
                    if set(rec) <= {"name", "position"}:  # a place-name label: names without values are fine
                        continue
                    text = json.dumps(rec, ensure_ascii=False)
                    if pattern.search(text):
                        found.append(f"map point: {text[:120]}")
        else:
            texts = []
            for attr in ("value", "label", "body", "help"):
                v = getattr(el, attr, None) if attr != "value" or kind not in ("Selectbox", "Multiselect") else None
                if isinstance(v, str):
                    texts.append(v)
            texts += [str(o) for o in getattr(el, "options", []) or []]
            for text in texts:
                m = pattern.search(text)
                if m:
                    found.append(f"{kind}: …{text[max(0, m.start() - 40): m.end() + 40]}…")
    return found


def _all_pages():
    from governance.app.shell import PAGES

    return [p.path for p in PAGES]


@pytest.mark.parametrize("page", _all_pages())
def test_county_account_sees_no_other_county_anywhere(app, login_mode, page):
    at = app(region="320000")
    _sign_in(at, "wuzhong", PW)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert _param(at, "region") == WUZHONG
    assert not _leaks(at, WUZHONG)


def test_county_account_presentation_mode_stays_in_its_county(app, login_mode):
    at = app(region="320000")
    _sign_in(at, "wuzhong", PW)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any('data-testid="gov-present"' in m.value for m in at.markdown)
    assert _param(at, "region") == WUZHONG
    assert not _leaks(at, WUZHONG)


def test_the_leak_finder_finds_leaks_for_a_province_account(app, login_mode):
    """The check above can fail: the same pages for the province's data administrator show other counties."""
    at = app(region="320500")
    _sign_in(at, "admin", PW)
    at.switch_page("pages/grid.py").run()
    leaks = _leaks(at, WUZHONG)
    assert any(x.startswith("table") for x in leaks) and any(x.startswith("map value") for x in leaks), leaks
