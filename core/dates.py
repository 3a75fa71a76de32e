"""Dates as spreadsheets, brokers and finance sites write them, read by pandas.

    dates, note = parse_dates(column)        a Series of text -> datetime64 (NaT where unreadable)

What is read: ISO (2024-03-05, with or without a time or a UTC offset), US 03/05/2024 and
day-first 05.03.2024 or 05/03/2024, month names with or without commas (Mar 5 2024, 5 March,
2024, Tue, Mar 5, 2024, 05-Mar-24), Korean 2024년 3월 5일 / 3월 5일, 2024 / 2024. 3. 5.,
yyyymmdd numbers (20240305) and, in a column named as dates, Excel serial numbers (45356 = days
since 1899-12-30) and Unix timestamps. The parsing itself is pandas' (`pd.to_datetime`, which
infers one format from the column and falls back to dateutil per value); this module only turns
Korean words into ones pandas knows, and chooses between the two readings of 05/03/2024.

When both the month-first and the day-first reading read every value, the data decide: the
reading whose dates are in order (oldest first or newest first), closer together (a daily series
is a day apart, not a month), and on weekdays (trading days). The note says which was chosen and why:
a core.said.Said whose fields are Said too (the date, the reason), so each language orders the parts.
"""
import re
import warnings

import numpy as np
import pandas as pd

from .said import Said

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KO_WEEKDAY = r"\(\s*[월화수목금토일]\s*\)|[월화수목금토일]요일"
_YEAR_FIRST = re.compile(r"^\s*\d{4}\s*[-/.년\s]")
EARLIEST, LATEST = pd.Timestamp("1700-01-01"), pd.Timestamp("2200-12-31")  # plausible dates of a price
EXCEL_ORIGIN = "1899-12-30"  # Excel's day 0 (it counts 1900-02-29, so serials after Feb 1900 match this origin)


def _korean_to_words(s: pd.Series) -> pd.Series:
    """2024년 3월 5일 (화) -> 2024 Mar 5; 3월 5일, 2024 -> Mar 5, 2024. Other text is left alone."""
    if not s.str.contains("[년월일요]", regex=True).any():
        return s
    s = s.str.replace(_KO_WEEKDAY, " ", regex=True)
    s = s.str.replace(r"(\d{1,2})\s*월", lambda m: f" {_MONTHS[int(m.group(1)) - 1]} " if 1 <= int(m.group(1)) <= 12
                      else m.group(0), regex=True)
    s = s.str.replace(r"(\d{4})\s*년", r"\1 ", regex=True).str.replace(r"(\d{1,2})\s*일", r"\1", regex=True)
    return s.str.replace(r"\s+", " ", regex=True).str.strip()


def _without_offset(s: pd.Series) -> pd.Series:
    """Drop a UTC offset after a time (…T16:00:00-05:00, …Z): the date a site shows is its local date."""
    return s.str.replace(r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)\s*(?:Z|[+-]\d\d:?\d\d)$", r"\1", regex=True)


def _read_text(s: pd.Series, dayfirst: bool) -> pd.Series:
    with warnings.catch_warnings():
        # "Could not infer format ... falling back to dateutil": slower, and exactly what we want.
        warnings.simplefilter("ignore", UserWarning)
        out = pd.to_datetime(s, dayfirst=dayfirst, errors="coerce")
        # One column in two styles (2024-03-05 and Mar 6, 2024): read the other style one by one.
        # A value shaped like the first (13/03/2024 after 05/03/2024) is wrong in this reading, not another style.
        shape = s.str.replace(r"\d+", "9", regex=True)
        missed = out.isna() & s.ne("") & shape.ne(shape[s.ne("")].iloc[0])
        if missed.any():
            out[missed] = pd.to_datetime(s[missed], dayfirst=dayfirst, errors="coerce", format="mixed")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    out = out.where((out >= EARLIEST) & (out <= LATEST))  # 0001-12-01 from "1-12-01" is not a trading day
    times = (out - out.dt.normalize()).dropna()
    if len(times) and (times == times.iloc[0]).all():
        out = out.dt.normalize()  # one time on every day (a daily close at 16:00): the dates are what count
    return out.astype("datetime64[ns]")


def _read_numbers(s: pd.Series, serial: bool):
    """(dates, note) for a column of numbers, or None when it holds something else."""
    if s.str.fullmatch(r"(19|20)\d{6}").all():  # yyyymmdd
        return pd.to_datetime(s, format="%Y%m%d", errors="coerce").astype("datetime64[ns]"), ""
    if not serial:
        return None
    x = pd.to_numeric(s, errors="coerce")
    if x.isna().any():
        return None
    if x.between(1e4, 1e5).all():
        first = pd.to_datetime(x.iloc[0], unit="D", origin=EXCEL_ORIGIN)
        return (pd.to_datetime(x, unit="D", origin=EXCEL_ORIGIN).dt.floor("s").astype("datetime64[ns]"),
                Said("dates.excel", origin=EXCEL_ORIGIN, value=s.iloc[0], date=f"{first:%Y-%m-%d}"))
    for lo, unit, what in ((1e8, "s", "seconds"), (1e11, "ms", "milliseconds")):
        if x.between(lo, lo * 100).all():
            return pd.to_datetime(x, unit=unit).astype("datetime64[ns]"), Said(f"dates.unix_{what}")
    return None


def _score(dates: pd.Series) -> tuple:
    """How plausible a reading is as a daily series: (values read, in order, -typical gap in days,
    share on weekdays). Compared as a tuple: more read first, then order, then gap, then weekdays."""
    d = dates.dropna()
    gaps = d.diff().dt.days.to_numpy()[1:]
    ordered = bool(len(gaps) and ((gaps > 0).all() or (gaps < 0).all()))
    gap = float(np.median(np.abs(gaps))) if len(gaps) else 0.0
    return len(d), ordered, -gap, round(float((d.dt.dayofweek < 5).mean()), 2) if len(d) else 0.0


def _why(a: tuple, b: tuple) -> Said | None:
    """The clause saying why reading a beat reading b (scores of _score), or None when they tie."""
    if a[1] != b[1]:
        return Said("dates.why.order")
    if a[2] != b[2]:
        return Said("dates.why.gap", gap=-a[2], other=-b[2])
    if a[3] != b[3]:
        return Said("dates.why.weekdays", share=100 * a[3], other=100 * b[3])
    return None


def _day_month(d: pd.Timestamp) -> Said:
    """5 March 2024 (English) / 2024년 3월 5일 (Korean): the reading of an ambiguous date, spelled out."""
    return Said("dates.day", day=d.day, month=Said(f"dates.month.{d.month}"), year=d.year)


def parse_dates(raw: pd.Series, serial: bool = False) -> tuple[pd.Series, str]:
    """Read a column of dates. raw: a Series of strings (missing cells may be NaN or '').
    serial: also read Excel serial numbers and Unix timestamps (only for a column named as dates,
    where a number cannot be a price). Returns (datetime64 Series aligned with raw, NaT where
    unreadable; a Said about how ambiguous or numeric dates were read, or '')."""
    s = raw.fillna("").astype(str).str.strip()
    filled = s.ne("")
    if not filled.any():
        return pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]"), ""
    numbers = _read_numbers(s[filled], serial) if s[filled].str.fullmatch(r"\d+(\.\d+)?").all() else None
    if numbers is not None:
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        out[filled] = numbers[0]
        return out, numbers[1]
    s = _without_offset(_korean_to_words(s))
    month_first = _read_text(s, dayfirst=False)
    if s[filled].str.match(_YEAR_FIRST).mean() > 0.5 or s[filled].str.contains("[A-Za-z]").all():
        return month_first, ""  # 2024-03-05 and Mar 5 have one reading (nobody writes year-day-month)
    day_first = _read_text(s, dayfirst=True)
    a, b = _score(month_first), _score(day_first)
    if month_first.equals(day_first) or a[0] != b[0]:
        return (month_first if a >= b else day_first), ""  # unambiguous: one reading fails on 13/05
    example = s[filled].iloc[0]
    if b > a:
        return day_first, Said("dates.day_first", example=example, date=_day_month(day_first[filled].iloc[0]),
                               why=_why(b, a))
    why, date = _why(a, b), _day_month(month_first[filled].iloc[0])
    if why is None:
        return month_first, Said("dates.month_first_even", example=example, date=date)
    return month_first, Said("dates.month_first", example=example, date=date, why=why)
