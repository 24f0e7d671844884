"""Generator: deterministic, calibrated to domain.md, internally consistent."""

from __future__ import annotations

import json
from datetime import date

import pytest

from governance.core.demo.generator import MONTHS_OF_HISTORY, DemoConfig, _Gen, generate
from governance.core.months import last_months
from governance.core.regions import CITIES

END = date(2026, 10, 1)


def test_same_seed_and_scale_give_identical_files(tmp_path):
    a = generate(tmp_path / "a", scale=0.02, seed=7, end_month=END)
    b = generate(tmp_path / "b", scale=0.02, seed=7, end_month=END)
    assert a["files"] == b["files"]  # sha256 of every export, XLSX included
    c = generate(tmp_path / "c", scale=0.02, seed=8, end_month=END)
    assert c["files"]["grids"]["sha256"] != a["files"]["grids"]["sha256"]


def test_36_months_ending_with_the_latest_month():
    months = last_months(END, MONTHS_OF_HISTORY)
    assert len(months) == 36 and months[0] == date(2023, 11, 1) and months[-1] == END


@pytest.fixture(scope="module")
def scale1_communities():
    g = _Gen(DemoConfig(scale=1.0, end_month=END))
    townships, communities = g.townships_and_communities()
    return g, townships, communities


def test_province_population_at_scale_1_within_2_percent(scale1_communities):
    _, _, communities = scale1_communities
    total_wan = communities.population.sum() / 10_000
    assert abs(total_wan - 8526.05) / 8526.05 < 0.02  # domain.md §2 (8,526万, end-2023)


def test_city_populations_and_elderly_shares_follow_domain(scale1_communities):
    _, _, communities = scale1_communities
    by_city = communities.assign(city=communities.county_code.str[:4] + "00").groupby("city")
    for city in CITIES:
        grp = by_city.get_group(city.code)
        assert abs(grp.population.sum() / 10_000 - city.population_wan) / city.population_wan < 0.03
        share = 100 * grp.residents_60plus.sum() / grp.population.sum()
        assert abs(share - city.share_60plus) < 0.15 * city.share_60plus


def test_townships_match_reference_counts_at_scale_1(scale1_communities):
    _, townships, _ = scale1_communities
    # NBS 2022: 1,203 townships incl. 38 in the 9 functional zones, which are not counties (domain.md §1)
    assert len(townships) == 1165
    assert townships.kind.value_counts().to_dict() == {"镇": 683, "街道": 466, "乡": 16}


def test_grids_about_12_wan_and_30_wan_workers_at_scale_1(scale1_communities):
    g, _, communities = scale1_communities
    grids = g.grids(communities)
    assert 110_000 <= len(grids) <= 135_000  # domain.md §3: 12万 grids end-2018
    workers = grids.fulltime_workers.sum() + grids.parttime_workers.sum()
    assert 250_000 <= workers <= 350_000  # ≈30万 专兼职网格员
    hh_per_grid = grids.loc[grids.grid_type == "综合网格", "households"].mean()
    assert 200 <= hh_per_grid <= 330  # ≈250–300 households per grid
    # every comprehensive grid's households never exceed its community's households in total
    per_comm = grids.groupby("community_id").households.sum()
    hh = communities.set_index("community_id").households
    assert (per_comm <= hh.loc[per_comm.index]).all()


def test_events_closure_in_range_and_enough_rows(tmp_path):
    g = _Gen(DemoConfig(scale=0.05, end_month=END))
    _, communities = g.townships_and_communities()
    grids = g.grids(communities)
    ev = g.grid_events(grids).to_pandas()
    assert len(ev) == len(grids) * 36
    reported = ev.filter(like="reported_").sum(axis=1)
    closure = ev.resolved.sum() / reported.sum()
    assert 0.92 <= closure <= 0.99  # domain.md §3 fictional range
    assert (ev.resolved_on_time <= ev.resolved).all() and (ev.resolved <= reported).all()
    per_day = reported.sum() / len(ev) / 30.4
    assert 0.5 <= per_day <= 3.0


def test_manifest_records_how_it_was_built(tmp_path):
    m = generate(tmp_path, scale=0.02, seed=1, end_month=END)
    saved = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert saved == m and m["latest_month"] == "2026-10-01" and m["first_month"] == "2023-11-01"
    assert (tmp_path / "townships.csv").read_bytes()[:8].decode("gbk").startswith("乡镇代码")
    assert (tmp_path / "grids.csv").read_bytes().startswith(b"\xef\xbb\xbf")
