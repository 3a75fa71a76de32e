"""core/said.py: what the readers say about a person's file is a Said (id + fields) whose text is
the English it always was, worded in Korean by the catalogue (ui/words/said.py) on a screen."""
import ast
import copy
import pickle
import re
from pathlib import Path

import pandas as pd
import pytest

from core.prices import read_price_csv, read_price_text
from core.said import ENGLISH, InputError, Said
from ui.words import EN, KO, fields, worded
from ui.words.said import KOREAN

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile("[\uac00-\ud7a3]")
EXAMPLE = "Date,Close\n2024-01-02,101.5\n2024-01-03,102.25"


def test_every_sentence_has_korean_with_the_same_fields():
    assert set(KOREAN) == set(ENGLISH)
    for key, english in ENGLISH.items():
        assert fields(KOREAN[key]) == fields(english), key
        assert HANGUL.search(KOREAN[key]), key


def _spoken() -> tuple[set[str], set[str]]:
    """(ids core passes to Said/InputError as literals, every string literal of core's readers)."""
    ids, strings = set(), set()
    for path in (ROOT / "core").rglob("*.py"):
        if path.name == "said.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Said", "InputError")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                ids.add(node.args[0].value)
    return ids, strings


def test_every_id_core_says_exists_and_every_sentence_is_said():
    """A typo in an id fails here even on a branch no file reaches; a sentence nobody says is dead.
    Built ids: dates.month.<1..12> (test below) and dates.unix_<unit> (the units are literals)."""
    ids, strings = _spoken()
    assert ids - set(ENGLISH) == set()
    built = {f"dates.month.{m}" for m in range(1, 13)} | {"dates.unix_seconds", "dates.unix_milliseconds"}
    assert {"seconds", "milliseconds"} <= strings
    assert set(ENGLISH) - strings - built == set()


def test_a_said_is_its_english_and_keeps_its_parts():
    why = Said("dates.why.gap", gap=1.0, other=31.0)
    note = Said("dates.month_first", example="01/02/2024", date=Said("dates.day", day=2,
                month=Said("dates.month.1"), year=2024), why=why)
    assert isinstance(note, str) and note.key == "dates.month_first" and note.fields["why"] is why
    assert note == ("The dates could be read as month/day or day/month; they were read as month/day, US style "
                    "(01/02/2024 = 2 January 2024), because that reading puts them 1 day(s) apart instead of 31.")
    assert worded(note, EN) == note
    assert worded(note, KO) == ("날짜는 월/일로도 일/월로도 읽을 수 있는데, 미국식 월/일로 읽었습니다 "
                                "(01/02/2024 = 2024년 1월 2일). 그렇게 읽으면 날짜 간격이 31일이 아니라 "
                                "1일이기 때문입니다.")
    assert worded("plain text", KO) == "plain text" and worded(ValueError("boom"), KO) == "boom"


def test_saids_and_input_errors_survive_pickle_and_copy():
    note = Said("dates.day_first", example="13/01/2024", why=Said("dates.why.order"),
                date=Said("dates.day", day=13, month=Said("dates.month.1"), year=2024))
    for back in (pickle.loads(pickle.dumps(note)), copy.deepcopy(note), copy.copy(note)):
        assert type(back) is Said and back == note and back.key == note.key
        assert back.fields["why"].key == "dates.why.order" and worded(back, KO) == worded(note, KO)
    error = pickle.loads(pickle.dumps(InputError("csv.empty", example=EXAMPLE)))
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert error.said.key == "csv.empty" and str(error) == str(error.said)


def test_a_parsed_frame_keeps_its_notes_as_said_through_pickle():
    """Streamlit's cache pickles parsed frames, pandas deep-copies attrs: the notes stay Said."""
    frame = read_price_csv(_ambiguous_day_month())
    for back in (pickle.loads(pickle.dumps(frame)), frame.copy(deep=True), frame.iloc[1:]):
        notes = back.attrs["notes"]
        assert [type(n) for n in notes] == [Said] and notes[0].fields["why"].key == "dates.why.gap"
        assert worded(notes[0], KO) == worded(frame.attrs["notes"][0], KO)


# --- real-looking files: the English is today's, the Korean is Korean with the values in it -------
def _korean_export() -> bytes:
    """A Korean broker's daily export (newest first, quoted thousands), saved by Korean Excel."""
    days = pd.bdate_range("2024-01-02", periods=45)[::-1]
    rows = [f'{d:%Y.%m.%d},"{71000 - 100 * i:,}","{12_000_000 + i:,}"' for i, d in enumerate(days)]
    return ("날짜,종가,거래량\n" + "\n".join(rows) + "\n").encode("cp949")


def _ambiguous_day_month() -> bytes:
    days = pd.date_range("2024-01-01", periods=12)
    return ("Date,Close\n" + "\n".join(f"{d:%d/%m/%Y},{100 + i}" for i, d in enumerate(days))).encode()


def test_a_korean_cp949_export():
    notes = read_price_csv(_korean_export()).attrs["notes"]
    assert [n.key for n in notes] == ["csv.cp949", "prices.sorted"]
    assert notes == ["The file was not UTF-8; it was read as Korean Windows text (CP949).",
                     "The dates were not in order; the rows were sorted from oldest to newest."]
    assert [worded(n, KO) for n in notes] == [KOREAN["csv.cp949"], KOREAN["prices.sorted"]]


def test_a_semicolon_file_with_decimal_commas():
    days = pd.bdate_range("2024-01-02", periods=45)
    text = "Datum;Eröffnung;Schluss\n" + "\n".join(f"{d:%d.%m.%Y};{100 + i},5;{101 + i},25" for i, d in enumerate(days))
    frame = read_price_csv(text.encode())
    assert frame["Schluss"].iloc[0] == 101.25
    note, ohlc = frame.attrs["notes"]
    assert note.key == "prices.sep_semicolon" and note == "Columns were separated by ';'."
    assert worded(note, KO) == "열이 ';'로 구분되어 있었습니다."
    assert frame.attrs["column"] == "Schluss" and ohlc == "This looks like an open/high/low/close export; using " \
        "'Schluss' by default."


def test_an_ambiguous_day_month_file():
    (note,) = read_price_csv(_ambiguous_day_month()).attrs["notes"]
    assert note.key == "dates.day_first"
    assert note == ("The dates could be read as month/day or day/month; they were read as day/month "
                    "(01/01/2024 = 1 January 2024), because that reading puts them 1 day(s) apart instead of 31.")
    korean = worded(note, KO)
    assert HANGUL.search(korean) and "01/01/2024 = 2024년 1월 1일" in korean
    assert "31일이 아니라 1일이기 때문입니다." in korean


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_is_named_in_both_languages(month):
    day = Said("dates.day", day=5, month=Said(f"dates.month.{month}"), year=2024)
    assert day == f"5 {pd.Timestamp(2024, month, 5):%B} 2024"
    assert worded(day, KO) == f"2024년 {month}월 5일"


@pytest.mark.parametrize("data, key, english, korean_part", [
    (b"Name,Value\nfoo,1\nbar,2\n", "prices.no_date_column",
     f"No column with dates was found (columns: Name, Value). Expected a column such as Date or 날짜 with values "
     f"like 2024-01-31, e.g.\n{EXAMPLE}", "(열: Name, Value). Date 또는 날짜 같은"),
    (b"  \n", "csv.empty",
     f"The file is empty. Expected a CSV with a date column and a price column, e.g.\n{EXAMPLE}", f"예:\n{EXAMPLE}"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "csv.binary",
     "This is not a text file (it looks like a spreadsheet, a PDF or another binary file). "
     "Save it as CSV (comma-separated text) and try again.", "텍스트 파일이 아닙니다"),
], ids=["no dates", "empty", "xlsx"])
def test_unusable_files_raise_input_errors(data, key, english, korean_part):
    with pytest.raises(ValueError) as caught:
        read_price_csv(data)
    error = caught.value
    assert isinstance(error, InputError) and error.said.key == key and str(error) == english
    korean = worded(error, KO)
    assert HANGUL.search(korean) and korean_part in korean


def test_a_paste_that_is_not_a_number_names_the_value_in_korean():
    with pytest.raises(InputError) as caught:
        read_price_text("101.5, abc, 102")
    assert str(caught.value).startswith("'abc' is not a number.")
    assert worded(caught.value, KO).startswith("숫자가 아닌 값이 있습니다: 'abc'.")


def test_the_screen_words_in_its_language(monkeypatch):
    from ui import i18n
    error = InputError("prices.header_only", header="Date, Close")
    monkeypatch.setattr(i18n, "lang", lambda: "ko")
    assert i18n.said(error) == "파일에 머리글(Date, Close)은 있지만 데이터 행이 없습니다."
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.said(error) == "The file has a header (Date, Close) but no rows of data."
    assert i18n.said(42) == "42"
