"""Load tool: many viewers at once, each speaking Streamlit's own websocket protocol.

    python -m governance load [--sessions 25] [--duration 60] [--url URL] [--baseline hello|none] [--json FILE]

A session does what a browser tab does over ``/_stcore/stream``: it sends a ``rerun_script`` BackMsg (the URL's query
string, the page, the hashes of the large messages it already holds) and reads ForwardMsgs until that run's
``script_finished``; the time in between is one run. Sessions cycle through every page the app lists in its
``navigation`` message, changing the region filter (province → city → county …) on each page and switching to
English now and then, with no think time: the worst case, a meeting room where everyone clicks at once.

Without ``--url`` the tool starts the dashboard itself (``app.py``, the current $GOVERNANCE_DB) on a free loopback
port. Unless ``--baseline none``, it also drives a hello-world app (``scripts/hello_app.py``) with the same sessions
for the same time, the targets taking turns (``--rounds``), and prints the ratio of the throughputs: what a page run
costs against the framework's floor, measured in one run on one machine (numbers from another day or machine do not
compare). The floor is hello-world with Streamlit's defaults; ``--baseline hello-tuned`` (or ``both``) runs it with
the repo's .streamlit/config.toml too — the settings the dashboard runs with, which lower the floor itself.

Only loopback addresses (or hosts named with ``--allow-host``: the project's own servers) are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from governance import settings

HELLO_APP = settings.ROOT / "scripts" / "hello_app.py"
DASHBOARD_APP = settings.ROOT / "app.py"

# Province → a city → one of its counties → another city …: each step is one filter change, as a viewer makes them.
DEFAULT_REGIONS = ("320000", "320500", "320583", "320100", "320115", "320300")
# A browser keeps a large message this many runs after it last used it (Streamlit's global.maxCachedMessageAge).
CACHED_MESSAGE_AGE = 2
RUN_TIMEOUT_S = 60.0
HELLO = "hello-world"  # scripts/hello_app.py with Streamlit's defaults: the framework's floor
HELLO_TUNED = "hello-world (repo config)"  # the same app with the dashboard's .streamlit/config.toml
# Elements whose text a session keeps when asked (collect_text): what a viewer reads, for tests that check content.
_TEXT_ELEMENTS = ("markdown", "heading", "text", "alert", "toast", "html", "metric")

# ---------------------------------------------------------------------------------------------------- results


@dataclass
class Run:
    """One script run as a session saw it."""

    session: int
    page: str  # URL path ("" = the default page)
    query: str
    ms: float  # rerun sent → script_finished received
    bytes: int  # ForwardMsg bytes received for this run
    ended: float  # time.monotonic() at the end
    error: str | None = None  # timeout, disconnected, page not found, compile error …
    exceptions: list[str] = field(default_factory=list)  # st.exception elements the run drew (type: message)
    texts: list[str] = field(default_factory=list)  # text of markdown/toast/heading elements (when collected)
    in_window: bool = True  # ended inside the measured window (counts towards throughput)


@dataclass
class Report:
    label: str
    url: str
    sessions: int
    duration_s: float
    runs: list[Run]
    errors: list[str]
    first_runs: list[Run] = field(default_factory=list)  # each session's first page view, apart from reruns
    server_cpu_s: float | None = None  # CPU time the server process used while driven (when the tool started it)

    driven_runs: int = 0  # every run driven, also those that ended after the window

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.error is None]

    @property
    def runs_per_s(self) -> float:
        return len(self.ok_runs) / self.duration_s if self.duration_s else 0.0

    @property
    def exception_count(self) -> int:
        return sum(len(r.exceptions) for r in self.runs)

    def percentile_ms(self, q: float, runs: list[Run] | None = None) -> float:
        return percentile([r.ms for r in (self.ok_runs if runs is None else runs)], q)

    def summary(self) -> dict:
        ok = self.ok_runs
        return {
            "label": self.label, "url": self.url, "sessions": self.sessions, "duration_s": round(self.duration_s, 1),
            "runs": len(ok), "runs_per_s": round(self.runs_per_s, 2),
            "p50_ms": round(self.percentile_ms(50)), "p95_ms": round(self.percentile_ms(95)),
            "max_ms": round(max((r.ms for r in ok), default=0.0)),
            "errors": len(self.errors), "exception_elements": self.exception_count,
            "kb_per_run": round(statistics.fmean([r.bytes for r in ok]) / 1024, 1) if ok else 0.0,
            "first_run_p50_ms": round(percentile([r.ms for r in self.first_runs if not r.error], 50)),
            # slices end with runs in flight: CPU over every run driven, not only those inside the window
            "server_cpu_ms_per_run": round(1000 * self.server_cpu_s / max(1, self.driven_runs))
            if self.server_cpu_s is not None else None,
            "server_cpu_cores": round(self.server_cpu_s / self.duration_s, 2) if self.server_cpu_s is not None
            else None,
            "pages": self.per_page(),
            "error_samples": self.errors[:10],
            "exception_samples": sorted({e for r in self.runs for e in r.exceptions})[:10],
        }

    def per_page(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for page in sorted({r.page for r in self.ok_runs}):
            runs = [r for r in self.ok_runs if r.page == page]
            out[page or "(default)"] = {
                "runs": len(runs), "p50_ms": round(self.percentile_ms(50, runs)),
                "p95_ms": round(self.percentile_ms(95, runs)),
                "kb_per_run": round(statistics.fmean([r.bytes for r in runs]) / 1024, 1),
            }
        return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile by linear interpolation between closest ranks (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------------------------------------------- hosts


def check_target(url: str, allowed_hosts: tuple[str, ...] = ()) -> None:
    """Refuse anything but loopback or a host the operator named: a load tool must not hit strangers' servers."""
    host = urlsplit(url).hostname or ""
    if host in allowed_hosts or host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"refusing to load {url}: only loopback or a host given with --allow-host (the project's own)")


def stream_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


# ---------------------------------------------------------------------------------------------------- one session


class Session:
    """One browser tab: a websocket to /_stcore/stream and the message cache a browser keeps."""

    def __init__(self, url: str, index: int = 0, collect_text: bool = False, cookies: dict[str, str] | None = None):
        self.url = url
        self.index = index
        self.collect_text = collect_text
        self.cookies = dict(cookies or {})  # e.g. the proxy's route cookie: which replica this browser sticks to
        self.ws = None
        self.page_hashes: dict[str, str] = {}  # url path → page_script_hash, from the navigation message
        self._cache: dict[str, int] = {}  # message hash → the run count when it was last used
        self._run_count = 0

    async def connect(self) -> None:
        import websockets

        # Streamlit reads the first subprotocol entry as the protocol; no Origin header (not a browser).
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self.ws = await websockets.connect(stream_url(self.url), subprotocols=["streamlit"], max_size=None,
                                           compression=None, open_timeout=RUN_TIMEOUT_S, ping_interval=None,
                                           additional_headers=headers)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
            self.ws = None

    @property
    def pages(self) -> list[str]:
        return list(self.page_hashes)

    def _rerun_msg(self, page: str, query: str) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        if page in self.page_hashes:  # what a click on a page link sends
            state.page_script_hash = self.page_hashes[page]
        else:  # what opening a URL sends
            state.page_name = page
        state.cached_message_hashes.extend(self._cache)
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.locale = "zh-CN"
        state.context_info.url = f"{self.url.rstrip('/')}/{page}" + (f"?{query}" if query else "")
        return msg.SerializeToString()

    def _finish_run(self) -> None:
        """Age the cache like the browser does after every finished run."""
        self._run_count += 1
        self._cache = {h: used for h, used in self._cache.items() if self._run_count - used <= CACHED_MESSAGE_AGE}

    async def run(self, page: str, query: str, timeout: float = RUN_TIMEOUT_S) -> Run:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if self.ws is None:
            await self.connect()
        started = time.monotonic()
        run = Run(self.index, page, query, 0.0, 0, started)
        deadline = started + timeout
        try:
            await self.ws.send(self._rerun_msg(page, query))
            while True:
                raw = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.monotonic()))
                run.bytes += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if msg.metadata.cacheable and msg.hash:
                    self._cache[msg.hash] = self._run_count
                if kind == "ref_hash":
                    self._cache[msg.ref_hash] = self._run_count
                elif kind == "delta":
                    self._read_delta(msg.delta, run)
                elif kind == "navigation":
                    self.page_hashes = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                elif kind == "page_not_found":
                    run.error = f"page not found: {page!r}"
                elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                    run.error = "script compilation error"
                elif kind == "script_finished":
                    # FINISHED_EARLY_FOR_RERUN: the script asked for a rerun (st.rerun, switch_page); wait for it
                    if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        run.error = "script compilation error"
                    self._finish_run()
                    break
        except TimeoutError:
            run.error = f"timeout after {timeout:.0f} s"
            await self.close()
        except Exception as exc:  # the connection dropped: the next run reconnects
            run.error = f"disconnected: {type(exc).__name__}: {exc}"[:200]
            await self.close()
        run.ended = time.monotonic()
        run.ms = (run.ended - started) * 1000
        return run

    def _read_delta(self, delta, run: Run) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
        elif self.collect_text and kind in _TEXT_ELEMENTS:
            part = getattr(element, kind)
            run.texts.append(f"{part.label}: {part.body}" if kind == "metric" else part.body)


# ---------------------------------------------------------------------------------------------------- the load


def query_for(region: str, lang: str) -> str:
    return urlencode({"region": region, "lang": lang})


def plan(pages: list[str], regions: tuple[str, ...] = DEFAULT_REGIONS) -> list[tuple[str, str]]:
    """(page, query string) steps of one cycle: every page, each with every region in turn; every fifth step in
    English (a language switch reruns everything in the other catalog)."""
    steps = []
    for page in pages:
        for region in regions:
            lang = "en" if len(steps) % 5 == 4 else "zh"
            steps.append((page, query_for(region, lang)))
    return steps


class Viewer:
    """A session and where it is in its cycle of (page, query) steps."""

    def __init__(self, session: Session, steps: list[tuple[str, str]], position: int):
        self.session = session
        self.steps = steps
        self.position = position

    def next_step(self) -> tuple[str, str]:
        step = self.steps[self.position % len(self.steps)]
        self.position += 1
        return step


async def open_viewers(url: str, count: int, regions: tuple[str, ...] = DEFAULT_REGIONS,
                       pages: list[str] | None = None, ramp_s: float = 2.0) -> tuple[list[Viewer], list[Run]]:
    """Connect ``count`` sessions (spread over ``ramp_s``), each opening the default page once: that first run tells
    it the app's pages. Returns the viewers and those first runs (a new session's cost, kept apart from reruns)."""

    async def _open(index: int) -> tuple[Viewer, Run]:
        await asyncio.sleep(ramp_s * index / max(1, count))
        session = Session(url, index)
        query = query_for(regions[index % len(regions)], "zh")
        try:
            first = await session.run("", query)
        except OSError as exc:
            first = Run(index, "", query, 0.0, 0, time.monotonic(), error=f"connect: {exc}"[:200])
        chosen = [p for p in session.pages if pages is None or p in pages or (p == "" and "overview" in pages)]
        steps = plan(chosen or [""], regions)
        return Viewer(session, steps, (index * 7) % len(steps)), first  # sessions spread over the pages

    opened = await asyncio.gather(*(_open(i) for i in range(count)))
    return [v for v, _ in opened], [r for _, r in opened]


async def close_viewers(viewers: list[Viewer]) -> None:
    await asyncio.gather(*(v.session.close() for v in viewers))


async def drive_slice(viewers: list[Viewer], seconds: float, think_s: float = 0.0) -> list[Run]:
    """Every viewer reruns step after step for ``seconds``, pausing ``think_s`` between runs (0: none, everyone
    clicks at once; else a pause drawn uniformly from 0.5–1.5 × think_s, so viewers drift apart). Runs still going at
    the end are waited for (their errors count) and returned too: callers keep ``ended <= stop`` for throughput."""
    stop_at = time.monotonic() + seconds
    runs: list[Run] = []

    async def _loop(viewer: Viewer) -> None:
        rng = random.Random(viewer.session.index)
        if think_s:  # start spread over one pause, like viewers arriving
            await asyncio.sleep(rng.uniform(0, think_s))
        while time.monotonic() < stop_at:
            page, query = viewer.next_step()
            try:
                run = await viewer.session.run(page, query)
            except OSError as exc:  # could not reconnect
                run = Run(viewer.session.index, page, query, 0.0, 0, time.monotonic(), error=f"connect: {exc}"[:200])
                await asyncio.sleep(0.5)
            runs.append(run)
            if think_s:
                await asyncio.sleep(min(rng.uniform(0.5, 1.5) * think_s, max(0.0, stop_at - time.monotonic())))

    await asyncio.gather(*(_loop(v) for v in viewers))
    for run in runs:
        run.in_window = run.ended <= stop_at
    return runs


def errors_of(runs: list[Run]) -> list[str]:
    return [f"session {r.session} {r.page or '(default)'}?{r.query}: {r.error}" for r in runs if r.error]


def report_of(label: str, url: str, sessions: int, seconds: float, runs: list[Run]) -> Report:
    """Throughput and latency from the runs that ended inside the measured window; errors from all."""
    return Report(label, url, sessions, seconds, [r for r in runs if r.in_window], errors_of(runs),
                  driven_runs=len(runs))


async def drive(url: str, sessions: int, duration_s: float, regions: tuple[str, ...] = DEFAULT_REGIONS,
                pages: list[str] | None = None, label: str = "") -> Report:
    """Open ``sessions`` viewers, drive them for ``duration_s`` seconds, close them (their first runs' errors
    count too)."""
    viewers, first = await open_viewers(url, sessions, regions, pages)
    try:
        runs = await drive_slice(viewers, duration_s)
    finally:
        await close_viewers(viewers)
    report = report_of(label or url, url, sessions, duration_s, runs)
    report.errors = errors_of(first) + report.errors
    return report


async def compare(targets: dict[str, str], sessions: int, duration_s: float, rounds: int,
                  regions: tuple[str, ...] = DEFAULT_REGIONS, pages: list[str] | None = None,
                  pids: dict[str, int] | None = None, think_s: float = 0.0) -> dict[str, Report]:
    """The same load on several apps (label → URL) in one run: every target gets ``sessions`` connected viewers,
    then the targets take turns, ``duration_s / rounds`` seconds each per round, so that whatever else the machine
    does at the time falls on all of them alike. With the servers' process ids (url → pid), also the CPU time each
    server used while it was driven: CPU per run depends far less on what else the machine does than runs/s."""
    viewers: dict[str, list[Viewer]] = {}
    first: dict[str, list[Run]] = {}
    runs: dict[str, list[Run]] = {label: [] for label in targets}
    cpu: dict[str, float] = {}
    try:
        for label, url in targets.items():
            viewers[label], first[label] = await open_viewers(url, sessions, regions,
                                                              None if label.startswith(HELLO) else pages)
        for _ in range(rounds):
            for label, url in targets.items():
                pid = (pids or {}).get(url)
                before = cpu_seconds(pid) if pid else None
                runs[label] += await drive_slice(viewers[label], duration_s / rounds, think_s)
                after = cpu_seconds(pid) if pid else None
                if before is not None and after is not None:
                    cpu[label] = cpu.get(label, 0.0) + after - before
    finally:
        for vs in viewers.values():
            await close_viewers(vs)
    reports = {}
    for label, url in targets.items():
        reports[label] = report_of(label, url, sessions, duration_s, runs[label])
        reports[label].errors = errors_of(first.get(label, [])) + reports[label].errors
        reports[label].first_runs = first.get(label, [])
        reports[label].server_cpu_s = cpu.get(label)
    return reports


def warm_up(url: str, regions: tuple[str, ...] = DEFAULT_REGIONS) -> None:
    """One session runs the whole plan once (every page with every region and language the load will use) before
    the clock starts: the load then measures warm reruns — imports done, every query and figure cached once — the
    steady state of a meeting room. ``--no-warmup`` measures from cold instead."""

    async def _warm() -> None:
        session = Session(url)
        try:
            await session.run("", query_for(regions[0], "zh"))
            for page, query in plan(session.pages or [""], regions):
                await session.run(page, query)
        finally:
            await session.close()

    asyncio.run(_warm())


# ---------------------------------------------------------------------------------------------------- servers


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far (Linux /proc), None when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout_s: float = 120.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with code {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url.rstrip('/')}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout_s:.0f} s")


def streamlit_command(script: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.serverAddress", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", "--server.runOnSave", "false"]


@contextlib.contextmanager
def serve(script: Path, port: int | None = None, env: dict | None = None, log: Path | None = None,
          repo_config: bool = True, pids: dict[str, int] | None = None) -> Iterator[str]:
    """Run ``streamlit run script`` on a loopback port until the block ends; yields its URL once healthy.
    ``repo_config=False`` runs it with Streamlit's defaults instead of the repo's .streamlit/config.toml (which
    Streamlit reads from the working directory). ``pids`` receives url → process id (for ``cpu_seconds``)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = log or Path(tempfile.gettempdir()) / f"governance-load-{port}.log"
    with open(log, "wb") as out, tempfile.TemporaryDirectory(prefix="governance-load-") as bare:
        proc = subprocess.Popen(streamlit_command(script, port), cwd=settings.ROOT if repo_config else bare,
                                env=env or os.environ.copy(), stdout=out, stderr=subprocess.STDOUT)
        if pids is not None:
            pids[url] = proc.pid
        try:
            wait_healthy(url, proc=proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ---------------------------------------------------------------------------------------------------- printing


def format_report(s: dict) -> str:
    lines = [
        f"{s['label']}: {s['sessions']} sessions × {s['duration_s']:.0f} s → {s['runs']} runs, "
        f"{s['runs_per_s']:.2f} runs/s · p50 {s['p50_ms'] / 1000:.2f} s · p95 {s['p95_ms'] / 1000:.2f} s · "
        f"max {s['max_ms'] / 1000:.2f} s · errors {s['errors']} · exception elements {s['exception_elements']} · "
        f"{s['kb_per_run']:.0f} KB/run"
        + (f" · server CPU {s['server_cpu_ms_per_run']} ms/run ({s['server_cpu_cores']:.2f} cores)"
           if s.get("server_cpu_ms_per_run") is not None else "")]
    if len(s["pages"]) > 1:
        lines.append(f"  {'page':12s} {'runs':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'KB/run':>8s}")
        for page, p in s["pages"].items():
            lines.append(f"  {page:12s} {p['runs']:5d} {p['p50_ms']:8d} {p['p95_ms']:8d} {p['kb_per_run']:8.0f}")
    lines += [f"  error: {e}" for e in s["error_samples"]]
    lines += [f"  exception element: {e}" for e in s["exception_samples"]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- command line


def main_load(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m governance load", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running dashboard (or the proxy in front of replicas); default: start app.py "
                                  "on a free loopback port with the current $GOVERNANCE_DB")
    ap.add_argument("--sessions", type=int, default=25)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load per target (default 60)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="the targets take turns this many times (default 3: 3 × 20 s each for --duration 60)")
    ap.add_argument("--baseline", choices=["hello", "hello-tuned", "both", "none"], default="hello",
                    help="also drive scripts/hello_app.py the same way and print the ratio: hello = with Streamlit's "
                         "defaults, the framework's floor (default); hello-tuned = with the repo's "
                         ".streamlit/config.toml, the settings the dashboard runs with; both; none")
    ap.add_argument("--baseline-url", help="a hello-world app already running (instead of starting one)")
    ap.add_argument("--pages", help="comma-separated URL paths to cycle (overview = the default page); default all")
    ap.add_argument("--regions", default=",".join(DEFAULT_REGIONS), help="region codes the filter cycles through")
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds a viewer looks at a page before the next click (default 0: everyone clicks at once)")
    ap.add_argument("--no-warmup", action="store_true", help="skip the warm-up visit of every page")
    ap.add_argument("--allow-host", action="append", default=[], help="a non-loopback host of the project's own")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.duration <= 0 or args.rounds < 1:
        ap.error("--sessions ≥ 1, --duration > 0 and --rounds ≥ 1")
    regions = tuple(r.strip() for r in args.regions.split(",") if r.strip())
    pages = [p.strip() for p in args.pages.split(",")] if args.pages else None
    for url in (args.url, args.baseline_url):
        if url:
            check_target(url, tuple(args.allow_host))
    if not args.url and not settings.db_path().exists():
        print(f"no warehouse at {settings.db_path()}: build one first (python -m governance build)", file=sys.stderr)
        return 2

    pids: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        targets = {}
        if args.baseline in ("hello", "both"):
            targets[HELLO] = args.baseline_url or stack.enter_context(serve(HELLO_APP, repo_config=False, pids=pids))
        if args.baseline in ("hello-tuned", "both"):
            targets[HELLO_TUNED] = stack.enter_context(serve(HELLO_APP, pids=pids))
        targets["dashboard"] = args.url or stack.enter_context(serve(DASHBOARD_APP, pids=pids))
        if not args.no_warmup:
            for url in targets.values():
                warm_up(url, regions)
        started = time.strftime("%Y-%m-%d %H:%M:%S %z")
        load_before = os.getloadavg()[0]
        print(f"load started {started}: {args.sessions} sessions, {args.duration:.0f} s per target in "
              f"{args.rounds} turns, think time {args.think:g} s, load average {load_before:.1f} on "
              f"{os.cpu_count()} cores", flush=True)
        reports = asyncio.run(compare(targets, args.sessions, args.duration, args.rounds, regions, pages, pids,
                                      args.think))
    summaries = {label: r.summary() for label, r in reports.items()}
    for s in summaries.values():
        print(format_report(s))
    result = {"started": started, "load_average_1m_at_start": load_before, "cpus": os.cpu_count(),
              "rounds": args.rounds, "think_s": args.think, **summaries}
    for label, key in ((HELLO, "ratio"), (HELLO_TUNED, "ratio_tuned")):
        hello = summaries.get(label)
        if hello and hello["runs_per_s"]:
            result[key] = round(summaries["dashboard"]["runs_per_s"] / hello["runs_per_s"], 3)
            print(f"ratio dashboard ÷ {label} throughput: {result[key]:.3f}"
                  + (f" (1/{1 / result[key]:.1f})" if result[key] else ""))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if summaries["dashboard"]["errors"] else 0


__all__ = ["Session", "Run", "Report", "Viewer", "open_viewers", "drive_slice", "drive", "compare", "plan", "serve",
           "warm_up", "check_target", "percentile", "main_load"]
