"""The generator's elderly-care contract (issue 14 item 8): the nursing-bed share of 养老机构 — the only beds
护理型床位占比 is measured over (docs/domain.md §4) — sits in a plausible range against the ≥55 % national target
(Jiangsu assumed 60–70 %), with counties on both sides of the 60 % target so the gap finder has work. The formula
itself is tested on hand-built rows in test_community_queries.py."""

from __future__ import annotations

from datetime import date

from governance.core.demo.generator import DemoConfig, _Gen

END = date(2026, 10, 1)


def test_institution_nursing_bed_share_is_plausible():
    g = _Gen(DemoConfig(scale=0.1, end_month=END))
    townships, communities = g.townships_and_communities()
    fac = g.elderly(townships, communities)
    inst = fac[fac.facility_type == "养老机构"].groupby("county_code")[["beds", "nursing_beds"]].sum()
    assert len(inst) == 95  # every county has institutions
    province = 100 * inst.nursing_beds.sum() / inst.beds.sum()
    assert 60 <= province <= 70, province  # domain.md §4: Jiangsu 60–70 % [E]
    county = 100 * inst.nursing_beds / inst.beds
    assert 60 <= county.median() <= 70, county.median()
    assert 3 <= (county < 55).sum() <= 20, sorted(county.round(1))  # a few below the national line, not a quarter
    assert 10 <= (county < 60).sum() <= 40  # the gap finder has counties to list
    assert county.max() <= 85
