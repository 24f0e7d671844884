"""Command line: python -m governance demo | build | import | bench | scenario  (see README)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from governance import settings
from governance.settings import DEFAULT_SEED


def _month(text: str) -> date:
    y, m = text.split("-")[:2]
    return date(int(y), int(m), 1)


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["scenario"]:
        from governance.core.finance.scenario_io import main_scenario
        return main_scenario(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m governance", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="write the fictional demo exports (CSV/XLSX) into a folder")
    d.add_argument("--scale", type=float, default=None, help="demo-data scale (default: $GOVERNANCE_SCALE or 1)")
    d.add_argument("--seed", type=int, default=DEFAULT_SEED)
    d.add_argument("--end-month", type=_month, default=None, help="latest month, YYYY-MM (default: last full month)")
    d.add_argument("--out", type=Path, required=True)
    b = sub.add_parser("build", help="generate exports if needed and build the warehouse (atomic swap)")
    b.add_argument("--scale", type=float, default=None, help="demo-data scale (default: $GOVERNANCE_SCALE or 1)")
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    b.add_argument("--end-month", type=_month, default=None)
    b.add_argument("--exports", type=Path, default=None, help="load this folder of exports instead of generating")
    b.add_argument("--db", type=Path, default=None, help="warehouse file (default: $GOVERNANCE_DB or data/governance.duckdb)")
    i = sub.add_parser("import", help="validate one user export and load it into the warehouse")
    i.add_argument("file", type=Path)
    i.add_argument("--dataset", required=True)
    i.add_argument("--db", type=Path, default=None, help="warehouse file (default: $GOVERNANCE_DB or data/governance.duckdb)")
    be = sub.add_parser("bench", help="time every named query against pandas; build time, size, memory")
    be.add_argument("--scale", type=float, default=1.0)
    be.add_argument("--runs", type=int, default=20)
    be.add_argument("--db", type=Path, default=None)
    be.add_argument("--rebuild", action="store_true")
    sub.add_parser("scenario", help="python -m governance scenario FILE.json: yearly table and summary as JSON")
    args = ap.parse_args(argv)

    from governance.core.warehouse.ingest import ValidationError
    try:
        if args.cmd == "demo":
            from governance.core.demo.generator import generate
            m = generate(args.out, scale=settings.default_scale() if args.scale is None else args.scale, seed=args.seed, end_month=args.end_month, progress=_progress)
            print(f"wrote {len(m['files'])} exports to {args.out} ({m['first_month']} … {m['latest_month']})")
        elif args.cmd == "build":
            from governance.core.warehouse import build
            r = build(scale=args.scale, db_path=args.db, seed=args.seed, end_month=args.end_month,
                      exports=args.exports, progress=_progress)
            print(f"built {r.db_path} in {r.seconds:.1f} s (generation {r.generate_seconds:.1f} s), "
                  f"{r.db_bytes / 1e6:.1f} MB")
            for name, n in r.rows.items():
                print(f"  {name:28s} {n:>12,d} rows")
        elif args.cmd == "import":
            from governance.core.warehouse import import_file
            n = import_file(args.file, args.dataset, args.db)
            print(f"imported {n:,d} rows of {args.dataset} from {args.file} into {args.db}")
        elif args.cmd == "bench":
            from governance.core.warehouse.bench import run_bench
            run_bench(scale=args.scale, runs=args.runs, db_path=args.db, rebuild=args.rebuild)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
