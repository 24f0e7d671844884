"""Reading the HTML the app draws (KPI cards …) in AppTest, by data attributes — never by inline CSS or position.

    from page_html import kpi_cards
    cards = kpi_cards(at)   # [{"label": "网格覆盖率", "value": "98.1%", "status": "green", "kpi": …}, …]

A card is ``[data-testid="gov-kpi"]`` (governance/app/charts.py ``kpi_card_html``) with ``data-status``; its texts
are ``[data-part="label"|"value"|"change"|"target"]``; ``kpi`` is the ``data-kpi`` of an enclosing element, if any
(the overview wraps each card in ``[data-testid="gov-kpi-card"][data-kpi]``).
"""

from __future__ import annotations

from html.parser import HTMLParser

PARTS = ("label", "value", "change", "target")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _CardParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[dict[str, str]] = []
        self._stack: list[dict[str, str]] = []  # attributes of the open elements
        self._card: dict[str, str] | None = None
        self._card_depth = -1
        self._part: str | None = None
        self._part_depth = -1

    def handle_starttag(self, tag, attrs):
        if tag in VOID:  # no end tag follows
            return
        a = {k: v or "" for k, v in attrs}
        self._stack.append(a)
        depth = len(self._stack)
        if a.get("data-testid") == "gov-kpi":
            kpi = next((e["data-kpi"] for e in reversed(self._stack) if "data-kpi" in e), None)
            self._card = {"status": a.get("data-status", ""), **({"kpi": kpi} if kpi else {})}
            self._card_depth = depth
        elif self._card is not None and a.get("data-part") in PARTS:
            self._part, self._part_depth = a["data-part"], depth
            self._card[self._part] = ""

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        depth = len(self._stack)
        if self._part is not None and depth == self._part_depth:
            self._part = None
        if self._card is not None and depth == self._card_depth:
            self.cards.append(self._card)
            self._card = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if self._card is not None and self._part is not None:
            self._card[self._part] += data


def kpi_cards_in(html_text: str) -> list[dict[str, str]]:
    """Every KPI card in an HTML fragment, in document order."""
    parser = _CardParser()
    parser.feed(html_text)
    parser.close()
    return parser.cards


def kpi_cards(at) -> list[dict[str, str]]:
    """Every KPI card an AppTest run drew (st.markdown blocks), in page order."""
    return [card for md in at.markdown for card in kpi_cards_in(md.value)]
