"""python -m governance brief — a leadership briefing as PPTX or PDF, by hand or on a schedule.

    python -m governance brief --region 320500 --format pptx --out suzhou.pptx
    python -m governance brief --region 320500 --start 2025-11 --end 2026-10 --lang en --format pdf --out s.pdf
    python -m governance brief --region cities --format pptx,pdf --outbox /srv/briefs     # every city, both formats

``--region`` takes a code, several codes separated by commas, or ``cities`` (the 13 cities). ``--outbox DIR`` names
each file ``<region>_<period>_<lang>.<format>`` and leaves a file alone when it already holds the same briefing
(same warehouse build, region, period, language), so a cron job can run it as often as it likes. Without
``--start/--end``: the last 12 months of the warehouse. Exit 2, nothing written: unknown region, empty period,
no warehouse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from governance import settings
from governance.app import briefs
from governance.core.regions import CITIES


def _month(text: str) -> dt.date:
    try:
        y, m = str(text).split("-")[:2]
        return dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None


def _regions(text: str) -> list[str]:
    if text.strip().lower() == "cities":
        return [c.code for c in CITIES]
    return [c.strip() for c in text.split(",") if c.strip()]


def _formats(text: str) -> list[str]:
    out = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in out if f not in briefs.FORMATS]
    if bad or not out:
        raise argparse.ArgumentTypeError(f"format must be pptx, pdf or pptx,pdf (got {text!r})")
    return out


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m governance brief", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--region", required=True, type=_regions, help="GB/T 2260 code(s), comma-separated, or 'cities'")
    ap.add_argument("--start", type=_month, default=None, help="first month, YYYY-MM (default: 11 months before --end)")
    ap.add_argument("--end", type=_month, default=None, help="last month, YYYY-MM (default: latest in the warehouse)")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--format", dest="formats", required=True, type=_formats, help="pptx, pdf or pptx,pdf")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="the file to write (one region, one format)")
    where.add_argument("--outbox", type=Path, help="a folder: <region>_<period>_<lang>.<format>, skipped when current")
    ap.add_argument("--db", type=Path, default=None, help="warehouse file (default: $GOVERNANCE_DB or data/governance.duckdb)")
    return ap


def main_brief(argv: list[str]) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    if args.out is not None and (len(args.region) != 1 or len(args.formats) != 1):
        ap.error("--out takes one region and one format; use --outbox for several")
    db = Path(args.db) if args.db else settings.db_path()
    if not db.exists():
        print(f"no warehouse at {db}: run `python -m governance build` first", file=sys.stderr)
        return 2
    unknown = [r for r in args.region if not briefs.content.known_region(r)]
    if unknown:
        print(f"unknown region code(s): {', '.join(unknown)} (320000, a city such as 320500 or a county such as "
              "320506)", file=sys.stderr)
        return 2

    from governance.core import warehouse

    con = warehouse.connect(db, read_only=True)
    try:
        def run(name: str, **params):
            return warehouse.run_query(con, name, **params)

        made = []
        for region in args.region:  # gather every briefing first: a bad period writes nothing at all
            made.append(briefs.collect(run, region, args.start, args.end, lang=args.lang))
    except briefs.BriefError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        con.close()

    for brief in made:
        for fmt in args.formats:
            if args.out is not None:
                path = briefs.write_file(briefs.render(brief, fmt), args.out)
                print(f"wrote {path}")
            else:
                path, written = briefs.write_outbox(brief, fmt, args.outbox)
                print(f"{'wrote' if written else 'up to date'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main_brief(sys.argv[1:]))
