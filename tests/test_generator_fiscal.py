"""The generator's fiscal contract (issue 14): smooth budgets, existing PPP obligations that follow their contracts
and run off, calibration of the red-line shares, programmes consistent with financing models, city 60+ shares and
street centres as docs/domain.md says. These test the generator's own contract at a fixed seed; the formulas and
verdicts are tested against hand-built inputs in test_finance_*.py."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from governance.core.demo.generator import (
    BUDGET_GROWTH_BOUNDS,
    LAST_PPP_SIGNING_YEAR,
    MODEL_ALLOWED,
    DemoConfig,
    _Gen,
)
from governance.core.finance import library_payments
from governance.core.regions import CITIES
from governance.core.thresholds import RED_LINES

END = date(2026, 10, 1)


@pytest.fixture(scope="module")
def fiscal():
    g = _Gen(DemoConfig(scale=0.05, end_month=END))
    projects, _, payments = g.projects(END)
    budgets = g.budgets(g.county_population(), payments, END.year)
    budgets["share"] = budgets.ppp_obligations / budgets.gpb_expenditure
    return projects, payments, budgets


def test_budget_growth_is_smooth(fiscal):
    _, _, b = fiscal
    exp = b.pivot(index="county_code", columns="year", values="gpb_expenditure")
    growth = exp.pct_change(axis=1).iloc[:, 1:]
    lo, hi = BUDGET_GROWTH_BOUNDS
    assert growth.min().min() >= lo - 0.001 and growth.max().max() <= hi + 0.001  # no swing near ±15 %
    assert 0.03 <= float(growth.stack().mean()) <= 0.06  # about 3–6 % a year
    # autocorrelated: next year's rate is close to this year's
    assert float(growth.diff(axis=1).abs().stack().max()) < 0.03


def test_calibration_in_the_latest_actual_year(fiscal):
    _, _, b = fiscal
    latest = int(b.loc[b.budget_kind == "决算", "year"].max())
    assert latest == END.year - 1
    share = b.loc[b.year == latest, "share"]
    assert len(share) == 95
    assert 1 <= (share > RED_LINES["no_new_ppp"].share).sum() <= 5
    assert 0.10 <= (share > RED_LINES["risk_notice"].share).mean() <= 0.25


def test_shares_fall_after_their_peak(fiscal):
    _, _, b = fiscal
    province = b.groupby("year").apply(lambda d: d.ppp_obligations.sum() / d.gpb_expenditure.sum(),
                                       include_groups=False)
    peak = int(province.idxmax())
    assert peak <= END.year
    after = province.loc[peak:]
    assert (after.diff().dropna() < 0).all()
    by_county = b.pivot(index="county_code", columns="year", values="share")
    assert (by_county.iloc[:, -1] < by_county.max(axis=1)).all()
    assert (b.loc[b.year == b.year.max(), "share"] <= RED_LINES["no_new_ppp"].share).all()


def test_no_nanjing_district_over_10pct(fiscal):
    _, _, b = fiscal
    nanjing = b[b.county_code.str.startswith("3201")]
    assert len(nanjing) > 0 and (nanjing.share <= RED_LINES["no_new_ppp"].share).all()


def test_existing_ppps_follow_the_library_and_no_new_ppp_after_2023(fiscal):
    projects, payments, b = fiscal
    legacy = projects[projects.model == "存量PPP-可行性缺口补助"]
    assert len(legacy) and (pd.to_datetime(legacy.start_date).dt.year <= LAST_PPP_SIGNING_YEAR).all()
    # the budgets include exactly the 21号 streams the projects table describes
    county = legacy.county_code.iloc[0]
    expected: dict[int, float] = {}
    for row in projects[(projects.county_code == county) & (projects.annual_gov_payment > 0)].to_dict("records"):
        for y, v in library_payments(row).items():
            expected[y] = expected.get(y, 0.0) + v
    assert {y: v for (c, y), v in payments.items() if c == county} == pytest.approx(expected)
    row = legacy.iloc[0].to_dict()
    stream = library_payments(row)
    first = int(row["payment_start_year"])
    assert stream[first] == pytest.approx(row["annual_gov_payment"])
    assert stream[first + 1] > stream[first]  # the 21号 construction part compounds


def test_programmes_use_the_models_they_can_carry(fiscal):
    projects, _, _ = fiscal
    for program, model in zip(projects.program, projects.model):
        assert model in MODEL_ALLOWED[program], (program, model)
    assert set(projects.loc[projects.program == "党建阵地", "model"]) <= {"政府直投"}


def test_city_60plus_shares_are_the_reference_figures():
    _, communities = _Gen(DemoConfig(scale=0.1, end_month=END)).townships_and_communities()
    city = communities.county_code.str[:4] + "00"
    by_city = communities.groupby(city)[["residents_60plus", "population"]].sum()
    for c in CITIES:
        share = 100 * by_city.loc[c.code, "residents_60plus"] / by_city.loc[c.code, "population"]
        assert share == pytest.approx(c.share_60plus, abs=0.02), c.name


def test_street_centres_as_domain_says():
    """domain.md §4: 61 comprehensive centres in Jiangsu by Aug 2023, i.e. about 13 % of the 466 街道."""
    g = _Gen(DemoConfig(scale=0.3, end_month=END))
    townships, communities = g.townships_and_communities()
    fac = g.elderly(townships, communities)
    centres = fac[fac.facility_type == "街道综合养老服务中心"]
    streets = int((townships.kind == "街道").sum())
    by_2023 = int((centres.opened_year <= 2023).sum())
    assert 0.07 <= by_2023 / streets <= 0.20, (by_2023, streets)
    assert np.isclose(len(centres) / streets, 0.21, atol=0.08)
