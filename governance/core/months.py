"""Calendar months as first-of-month dates: the one place month arithmetic lives."""

from __future__ import annotations

import datetime as dt


def shift_months(month: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before (negative) or after ``month``."""
    y, m = divmod(month.year * 12 + (month.month - 1) + months, 12)
    return month.replace(year=y, month=m + 1, day=1)


def month_range(first: dt.date, latest: dt.date) -> list[dt.date]:
    """Every month from ``first`` to ``latest`` inclusive, oldest first (at most 1,200)."""
    first, latest = first.replace(day=1), latest.replace(day=1)
    n = (latest.year - first.year) * 12 + latest.month - first.month + 1
    return [shift_months(first, i) for i in range(max(0, min(n, 1200)))]


def last_months(end: dt.date, n: int) -> list[dt.date]:
    """The ``n`` months ending with ``end``'s month, oldest first."""
    return month_range(shift_months(end, -(n - 1)), end)


def latest_full_month(today: dt.date | None = None) -> dt.date:
    """The month before ``today``'s (the latest month a monthly export can be complete for)."""
    return shift_months(today or dt.date.today(), -1)
