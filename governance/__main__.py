"""Command line: python -m governance demo | build | import | bench | scenario | users | brief | load  (see README)."""

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
    if argv[:1] == ["users"]:
        from governance.core.accounts import main_users
        return main_users(argv[1:])
    if argv[:1] == ["brief"]:
        from governance.app.briefs.cli import main_brief
        return main_brief(argv[1:])
    if argv[:1] == ["load"]:
        from governance.load import main_load
        return main_load(argv[1:])
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
    b.add_argument("--no-imports", action="store_true", help="leave the stored user imports out of this build "
                   "(they stay stored; a later build applies them again)")
    b.add_argument("--wait", type=float, default=None, help=WAIT_HELP)
    i = sub.add_parser("import", help="validate one user export (CSV/XLSX as counties send them) and load it")
    i.add_argument("file", type=Path)
    i.add_argument("--dataset", required=True)
    i.add_argument("--db", type=Path, default=None, help="warehouse file (default: $GOVERNANCE_DB or data/governance.duckdb)")
    i.add_argument("--preview", action="store_true", help="only show how the file is read and what would change")
    i.add_argument("--wait", type=float, default=None, help=WAIT_HELP)
    im = sub.add_parser("imports", help="imports list | imports undo ID: the stored user imports")
    im.add_argument("action", choices=["list", "undo"])
    im.add_argument("id", nargs="?", help="import id (imports list shows them)")
    im.add_argument("--db", type=Path, default=None)
    im.add_argument("--wait", type=float, default=None, help=WAIT_HELP)
    tp = sub.add_parser("template", help="write a blank XLSX template of a dataset (填报说明 sheet, drop-down lists)")
    tp.add_argument("dataset")
    tp.add_argument("--out", type=Path, required=True)
    be = sub.add_parser("bench", help="time every named query against pandas; build time, size, memory")
    be.add_argument("--scale", type=float, default=1.0)
    be.add_argument("--runs", type=int, default=20)
    be.add_argument("--db", type=Path, default=None)
    be.add_argument("--rebuild", action="store_true")
    sub.add_parser("scenario", help="python -m governance scenario FILE.json: yearly table and summary as JSON")
    sub.add_parser("brief", help="leadership briefing as PPTX/PDF: brief --region CODE [--start YYYY-MM --end YYYY-MM] "
                                 "[--lang zh|en] --format pptx|pdf (--out FILE | --outbox DIR) [--db PATH]")
    sub.add_parser("load", help="many viewers at once over Streamlit's websocket protocol: load [--sessions 25] "
                                "[--duration 60] [--url URL] [--baseline hello|none] [--json FILE]")
    sub.add_parser("users", help="accounts: users add NAME --role ROLE --region CODE [--password-stdin] | list | "
                                 "disable NAME | passwd NAME")
    args = ap.parse_args(argv)

    from governance.core.warehouse import WarehouseBusy
    from governance.core.warehouse.ingest import ValidationError
    try:
        if args.cmd == "demo":
            from governance.core.demo.generator import generate
            m = generate(args.out, scale=settings.default_scale() if args.scale is None else args.scale, seed=args.seed, end_month=args.end_month, progress=_progress)
            print(f"wrote {len(m['files'])} exports to {args.out} ({m['first_month']} … {m['latest_month']})")
        elif args.cmd == "build":
            from governance.core.warehouse import build
            r = build(scale=args.scale, db_path=args.db, seed=args.seed, end_month=args.end_month,
                      exports=args.exports, progress=_progress, include_imports=not args.no_imports, wait=args.wait)
            print(f"built {r.db_path} in {r.seconds:.1f} s (generation {r.generate_seconds:.1f} s), "
                  f"{r.db_bytes / 1e6:.1f} MB")
            for name, n in r.rows.items():
                print(f"  {name:28s} {n:>12,d} rows")
            _print_build_imports(r, args.no_imports)
            _audit("rebuild", str(r.db_path), f"{r.seconds:.1f} s")
        elif args.cmd == "import":
            return _import(args)
        elif args.cmd == "imports":
            return _imports(args)
        elif args.cmd == "template":
            from governance.core.warehouse.templates import write_template
            write_template(args.dataset, args.out)
            print(f"wrote the blank template of {args.dataset} to {args.out}")
        elif args.cmd == "bench":
            from governance.core.warehouse.bench import run_bench
            run_bench(scale=args.scale, runs=args.runs, db_path=args.db, rebuild=args.rebuild)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except WarehouseBusy as exc:
        print(f"stopped: {exc}", file=sys.stderr)
        return 3
    return 0


WAIT_HELP = "seconds to wait for another import or build to finish (default: $GOVERNANCE_WRITE_WAIT or 120)"


def _print_build_imports(r, skipped: bool) -> None:
    if skipped:
        print("  user imports: left out (--no-imports); they stay stored and the next build applies them")
    elif r.imports_applied:
        print(f"  user imports applied: {len(r.imports_applied)}")
    for e in r.quarantined:
        print(f"QUARANTINED import {e['id']} ({e['original_name']}): it no longer validates and was moved to "
              f"imports/{e['stored_as']}; the build went on without it.\n    {e.get('reason', '')}", file=sys.stderr)


def _import(args) -> int:
    from governance.core.warehouse import import_file, preview_import
    if args.preview:
        p = preview_import(args.file, args.dataset, args.db)
        for note in p.notes:
            print(f"  · {note}")
        print(f"{p.rows:,d} rows would be imported into {args.dataset}: {p.new_keys:,d} new, "
              f"{p.replaced_keys:,d} replacing rows with the same key")
        return 0
    notes: list = []
    n = import_file(args.file, args.dataset, args.db, wait=args.wait, notes=notes)
    for note in notes:
        print(f"  · {note}")
    print(f"imported {n:,d} rows of {args.dataset} from {args.file} into {args.db or settings.db_path()}")
    _audit("import", args.dataset, f"{Path(args.file).name}: {n} rows")
    return 0


def _audit(action: str, target: str, detail: str) -> None:
    """Record a build, import or undo run from the command line in the audit log (governance/core/accounts.py);
    an unwritable account store is reported, not fatal: the data change itself is done."""
    import sqlite3

    from governance.core import accounts
    try:
        accounts.audit(accounts.cli_actor(), action, target, detail)
    except (sqlite3.Error, OSError) as exc:
        print(f"warning: audit log not written ({exc})", file=sys.stderr)


def _imports(args) -> int:
    from governance.core.warehouse import imports_state, undo_import
    if args.action == "list":
        entries, state = imports_state(args.db)
        applied = set(state.get("applied", []))
        if not entries:
            print("no user imports")
        for e in entries:
            status = e.get("status", "active")
            if status == "active" and e.get("id") not in applied:
                status = "stored, not in this warehouse"
            print(f"{e.get('id', '—'):40s} {e['dataset']:24s} {e.get('rows', 0):>8,d} rows  {e['imported_at']}  "
                  f"{e['original_name']}  [{status}]")
            if e.get("reason"):
                print(f"    {e['reason']}")
        return 0
    if not args.id:
        print("imports undo needs an import id (see: python -m governance imports list)", file=sys.stderr)
        return 2
    try:
        r = undo_import(args.id, args.db, wait=args.wait, progress=_progress)
    except KeyError:
        print(f"no import with id {args.id!r} (see: python -m governance imports list)", file=sys.stderr)
        return 2
    print(f"undid import {args.id}: rebuilt {r.db_path} without it in {r.seconds:.1f} s")
    _print_build_imports(r, False)
    _audit("undo", args.id, f"{r.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
