"""Library PPP payments follow the 财金〔2015〕21号 stream in the warehouse (issue 14 item 5): ``project_payments``
(derived from ``projects`` by every build and import) and ``mart_obligations_county_year.library_project_payments``
on a hand-built warehouse whose yearly payments are computed by hand from the formula of docs/domain.md §5a:

    subsidy_n = construction cost × (1 + 6 %) × (1 + 3.5 %)^n ÷ subsidy years + O&M × (1 + 6 %) − user fees

Project A is the worked example in 万元 (10亿 = 100,000 万元, O&M 5,000, fees 3,000, 10 years):
1.3271 / 1.4889 / 1.7252 亿 in years 1 / 5 / 10, 15.17 亿 over the 10 years."""

from __future__ import annotations

import datetime as dt

import pytest
from fixture_db import fixture_warehouse

from governance.core import warehouse
from governance.core.warehouse import run_query

FUNING = "320923"  # 盐城市阜宁县
LEGACY = "存量PPP-可行性缺口补助"


def _project(pid, model, inv, pay, first, last, term):
    return dict(project_id=pid, county_code=FUNING, name=f"阜宁县{pid}项目", program="养老服务", model=model,
                total_investment=inv, social_capital=round(inv * 0.8), start_date=dt.date(2023, 1, 1),
                term_years=term, status="运营", risk_level="低", annual_gov_payment=pay,
                payment_start_year=first, payment_end_year=last)


# A: the worked example, paying 2026–2035; its recorded first-year payment is the formula's n = 1
#    100,000 × 1.06 × 1.035 / 10 + 5,000 × 1.06 − 3,000 = 10,971 + 5,300 − 3,000 = 13,271
# B: 20,000 万元 over 5 years (2028–2032), O&M 1,000, fees 600:
#    20,000 × 1.06 × 1.035 / 5 + 1,000 × 1.06 − 600 = 4,388.4 + 1,060 − 600 = 4,848.4
# C: a BOT's operating subsidy (domain.md §5c): flat 50 a year, 2026–2045 — not a 21号 stream
# D: 政府直投: no PPP payment at all
PROJECTS = [
    _project("A", LEGACY, 100_000.0, 13_271.0, 2026, 2035, 10),
    _project("B", LEGACY, 20_000.0, 4_848.4, 2028, 2032, 5),
    _project("C", "BOT", 5_000.0, 50.0, 2026, 2045, 20),
    _project("D", "政府直投", 3_000.0, 0.0, None, None, 3),
]


def a_hand(n: int) -> float:
    return 100_000 * 1.06 * 1.035 ** n / 10 + 5_000 * 1.06 - 3_000


def b_hand(n: int) -> float:
    return 20_000 * 1.06 * 1.035 ** n / 5 + 1_000 * 1.06 - 600


# library payments by year, by hand: A in its year n = year − 2025, B in year − 2027, C flat
EXPECTED = {
    2026: a_hand(1) + 50,                # 13,271 + 50 = 13,321
    2028: a_hand(3) + b_hand(1) + 50,    # 14,052.41 + 4,848.4 + 50
    2030: a_hand(5) + b_hand(3) + 50,    # 14,889.47 + 5,160.96 + 50
    2035: a_hand(10) + 50,               # 17,252.35 + 50 (B ended in 2032)
    2036: 50.0,                          # A ended in 2035
}
OFF_LIBRARY = 10_000.0  # the county's other PPP contracts, the same every year here
BUDGETS = [(FUNING, y, "预测", 300_000.0, 400_000.0, round(v + OFF_LIBRARY, 1)) for y, v in EXPECTED.items()]


@pytest.fixture(scope="module")
def fx():
    con = fixture_warehouse({"projects": PROJECTS, "budgets": BUDGETS})
    yield con
    con.close()


def test_the_worked_example_year_by_year(fx):
    a = dict(fx.execute("SELECT year, payment FROM project_payments WHERE project_id = 'A' ORDER BY year").fetchall())
    assert list(a) == list(range(2026, 2036))
    # domain.md §5a, in 亿元: 1.3271 / 1.4889 / 1.7252 in years 1 / 5 / 10; 15.17 over the 10 years
    assert [round(a[y] / 10_000, 4) for y in (2026, 2030, 2035)] == [1.3271, 1.4889, 1.7252]
    assert round(sum(a.values()) / 10_000, 2) == 15.17
    b = dict(fx.execute("SELECT year, payment FROM project_payments WHERE project_id = 'B' ORDER BY year").fetchall())
    assert list(b) == list(range(2028, 2033))
    assert [b[y] for y in (2028, 2030, 2032)] == pytest.approx([4_848.4, b_hand(3), b_hand(5)])
    assert round(b[2030], 2) == 5_160.96  # 4,240 × 1.035³ + 460
    c = fx.execute("SELECT min(payment), max(payment), count(*) FROM project_payments WHERE project_id = 'C'").fetchone()
    assert c == (50.0, 50.0, 20)
    assert fx.execute("SELECT count(*) FROM project_payments WHERE project_id = 'D'").fetchone()[0] == 0


def test_mart_and_query_follow_the_stream(fx):
    df = run_query(fx, "obligations_by_county_year", region=FUNING, first_year=2026,
                   last_year=2036).set_index("year")
    assert list(df.index) == list(EXPECTED)
    assert df["library_project_payments"].tolist() == pytest.approx(list(EXPECTED.values()))
    assert df["paying_projects"].tolist() == [2, 3, 3, 2, 1]
    # the budgets' obligations hold the same library streams: what is left is the off-library contracts, every year
    assert (df["ppp_obligations"] - df["library_project_payments"]).tolist() == pytest.approx(
        [OFF_LIBRARY] * len(EXPECTED), abs=0.05)
    # the recorded first-year payment repeated (the old sum) would have been 13,271 + 4,848.4 + 50 in 2030
    assert df.loc[2030, "library_project_payments"] - (13_271 + 4_848.4 + 50) == pytest.approx(
        (a_hand(5) - a_hand(1)) + (b_hand(3) - b_hand(1)))


def test_rebuilt_after_the_projects_change(fx):
    """An import replaces projects and rebuilds the marts: the payments follow (here without B)."""
    con = fixture_warehouse({"projects": [p for p in PROJECTS if p["project_id"] != "B"], "budgets": BUDGETS})
    try:
        assert con.execute("SELECT count(*) FROM project_payments WHERE project_id = 'B'").fetchone()[0] == 0
        con.execute("DELETE FROM projects WHERE project_id = 'C'")
        warehouse.build_marts(con)
        got = dict(con.execute("SELECT year, library_project_payments FROM mart_obligations_county_year "
                               "ORDER BY year").fetchall())
        assert got[2030] == pytest.approx(a_hand(5)) and got[2036] == 0
    finally:
        con.close()


def test_demo_budgets_contain_the_library_streams(con):
    """The demo warehouse: every county's obligations include its library projects' streams (generator and mart
    use the one definition), and an existing PPP's payments rise year on year (21号 compounding), never flat."""
    short = con.execute("""
        SELECT count(*) FROM mart_obligations_county_year
        WHERE library_project_payments > ppp_obligations + 0.1""").fetchone()[0]
    assert short == 0
    rising = con.execute("""
        SELECT bool_and(x.payment > y.payment) FROM project_payments x
        JOIN project_payments y ON y.project_id = x.project_id AND y.year = x.year - 1
        JOIN projects p ON p.project_id = x.project_id WHERE p.model = ?""", [LEGACY]).fetchone()[0]
    assert rising is True


def test_projects_summary_pays_the_stream_of_the_year(fx):
    from governance.core import vocabulary
    s = run_query(fx, "projects_summary", region=FUNING, end_month=dt.date(2030, 6, 1),
                  programs=list(vocabulary.PROGRAMS), models=list(vocabulary.FINANCING_MODELS),
                  statuses=list(vocabulary.PROJECT_STATUSES), risks=list(vocabulary.RISK_LEVELS)).iloc[0]
    assert s["gov_payments_this_year"] == pytest.approx(EXPECTED[2030])  # not 13,271 + 4,848.4 + 50
    only_c = run_query(fx, "projects_summary", region=FUNING, end_month=dt.date(2030, 6, 1),
                       programs=list(vocabulary.PROGRAMS), models=["BOT"],
                       statuses=list(vocabulary.PROJECT_STATUSES), risks=list(vocabulary.RISK_LEVELS)).iloc[0]
    assert only_c["gov_payments_this_year"] == pytest.approx(50.0)  # the page's filters narrow it
