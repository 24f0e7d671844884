"""Share links and scenario files that are built to break the parser: every failure is an ``InputError`` naming the
field (``sc`` for a link, ``file`` for a file) — never a RecursionError or a traceback on the page."""

from __future__ import annotations

import base64
import zlib

import pytest

from governance.core.finance import InputError
from governance.core.finance.share_link import decode_share, parse_scenario_json


def _token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


NESTED_LIST = ('{"f":1,"y":2026,"s":' + "[" * 100_000 + "]" * 100_000 + "}").encode()
NESTED_DICT = ('{"f":1,"y":2026,"s":{"inputs":' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "}}").encode()


@pytest.mark.parametrize("token", [
    _token(NESTED_LIST),  # ≈ 300 characters that exhaust the JSON parser's stack
    _token(NESTED_DICT),
    _token(b'{"f":1,"y":' + b"9" * 5000 + b',"s":{}}'),  # an integer too long to convert
    _token(b'{"f":1,"y":"![x](http://198.51.100.7/p.png)","s":{}}'),
    "%%%", "A" * 10, "",
])
def test_broken_share_links_name_the_field(token):
    with pytest.raises(InputError) as err:
        decode_share(token)
    assert err.value.field == "sc"


@pytest.mark.parametrize("data", [
    NESTED_LIST,
    b'{"inputs":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"}",
    b'{"inputs": ' + b"9" * 5000 + b"}",
    b"\xff\xfe{",
    b"{oops",
])
def test_broken_scenario_files_name_the_field(data):
    with pytest.raises(InputError) as err:
        parse_scenario_json(data)
    assert err.value.field == "file"
