"""Deterministic generator of FICTIONAL governance exports over the REAL Jiangsu geography.

Writes files the way the source systems export them (see DATASETS in governance/core/warehouse/datasets.py):
UTF-8-with-BOM CSV for the big tables, GBK CSV with Chinese headers for the civil-affairs registers
(townships, communities), XLSX ledgers for budgets, projects, milestones and innovation cases.

Calibration (domain.md): city population and 60+ shares (§2), ≈12万 grids and ≈30万 grid workers at scale 1
(§3), closure 92–99 %, response 10 min–2 h, closure 1–5 days (§3 fictional ranges), beds per 1,000 elderly 30–45,
institutions' nursing-bed share ≈65 % against the ≥55 % target (§4), waste participation/accuracy around the 80 %
standards (§7), PPP obligations against the 10 % red line with the 21号 formula (§5a).

Scale S samples S of the communities of every county (all 95 counties are always kept), so per-capita rates do not
depend on S; county budgets and the project library are county-level facts and are not scaled.
Same seed + scale + end month → byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from governance.core import geo
from governance.core.finance.formulas import legacy_ppp_subsidy
from governance.core.finance.library import library_payments
from governance.core.months import last_months, latest_full_month
from governance.core.regions import CITIES, CITY_BY_CODE, County, counties
from governance.core.vocabulary import EVENT_CATEGORIES, FINANCING_MODELS, PROGRAMS, SOURCES
from governance.core.warehouse.datasets import DATASETS, column_labels


def _source_fingerprint() -> str:
    """Changes whenever the generator's code changes, so stale cached exports are regenerated."""
    h = hashlib.sha256()
    for name in ("generator.py", "case_templates.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:10]


GENERATOR_VERSION = f"demo-generator 1.0 ({_source_fingerprint()})"
MONTHS_OF_HISTORY = 36

PROGRAM_SHARES = (0.28, 0.12, 0.30, 0.08, 0.16, 0.06)
# Which sources can finance which program (special bonds need revenue-backed capital projects, ABS needs cash flow).
SOURCE_ALLOWED = {
    "养老服务": SOURCES,
    "智慧网格": ("省级专项资金", "市县财政", "社会资本", "专项债"),
    "老旧小区改造": ("省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款"),
    "垃圾分类": ("省级专项资金", "市县财政", "社会资本", "ABS"),
    "社区公共设施": ("省级专项资金", "市县财政", "社会资本", "专项债", "贴息贷款", "ABS"),
    "党建阵地": ("省级专项资金", "市县财政"),
}
EVENT_SHARES = np.array([0.16, 0.26, 0.14, 0.22, 0.17, 0.05])

# City-level governance effect (fictional): the south leads, the north catches up.
CITY_EFFECT = {"320100": 0.6, "320200": 0.5, "320300": -0.1, "320400": 0.3, "320500": 0.8, "320600": 0.2,
               "320700": -0.4, "320800": -0.3, "320900": -0.2, "321000": 0.1, "321100": 0.1, "321200": 0.0,
               "321300": -0.3}

# The financing models a programme's projects can use (domain.md §5c–§5e): special bonds and ABS need project
# revenue, franchises user fees; a party-building station or a grid platform earns nothing, so the budget pays.
MODEL_ALLOWED = {
    "养老服务": FINANCING_MODELS,
    "智慧网格": ("政府直投", "存量PPP-可行性缺口补助"),
    "老旧小区改造": ("政府直投", "专项债", "PPP-使用者付费", "存量PPP-可行性缺口补助", "贴息贷款"),
    "垃圾分类": ("政府直投", "PPP-使用者付费", "存量PPP-可行性缺口补助", "BOT", "ABS"),
    "社区公共设施": FINANCING_MODELS,
    "党建阵地": ("政府直投",),
}
# Fiscal data (docs/domain.md §5a): budget growth bounds and the last year a PPP was signed (国办函〔2023〕115号
# ended the old mechanism; no new PPP after 2023, so existing obligations only run off).
BUDGET_GROWTH_BOUNDS = (0.02, 0.07)
LAST_PPP_SIGNING_YEAR = 2023


def _obligation_targets(stress: np.ndarray, nanjing: np.ndarray) -> np.ndarray:
    """Each county's PPP obligations share in the latest actual year, by its rank in fiscal stress: the top 3 %
    10.2–11 % (over the red line), the next 15 % 7.2–9.9 % (over the 7 % risk notice), the rest 0.8–6.8 %.
    Nanjing's districts are kept out of the ranking and under 7 %."""
    out = 0.008 + 0.06 * stress  # Nanjing
    others = np.flatnonzero(~nanjing)
    q = (np.argsort(np.argsort(stress[others])) + 0.5) / len(others)
    out[others] = np.where(q > 0.97, 0.102 + (q - 0.97) / 0.03 * 0.008,
                           np.where(q > 0.82, 0.072 + (q - 0.82) / 0.15 * 0.027, 0.008 + q / 0.82 * 0.06))
    return out


NAME_STEMS = list("东西南北中新华和平安康宁福兴盛丰泰昌隆永清河湖山桥塘港湾圩庄桥林园亭花桂梅兰竹")


def _phi(x):
    """Standard normal CDF (vectorised) used to map latent quality to bounded rates."""
    # logistic approximation (max error ≈0.01): fast on millions of values, exactness does not matter here
    return 1.0 / (1.0 + np.exp(-1.702 * np.asarray(x, dtype=float)))


def _lerp(lo, hi, t):
    return lo + (hi - lo) * t


@dataclass
class DemoConfig:
    scale: float = 1.0
    seed: int = 20231126
    end_month: date | None = None

    def resolved_end(self) -> date:
        return self.end_month or latest_full_month()


class _Gen:
    def __init__(self, cfg: DemoConfig):
        self.cfg = cfg
        self.scale = cfg.scale
        self.rng = np.random.default_rng(cfg.seed)
        self.months = last_months(cfg.resolved_end(), MONTHS_OF_HISTORY)
        self.counties: tuple[County, ...] = counties()
        n = len(self.counties)
        city_eff = np.array([CITY_EFFECT[c.city_code] for c in self.counties])
        urban = np.array([1.0 if c.county_type == "市辖区" else 0.0 for c in self.counties])
        # Latent governance quality per county, and its yearly improvement (some counties lag, a few slip).
        self.quality = city_eff + 0.15 * urban + self.rng.normal(0, 0.55, n)
        self.trend = self.rng.normal(0.25, 0.25, n)
        self.fiscal_stress = self.rng.beta(2.2, 2.6, n)  # drives PPP obligations towards the red line

    # ------------------------------------------------------------------ geography and population
    def county_population(self) -> np.ndarray:
        """Split each city's population (domain.md §2) over its counties, weighted by township structure."""
        w = np.array([c.streets * 1.7 + c.towns * 1.0 + c.xiang * 0.6 + 0.5 for c in self.counties])
        w = w * self.rng.uniform(0.85, 1.15, len(w))
        pop = np.zeros(len(w))
        for city in CITIES:
            idx = [i for i, c in enumerate(self.counties) if c.city_code == city.code]
            pop[idx] = city.population_wan * 10_000 * w[idx] / w[idx].sum()
        return pop

    def townships_and_communities(self):
        rng = self.rng
        pop = self.county_population()
        t_rows, c_rows = [], []
        for ci, c in enumerate(self.counties):
            kinds = ["街道"] * c.streets + ["镇"] * c.towns + ["乡"] * c.xiang
            n_keep = max(1, int(round(len(kinds) * self.scale)))
            keep = sorted(rng.choice(len(kinds), size=n_keep, replace=False)) if n_keep < len(kinds) else range(len(kinds))
            kinds = [kinds[i] for i in keep]
            # communities per township: 街道 ≈ 12 (mostly 社区), 镇 ≈ 22 (mostly 村), 乡 ≈ 10 村
            per = {"街道": (12, 0.92), "镇": (22, 0.15), "乡": (10, 0.04)}
            comm = []
            for ti, kind in enumerate(kinds):
                tcode = f"{c.code}{ti + 1:03d}"
                suffix = {"街道": "街道", "镇": "镇", "乡": "乡"}[kind]
                tname = "".join(rng.choice(NAME_STEMS, 2)) + suffix
                t_rows.append((tcode, c.code, tname, kind))
                mean, urban_share = per[kind]
                n_comm = max(2, int(rng.poisson(mean * (1.0 if self.scale >= 0.2 else 0.6))))
                for k in range(n_comm):
                    is_urban = rng.random() < urban_share
                    comm.append((tcode, k, "社区" if is_urban else "村", kind))
            # population: urban communities larger; normalise so the county total = scale × county population
            # (n_keep/len(kinds) ≈ scale; the ratio keeps per-capita figures right at any scale)
            weights = np.array([rng.lognormal(math.log(6000 if k == "社区" else 3000), 0.35) for _, _, k, _ in comm])
            target = pop[ci] * n_keep / (c.streets + c.towns + c.xiang)
            people = np.maximum(300, np.round(weights / weights.sum() * target)).astype(int)
            city = CITY_BY_CODE[c.city_code]
            share60 = city.share_60plus / 100 * rng.uniform(0.9, 1.1)
            # township centres inside the county; communities scattered around them, kept inside the polygon
            centres = dict(zip(range(len(kinds)), zip(*geo.random_points_in_region(c.code, len(kinds), rng))))
            lons, lats = np.empty(len(comm)), np.empty(len(comm))
            for j, (tcode, _k, _kind, _tk) in enumerate(comm):
                lo, la = centres[int(tcode[-3:]) - 1]
                lons[j], lats[j] = lo + rng.normal(0, 0.03), la + rng.normal(0, 0.025)
            inside = geo.points_in_polygon(lons, lats, c.code)
            if (~inside).any():
                flo, fla = geo.random_points_in_region(c.code, int((~inside).sum()), rng)
                lons[~inside], lats[~inside] = flo, fla
            connected_p = float(_lerp(0.55, 0.99, _phi(self.quality[ci] + 0.3)))
            for j, (tcode, k, kind_c, _tk) in enumerate(comm):
                hh_size = rng.uniform(2.4, 2.8) if kind_c == "社区" else rng.uniform(2.7, 3.2)
                p = int(people[j])
                s60 = share60 * (0.9 if kind_c == "社区" else 1.12)
                c_rows.append((
                    f"{tcode}{k + 1:03d}", tcode, c.code,
                    "".join(rng.choice(NAME_STEMS, 2)) + ("社区" if kind_c == "社区" else "村"),
                    kind_c, max(1, int(round(p / hh_size))), p, int(round(p * min(0.6, s60))),
                    round(float(lons[j]), 5), round(float(lats[j]), 5), bool(rng.random() < connected_p),
                ))
        townships = pd.DataFrame(t_rows, columns=["township_code", "county_code", "name", "kind"])
        communities = pd.DataFrame(c_rows, columns=["community_id", "township_code", "county_code", "name", "kind",
                                                    "households", "population", "residents_60plus", "lon", "lat",
                                                    "smart_grid_connected"])
        # each city's 60+ share is exactly its reference figure (domain.md §2): the county draws and the 社区/村 split
        # only redistribute the elderly within the city
        city = communities.county_code.str[:4] + "00"
        target = communities.population * city.map({ct.code: ct.share_60plus / 100 for ct in CITIES})
        factor = city.map(target.groupby(city).sum() / communities.residents_60plus.groupby(city).sum())
        communities["residents_60plus"] = np.minimum(np.round(communities.residents_60plus * factor),
                                                     communities.population).astype(int)
        return townships, communities

    # ------------------------------------------------------------------ grids
    def grids(self, communities: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        cidx = {c.code: i for i, c in enumerate(self.counties)}
        q = self.quality[communities.county_code.map(cidx).to_numpy()]
        urban = (communities.kind == "社区").to_numpy()
        hh = communities.households.to_numpy()
        # domain.md §3: urban 300–500 households per 综合网格, rural 150–300; coverage lags in weak counties
        per_grid = np.where(urban, rng.uniform(270, 430, len(hh)), rng.uniform(150, 265, len(hh)))
        # weak counties leave more communities only partly gridded (coverage 70–97 %), strong ones almost none
        partial = _lerp(0.70, 0.97, _phi(q)) + rng.normal(0, 0.03, len(hh))
        full = rng.random(len(hh)) < _lerp(0.35, 0.95, _phi(q + 0.3))
        coverage = np.clip(np.where(full, 1.0, partial), 0.5, 1.0)
        covered = np.round(hh * coverage).astype(int)
        n_comp = np.maximum(1, np.round(covered / per_grid)).astype(int)
        n_excl = rng.poisson(np.where(urban, 0.45, 0.12))
        party_p = _lerp(0.55, 0.97, _phi(q))
        ft_p = _lerp(0.85, 1.0, _phi(q + 0.5))
        rows_comm = np.repeat(np.arange(len(hh)), n_comp + n_excl)
        seq = np.concatenate([np.arange(k) for k in (n_comp + n_excl)])
        is_comp = seq < n_comp[rows_comm]
        n = len(rows_comm)
        # split covered households over the community's 综合网格
        base = (covered // n_comp)[rows_comm]
        rem = (covered % n_comp)[rows_comm]
        grid_hh = np.where(is_comp, base + (seq < rem), 0)
        ft = np.where(is_comp, (rng.random(n) < ft_p[rows_comm]).astype(int), (rng.random(n) < 0.3).astype(int))
        pt = np.where(is_comp, rng.poisson(1.5, n), rng.poisson(1.0, n) + 1)
        comm_ids = communities.community_id.to_numpy()[rows_comm]
        return pd.DataFrame({
            "grid_id": [f"{cid}{s + 1:03d}" for cid, s in zip(comm_ids, seq)],
            "community_id": comm_ids,
            "county_code": communities.county_code.to_numpy()[rows_comm],
            "grid_type": np.where(is_comp, "综合网格", "专属网格"),
            "households": grid_hh.astype(int),
            "fulltime_workers": ft.astype(int),
            "parttime_workers": pt.astype(int),
            "party_branch": rng.random(n) < party_p[rows_comm],
        })

    def grid_events(self, grids: pd.DataFrame) -> pa.Table:
        """One row per grid and month (≈4.3 M rows at scale 1): built column-wise in numpy/pyarrow, no Python loop."""
        rng = self.rng
        cidx = {c.code: i for i, c in enumerate(self.counties)}
        g_county = grids.county_code.map(cidx).to_numpy()
        n_g, n_m = len(grids), len(self.months)
        year_frac = (np.arange(n_m) - (n_m - 1)) / 12.0  # 0 in the latest month, −3 years at the start
        q = self.quality[g_county][:, None] + self.trend[g_county][:, None] * year_frac[None, :]
        # domain.md §3: 0.5–3 events per grid per day; busier urban and 综合 grids
        grid_rate = np.where(grids.grid_type.to_numpy() == "综合网格", 1.0, 0.45) * rng.lognormal(0, 0.35, n_g)
        month_num = np.array([m.month for m in self.months])
        season = 1 + 0.10 * np.sin((month_num - 4) / 12 * 2 * np.pi)  # busier in summer
        lam = (grid_rate[:, None] * season[None, :] * 1.4 * 30).ravel()  # ≈ 1.4 events/day
        shares = EVENT_SHARES[None, :] * rng.uniform(0.8, 1.2, (n_g * n_m, 6))
        shares[:, 1] *= np.repeat(season[None, :], n_g, axis=0).ravel()  # environment peaks in summer
        shares /= shares.sum(1, keepdims=True)
        reported = rng.poisson(lam[:, None] * shares).astype(np.int32)
        total = reported.sum(1)
        qf = q.ravel()
        closure = np.clip(_lerp(0.915, 0.995, _phi(qf)) + rng.normal(0, 0.006, qf.size), 0.85, 1.0)
        resolved = rng.binomial(total, closure).astype(np.int32)
        on_time_rate = np.clip(_lerp(0.86, 0.985, _phi(qf - 0.1)) + rng.normal(0, 0.01, qf.size), 0.7, 1.0)
        on_time = rng.binomial(resolved, on_time_rate).astype(np.int32)
        resp = np.round(np.clip(np.exp(_lerp(math.log(110), math.log(12), _phi(qf)) + rng.normal(0, 0.25, qf.size)), 5, 240), 1)
        days = np.round(np.clip(_lerp(4.6, 1.1, _phi(qf)) + rng.normal(0, 0.3, qf.size), 0.5, 8), 2)
        sat = np.round(np.clip(_lerp(90.5, 99.2, _phi(qf)) + rng.normal(0, 0.6, qf.size), 80, 100), 1)
        none = total == 0
        month_arr = pa.array(np.tile(np.array(self.months, dtype="datetime64[D]"), n_g), type=pa.date32())
        gid = pa.array(grids.grid_id.to_numpy(dtype=object), type=pa.string())
        cty = pa.array(grids.county_code.to_numpy(dtype=object), type=pa.string())
        rep_idx = pa.array(np.repeat(np.arange(n_g), n_m))
        cols = {
            "grid_id": pc.take(gid, rep_idx), "county_code": pc.take(cty, rep_idx), "month": month_arr,
        }
        for k, cat in enumerate(EVENT_CATEGORIES):
            cols[f"reported_{cat}"] = pa.array(reported[:, k])
        cols["resolved"] = pa.array(resolved)
        cols["resolved_on_time"] = pa.array(on_time)
        cols["mean_response_minutes"] = pa.array(np.where(none, np.nan, resp), from_pandas=True)
        cols["mean_days_to_close"] = pa.array(np.where(none, np.nan, days), from_pandas=True)
        cols["satisfaction_pct"] = pa.array(np.where(none, np.nan, sat), from_pandas=True)
        return pa.table(cols)

    # ------------------------------------------------------------------ money
    def budgets(self, pop_full: np.ndarray, project_payments: dict, end_year: int) -> pd.DataFrame:
        """County general public budgets and their existing PPP obligations (docs/domain.md §5a).

        Expenditure grows smoothly: an autocorrelated rate around the county's own mean (3.5–5.5 %), kept within
        BUDGET_GROWTH_BOUNDS — no year-on-year swing anywhere near ±15 % (no shocks are generated); projections are
        prudent, a little under the mean (财金〔2022〕119号: no inflating the denominator).
        Obligations = the project library's streams (``library_payments``: what the projects table says) + a
        portfolio of off-library PPP contracts signed 2015–LAST_PPP_SIGNING_YEAR (none after: 115号) whose 21号
        streams run off, scaled so the LATEST ACTUAL year (the last 决算) matches a target share: ranked by fiscal
        stress, ≈3 % of counties over 10 %, ≈15 % more between 7 % and 10 %, the rest under 7 %; Nanjing's
        districts, the richest budgets, stay under 7 %.
        """
        rng = self.rng
        rows = []
        years = list(range(end_year - 3, end_year + 10))
        calib = end_year - 1  # the latest 决算 year
        nanjing = np.array([c.city_code == "320100" for c in self.counties])
        targets = _obligation_targets(self.fiscal_stress, nanjing)
        for i, c in enumerate(self.counties):
            city = CITY_BY_CODE[c.city_code]
            city_pop = sum(pop_full[j] for j, cc in enumerate(self.counties) if cc.city_code == c.city_code)
            # city expenditure (亿, domain.md §2 [E]) shared by population; counties spend ≈55 % of the city total
            exp0 = city.gpb_expenditure_yi * 10_000 * 0.55 * pop_full[i] / city_pop * rng.uniform(0.85, 1.15)
            self_suff = np.clip(rng.normal(0.62 + 0.1 * CITY_EFFECT[c.city_code], 0.12), 0.25, 0.98)  # cf. 65.15 % [S9]
            mean_growth = rng.uniform(0.035, 0.055)
            growth, exp, expenditure = mean_growth, exp0, {}
            for y in years:
                if y > years[0]:
                    growth = mean_growth + 0.6 * (growth - mean_growth) + rng.normal(0, 0.006)
                    if y > end_year:  # 预测: prudent
                        growth = min(growth, mean_growth - 0.005)
                    growth = float(np.clip(growth, *BUDGET_GROWTH_BOUNDS))
                    exp *= 1 + growth
                expenditure[y] = exp
            # off-library PPP contracts: 21号 viability-gap streams (domain.md §5a), shape first, scale below
            portfolio = dict.fromkeys(years, 0.0)
            for _ in range(int(rng.integers(3, 9))):
                signed = int(rng.integers(2015, LAST_PPP_SIGNING_YEAR + 1))
                n_years = int(rng.integers(10, 21))
                cost = rng.lognormal(0.0, 0.5)
                fees = cost * rng.uniform(0.02, 0.05)
                for n in range(1, n_years + 1):
                    y = signed + 1 + n  # payments start after a two-year construction
                    if y in portfolio:
                        portfolio[y] += legacy_ppp_subsidy(cost, 0.06, 0.035, n_years, 0.05 * cost, fees, "viability_gap", n)
            library = {y: project_payments.get((c.code, y), 0.0) for y in years}
            gap = targets[i] * expenditure[calib] - library[calib]
            scale = max(gap, 0.0) / portfolio[calib] if portfolio[calib] > 0 else 0.0
            for y in years:
                kind = "决算" if y < end_year else ("预算" if y == end_year else "预测")
                obligations = scale * portfolio[y] + library[y]
                rows.append((c.code, y, kind, round(expenditure[y] * self_suff, 1), round(expenditure[y], 1),
                             round(obligations, 1)))
        return pd.DataFrame(rows, columns=["county_code", "year", "budget_kind", "gpb_revenue", "gpb_expenditure",
                                           "ppp_obligations"])

    def fund_allocations(self, communities: pd.DataFrame, end: date) -> pd.DataFrame:
        rng = self.rng
        pop = communities.groupby("county_code").population.sum()
        rows = []
        for i, c in enumerate(self.counties):
            q = self.quality[i]
            sc_share = float(np.clip(_lerp(0.03, 0.24, _phi(q + 0.2)) + rng.normal(0, 0.02), 0.01, 0.35))
            per_head = rng.uniform(220, 420) * (1.2 if c.county_type == "市辖区" else 1.0)  # 元 per resident-year
            total0 = pop.get(c.code, 0) * per_head / 10_000  # 万元
            for y in range(end.year - 3, end.year + 1):
                as_of = 12 if y < end.year else end.month
                t = y - end.year
                sc_y = sc_share * (1 + 0.12 * t) if t < 0 else sc_share
                src_mix = {"省级专项资金": 0.15, "市县财政": 0.50 - sc_y, "社会资本": sc_y, "专项债": 0.22,
                           "贴息贷款": 0.07, "ABS": 0.03 + 0.02 * (q > 0.5)}
                for p, pshare in zip(PROGRAMS, PROGRAM_SHARES):
                    allowed = SOURCE_ALLOWED[p]
                    w = np.array([src_mix[s] for s in allowed]) * rng.uniform(0.6, 1.4, len(allowed))
                    w /= w.sum()
                    prog_total = total0 * pshare * rng.uniform(0.8, 1.2) * 1.05 ** t
                    for s, share in zip(allowed, w):
                        budget = prog_total * share
                        if budget < 0.5:
                            continue
                        if as_of == 12:  # closed year: most of the budget disbursed and spent
                            disb = budget * rng.uniform(0.9, 1.0)
                            exe = disb * float(np.clip(_lerp(0.78, 0.99, _phi(q)) + rng.normal(0, 0.04), 0.5, 1.0))
                        else:  # in-year: execution follows the calendar, laggards behind
                            disb = budget * min(1.0, as_of / 12 * rng.uniform(0.95, 1.25))
                            pace = float(np.clip(_lerp(0.55, 1.0, _phi(q + self.trend[i])) + rng.normal(0, 0.08), 0.3, 1.1))
                            exe = min(disb, budget * as_of / 12 * pace)
                        rows.append((y, c.code, p, s, as_of, round(budget, 2), round(disb, 2), round(exe, 2)))
        return pd.DataFrame(rows, columns=["year", "county_code", "program", "source", "as_of_month", "budget",
                                           "disbursed", "executed"])

    def projects(self, end: date):
        """Project library. Legacy (存量) PPPs carry yearly payments from the 21号 formula (domain.md §5a)."""
        rng = self.rng
        models = FINANCING_MODELS
        model_p = np.array([0.26, 0.22, 0.08, 0.14, 0.12, 0.06, 0.12])
        names = {
            "养老服务": ["区域性养老服务中心", "街道综合养老服务中心", "医养结合康复中心", "社区助餐中心"],
            "智慧网格": ["全要素网格通平台升级", "社会治理现代化指挥中心", "智慧社区感知终端"],
            "老旧小区改造": ["老旧小区综合改造", "加装电梯及管网改造", "片区城市更新"],
            "垃圾分类": ["垃圾分类集中投放点建设", "厨余垃圾处理站", "再生资源回收体系"],
            "社区公共设施": ["邻里中心", "社区体育公园", "党群服务中心综合体"],
            "党建阵地": ["红色驿站", "网格党建服务站"],
        }
        milestones = ("立项", "可研批复", "招标采购", "开工", "主体完工", "竣工验收", "投入运营")
        key = {"开工", "主体完工", "竣工验收", "投入运营"}
        p_rows, m_rows = [], []
        payments: dict[tuple[str, int], float] = {}
        n_per = max(3, int(round(8 * min(1.0, self.scale ** 0.5))))
        for i, c in enumerate(self.counties):
            for k in range(n_per + int(rng.integers(0, 3))):
                program = str(rng.choice(PROGRAMS, p=np.array(PROGRAM_SHARES) / sum(PROGRAM_SHARES)))
                allowed = np.array([m in MODEL_ALLOWED[program] for m in models])
                model = str(rng.choice(models, p=model_p * allowed / (model_p * allowed).sum()))
                if model == "存量PPP-可行性缺口补助":
                    start = date(int(rng.integers(2016, 2020)), int(rng.integers(1, 13)), 1)
                else:
                    start = date(int(rng.integers(end.year - 4, end.year + 2)), int(rng.integers(1, 13)), 1)
                inv = float(np.round(rng.lognormal(math.log(12000), 0.8), 0))
                sc_share = {"PPP-使用者付费": 0.8, "存量PPP-可行性缺口补助": 0.85, "BOT": 0.8, "ABS": 0.55}.get(model, 0.0)
                sc = round(inv * sc_share * rng.uniform(0.85, 1.0), 0) if sc_share else 0.0
                term = {"存量PPP-可行性缺口补助": int(rng.integers(10, 16)), "BOT": int(rng.integers(15, 31)),
                        "PPP-使用者付费": int(rng.integers(15, 31)), "专项债": int(rng.choice([10, 15, 20, 30])),
                        "ABS": int(rng.integers(3, 11)), "贴息贷款": int(rng.integers(3, 11))}.get(model, int(rng.integers(2, 5)))
                pay, p_start, p_end = 0.0, None, None
                if model == "存量PPP-可行性缺口补助":
                    # 21号 viability-gap payment, year-1 level: cost×(1+6%)×(1+3.5%)/term + O&M×(1+6%) − user fees
                    opex, fees = inv * 0.05, inv * rng.uniform(0.02, 0.05)
                    pay = round(inv * 1.06 * 1.035 / term + opex * 1.06 - fees, 1)
                    p_start = start.year + 2
                    p_end = p_start + term - 1
                elif model == "BOT" and rng.random() < 0.3:  # operating subsidy only (domain.md §5c)
                    pay = round(inv * rng.uniform(0.005, 0.02), 1)
                    p_start, p_end = start.year + 2, start.year + 1 + term
                # milestones: planned every 2–6 months; delays grow in weak counties
                planned = []
                d = start
                for s in range(len(milestones)):
                    planned.append(d)
                    mm = d.month - 1 + int(rng.integers(2, 7)) + (4 if s == 3 else 0)
                    d = date(d.year + mm // 12, mm % 12 + 1, 1)
                delay_scale = _lerp(110, 12, float(_phi(self.quality[i])))
                delay = 0
                reached_all = True
                for s, (ms, pd_) in enumerate(zip(milestones, planned)):
                    delay += int(rng.exponential(delay_scale / 7))
                    actual = pd.Timestamp(pd_) + pd.Timedelta(days=delay + int(rng.integers(-10, 10)))
                    act = actual.date() if actual.date() <= end and reached_all else None
                    if act is None:
                        reached_all = False
                    m_rows.append((f"P{c.code}{k + 1:03d}", s + 1, ms, ms in key, pd_, act))
                reached = sum(1 for r in m_rows[-len(milestones):] if r[5] is not None)
                status = ("前期" if reached < 4 else "在建" if reached < 6 else "运营" if reached == 7 else "完工")
                if rng.random() < 0.03:
                    status = "暂停"
                score = float(np.clip(rng.normal(_lerp(68, 92, float(_phi(self.quality[i]))) - delay / 30, 5), 40, 99))
                risk = "高" if (delay > 180 or score < 62 or status == "暂停") else ("中" if delay > 90 or score < 74 else "低")
                title = f"{c.name}{str(rng.choice(names[program]))}{'项目' if rng.random() < 0.6 else '工程'}"
                p_rows.append((f"P{c.code}{k + 1:03d}", c.code, title, program, model, inv, sc, start, term, status,
                               round(score, 1) if reached >= 4 else None, risk, pay, p_start, p_end))
        projects = pd.DataFrame(p_rows, columns=["project_id", "county_code", "name", "program", "model",
                                                 "total_investment", "social_capital", "start_date", "term_years",
                                                 "status", "performance_score", "risk_level", "annual_gov_payment",
                                                 "payment_start_year", "payment_end_year"])
        projects["payment_start_year"] = projects.payment_start_year.astype("Int64")
        projects["payment_end_year"] = projects.payment_end_year.astype("Int64")
        # the yearly streams the county budgets include: exactly what the projects table says (one definition)
        for row in projects[projects.annual_gov_payment > 0].to_dict("records"):
            for y, v in library_payments(row).items():
                payments[(row["county_code"], y)] = payments.get((row["county_code"], y), 0.0) + v
        ms = pd.DataFrame(m_rows, columns=["project_id", "seq", "milestone", "is_key", "planned_date", "actual_date"])
        return projects, ms, payments

    # ------------------------------------------------------------------ elderly care
    def elderly(self, townships: pd.DataFrame, communities: pd.DataFrame):
        rng = self.rng
        rows = []
        fid = 0
        for i, c in enumerate(self.counties):
            q = self.quality[i]
            comm = communities[communities.county_code == c.code]
            elderly = comm.residents_60plus.sum()
            # domain.md §4: beds per 1,000 elderly 30–45 (some counties below to give the gap finder work)
            beds_per_k = float(np.clip(_lerp(24, 47, _phi(q)) + rng.normal(0, 3), 18, 55))
            # 护理型床位占比 of the 养老机构 (domain.md §4: ≥55 % nationally by 2025, Jiangsu 60–70 % [E]): county
            # median ≈65 %, ≈1 county in 10 under 55 % and ≈1 in 4 under the 60 % target, for the gap finder
            nursing_share = float(np.clip(_lerp(0.48, 0.76, _phi(q + 0.2)) + rng.normal(0, 0.04), 0.3, 0.85))
            pub_priv = float(_lerp(0.25, 0.7, _phi(q)))  # share of 公建民营 among public facilities
            inst_beds = beds_per_k * elderly / 1000 * 0.8

            def operator(pub_priv=pub_priv):  # bound now: called only in this county's iteration
                r = rng.random()
                if r < 0.35:
                    return "民办"
                return "公建民营" if rng.random() < pub_priv else "公办公营"

            def add(ftype, comm_row, beds, nursing, occ, cost, opened, c=c):
                nonlocal fid
                fid += 1
                lon = comm_row.lon + rng.normal(0, 0.004) if comm_row is not None else None
                lat = comm_row.lat + rng.normal(0, 0.004) if comm_row is not None else None
                rows.append([f"F{c.code}{fid:05d}", c.code, comm_row.community_id if comm_row is not None else None,
                             None, ftype, operator(), int(beds), int(nursing), int(occ), round(cost, 1), opened,
                             lon, lat])

            # institutions: 50–400 beds each until the county's bed stock is reached
            placed = 0.0
            while placed < inst_beds:
                b = int(rng.integers(50, 400))
                b = int(min(b, max(20, inst_beds - placed + 10)))
                cr = comm.iloc[int(rng.integers(len(comm)))]
                occ = b * float(np.clip(rng.normal(_lerp(0.55, 0.82, _phi(q)), 0.08), 0.3, 0.98))
                add("养老机构", cr, b, round(b * nursing_share * rng.uniform(0.85, 1.15)), occ,
                    b * rng.uniform(2.2, 3.6), int(rng.integers(1998, 2026)))
                placed += b
            streets = townships[(townships.county_code == c.code) & (townships.kind == "街道")]
            # domain.md §4: 61 street comprehensive centres in Jiangsu by Aug 2023 (≈13 % of 466 街道), opened 2019–
            # 2026: ≈21 % of streets get one, 5/8 of them by 2023
            centre_p = float(_lerp(0.10, 0.32, _phi(q + 0.4)))
            for tc in streets.township_code:
                if rng.random() < centre_p:
                    sub = comm[comm.township_code == tc]
                    cr = sub.iloc[int(rng.integers(len(sub)))]
                    b = int(rng.integers(20, 60))
                    add("街道综合养老服务中心", cr, b, round(b * 0.6), b * rng.uniform(0.5, 0.9), b * 2.5 + 60,
                        int(rng.integers(2019, 2027)))
            station_p = float(_lerp(0.45, 0.95, _phi(q)))
            meal_every = float(_lerp(3.0, 1.2, _phi(q)))  # domain.md §4: 1 meal point per 1–3 communities
            for _, cr in comm.iterrows():
                if rng.random() < station_p:
                    b = int(rng.integers(0, 11))
                    add("社区居家养老服务站", cr, b, round(b * 0.3), b * rng.uniform(0.3, 0.9), 25 + b * 2,
                        int(rng.integers(2015, 2026)))
                if rng.random() < 1 / meal_every:
                    add("助餐点", cr, 0, 0, 0, rng.uniform(8, 25), int(rng.integers(2019, 2026)))
        fac = pd.DataFrame(rows, columns=["facility_id", "county_code", "community_id", "name", "facility_type",
                                          "operator_model", "beds", "nursing_beds", "occupied_beds",
                                          "annual_operating_cost", "opened_year", "lon", "lat"])
        fac["nursing_beds"] = np.minimum(fac.nursing_beds, fac.beds)
        fac["occupied_beds"] = np.minimum(fac.occupied_beds, fac.beds)
        comm_names = communities.set_index("community_id").name
        suffix = {"养老机构": "颐养院", "街道综合养老服务中心": "综合养老服务中心", "社区居家养老服务站": "居家养老服务站",
                  "助餐点": "长者助餐点"}
        fac["name"] = fac.community_id.map(comm_names).fillna("") + fac.facility_type.map(suffix)
        fac["lon"] = fac.lon.astype(float).round(5)
        fac["lat"] = fac.lat.astype(float).round(5)
        return fac

    def elderly_services(self, fac: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        n_f, n_m = len(fac), len(self.months)
        cidx = {c.code: i for i, c in enumerate(self.counties)}
        q = self.quality[fac.county_code.map(cidx).to_numpy()]
        ftype = fac.facility_type.to_numpy()
        opened = fac.opened_year.to_numpy()
        m_year = np.array([m.year for m in self.months])
        active = (m_year[None, :] >= opened[:, None]).ravel()
        idx = np.repeat(np.arange(n_f), n_m)
        t = np.tile(np.arange(n_m), n_f)
        growth = 1 + 0.01 * (t - n_m)
        meal_base = np.select([ftype == "助餐点", ftype == "街道综合养老服务中心", ftype == "社区居家养老服务站"],
                              [rng.uniform(60, 120, n_f) * 30, rng.uniform(40, 90, n_f) * 30, rng.uniform(0, 20, n_f) * 30], 0)
        visit_base = np.select([ftype == "社区居家养老服务站", ftype == "街道综合养老服务中心"],
                               [rng.uniform(40, 160, n_f), rng.uniform(80, 300, n_f)], rng.uniform(0, 10, n_f))
        occ = fac.occupied_beds.to_numpy()
        people_base = np.where(ftype == "养老机构", occ, np.where(ftype == "助餐点", meal_base / 30 * 0.9,
                                                                    visit_base * 0.6 + occ + 20))
        meals = rng.poisson(meal_base[idx] * growth)
        visits = rng.poisson(visit_base[idx] * growth)
        people = rng.poisson(np.maximum(people_base[idx], 1) * growth)
        hours = np.round(visits * rng.uniform(1.2, 2.2, idx.size) + people * np.where(ftype[idx] == "养老机构", 20, 1.5), 1)
        sat = np.round(np.clip(_lerp(90, 98, _phi(q[idx])) + rng.normal(0, 1.2, idx.size), 80, 100), 1)
        df = pd.DataFrame({
            "facility_id": fac.facility_id.to_numpy()[idx], "county_code": fac.county_code.to_numpy()[idx],
            "month": np.tile(np.array(self.months, dtype="datetime64[D]"), n_f),
            "meals_served": meals, "home_visits": visits, "service_hours": hours, "people_served": people,
            "satisfaction_pct": sat,
        })
        return df[active].reset_index(drop=True)

    # ------------------------------------------------------------------ waste sorting and councils
    def waste(self, communities: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        n_c, n_m = len(communities), len(self.months)
        cidx = {c.code: i for i, c in enumerate(self.counties)}
        q = self.quality[communities.county_code.map(cidx).to_numpy()]
        idx = np.repeat(np.arange(n_c), n_m)
        t = np.tile(np.arange(n_m), n_c)
        # smart equipment: ≈45 % of communities get it at some month; accuracy jumps ≈ +6 pp after
        install = np.where(rng.random(n_c) < _lerp(0.2, 0.7, _phi(q)), rng.integers(0, n_m + 12, n_c), 10_000)
        smart = t >= install[idx]
        prog = t / (n_m - 1)
        part0 = _lerp(58, 84, _phi(q)) + rng.normal(0, 4, n_c)
        acc0 = _lerp(48, 72, _phi(q)) + rng.normal(0, 4, n_c)
        part = np.clip(part0[idx] + prog * rng.uniform(6, 16, n_c)[idx] + rng.normal(0, 1.5, idx.size), 20, 99.5)
        acc = np.clip(acc0[idx] + prog * rng.uniform(8, 20, n_c)[idx] + smart * 6 + rng.normal(0, 1.5, idx.size), 20, 99)
        pop = communities.population.to_numpy()[idx]
        total_t = pop * 0.030 * rng.uniform(0.9, 1.1, idx.size)  # ≈1 kg per person-day
        rec_share = np.clip(0.22 + acc / 100 * 0.12, 0.2, 0.4)
        kitchen_share = np.clip(0.25 + acc / 100 * 0.2, 0.25, 0.45)
        df = pd.DataFrame({
            "community_id": communities.community_id.to_numpy()[idx],
            "county_code": communities.county_code.to_numpy()[idx],
            "month": np.tile(np.array(self.months, dtype="datetime64[D]"), n_c),
            "participation_pct": np.round(part, 1), "accuracy_pct": np.round(acc, 1),
            "kitchen_t": np.round(total_t * kitchen_share, 2), "recyclable_t": np.round(total_t * rec_share, 2),
            "hazardous_t": np.round(total_t * 0.004, 3),
            "other_t": np.round(total_t * (1 - kitchen_share - rec_share - 0.004), 2),
            "smart_equipment": smart,
        })
        return df

    def councils(self, communities: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        cidx = {c.code: i for i, c in enumerate(self.counties)}
        q_all = self.quality[communities.county_code.map(cidx).to_numpy()]
        has = rng.random(len(communities)) < _lerp(0.55, 0.98, _phi(q_all))
        comm = communities[has]
        q = q_all[has]
        n_c, n_m = len(comm), len(self.months)
        idx = np.repeat(np.arange(n_c), n_m)
        t = np.tile(np.arange(n_m), n_c)
        meetings = rng.poisson(_lerp(0.8, 2.6, _phi(q))[idx] * (1 + 0.01 * (t - n_m)))
        participants = rng.poisson(meetings * rng.uniform(12, 40, n_c)[idx])
        proposals = rng.poisson(meetings * 1.4)
        adopt = np.clip(_lerp(0.48, 0.9, _phi(q))[idx] + 0.003 * (t - n_m), 0.2, 0.98)
        adopted = rng.binomial(proposals, adopt)
        return pd.DataFrame({
            "community_id": comm.community_id.to_numpy()[idx], "county_code": comm.county_code.to_numpy()[idx],
            "council_type": np.where(comm.kind.to_numpy()[idx] == "社区", "社区协商议事会", "居民自治委员会"),
            "month": np.tile(np.array(self.months, dtype="datetime64[D]"), n_c),
            "meetings": meetings, "participants": participants, "proposals": proposals, "adopted": adopted,
        })

    def cases(self) -> pd.DataFrame:
        from governance.core.demo.case_templates import CASE_TEMPLATES
        rng = self.rng
        order = np.argsort(-self.quality)  # leading counties contribute more cases
        rows = []
        for k, tpl in enumerate(CASE_TEMPLATES):
            ci = int(order[int(min(len(order) - 1, abs(rng.normal(0, 30))))])
            c = self.counties[ci]
            before = tpl["before"] * rng.uniform(0.9, 1.1)
            after = tpl["after"] * rng.uniform(0.95, 1.05)
            if tpl["unit"] == "%":  # a rate never passes 100 %
                before, after = min(before, 99.5), min(after, 99.8)
            rows.append((f"C{k + 1:03d}", c.code, tpl["title"].format(county=c.name), tpl["category"],
                         int(rng.integers(2019, self.months[-1].year + 1)), tpl["summary"].format(county=c.name),
                         tpl["indicator"], tpl["unit"], round(before, 1), round(after, 1), tpl["higher_is_better"],
                         int(tpl["replicability"])))
        return pd.DataFrame(rows, columns=["case_id", "county_code", "title", "category", "year", "summary",
                                           "indicator", "unit", "value_before", "value_after", "higher_is_better",
                                           "replicability"])


# ---------------------------------------------------------------------- writing exports

def _write_csv_bom(table: pa.Table | pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, the way Chinese grid systems export for Excel. pyarrow writes ≈10× faster than pandas."""
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf")
        pacsv.write_csv(table, f, pacsv.WriteOptions(include_header=True, quoting_style="needed"))


def _write_gbk_csv(df: pd.DataFrame, path: Path, table: str) -> None:
    """Civil-affairs registers come as GBK CSV with Chinese headers."""
    labels = column_labels(table)
    out = df.rename(columns=labels)
    out.to_csv(path, index=False, encoding="gbk", lineterminator="\n")


def _write_xlsx(sheets: dict[str, pd.DataFrame], path: Path, table_for_sheet: dict[str, str]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for sheet, df in sheets.items():
            df.rename(columns=column_labels(table_for_sheet[sheet])).to_excel(xw, sheet_name=sheet, index=False)
    _normalise_xlsx_timestamps(path)


def _normalise_xlsx_timestamps(path: Path) -> None:
    """openpyxl stamps the current time into docProps/core.xml: pin it so identical inputs give identical bytes."""
    import zipfile
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                import re
                data = re.sub(rb"<dcterms:(created|modified)([^>]*)>[^<]*<", rb"<dcterms:\1\2>2000-01-01T00:00:00Z<", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    tmp.replace(path)


def generate(out_dir: Path, scale: float = 1.0, seed: int = 20231126, end_month: date | None = None,
             progress=None) -> dict:
    """Write every demo export into out_dir and a manifest.json; returns the manifest."""
    progress = progress or (lambda f, m: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cfg = DemoConfig(scale=scale, seed=seed, end_month=end_month)
    g = _Gen(cfg)
    end = cfg.resolved_end()
    files = {ds.name: out_dir / ds.file for ds in DATASETS}

    progress(0.02, "townships")
    townships, communities = g.townships_and_communities()
    _write_gbk_csv(townships, files["townships"], "townships")
    _write_gbk_csv(communities, files["communities"], "communities")
    progress(0.10, "grids")
    grids = g.grids(communities)
    _write_csv_bom(grids, files["grids"])
    progress(0.15, "grid_events_monthly")
    _write_csv_bom(g.grid_events(grids), files["grid_events_monthly"])
    progress(0.45, "projects")
    projects, milestones, payments = g.projects(end)
    budgets = g.budgets(g.county_population(), payments, end.year)
    _write_xlsx({"一般公共预算": budgets}, files["budgets"], {"一般公共预算": "budgets"})
    _write_xlsx({"项目库": projects}, files["projects"], {"项目库": "projects"})
    _write_xlsx({"项目节点": milestones}, files["project_milestones"], {"项目节点": "project_milestones"})
    _write_csv_bom(g.fund_allocations(communities, end), files["fund_allocations"])
    progress(0.55, "elderly_facilities")
    fac = g.elderly(townships, communities)
    _write_csv_bom(fac, files["elderly_facilities"])
    _write_csv_bom(g.elderly_services(fac), files["elderly_services_monthly"])
    progress(0.70, "waste_sorting_monthly")
    _write_csv_bom(g.waste(communities), files["waste_sorting_monthly"])
    _write_csv_bom(g.councils(communities), files["resident_councils"])
    _write_xlsx({"案例库": g.cases()}, files["innovation_cases"], {"案例库": "innovation_cases"})
    progress(0.80, "manifest")

    manifest = {
        "generator": GENERATOR_VERSION, "scale": scale, "seed": seed,
        "first_month": g.months[0].isoformat(), "latest_month": end.isoformat(),
        "files": {name: {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
                  for name, p in files.items()},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest
