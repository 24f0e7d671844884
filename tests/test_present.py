"""Presentation mode in AppTest (the keyboard and the projector sizes are tests/browser/test_present.py): any page
with ?present=1 draws the playlist instead of itself, the buttons move through it, Exit brings the page back, the
case library's full-screen button starts it on the cases, and the KPI screen shows the overview's numbers."""

from __future__ import annotations

import html
import re

from page_html import kpi_cards

from governance.core.indicators import kpis


def _screen(at) -> tuple[str, int]:
    for md in at.markdown:
        text = html.unescape(md.value)  # the app writes markdown-safe entities (&#95; …)
        m = re.search(r'data-testid="gov-present" data-screen="([\w-]+)" data-index="(\d+)"', text)
        if m:
            return m.group(1), int(m.group(2))
    raise AssertionError("no presentation stage")


def test_any_page_turns_into_the_playlist_and_back(app):
    at = app("pages/grid.py", region="320500", present="1", interval="600")
    assert _screen(at) == ("kpis", 0)
    assert not at.sidebar.get("page_link")  # the page's own sidebar is never drawn
    seen = []
    for _ in range(10):
        seen.append(_screen(at)[0])
        at.button(key="present_next").click().run()
        assert not at.exception
        if _screen(at)[0] == "kpis":
            break
    assert seen[:3] == ["kpis", "map", "alerts"] and seen[3] == "case" and seen[-1] == "scenario", seen
    at.button(key="present_prev").click().run()
    assert _screen(at)[0] == "scenario"
    at.button(key="present_pause").click().run()
    assert any('data-paused="true"' in md.value for md in at.markdown)
    at.button(key="present_exit").click().run()
    assert not at.exception and "present" not in at.query_params
    assert at.sidebar.get("page_link") and at.title[0].value  # the grid page again


def test_kpi_screen_shows_the_overview_numbers(app):
    overview = {c["kpi"]: c["value"] for c in kpi_cards(app("pages/overview.py", region="320500"))}
    at = app("pages/overview.py", region="320500", present="1", interval="600")
    page = html.unescape(" ".join(md.value for md in at.markdown))  # markdown-safe entities (&#95; …) decoded
    shown = dict(re.findall(r'data-kpi="(\w+)"[^>]*>.*?data-part="value">([^<]+)<', page))
    assert len(shown) == len(kpis.OVERVIEW_KPIS) and shown == overview


def test_case_library_opens_the_playlist_on_the_cases(app):
    at = app("pages/cases.py", region="320000")
    at.toggle(key="cases_showcase").set_value(True).run()
    at.button(key="cases_full_screen").click().run()
    assert not at.exception
    assert at.query_params["present"] == ["1"] or at.query_params["present"] == "1"
    assert _screen(at)[0] == "case"
