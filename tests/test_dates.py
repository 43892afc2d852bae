"""Relative dates resolved against the publication date."""

from __future__ import annotations

import datetime as dt

from casegraph.extract.dates import find_dates, find_time, holiday_date, weekday_date

THU = dt.date(2021, 4, 29)


def test_past_weekday_looks_back_and_future_looks_forward():
    assert weekday_date("Wednesday", THU, future=False) == dt.date(2021, 4, 28)
    assert weekday_date("Friday", THU, future=True) == dt.date(2021, 4, 30)
    assert weekday_date("Thursday", THU, future=False) == THU
    assert weekday_date("Thursday", THU, future=True) == THU


def test_tense_in_the_sentence_decides():
    assert find_dates("COPA released the footage on Wednesday.", THU)[0][1] == dt.date(2021, 4, 28)
    assert find_dates("A march is scheduled for Friday evening.", THU)[0][1] == dt.date(2021, 4, 30)
    assert find_dates("He was shot on Friday.", THU)[0][1] == dt.date(2021, 4, 23)


def test_month_day_and_holidays():
    assert find_dates("the March 31 shooting", THU)[0][1] == dt.date(2021, 3, 31)
    assert find_dates("on July 6, 2019", THU)[0][1] == dt.date(2019, 7, 6)
    assert holiday_date("Memorial Day", 2020) == dt.date(2020, 5, 25)
    assert find_dates("died on Memorial Day", dt.date(2020, 5, 29))[0][1] == dt.date(2020, 5, 25)


def test_clock_times():
    assert find_time("Friday evening at 5:30 p.m.") == (17, 30)
    assert find_time("at 10 a.m.") == (10, 0)
    assert find_time("at noon") == (12, 0)
    assert find_time("no time here") is None
