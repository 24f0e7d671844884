"""The load tool (governance/load.py): the protocol client against a small real Streamlit app, and its arithmetic.

The probe app has two pages, a large element (to see the browser's message cache at work) and an exception on
request, so every number the tool reports is checked against something known by construction.
"""

from __future__ import annotations

import textwrap

import pytest
from async_helpers import run_async

from governance import load
from governance.load import Session, check_target, percentile, plan, query_for

BIG = 30_000  # characters of the large element: over Streamlit's 10 kB cached-message threshold

PROBE_APP = textwrap.dedent(f"""
    import streamlit as st

    def one():
        st.title("page one")
        st.markdown("x" * {BIG})

    def two():
        st.title("page two")
        st.text("region " + st.query_params.get("region", "-"))
        if st.query_params.get("boom"):
            raise ValueError("boom")

    st.navigation([st.Page(one, title="One", url_path="one", default=True),
                   st.Page(two, title="Two", url_path="two")]).run()
""")


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe")
    app = folder / "probe_app.py"
    app.write_text(PROBE_APP, encoding="utf-8")
    with load.serve(app, log=folder / "server.log") as url:
        yield url


def _runs(url: str, steps: list[tuple[str, str]]) -> tuple[Session, list[load.Run]]:
    async def go():
        session = Session(url, collect_text=True)
        try:
            return session, [await session.run(page, query) for page, query in steps]
        finally:
            await session.close()
    return run_async(go())


def test_a_session_discovers_the_pages_switches_between_them_and_reads_what_they_draw(probe_url):
    session, runs = _runs(probe_url, [("", "region=320500"), ("two", "region=320583")])
    assert [r.error for r in runs] == [None, None]
    assert session.pages == ["", "two"]  # the default page's URL path is ""
    assert "page one" in runs[0].texts and "page two" not in runs[0].texts
    assert "page two" in runs[1].texts and "region 320583" in runs[1].texts  # the query string reached the script


def test_a_large_element_is_sent_once_then_by_reference_like_a_browser_cache(probe_url):
    _, runs = _runs(probe_url, [("", ""), ("", ""), ("two", ""), ("two", ""), ("two", ""), ("", "")])
    assert runs[0].bytes > BIG
    assert runs[1].bytes < BIG / 10  # held by the session: the server sends only its hash
    # a browser forgets a message two runs after it last used it (maxCachedMessageAge): sent in full again
    assert runs[5].bytes > BIG


def test_an_exception_is_counted_and_the_session_goes_on(probe_url):
    _, runs = _runs(probe_url, [("two", "boom=1"), ("two", "")])
    assert runs[0].error is None and len(runs[0].exceptions) == 1
    assert runs[1].exceptions == [] and runs[1].error is None


def test_drive_reports_runs_per_page_with_no_errors(probe_url):
    report = run_async(load.drive(probe_url, sessions=3, duration_s=4, regions=("320000", "320500")))
    s = report.summary()
    assert report.errors == [] and s["exception_elements"] == 0
    assert s["runs"] == len(report.ok_runs) > 3
    assert set(s["pages"]) == {"(default)", "two"}
    assert s["runs_per_s"] == pytest.approx(s["runs"] / 4, abs=0.01)


def test_an_unknown_page_is_an_error(probe_url):
    _, runs = _runs(probe_url, [("nowhere", "")])
    assert runs[0].error and "page not found" in runs[0].error


def test_plan_visits_every_page_with_every_region_and_english_every_fifth_step():
    steps = plan(["", "grid"], ("320000", "320500", "320583"))
    assert [p for p, _ in steps] == ["", "", "", "grid", "grid", "grid"]
    assert [q for _, q in steps][:3] == [query_for(r, "zh") for r in ("320000", "320500", "320583")]
    assert steps[4] == ("grid", query_for("320500", "en"))
    assert sum("lang=en" in q for _, q in steps) == 1


def test_percentile_interpolates_between_ranks():
    assert percentile([], 95) == 0.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([10, 20, 30, 40], 50) == 25
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8501", "http://localhost:8080/", "http://[::1]:8501",
                                 "https://127.0.0.2"])
def test_loopback_targets_are_allowed(url):
    check_target(url)


@pytest.mark.parametrize("url", ["http://example.com", "http://10.0.0.5:8501", "http://8.8.8.8"])
def test_other_hosts_are_refused_unless_named(url):
    with pytest.raises(SystemExit, match="only loopback"):
        check_target(url)
    from urllib.parse import urlsplit
    check_target(url, allowed_hosts=(urlsplit(url).hostname,))


def test_the_command_refuses_a_stranger_before_sending_anything():
    from governance.__main__ import main
    with pytest.raises(SystemExit, match="only loopback"):
        main(["load", "--url", "http://example.com", "--baseline", "none", "--duration", "1"])


def test_cpu_seconds_reads_a_process_clock_that_moves_with_work():
    import os
    import time

    before = load.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # burn 0.3 s of CPU in this process
        pass
    after = load.cpu_seconds(os.getpid())
    assert before is not None and after - before >= 0.25
    assert load.cpu_seconds(2 ** 22 + 12345) is None  # no such process
