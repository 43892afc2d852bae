"""Date and time expressions resolved against the publication date.

Past tense looks back ("on Wednesday" in an article of Thursday is the day before), "scheduled",
"will", "plans to" look forward; a weekday equal to the publication day is that day.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update(
    {
        "jan.": 1,
        "feb.": 2,
        "aug.": 8,
        "sept.": 9,
        "sep.": 9,
        "oct.": 10,
        "nov.": 11,
        "dec.": 12,
        "jan": 1,
        "feb": 2,
        "aug": 8,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)
FUTURE_CUES = re.compile(
    r"\b(will|scheduled|plans?|planned|planning|is to|are to|set to|upcoming|next|expected to|"
    r"due|would be held|to be held|is slated|are slated|slated|announced a|calls? for a|called for a)\b",
    re.IGNORECASE,
)
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:(last|this|next|on|Sunday's|)\s*)?(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
TIME = re.compile(
    r"\b(\d{1,2})(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?=$|[^a-z])|\b(noon|midnight)\b", re.IGNORECASE
)
RELATIVE = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
RELATIVE_RE = re.compile(r"\b(" + "|".join(RELATIVE) + r")\b", re.IGNORECASE)
HOLIDAYS = re.compile(
    r"\b(Memorial Day|Labor Day|Independence Day|Fourth of July|Thanksgiving|"
    r"Christmas Day|Christmas Eve|New Year's Day|New Year’s Day|Juneteenth)\b"
)


def is_future(sentence: str) -> bool:
    return FUTURE_CUES.search(sentence) is not None


def weekday_date(name: str, published: dt.date, future: bool) -> dt.date:
    """The date of a named weekday near ``published``: forward when future, else backward."""
    target = WEEKDAYS.index(name.lower())
    delta = (target - published.weekday()) % 7
    if future:
        return published + dt.timedelta(days=delta)
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def month_day_date(
    month: int, day: int, year: int | None, published: dt.date, future: bool
) -> dt.date | None:
    """A month-and-day date; the year is the publication year unless tense says otherwise."""
    y = year or published.year
    try:
        d = dt.date(y, month, day)
    except ValueError:
        return None
    if year is None:
        if future and d < published - dt.timedelta(days=31):
            d = _replace_year(d, y + 1) or d
        elif not future and d > published + dt.timedelta(days=31):
            d = _replace_year(d, y - 1) or d
    return d


def _replace_year(d: dt.date, year: int) -> dt.date | None:
    try:
        return d.replace(year=year)
    except ValueError:
        return None


def holiday_date(name: str, year: int) -> dt.date | None:
    """Dates of the US holidays that news reports name instead of a date."""
    n = name.lower().replace("’", "'")
    if n == "memorial day":
        d = dt.date(year, 5, 31)
        return d - dt.timedelta(days=d.weekday())
    if n == "labor day":
        d = dt.date(year, 9, 1)
        return d + dt.timedelta(days=(0 - d.weekday()) % 7)
    if n == "thanksgiving":
        d = dt.date(year, 11, 1)
        return d + dt.timedelta(days=(3 - d.weekday()) % 7 + 21)
    fixed = {
        "independence day": (7, 4),
        "fourth of july": (7, 4),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "juneteenth": (6, 19),
    }
    if n in fixed:
        return dt.date(year, *fixed[n])
    return None


def find_dates(text: str, published: dt.date, future: bool | None = None) -> list[tuple[int, dt.date]]:
    """All resolvable dates in ``text`` as (offset in text, date), in text order."""
    fut = is_future(text) if future is None else future
    out: list[tuple[int, dt.date]] = []
    for m in ISO.finditer(text):
        try:
            out.append((m.start(), dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
        except ValueError:
            continue
    for m in MONTH_DAY.finditer(text):
        d = month_day_date(
            MONTHS[m.group(1).lower()],
            int(m.group(2)),
            int(m.group(3)) if m.group(3) else None,
            published,
            fut,
        )
        if d:
            out.append((m.start(), d))
    for m in WEEKDAY.finditer(text):
        qualifier = (m.group(1) or "").lower()
        forward = fut if qualifier not in ("last", "next") else qualifier == "next"
        d = weekday_date(m.group(2), published, forward)
        if qualifier == "next" and d == published:
            d += dt.timedelta(days=7)
        out.append((m.start(2), d))
    for m in RELATIVE_RE.finditer(text):
        out.append((m.start(), published + dt.timedelta(days=RELATIVE[m.group(1).lower()])))
    for m in HOLIDAYS.finditer(text):
        h = holiday_date(m.group(1), published.year)
        if h and h > published and not fut:
            h = holiday_date(m.group(1), published.year - 1)
        if h:
            out.append((m.start(), h))
    return sorted(out, key=lambda x: x[0])


def find_time(text: str) -> tuple[int, int] | None:
    """The first clock time in ``text`` as (hour, minute), 24-hour."""
    m = TIME.search(text)
    if not m:
        return None
    if m.group(4):
        return (12, 0) if m.group(4).lower() == "noon" else (0, 0)
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 12 or minute > 59:
        return None
    pm = m.group(3).lower().startswith("p")
    if pm and hour != 12:
        hour += 12
    if not pm and hour == 12:
        hour = 0
    return hour, minute


WEEKEND = re.compile(r"\b(this|next|last|the|over the|this past|past)\s+weekend\b", re.IGNORECASE)


def find_weekends(text: str, published: dt.date, future: bool | None = None) -> list[tuple[int, dt.date]]:
    """ "This weekend", "next weekend", "last weekend" as the Saturday they name, (offset, date).

    Forward ("scheduled for this weekend") is the coming Saturday, or the publication day
    itself on a weekend; backward ("over the weekend") is the Saturday before.
    """
    fut = is_future(text) if future is None else future
    out: list[tuple[int, dt.date]] = []
    for m in WEEKEND.finditer(text):
        q = m.group(1).lower()
        forward = q == "next" or (fut and q not in ("last", "this past", "past"))
        if forward:
            if published.weekday() == 6:
                d = published - dt.timedelta(days=1)
            else:
                d = published + dt.timedelta(days=(5 - published.weekday()) % 7)
            if q == "next":
                d += dt.timedelta(days=7)
        else:
            d = published - dt.timedelta(days=(published.weekday() - 5) % 7)
            if q == "last" and published.weekday() >= 5:  # said on a weekend: the one before
                d -= dt.timedelta(days=7)
        out.append((m.start(), d))
    return out
