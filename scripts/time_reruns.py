"""Server-side rerun time per page after a region filter change (AppTest, in-process).

Usage: GOVERNANCE_DB=data/bench-scale-1.duckdb python scripts/time_reruns.py
Prints, per page: first render, then for a sequence of regions the rerun time the first time a region is seen
(cold cache) and when it is seen again (warm cache). Wall time of `at.run()`, which includes AppTest's own overhead.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["overview", "grid", "funds", "projects", "elderly", "community", "cases", "scenarios", "data"]
REGIONS = ["320500", "320100", "320900", "320500", "320100", "320900"]  # 3 cold, then the same 3 warm


def time_page(page: str) -> dict:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    t = time.perf_counter()
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    first = (time.perf_counter() - t) * 1000
    cold, warm = [], []
    for i, region in enumerate(REGIONS):
        at.selectbox(key="flt_city").set_value(region)
        t = time.perf_counter()
        at.run()
        ms = (time.perf_counter() - t) * 1000
        assert not at.exception, at.exception
        (cold if i < 3 else warm).append(ms)
    return dict(page=page, first=first, cold=statistics.median(cold), warm=statistics.median(warm),
                warm_max=max(warm))


if __name__ == "__main__":
    pages = sys.argv[1:] or PAGES
    print(f"{'page':10s} {'first':>8s} {'cold':>8s} {'warm':>8s} {'warm max':>9s}   (ms, wall)")
    for p in pages:
        r = time_page(p)
        print(f"{r['page']:10s} {r['first']:8.0f} {r['cold']:8.0f} {r['warm']:8.0f} {r['warm_max']:9.0f}")
