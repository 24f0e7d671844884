"""Two app replicas behind nginx, on loopback ports, with the repo's own proxy configuration (deploy/nginx.conf):

* the proxy spreads new browsers over both replicas and keeps each browser on its replica (the route cookie);
* a load through the proxy (the load tool's sessions, ≥ 20 s) ends with 0 errors and 0 exception elements;
* an import made with the command line in the middle of the load is seen by both replicas on their next rerun:
  a session open on each replica before the import gets the "数据已更新" notice and the data page lists the imported
  file among the warehouse's sources.

nginx comes from Debian (.ci/run installs it, like Chromium): missing, the test skips locally and fails under CI.
No timed assertions: the 20 s is how long the load runs, not a limit on anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from async_helpers import run_async

from governance import settings
from governance.i18n import t
from governance.load import DASHBOARD_APP, Session, Viewer, drive_slice, free_port, plan, query_for, serve

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE_CONF = settings.ROOT / "deploy" / "nginx.conf"
ROUTE_COOKIE = "governance_route"
LOAD_SECONDS = 24.0
IMPORTED_NAME = "replica-check-budget.csv"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    if not Path(NGINX).exists():
        msg = "nginx not installed (apt-get install nginx; .ci/run does)"
        if _in_ci():
            pytest.fail(msg + " (CI: this test must not skip)")
        pytest.skip(msg)
    return NGINX


def site_config(listen_port: int, replica_ports: list[int]) -> str:
    """deploy/nginx.conf with the compose host names swapped for loopback ports: everything else as shipped."""
    text = SITE_CONF.read_text(encoding="utf-8")
    ports = iter(replica_ports)
    text, n = re.subn(r"server\s+app\d+:8501", lambda _: f"server 127.0.0.1:{next(ports)}", text)
    assert n == len(replica_ports), f"deploy/nginx.conf lists {n} replicas, the test starts {len(replica_ports)}"
    text, n = re.subn(r"listen\s+80;", f"listen 127.0.0.1:{listen_port};", text)
    assert n == 1
    return text


def main_config(folder: Path, site: Path) -> str:
    """The http shell around the site file (what nginx's own nginx.conf is in the container), in a temp folder;
    the access log names the replica that answered each request."""
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                            "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would run as nobody: no way into tmp
    return f"""daemon off;
{user}worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 512; }}
http {{
    log_format replicas '$uri $status $upstream_addr route=$cookie_{ROUTE_COOKIE}';
    access_log {folder / 'access.log'} replicas;
{temp}
    include {site};
}}
"""


@contextlib.contextmanager
def nginx(binary: str, folder: Path, listen_port: int, replica_ports: list[int]):
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "governance.conf"
    site.write_text(site_config(listen_port, replica_ports), encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(main_config(folder, site), encoding="utf-8")
    check = subprocess.run([binary, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            assert time.monotonic() < deadline, "nginx did not answer /_stcore/health"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def access_log(folder: Path) -> list[tuple[str, str, str, str]]:
    """(uri, status, upstream address, route cookie) of every request nginx logged."""
    lines = (folder / "access.log").read_text(encoding="utf-8").splitlines()
    rows = [re.match(r"(\S+) (\d+) (\S+) route=(\S*)", line).groups() for line in lines]
    return [(uri, status, upstream, "" if route == "-" else route) for uri, status, upstream, route in rows]  # nginx logs "" as -


def get(url: str, cookie: str | None = None) -> tuple[int, str | None]:
    req = urllib.request.Request(url, headers={"Cookie": f"{ROUTE_COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers.get("Set-Cookie")


def replica_of_route(proxy: str, folder: Path, key: str) -> str:
    """Which replica (upstream address) the proxy sends a browser with this route cookie to."""
    get(f"{proxy}/_stcore/health", key)
    for _ in range(100):  # nginx writes the log line just after the response: wait for it
        for uri, _, upstream, route in reversed(access_log(folder)):
            if uri == "/_stcore/health" and route == key:
                return upstream
        time.sleep(0.05)
    raise AssertionError(f"no log line for route {key}")


def budget_export(path: Path) -> Path:
    """One county's budget row as a county finance bureau sends it (replaces 玄武区's 2026 budget)."""
    path.write_text("区县代码,年度,口径,一般公共预算收入,一般公共预算支出,存量PPP财政支出责任\n"
                    "320102,2026,预算,1000,4321.5,10\n", encoding="utf-8")
    return path


def test_nginx_config_sends_new_browsers_to_both_replicas_and_keeps_each_on_its_own(nginx_binary, tmp_path):
    """Routing only (two stub upstreams would do, but the real health endpoint is what the proxy is configured for):
    twenty browsers without a cookie land on both replicas; a browser's cookie brings it back to its replica."""
    ports = [free_port(), free_port()]
    env = dict(os.environ, GOVERNANCE_AUTOBUILD="0")
    folder = tmp_path / "nginx"
    with serve(settings.ROOT / "scripts" / "hello_app.py", ports[0], env, tmp_path / "r1.log"), \
            serve(settings.ROOT / "scripts" / "hello_app.py", ports[1], env, tmp_path / "r2.log"), \
            nginx(nginx_binary, folder, free_port(), ports) as proxy:
        cookies = []
        for _ in range(20):
            status, set_cookie = get(f"{proxy}/")
            assert status == 200
            assert set_cookie and set_cookie.startswith(f"{ROUTE_COOKIE}=") and "HttpOnly" in set_cookie
            cookies.append(set_cookie.split(";")[0].split("=", 1)[1])
        replica_of_route(proxy, folder, "flush")  # its line comes after the twenty first visits
        first_visits = [upstream for uri, _, upstream, route in access_log(folder) if uri == "/" and not route]
        assert len(first_visits) == 20
        assert {u.rsplit(":", 1)[1] for u in first_visits} == {str(p) for p in ports}
        for key, upstream in zip(cookies[:6], first_visits[:6]):
            status, set_cookie = get(f"{proxy}/", key)
            assert status == 200 and set_cookie is None  # known browser: no new cookie
            assert replica_of_route(proxy, folder, key) == upstream  # … and the same replica as its first visit


def test_two_replicas_behind_nginx_serve_a_load_and_both_see_one_import(nginx_binary, warehouse_db, tmp_path):
    live = tmp_path / "warehouse" / "governance.duckdb"
    live.parent.mkdir()
    shutil.copyfile(warehouse_db, live)
    env = dict(os.environ, GOVERNANCE_DB=str(live), GOVERNANCE_USER_DIR=str(tmp_path / "user"),
               GOVERNANCE_AUTOBUILD="0")
    ports = [free_port(), free_port()]
    folder = tmp_path / "nginx"
    with serve(DASHBOARD_APP, ports[0], env, tmp_path / "r1.log"), \
            serve(DASHBOARD_APP, ports[1], env, tmp_path / "r2.log"), \
            nginx(nginx_binary, folder, free_port(), ports) as proxy:
        # route keys whose browsers the proxy sends to each replica: three load sessions and one watcher apiece
        routes: dict[str, list[str]] = {f"127.0.0.1:{p}": [] for p in ports}
        for i in range(200):
            key = f"viewer-{i}"
            upstream = replica_of_route(proxy, folder, key)
            if len(routes[upstream]) < 4:
                routes[upstream].append(key)
            if all(len(keys) == 4 for keys in routes.values()):
                break
        assert all(len(keys) == 4 for keys in routes.values()), routes
        result = run_async(_load_with_an_import(proxy, routes, live, env, tmp_path))

        streams = {route: upstream for uri, _, upstream, route in access_log(folder) if uri == "/_stcore/stream"}
        for upstream, keys in routes.items():  # every websocket went where its cookie said
            assert {streams[k] for k in keys} == {upstream}

    runs, watcher_runs = result
    errors = [f"{r.page}?{r.query}: {r.error}" for r in runs + watcher_runs if r.error]
    exceptions = [e for r in runs + watcher_runs for e in r.exceptions]
    assert errors == [] and exceptions == []
    per_replica = {upstream: sum(1 for r in runs if r.session in {int(k.split("-")[1]) for k in keys})
                   for upstream, keys in routes.items()}
    assert all(n > 0 for n in per_replica.values()), per_replica  # both replicas served the load
    assert {r.page for r in runs} >= {"", "grid", "funds"}  # the load cycled through pages, not one page
    notice = t("data.updated_notice", lang="zh", time="").split("（")[0]  # "数据已更新"
    for before, after in watcher_runs_pairs(watcher_runs):
        assert not any(IMPORTED_NAME in text for text in before.texts)
        assert not any(notice in text for text in before.texts)
        assert any(notice in text for text in after.texts), after.texts  # the next rerun says so …
        assert any(f"import:{IMPORTED_NAME}" in text for text in after.texts)  # … and shows the new warehouse


def watcher_runs_pairs(watcher_runs):
    """(before, after) per watcher: its data-page run before the import and its next rerun after it."""
    return [(watcher_runs[i], watcher_runs[i + 1]) for i in range(0, len(watcher_runs), 2)]


async def _load_with_an_import(proxy: str, routes: dict[str, list[str]], live: Path, env: dict, tmp_path: Path):
    data_query = query_for("320000", "zh")
    load_sessions, watchers = [], []
    for keys in routes.values():
        for key in keys[:3]:
            load_sessions.append(Session(proxy, int(key.split("-")[1]), cookies={ROUTE_COOKIE: key}))
        watchers.append(Session(proxy, int(keys[3].split("-")[1]), collect_text=True,
                                cookies={ROUTE_COOKIE: keys[3]}))
    try:
        viewers = []
        for i, session in enumerate(load_sessions):
            first = await session.run("", query_for("320500", "zh"))
            assert first.error is None and session.pages, first.error
            steps = plan(session.pages, ("320000", "320500", "320583"))
            viewers.append(Viewer(session, steps, (i * 5) % len(steps)))
        watcher_runs = []
        for w in watchers:
            await w.run("", data_query)  # opens the session and learns the pages
            watcher_runs.append(await w.run("data", data_query))

        load = asyncio.create_task(drive_slice(viewers, LOAD_SECONDS))
        await asyncio.sleep(LOAD_SECONDS / 3)
        export = budget_export(tmp_path / IMPORTED_NAME)
        done = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "governance", "import", str(export), "--dataset", "budgets",
                             "--db", str(live)], cwd=settings.ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        after = [await w.run("data", data_query) for w in watchers]
        runs = await load
    finally:
        for s in load_sessions + watchers:
            await s.close()
    return runs, [r for pair in zip(watcher_runs, after) for r in pair]
