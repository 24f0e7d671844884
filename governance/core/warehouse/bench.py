"""`python -m governance bench --scale S`: every named query's p50/p95 in DuckDB against the same answer computed
with pandas on frames held in memory (what most Streamlit dashboards do), plus build time, size and peak memory.

Targets (issue #2, for this benchmark only): scale 1 — build ≤ 60 s, every query p95 ≤ 50 ms; scale 10 — ≤ 500 ms.
Scenario redraw (a slider move on the scenarios page: model + rules + tornado) ≤ 100 ms. Speed targets live here,
never in a timed test.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from governance.core import vocabulary
from governance.core.finance import FinancingShares, LegacyPPPInputs, ScenarioInputs
from governance.core.finance.county import county_context
from governance.core.finance.evaluation import compute
from governance.core.warehouse import (
    build,
    connect,
    cursor,
    dataset_info,
    query_names,
    run_query,
)
from governance.settings import DATA_DIR


def _months_back(end: date, n: int) -> date:
    y, m = end.year, end.month - (n - 1)
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def representative_params(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Province, one city and one county; the latest 12 months."""
    info = dataset_info(con)
    end = pd.Timestamp(info["latest_month"]).date()
    start = _months_back(end, 12)
    first_project = con.execute("SELECT min(project_id) FROM projects WHERE county_code = '320506'").fetchone()[0]
    base = dict(start_month=start, end_month=end, first_year=end.year, last_year=end.year + 5, limit=10,
                group_level="county", programs=list(vocabulary.PROGRAMS), sources=list(vocabulary.SOURCES),
                models=list(vocabulary.FINANCING_MODELS), statuses=list(vocabulary.PROJECT_STATUSES),
                risks=list(vocabulary.RISK_LEVELS),
                project_id=first_project, county_code="320506", category=None, city_code=None, search=None)
    return [dict(base, region=r) for r in ("320000", "320500", "320506")]


def _p50_p95(times_ms: list[float]) -> tuple[float, float]:
    times = sorted(times_ms)
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def _timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return _p50_p95(times)


# ---------------------------------------------------------------------------------------------- scenario redraw
REDRAW_TARGET_MS = 100
REDRAW_COUNTY = "320804"  # 淮阴区: a county with budgets, obligations and library projects


def redraw_scenario() -> ScenarioInputs:
    """The heaviest case the scenarios page recomputes: five instruments and a legacy PPP stream, 35 years."""
    inp = ScenarioInputs(project_name="复杂方案", project_type="waste_sorting_facility", total_investment=25000.0,
                         construction_years=3, horizon_years=35, user_fees=2100.0, opex=700.0)
    inp.shares = FinancingShares(budget=0.1, special_bond=0.3, subsidized_loan=0.2, franchise=0.3, abs=0.1)
    inp.special_bond.rate, inp.special_bond.repayment = 0.029, "bullet"
    inp.subsidized_loan.government_repays = True
    inp.franchise.model, inp.franchise.term, inp.franchise.operating_subsidy = "TOT", 30, 120.0
    inp.franchise.transfer_price, inp.franchise.private_enterprise_equity_share = 4000.0, 0.4
    inp.franchise.government_equity_share, inp.franchise.supporting_investment = 0.1, 600.0
    inp.abs.advance_rate = 0.55
    inp.legacy_ppp = LegacyPPPInputs(construction_cost=8000.0, subsidy_years=8, start_year=2)
    return inp


def scenario_redraw(con: duckdb.DuckDBPyConnection, runs: int) -> dict:
    """What a slider move on the scenarios page recomputes (``finance.evaluation.compute``: validate, run the
    model, check the rules, ±20 % tornado), over ``runs`` moves: p50/p95 wall time and the median thread CPU time
    (on a shared machine wall time includes other processes). The figures are drawn by the face, not timed here."""
    year = pd.Timestamp(dataset_info(con)["latest_month"]).year
    county = county_context(run_query(con, "county_fiscal_context", county_code=REDRAW_COUNTY, first_year=year),
                            REDRAW_COUNTY)
    inp = redraw_scenario()
    compute(inp, county, year)  # warm-up
    wall, cpu = [], []
    for i in range(max(runs, 1)):
        inp.shares.budget, inp.shares.special_bond = 0.1 + (i % 5) * 0.01, 0.3 - (i % 5) * 0.01  # a slider move
        w, c = time.perf_counter(), time.thread_time()
        compute(inp, county, year)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    p50, p95 = _p50_p95(wall)
    return dict(p50=p50, p95=p95, cpu_p50=statistics.median(cpu), target=REDRAW_TARGET_MS)


# ---------------------------------------------------------------------------------------------- pandas baselines
class PandasBaseline:
    """The same questions answered with pandas on raw tables loaded into memory (no marts)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        t = time.perf_counter()
        self.events = con.execute("SELECT * FROM grid_events_monthly").df()
        self.regions = con.execute("SELECT * FROM regions").df()
        self.grids = con.execute("SELECT * FROM grids").df()
        self.communities = con.execute("SELECT * FROM communities").df()
        self.budgets = con.execute("SELECT * FROM budgets").df()
        self.projects = con.execute("SELECT * FROM projects").df()
        self.load_seconds = time.perf_counter() - t
        cats = [c for c in self.events.columns if c.startswith("reported_")]
        self.events["reported"] = self.events[cats].sum(axis=1)
        self.county_city = self.regions[self.regions.level == "county"].set_index("code").parent_code

    def _counties(self, region: str) -> pd.Index:
        if region == "320000":
            return self.county_city.index
        if region.endswith("00"):
            return self.county_city.index[self.county_city == region]
        return pd.Index([region])

    def event_trend(self, p):
        e = self.events
        e = e[e.county_code.isin(self._counties(p["region"])) & (e.month >= pd.Timestamp(p["start_month"]))
              & (e.month <= pd.Timestamp(p["end_month"]))]
        g = e.groupby("month")[["reported", "resolved", "resolved_on_time"]].sum()
        g["closure_pct"] = 100 * g.resolved / g.reported
        return g

    def slowest_counties(self, p):
        e = self.events
        e = e[e.county_code.isin(self._counties(p["region"])) & (e.month >= pd.Timestamp(p["start_month"]))
              & (e.month <= pd.Timestamp(p["end_month"]))]
        e = e.assign(w=e.mean_days_to_close * e.resolved)
        g = e.groupby("county_code")[["w", "resolved"]].sum()
        return (g.w / g.resolved).sort_values(ascending=False).head(p["limit"])

    def kpis_by_region(self, p):
        """The grid + event part of the KPI query (the heaviest), per county."""
        cs = self._counties(p["region"])
        e = self.events
        e = e[e.county_code.isin(cs) & (e.month >= pd.Timestamp(p["start_month"])) & (e.month <= pd.Timestamp(p["end_month"]))]
        ev = e.groupby("county_code")[["reported", "resolved", "resolved_on_time"]].sum()
        g = self.grids[self.grids.county_code.isin(cs)]
        gr = g.groupby("county_code").agg(grids=("grid_id", "size"), workers=("fulltime_workers", "sum"))
        c = self.communities[self.communities.county_code.isin(cs)].groupby("county_code").households.sum()
        return ev.join(gr).join(c)

    def community_points(self, p):
        cs = self._counties(p["region"])
        c = self.communities[self.communities.county_code.isin(cs)]
        g = self.grids[self.grids.county_code.isin(cs)].groupby("community_id").agg(
            grids=("grid_id", "size"), hh=("households", "sum"))
        return c.merge(g, left_on="community_id", right_index=True, how="left")

    def obligations_by_county_year(self, p):
        cs = self._counties(p["region"])
        b = self.budgets[self.budgets.county_code.isin(cs) & self.budgets.year.between(p["first_year"], p["last_year"])]
        return b.assign(share=b.ppp_obligations / b.gpb_expenditure)


def run_bench(scale: float = 1.0, runs: int = 20, db_path: Path | None = None, rebuild: bool = False) -> dict:
    db_path = Path(db_path or DATA_DIR / f"bench-scale-{scale:g}.duckdb")
    report: dict = {"scale": scale}
    if rebuild or not db_path.exists():
        gc.collect()
        r = build(scale=scale, db_path=db_path, include_imports=False,
                  progress=lambda f, m: print(f"  [{f * 100:5.1f}%] {m}", flush=True))
        report.update(build_seconds=r.seconds, generate_seconds=r.generate_seconds, rows=r.rows)
        print(f"build: {r.seconds:.1f} s total ({r.generate_seconds:.1f} s generating exports, "
              f"{r.seconds - r.generate_seconds:.1f} s validating + loading + marts)")
    else:
        print(f"reusing {db_path} (pass --rebuild to time the build)")
    report["db_mb"] = db_path.stat().st_size / 1e6
    con = connect(db_path, read_only=True)
    events = con.execute("SELECT count(*) FROM grid_events_monthly").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"database: {report['db_mb']:.1f} MB, grid_events_monthly {events:,d} rows, threads {threads}")
    params = representative_params(con)
    baseline = PandasBaseline(con)
    print(f"pandas baseline: raw tables loaded into memory in {baseline.load_seconds:.1f} s")
    print(f"\n{'query':32s} {'region':>7s} {'duckdb p50':>11s} {'p95':>8s} {'pandas p50':>11s} {'p95':>8s} {'ratio':>6s}")
    rows = []
    for name in query_names():
        for p in params:
            cur = cursor(con)
            try:
                run_query(cur, name, **p)  # warm-up
            except duckdb.Error as exc:  # a query needing a parameter the bench does not know
                print(f"{name:32s} {p['region']:>7s} skipped: {str(exc).splitlines()[0][:60]}")
                cur.close()
                continue
            d50, d95 = _timed(lambda cur=cur, name=name, p=p: run_query(cur, name, **p), runs)
            fn = getattr(baseline, name, None)
            if fn is not None:
                fn(p)
                p50, p95 = _timed(lambda fn=fn, p=p: fn(p), runs)
            else:
                p50 = p95 = float("nan")
            ratio = p50 / d50 if d50 and p50 == p50 else float("nan")
            rows.append(dict(query=name, region=p["region"], duckdb_p50=d50, duckdb_p95=d95, pandas_p50=p50,
                             pandas_p95=p95, ratio=ratio))
            print(f"{name:32s} {p['region']:>7s} {d50:9.1f}ms {d95:6.1f}ms "
                  + (f"{p50:9.1f}ms {p95:6.1f}ms {ratio:5.1f}×" if p50 == p50 else f"{'—':>11s} {'—':>8s} {'—':>6s}"))
            cur.close()
    worst = max(rows, key=lambda r: r["duckdb_p95"])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    target = 50 if scale <= 1 else 500
    print(f"\nworst p95: {worst['duckdb_p95']:.1f} ms ({worst['query']} @ {worst['region']}); target ≤ {target} ms: "
          f"{'met' if worst['duckdb_p95'] <= target else 'NOT met'}")
    if "build_seconds" in report:
        print(f"build target ≤ 60 s at scale 1: {'met' if report['build_seconds'] <= 60 or scale > 1 else 'NOT met'}")
    redraw = scenario_redraw(con, runs)
    print(f"scenario redraw (model + rules + tornado, {REDRAW_COUNTY}): p50 {redraw['p50']:.1f} ms, "
          f"p95 {redraw['p95']:.1f} ms, CPU p50 {redraw['cpu_p50']:.1f} ms; target ≤ {REDRAW_TARGET_MS} ms: "
          f"{'met' if redraw['p95'] <= REDRAW_TARGET_MS else 'NOT met'}")
    print(f"peak memory (this process, incl. pandas frames): {peak_mb:.0f} MB; pid {os.getpid()}")
    report.update(queries=rows, peak_mb=peak_mb, scenario_redraw=redraw)
    con.close()
    return report
