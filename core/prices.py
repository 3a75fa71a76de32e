"""Reading the price series people really have: CSV exports from brokers, spreadsheets and
sites, or values pasted into a text box.

`read_price_csv(source)` -> a wide DataFrame: a sorted DatetimeIndex named "date" and one float
column per series (OHLC columns, several tickers, or one column per symbol of a long file).
Everything that was repaired is said in `df.attrs["notes"]` (sentences: core.said.Said, worded
on a screen in its language), the suggested column in `df.attrs["column"]`. Anything unusable
raises core.said.InputError (a ValueError) with a sentence saying what is wrong and what is expected.
"""
import math
import re

import numpy as np
import pandas as pd

from .csvtext import EXAMPLE, MAX_BYTES, MAX_ROWS, CsvSource, decode, read_bytes, split_rows, too_large
from .dates import parse_dates
from .said import InputError, Said

_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "—", "–", "#n/a", ".", "?"}
_DATE_NAMES = ("date", "day", "time", "timestamp", "datetime", "datum", "fecha", "data", "날짜", "일자", "일시",
               "기준일", "거래일", "日付", "日期")
# Column names as exports write them (English, Korean, Western European, Japanese, Chinese);
# compared after _name: "<CLOSE>" (MetaTrader) and " Close " read as "close".
_CLOSE_NAMES = ("close", "close/last", "close price", "closing price", "adj close", "adj_close", "adj.close",
                "price", "last", "종가", "현재가", "가격", "schluss", "schlusskurs", "kurs", "clôture", "cloture",
                "dernier", "cierre", "último", "ultimo", "chiusura", "fechamento", "slot", "終値", "收盘", "收盘价")
_OPEN_NAMES = ("open", "시가", "eröffnung", "erster", "ouverture", "apertura", "abertura", "始値", "开盘", "开盘价")
_VOLUME_NAMES = ("volume", "vol", "vol.", "tickvol", "거래량", "거래대금", "volumen", "umsatz", "出来高", "成交量")
_SYMBOL_NAMES = ("symbol", "ticker", "name", "code", "stock", "종목", "종목명", "종목코드")


def rows_needed(window: int) -> int:
    """Rows a series needs for a window of `window` days: the window plus one day to predict,
    at least 20 training examples in the first 70 %, and 5 days each to validate and to test."""
    return max(40, math.ceil((window + 21) / 0.7))


def require_rows(n: int, window: int) -> None:
    need = rows_needed(window)
    if n < need:
        raise InputError("prices.too_few_rows", rows=n, window=window, need=need)


# --- cells -> numbers and dates ---------------------------------------------------------------
def _clean_number_text(s: pd.Series) -> pd.Series:
    s = s.str.replace(r"[\s\u00a0\u202f'$€₩£¥￦원]|USD|EUR|KRW|GBP|JPY", "", regex=True)
    return s.str.replace(r"^\((.*)\)$", r"-\1", regex=True)  # accounting negatives: (12.5)


def _to_numbers(raw: pd.Series, sep: str) -> pd.Series:
    """Floats from strings with currency signs and thousands separators; decimal commas are
    read as such when the last mark in a number is a comma followed by 1–2 digits, or when
    the separator is not ',' and no number uses a dot."""
    s = _clean_number_text(raw.fillna("").astype(str))
    has_comma, has_dot = s.str.contains(",").any(), s.str.contains(r"\.").any()
    comma_last = s.str.contains(r"\.\d{3},\d+$|^-?\d+,\d{1,2}$").any()
    dot_last = s.str.contains(r",\d{3}\.\d+$").any()
    decimal_comma = has_comma and not dot_last and (comma_last or (sep != "," and not has_dot))
    dot_thousands = not has_comma and s.str.contains(r"^-?\d{1,3}(?:\.\d{3}){2,}$").any()  # 1.234.567
    if decimal_comma or dot_thousands:
        s = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        s = s.str.replace(",", "", regex=False)
    return pd.to_numeric(s, errors="coerce")


def _present(raw: pd.Series) -> pd.Series:
    return ~raw.fillna("").astype(str).str.strip().str.lower().isin(_MISSING)


def _find_date_column(frame: pd.DataFrame, numeric: set, notes: list):
    """(column, dates): a column named as dates first (where numbers may be Excel serials or Unix
    times), then any text column, then a column of yyyymmdd numbers."""
    named = [c for c in frame.columns if _name(c) in _DATE_NAMES or "date" in str(c).lower()]
    text = [c for c in frame.columns if c not in named and c not in numeric]
    for c in named + text + [c for c in frame.columns if c not in named and c in numeric]:
        present = _present(frame[c])
        if not present.any():
            continue
        serial = c in named
        if parse_dates(frame[c][present].head(50), serial)[0].notna().mean() < 0.8:
            continue  # a quick look at the first values spares reading a long column of names
        dates, note = parse_dates(frame[c].where(present, ""), serial)
        if dates[present].notna().mean() >= 0.8:
            notes += [note] if note else []
            return c, dates
    cols = ", ".join(map(str, frame.columns))
    raise InputError("prices.no_date_column", columns=cols, name_en="Date", name_ko="날짜", example=EXAMPLE)


def _name(column) -> str:
    """A column's name as compared with the names above: lower case, without spaces or brackets."""
    return str(column).strip().strip("<>[]()\"'").strip().lower()


def _pick(columns, names):
    for c in columns:
        if _name(c) in names:
            return c
    return None


# --- the reader -------------------------------------------------------------------------------
def read_price_csv(source: CsvSource, symbol: str | None = None) -> pd.DataFrame:
    """Read a CSV of daily prices. source: a path, bytes or a file-like object.

    Returns a DataFrame indexed by sorted, unique dates (DatetimeIndex "date"), one float column
    per series; attrs: notes (list of sentences), column (the suggested column), symbols (the
    symbols of a long file, each now a column). Raises InputError (a ValueError) for unusable input.
    """
    notes = []
    text = decode(read_bytes(source), notes)
    return _frame_from_text(text, notes, symbol)


def _frame_from_text(text, notes, symbol=None) -> pd.DataFrame:
    rows, sep = split_rows(text)
    header, body = rows[0], [r for r in rows[1:] if any(r)]
    if _is_data_row(header, sep):
        notes.append(Said("prices.no_header"))
        header, body = ["date"] + [f"column {i + 2}" for i in range(len(header) - 1)], [header] + body
    if not body:
        raise InputError("prices.header_only", header=", ".join(header))
    if sep != ",":
        notes.append(Said({";": "prices.sep_semicolon", "\t": "prices.sep_tab", "|": "prices.sep_pipe"}[sep]))
    width = len(header)
    header = [h or f"column {i + 1}" for i, h in enumerate(header)]
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in body], columns=header, dtype=object)
    numbers = {c: _to_numbers(frame[c], sep) for c in frame.columns}
    numeric = {c for c, v in numbers.items()
               if _present(frame[c]).any() and v[_present(frame[c])].notna().mean() >= 0.8}
    date_col, dates = _find_date_column(frame, numeric, notes)
    numeric.discard(date_col)
    if not numeric:
        raise InputError("prices.no_number_column", columns=", ".join(header), example=EXAMPLE)
    bad = dates.isna()
    if bad.any():
        first = int(np.argmax(bad.to_numpy()))
        notes.append(Said("prices.undated_rows", rows=int(bad.sum()), row=first + 1,
                          value=frame[date_col].iloc[first]))
    wide = pd.DataFrame({c: numbers[c] for c in frame.columns if c in numeric})
    wide.index = pd.DatetimeIndex(dates, name="date")
    wide = wide[~bad.to_numpy()]
    symbol_col = _long_symbol_column(frame[~bad.to_numpy()], date_col, numeric, wide.index)
    if symbol_col is not None:
        wide = _pivot_long(frame[~bad.to_numpy()], wide, symbol_col, symbol, notes)
    return _tidy(wide, notes)


def _is_data_row(cells, sep) -> bool:
    """A first line such as 2024-01-02,101.5 (a file without a header): a date and a number."""
    cells = pd.Series(cells, dtype=object)
    numbers = _to_numbers(cells, sep).notna()
    return bool(numbers.any() and (~numbers).any() and parse_dates(cells[~numbers])[0].notna().any())


def _long_symbol_column(frame, date_col, numeric, index):
    """A text column that repeats the dates once per symbol (a 'long' file), or None."""
    if not index.duplicated().any():
        return None
    text_cols = [c for c in frame.columns if c != date_col and c not in numeric]
    named = _pick(text_cols, _SYMBOL_NAMES)
    for c in ([named] if named is not None else []) + text_cols:
        keys = frame[c].astype(str)
        if 1 < keys.nunique() <= len(frame) // 2 and not pd.MultiIndex.from_arrays([index, keys]).duplicated().any():
            return c
    return None


def _pivot_long(frame, wide, symbol_col, symbol, notes):
    value = _pick(wide.columns, _CLOSE_NAMES) or wide.columns[0]
    keys = frame[symbol_col].astype(str).str.strip().to_numpy()
    symbols = list(dict.fromkeys(keys))
    out = pd.DataFrame({"key": keys, "v": wide[value].to_numpy()}, index=wide.index)
    out = out.pivot_table(index="date", columns="key", values="v", aggfunc="last", dropna=False)
    out = out.reindex(columns=symbols)
    out.columns.name = None
    chosen = str(symbol) if symbol is not None else symbols[0]
    if chosen not in symbols:
        raise InputError("prices.unknown_symbol", symbol=symbol, symbols=", ".join(symbols))
    notes.append(Said("prices.long_file", count=len(symbols), column=symbol_col, shown=", ".join(symbols[:8]),
                      value=value, chosen=chosen))
    out.attrs["symbols"], out.attrs["column"] = symbols, chosen
    return out


def _tidy(wide, notes) -> pd.DataFrame:
    """Sort the dates, drop duplicates, forward-fill gaps in the values, and say so."""
    attrs = dict(wide.attrs)
    if not wide.index.is_monotonic_increasing:
        notes.append(Said("prices.sorted"))
        wide = wide.sort_index(kind="stable")
    dup = wide.index.duplicated(keep="last")
    if dup.any():
        notes.append(Said("prices.duplicates", count=int(dup.sum()), first=f"{wide.index[dup][0]:%Y-%m-%d}"))
        wide = wide[~dup]
    for c in wide.columns:
        missing = wide[c].isna()
        leading = int(np.argmax(~missing.to_numpy())) if (~missing).any() else len(missing)
        inner = int(missing.iloc[leading:].sum())
        if inner:
            first = wide.index[leading:][missing.iloc[leading:].to_numpy()][0]
            notes.append(Said("prices.filled", column=c, count=inner, first=f"{first:%Y-%m-%d}"))
    wide = wide.ffill()
    wide = wide.dropna(axis=1, how="all")
    if wide.empty or wide.shape[1] == 0:
        raise InputError("prices.no_numbers", example=EXAMPLE)
    gaps = wide.index.to_series().diff().dt.days
    big = gaps[gaps > 7]
    if len(big):
        notes.append(Said("prices.gaps", count=len(big), days=int(big.max()), date=f"{big.idxmax():%Y-%m-%d}"))
    wide.index.name = "date"
    wide.attrs = attrs
    wide.attrs["notes"] = notes
    if "column" not in attrs:
        wide.attrs["column"] = _default_column(wide.columns)
    if _pick(wide.columns, _OPEN_NAMES) is not None and _pick(wide.columns, _CLOSE_NAMES) is not None:
        notes.append(Said("prices.ohlc", column=wide.attrs["column"]))
    return wide


def _default_column(columns):
    close = _pick(columns, _CLOSE_NAMES)
    if close is not None:
        return close
    others = [c for c in columns if _name(c) not in _VOLUME_NAMES]
    return (others or list(columns))[0]


def _split_line(line: str) -> list:
    # With ", " between values a comma without a space is a thousands separator (1,234.5, 1,240.0);
    # without spaces every comma separates two values (101,102,103).
    parts = re.split(r"[;\s]+" if re.search(r"[,;]\s", line) else r"[,;\s]+", line)
    return [p.strip().strip(",") for p in parts if p.strip().strip(",")]


def _plain_values(lines: list):
    """(values, first value that is not a number): each line one value (1,234.50 or 101,5 on a line
    of its own is one number), else every line split like a line of values."""
    tries = [[ln.strip() for ln in lines]] if len(lines) > 1 else []
    tries.append([p for ln in lines for p in _split_line(ln)])
    for parts in tries:
        raw = pd.Series(parts, dtype=object)
        values = _to_numbers(raw, ",")
        if len(parts) and values.notna().all():
            return values, None
    return None, (raw[values.isna()].iloc[0] if len(parts) else "")


def read_price_text(text: str) -> pd.DataFrame:
    """Values pasted into a text box: plain numbers separated by commas, spaces or new lines (then
    the index is the day number 1..n and a note says there were no dates; a first line without
    digits is the series' name), or else CSV text with dates, read like a file."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("prices.paste_empty")
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if too_large(len(text.encode("utf-8")), len(lines)):
        raise InputError(too_large(len(text.encode("utf-8")), len(lines)))
    name = lines[0].strip() if len(lines) > 2 and not re.search(r"\d", lines[0]) else None
    values, bad = _plain_values(lines[1:] if name else lines)
    if values is None:
        if len(lines) > 1 and any(re.search(r"[,;\t|]", ln) for ln in lines):
            return _frame_from_text(text.strip(), [])
        raise InputError("prices.not_a_number", value=bad)
    column = name or "value"
    frame = pd.DataFrame({column: values.to_numpy(dtype=float)}, index=pd.RangeIndex(1, len(values) + 1, name="day"))
    frame.attrs = {"notes": [Said("prices.no_dates")], "column": column}
    return frame


def series_source(frame: pd.DataFrame, column: str | None = None, name: str | None = None) -> dict:
    """The task's `source` (plain JSON) for one column: {"name", "dates" (ISO strings or None),
    "values"}. Raises InputError (a ValueError) for an unknown column or non-finite values."""
    column = frame.attrs.get("column", frame.columns[0]) if column is None else column
    if column not in frame.columns:
        raise InputError("prices.no_such_column", column=column, columns=", ".join(map(str, frame.columns)))
    values = frame[column].dropna()
    if not np.isfinite(values.to_numpy(dtype=float)).all():
        raise InputError("prices.infinite", column=column)
    dates = ([f"{d:%Y-%m-%d}" for d in values.index] if isinstance(values.index, pd.DatetimeIndex) else None)
    return {"name": str(name or column), "dates": dates, "values": [float(v) for v in values]}


__all__ = ["read_price_csv", "read_price_text", "series_source", "rows_needed", "require_rows",
           "MAX_BYTES", "MAX_ROWS", "too_large"]
