"""The one error type of the finance core: an invalid input, named by its dotted field path."""

from __future__ import annotations


class InputError(ValueError):
    """Invalid scenario input.  ``field`` is a dotted path (e.g. ``"shares"``,
    ``"special_bond.tenor"``, ``"county.gpb_expenditure"``)."""

    def __init__(self, field: str, message_zh: str, message_en: str):
        self.field = field
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"[{field}] {message_zh} / {message_en}")
