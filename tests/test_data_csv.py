"""core.prices: the price files people really have, and the sentences they get when a file is unusable."""
import io

import numpy as np
import pandas as pd
import pytest

from core import prices
from core.datasets import bundled_path
from core.prices import read_price_csv, read_price_text, require_rows, rows_needed, series_source


def read(text: str, encoding="utf-8", **kw):
    return read_price_csv(text.encode(encoding), **kw)


def test_yahoo_ohlc_export_uses_close_and_keeps_every_column():
    df = read("Date,Open,High,Low,Close,Adj Close,Volume\n"
              "2024-01-02,187.15,188.44,183.89,185.64,185.40,82488700\n"
              "2024-01-03,184.22,185.88,183.43,184.25,184.01,58414500\n"
              "2024-01-04,182.15,183.09,180.88,181.91,181.67,71983600\n")
    assert isinstance(df.index, pd.DatetimeIndex) and df.index.name == "date"
    assert list(df.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    assert df.attrs["column"] == "Close"
    assert df["Close"].tolist() == [185.64, 184.25, 181.91]
    assert any("open/high/low/close" in n for n in df.attrs["notes"])


def test_korean_broker_export_with_won_signs_and_thousands_separators():
    df = read('날짜,종가,거래량\n2024/01/03,"₩71,000","12,345,678"\n2024/01/04,"₩70,500","9,876,543"\n'
              '2024/01/05,"₩69,900원","10,000,000"\n')
    assert df.attrs["column"] == "종가"
    assert df["종가"].tolist() == [71000.0, 70500.0, 69900.0]
    assert df["거래량"].iloc[0] == 12345678.0
    assert list(df.index.strftime("%Y-%m-%d")) == ["2024-01-03", "2024-01-04", "2024-01-05"]


def test_korean_dates_written_in_words_and_cp949_encoding():
    df = read("일자,종가\n2024년 1월 3일,71000\n2024년 1월 4일,70500\n", encoding="cp949")
    assert df.index[1] == pd.Timestamp("2024-01-04")
    assert any("CP949" in n for n in df.attrs["notes"])


def test_european_semicolons_decimal_commas_and_euro_signs():
    df = read("Datum;Schlusskurs\n02.01.2024;1.234,56 €\n03.01.2024;1.240,10 €\n04.01.2024;998,5 €\n")
    assert df["Schlusskurs"].tolist() == pytest.approx([1234.56, 1240.10, 998.5])
    assert df.index[0] == pd.Timestamp("2024-01-02")  # day.month.year
    assert any("';'" in n for n in df.attrs["notes"])


def test_dollar_pound_and_yen_signs():
    df = read('date,spy,ftse,nikkei\n2024-01-02,"$472.65","£7,721.52","¥33,288"\n'
              '2024-01-03,"$468.79","£7,682.30","¥33,464"\n')
    assert df.loc["2024-01-03"].tolist() == pytest.approx([468.79, 7682.30, 33464.0])


def test_long_format_becomes_one_column_per_symbol_and_a_symbol_can_be_picked():
    text = ("symbol,date,price\nAAPL,2024-01-02,185.64\nMSFT,2024-01-02,370.87\n"
            "AAPL,2024-01-03,184.25\nMSFT,2024-01-03,370.60\nAAPL,2024-01-04,181.91\nMSFT,2024-01-04,367.94\n")
    df = read(text)
    assert df.attrs["symbols"] == ["AAPL", "MSFT"] and df.attrs["column"] == "AAPL"
    assert df["MSFT"].tolist() == [370.87, 370.60, 367.94]
    assert read(text, symbol="MSFT").attrs["column"] == "MSFT"
    with pytest.raises(ValueError, match="GOOG.*AAPL, MSFT"):
        read(text, symbol="GOOG")


def test_unsorted_and_duplicate_dates_are_sorted_and_said():
    df = read("Date,Close\n2024-01-04,103\n2024-01-02,101\n2024-01-03,102\n2024-01-03,102.5\n")
    assert df.index.is_monotonic_increasing and df.index.is_unique
    assert df["Close"].tolist() == [101, 102.5, 103]  # the last row for a duplicated date wins
    notes = " ".join(df.attrs["notes"])
    assert "sorted" in notes and "more than once" in notes


def test_missing_values_are_forward_filled_visibly_and_gaps_are_said():
    df = read("Date,Close\n2024-01-02,101\n2024-01-03,\n2024-01-04,n/a\n2024-01-05,104\n2024-02-01,110\n")
    assert df["Close"].tolist() == [101, 101, 101, 104, 110]
    notes = " ".join(df.attrs["notes"])
    assert "2 missing value(s)" in notes and "2024-01-03" in notes and "forward fill" in notes
    assert "gap" in notes and "27 days" in notes


def test_rows_with_unreadable_dates_are_left_out_and_said():
    df = read("Date,Close\n2024-01-02,101\ntotal,999\n2024-01-03,102\n2024-01-04,103\n2024-01-05,104\n")
    assert len(df) == 4 and 999 not in df["Close"].tolist()
    assert any("no readable date" in n and "total" in n for n in df.attrs["notes"])


def test_us_dates_are_read_month_first_and_the_ambiguity_is_said():
    df = read("Date,AAPL\n12/1/2015,117.34\n12/2/2015,116.28\n1/4/2016,105.35\n")
    assert df.index[0] == pd.Timestamp("2015-12-01")
    assert any("month/day" in n for n in df.attrs["notes"])


def test_path_and_file_like_sources_read_the_same():
    path = bundled_path("prices", "tech_stocks_2015_2017.csv")
    a = read_price_csv(path)
    with open(path, "rb") as f:
        b = read_price_csv(io.BytesIO(f.read()))
    assert a.shape == (504, 3) and a.equals(b)
    assert a.loc["2015-12-01", "GOOG"] == 767.04


def test_a_german_excel_export_in_windows_1252_reads_with_a_note_and_its_close_column():
    """German Excel's "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, decimal commas."""
    text = ("Datum;Eröffnung;Hoch;Tief;Schluss;Volumen\n02.01.2024;1.230,10;1.240,00;1.220,50;1.234,56;5.120\n"
            "03.01.2024;1.234,56;1.250,00;1.230,00;1.240,10;4.980\n04.01.2024;1.240,10;1.245,00;990,00;998,50;7.004\n")
    df = read(text, encoding="cp1252")
    assert list(df.columns) == ["Eröffnung", "Hoch", "Tief", "Schluss", "Volumen"]
    assert df.attrs["column"] == "Schluss" and df["Schluss"].tolist() == [1234.56, 1240.10, 998.50]
    keys = [n.key for n in df.attrs["notes"]]
    assert keys[0] == "csv.cp1252" and {"prices.sep_semicolon", "dates.day_first", "prices.ohlc"} <= set(keys)
    assert "Windows-1252" in df.attrs["notes"][0] and df.index[0] == pd.Timestamp("2024-01-02")


@pytest.mark.parametrize("header, close", [
    ("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>", "<CLOSE>"),  # MetaTrader
    ("Fecha;Apertura;Máximo;Mínimo;Cierre;Volumen", "Cierre"),
    ("Date;Ouverture;Plus haut;Plus bas;Clôture;Volume", "Clôture"),
    ("일자,시가,고가,저가,종가,거래량", "종가"),
    ("Date,Volume,Open,High,Low,Close/Last", "Close/Last"),  # Nasdaq.com's historical data
])
def test_the_close_column_is_found_in_other_languages_and_brackets(header, close):
    sep = "\t" if "\t" in header else header[len(header.split(",")[0].split(";")[0])]
    n = header.count(sep)
    rows = [sep.join(["2024.01.0" + str(d)] + [str(100 + d + i) for i in range(n)]) for d in (2, 3, 4)]
    df = read(header + "\n" + "\n".join(rows) + "\n")
    assert df.attrs["column"] == close and any(n.key == "prices.ohlc" for n in df.attrs["notes"])


def test_korean_cp949_with_kssymbols_still_reads_as_korean():
    df = read("일자,종가,전일비\n2024/01/03,71000,▲ 500\n2024/01/04,70500,▼ 500\n", encoding="cp949")
    assert df.attrs["column"] == "종가" and [n.key for n in df.attrs["notes"]][0] == "csv.cp949"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "not a text file"),
    ("Дата;Цена\n02.01.2024;1234,56\n".encode("cp1251"), "not UTF-8"),  # Russian Excel's Windows-1251
    ("日付,終値\n2024/01/04,33288\n".encode("shift_jis"), "not UTF-8"),  # Japanese Excel's Shift-JIS
    (b"Date,Close\n", "no rows of data"),
    (b"Name,Close\nfoo,101\nbar,102\n", "No column with dates"),
    (b"Date,Note\n2024-01-02,up\n2024-01-03,down\n", "No column of numbers"),
    (b"101.5\n102.25\n", "single field"),
])
def test_unusable_files_raise_a_sentence(content, message):
    with pytest.raises(ValueError, match=message):
        read_price_csv(content)


def test_a_missing_path_and_an_oversized_file_are_refused(tmp_path):
    with pytest.raises(ValueError, match="no file"):
        read_price_csv(str(tmp_path / "nope.csv"))
    with pytest.raises(ValueError, match="at most 10 MB"):
        read_price_csv(b"Date,Close\n" + b"2024-01-02,1\n" * (prices.MAX_BYTES // 13 + 1))


def test_too_short_for_the_window_says_how_many_rows_are_needed():
    assert rows_needed(30) == 73  # (30 + 21) / 0.7 rounded up
    with pytest.raises(ValueError, match="50 rows; a window of 30 days needs at least 73 rows"):
        require_rows(50, 30)
    require_rows(73, 30)


def test_pasted_plain_values_are_numbered_days():
    df = read_price_text("101.5, 102.25, 1,234.5")
    assert df["value"].tolist() == [101.5, 102.25, 1234.5]
    assert isinstance(df.index, pd.RangeIndex) and "No dates" in df.attrs["notes"][0]
    assert read_price_text("101,102,103")["value"].tolist() == [101, 102, 103]
    assert read_price_text("101.5\n102\n$103")["value"].tolist() == [101.5, 102, 103]
    with pytest.raises(ValueError, match="'abc' is not a number"):
        read_price_text("101, abc, 103")
    with pytest.raises(ValueError, match="Paste some prices"):
        read_price_text("  ")


def test_pasted_csv_lines_with_dates_are_read_like_a_file():
    df = read_price_text("Date,Close\n2024-01-03,102\n2024-01-02,101\n")
    assert df["Close"].tolist() == [101, 102] and isinstance(df.index, pd.DatetimeIndex)


def test_series_source_is_plain_json_for_the_task():
    df = read("Date,Open,Close\n2024-01-02,1,101\n2024-01-03,2,102\n")
    src = series_source(df)
    assert src == {"name": "Close", "dates": ["2024-01-02", "2024-01-03"], "values": [101.0, 102.0]}
    assert series_source(df, "Open", "my open")["values"] == [1.0, 2.0]
    assert series_source(read_price_text("1 2 3"))["dates"] is None
    with pytest.raises(ValueError, match="no column 'High'"):
        series_source(df, "High")
    sp500 = read_price_csv(bundled_path("prices", "sp500_2010_2018.csv"))
    assert np.isfinite(series_source(sp500)["values"]).all()


# --- every way a date is written: variants of the bundled real series ---------------------------
def _korean(d):
    return f"{d.year}년 {d.month}월 {d.day}일"


DATE_STYLES = {
    "iso": lambda d: f"{d:%Y-%m-%d}",
    "iso with time and offset": lambda d: f"{d:%Y-%m-%d}T16:00:00-05:00",
    "us": lambda d: f"{d.month}/{d.day}/{d.year}",
    "us two-digit year": lambda d: f"{d:%m/%d/%y}",
    "day-first slashes": lambda d: f"{d:%d/%m/%Y}",
    "day-first dots": lambda d: f"{d:%d.%m.%Y}",
    "month name, comma": lambda d: f"{d:%b} {d.day}, {d.year}",
    "month name, no comma": lambda d: f"{d:%b %d %Y}",
    "full month name first": lambda d: f"{d:%B} {d.day}, {d.year}",
    "day month year": lambda d: f"{d.day} {d:%B %Y}",
    "dd-Mon-yy": lambda d: f"{d:%d-%b-%y}",
    "weekday, month name": lambda d: f"{d:%a, %b %d, %Y}",
    "korean 년 월 일": _korean,
    "korean with weekday": lambda d: _korean(d) + " (" + "월화수목금토일"[d.dayofweek] + ")",
    "korean month first": lambda d: f"{d.month}월 {d.day}일, {d.year}",
    "korean month first, no 일": lambda d: f"{d.month}월 {d.day}, {d.year}",
    "korean excel": lambda d: f"{d.year}. {d.month}. {d.day}.",
    "yyyymmdd": lambda d: f"{d:%Y%m%d}",
    "excel serial": lambda d: str((d - pd.Timestamp("1899-12-30")).days),
}


def _bundled(name):
    return read_price_csv(bundled_path("prices", name))


@pytest.fixture(scope="module")
def originals():
    return {name: _bundled(name) for name in ("sp500_2010_2018.csv", "tech_stocks_2015_2017.csv")}


def _write(frame, style, sep=",", number=lambda v: repr(float(v)), newest_first=False):
    rows = frame.iloc[::-1] if newest_first else frame
    lines = [sep.join(["Date"] + list(frame.columns))]
    quoted = lambda s: f'"{s}"' if sep in s else s  # noqa: E731  as a spreadsheet writes "Mar 5, 2024"
    lines += [sep.join([quoted(style(d))] + [number(v) for v in row]) for d, row in zip(rows.index, rows.to_numpy())]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("file", ["sp500_2010_2018.csv", "tech_stocks_2015_2017.csv"])
@pytest.mark.parametrize("style", DATE_STYLES, ids=str)
def test_every_date_style_reads_back_every_date_and_price_of_the_real_series(originals, file, style):
    original = originals[file]
    df = read_price_csv(_write(original, DATE_STYLES[style]))
    assert df.index.equals(original.index)
    assert np.array_equal(df.to_numpy(), original.to_numpy())
    assert not any("row(s) had no readable date" in n for n in df.attrs["notes"])


@pytest.mark.parametrize("style, sep, number", [
    ("day-first dots", ";", lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ",")),  # 1 132,99 (French)
    ("day-first dots", ";", lambda v: f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")),  # 1.132,99
    ("us", ",", lambda v: f'"${v:,.2f}"'),  # "$1,132.99"
    ("korean 년 월 일", "\t", lambda v: f"{v:,.2f}원"),
])
def test_styles_of_numbers_with_styles_of_dates(originals, style, sep, number):
    original = originals["sp500_2010_2018.csv"][["Open", "Close"]]
    df = read_price_csv(_write(original, DATE_STYLES[style], sep, number))
    assert df.index.equals(original.index)
    assert np.allclose(df.to_numpy(), original.to_numpy(), rtol=0, atol=0.005)


def test_newest_first_exports_are_put_in_order(originals):
    original = originals["tech_stocks_2015_2017.csv"]
    df = read_price_csv(_write(original, DATE_STYLES["us"], newest_first=True))
    assert df.index.equals(original.index) and np.array_equal(df.to_numpy(), original.to_numpy())
    assert any("sorted" in n for n in df.attrs["notes"])


@pytest.mark.parametrize("style, reading", [("us", "month/day"), ("day-first slashes", "day/month")])
def test_ambiguous_dates_are_read_the_way_that_puts_them_in_order_and_it_is_said(originals, style, reading):
    """Only the days 1-12 of every month: every date reads both ways, and only one reading is in order."""
    original = originals["sp500_2010_2018.csv"]
    original = original[original.index.day <= 12]
    df = read_price_csv(_write(original, DATE_STYLES[style]))
    assert df.index.equals(original.index) and np.array_equal(df.to_numpy(), original.to_numpy())
    note = next(n for n in df.attrs["notes"] if "could be read" in n)
    assert f"read as {reading}" in note and "in order" in note


@pytest.mark.parametrize("style, reading", [("us", "month/day"), ("day-first dots", "day/month")])
def test_a_week_of_ambiguous_dates_is_read_as_consecutive_days(originals, style, reading):
    """2010-01-04 … 01-12 read the other way are in order too, but a month apart: days win, and it is said."""
    original = originals["sp500_2010_2018.csv"].iloc[:7]
    df = read_price_csv(_write(original, DATE_STYLES[style]))
    assert df.index.equals(original.index)
    note = next(n for n in df.attrs["notes"] if "could be read" in n)
    assert f"read as {reading}" in note and "1 day(s) apart instead of 30.5" in note


def test_unix_timestamps_in_a_date_column_and_a_file_without_a_header(originals):
    original = originals["tech_stocks_2015_2017.csv"]
    df = read_price_csv(_write(original, lambda d: str(int(d.timestamp()))))
    assert df.index.equals(original.index) and any("Unix" in n for n in df.attrs["notes"])
    headless = b"\n".join(_write(original, DATE_STYLES["iso"]).split(b"\n")[1:])
    df = read_price_csv(headless)
    assert df.index.equals(original.index) and np.array_equal(df.to_numpy(), original.to_numpy())
    assert any("not column names" in n for n in df.attrs["notes"])


def test_a_price_column_of_numbers_like_excel_serials_is_not_taken_for_dates():
    """Samsung trades near 70,000 won: in a column not named as dates those numbers stay prices."""
    df = read("날짜,종가\n2024-01-02,79600\n2024-01-03,77000\n2024-01-04,76600\n")
    assert df["종가"].tolist() == [79600, 77000, 76600] and df.index[0] == pd.Timestamp("2024-01-02")


def test_too_many_rows_are_refused_before_anything_is_parsed(monkeypatch):
    def never(*a, **k):
        raise AssertionError("parsed")
    monkeypatch.setattr(prices, "split_rows", never)
    big = b"Date,Close\n" + b"1,1\n" * (prices.MAX_ROWS + 1)
    with pytest.raises(ValueError, match=f"at most {prices.MAX_ROWS:,} rows"):
        read_price_csv(big)
    with pytest.raises(ValueError, match=f"at most {prices.MAX_ROWS:,} rows"):
        read_price_text("1\n" * (prices.MAX_ROWS + 5))


@pytest.mark.parametrize("text, values", [
    ("101.5\n102.25\n101.75", [101.5, 102.25, 101.75]),  # the placeholder's own values, one per line
    ("1,234.50\n1,240.25\n1,250.00", [1234.5, 1240.25, 1250.0]),
    ("1234.50\n1240.25\n1250.75\n", [1234.5, 1240.25, 1250.75]),
    ("101,5\n102,25\n101,75", [101.5, 102.25, 101.75]),  # decimal commas
    ("2024.5\n2025.25\n2026.75", [2024.5, 2025.25, 2026.75]),  # look like years, are prices
    ("101.5, 102.25\n101.75, 103", [101.5, 102.25, 101.75, 103.0]),
])
def test_pasted_values_one_per_line_are_prices_not_dates(text, values):
    df = read_price_text(text)
    assert df["value"].tolist() == values and isinstance(df.index, pd.RangeIndex)


def test_pasted_column_with_a_name_on_top():
    df = read_price_text("Close\n101.5\n102.25\n101.75")
    assert df.attrs["column"] == "Close" and df["Close"].tolist() == [101.5, 102.25, 101.75]
    with pytest.raises(ValueError, match="'abc' is not a number"):
        read_price_text("101.5\nabc\n102")
