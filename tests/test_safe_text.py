"""The plain-text helper: what comes back decodes to the original characters, and no markdown or HTML syntax can
form from it (no ASCII punctuation survives outside a character reference). The browser half — that Streamlit
really shows the characters and draws no link or image — is tests/browser/test_hostile.py."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from governance.app.safe_text import html_text, plain, plotly_text

HOSTILE = "![t](http://198.51.100.7/pix.png) [请重新登录](http://198.51.100.7/login)"
REF = re.compile(r"&#\d+;")


def _shown(text: str) -> str:
    """What the reader sees: references decoded, the invisible word joiners gone."""
    return html.unescape(text).replace("\u2060", "")


# GitHub-flavoured markdown links these in decoded text (mdast-util-gfm-autolink-literal)
GFM_AUTOLINK = re.compile(r"(https?://|www\.)[^\s]|[-.\w+]+@[-\w]+\.[-\w]", re.IGNORECASE)


def _bare(text: str) -> str:
    """What is left once every character reference is removed: it must hold no markdown/HTML syntax."""
    return REF.sub("", text)


def test_image_and_link_markdown_becomes_references():
    out = plain(HOSTILE)
    assert out.startswith("&#33;&#91;t&#93;&#40;http&#58;\u2060&#47;&#47;198&#46;51")
    assert _shown(out) == HOSTILE
    assert not set(_bare(out)) & set("![]()<>:/.")


def test_bare_urls_and_addresses_cannot_become_links():
    for text in [HOSTILE, "www.example.org/x", "WWW.EXAMPLE.ORG", "https://x.cn", "mail me: a.b@example.org",
                 "mailto:a@b.cn"]:
        for out in (plain(text), html_text(text)):
            decoded = html.unescape(out)
            assert not GFM_AUTOLINK.search(decoded), (text, decoded)
            assert _shown(out) == text


def test_html_tags_and_streamlit_directives():
    for text in ['<img src=x onerror="alert(1)">', ":red[fake] :material/lock:", "$\\frac{1}{2}$", "# 标题",
                 "**粗体** _斜体_ `code`", "www.example.org", "<script>fetch('//x')</script>", "| a | b |\n|---|---|"]:
        out = plain(text)
        assert not re.search(r"[!-/:-@\[-`{-~]", _bare(out)), (text, out)
        assert _shown(out) == " ".join(ln.strip() for ln in text.splitlines() if ln.strip())


def test_newlines_are_folded_and_never_blank():
    text = '正常摘要\n\n![x](http://h/p.png)\r\n    缩进的一行'
    assert _shown(plain(text)) == "正常摘要 ![x](http://h/p.png) 缩进的一行"
    assert _shown(plain(text, multiline=True)) == "正常摘要  \n![x](http://h/p.png)  \n缩进的一行"
    card = html_text(text, multiline=True)
    assert "\n" not in card and card.count("<br>") == 2
    assert _shown(html_text(text)) == "正常摘要 ![x](http://h/p.png) 缩进的一行"


def test_chinese_text_is_unchanged_and_none_is_empty():
    assert plain("苏州市吴中区 智慧养老服务中心") == "苏州市吴中区 智慧养老服务中心"
    assert plain(None) == "" and plain(float("nan")) == "" and plain(12.5) == "12&#46;5"


def test_control_and_bidi_characters_are_dropped():
    assert plain("ab\u202ecd\x00e\u200b") == "abcde"
    assert plain("x\ud800y") == "x\ufffdy"


def test_max_len_cuts_visible_text():
    assert plain("一二三四五六", max_len=4) == "一二三…"
    assert _shown(plain("[a](b)", max_len=3)) == "[a…"


def test_plotly_text_escapes_tags_and_keeps_one_line():
    assert plotly_text('<a href="http://x">点我</a>\n<br>') == \
        "&lt;a href=&quot;http://x&quot;&gt;点我&lt;/a&gt; &lt;br&gt;"


@given(st.text(max_size=200))
def test_any_text_round_trips_and_forms_no_syntax(text):
    out = plain(text)
    assert not re.search(r"[!-/:-@\[-`{-~]", _bare(out))
    assert not GFM_AUTOLINK.search(html.unescape(out))
    assert "\n" not in out
    card = html_text(text, multiline=True)
    assert "\n" not in card and not re.search(r"[!-/:-@\[-`{-~]", _bare(card.replace("<br>", "")))
