"""Wait until a dashboard server answers /_stcore/health (exit 0), or give up after --timeout seconds (exit 1).

    python scripts/wait_healthy.py http://127.0.0.1:8501 [--timeout 60]

Used by deploy/governance@.service (ExecStartPost): a replica counts as started only once it can serve.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from governance.load import wait_healthy  # noqa: E402

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--timeout", type=float, default=60.0)
    args = ap.parse_args()
    try:
        wait_healthy(args.url, args.timeout)
    except TimeoutError as exc:
        sys.exit(str(exc))
