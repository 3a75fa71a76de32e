"""What the tasks say about a person's typed input or data is a Said (core/said.py): the English is
exactly what it always was (the CLI and the tests read it), and a Korean screen words the same id
in Korean with the values filled in (ui/words/said.py)."""
import re

import pytest

from core.config import RunConfig
from core.said import InputError, Said
from core.tasks import get_task, make_task
from core.tasks.generate import GenerateTask, build_vocab, load_text, read_bundled
from core.tasks.price import check_source
from core.tasks.sentiment import parse_lines, parse_source
from core.train import Trainer
from tests.views import task_view_script
from ui import safe
from ui.words import worded, words

HANGUL = re.compile("[\uac00-\ud7a3]")
KO = words("ko")
SIZES = {"translate": 7, "weather": 30, "sentiment": 32}


@pytest.fixture(scope="module")
def trained():
    """name -> (task, untrained model): what the screens' inputs are read with."""
    made = {}

    def get(name):
        if name not in made:
            seq_len = SIZES.get(name, get_task(name).seq_len_bounds[2])
            task = make_task(name, seq_len, 0)
            made[name] = (task, Trainer(RunConfig(task=name, hidden_size=8, seq_len=seq_len), task).model)
        return made[name]
    return get


def _said(call) -> InputError:
    with pytest.raises(ValueError) as caught:
        call()
    assert isinstance(caught.value, InputError), repr(caught.value)
    return caught.value


def _korean(value, *parts) -> str:
    korean = worded(value, KO)
    assert HANGUL.search(korean) and "{" not in korean and "}" not in korean, korean
    for part in parts:
        assert part in korean, (part, korean)
    return korean


def _check(call, english: str, key: str, *korean_parts: str) -> InputError:
    error = _said(call)
    assert str(error) == english
    assert error.said.key == key
    _korean(error, *korean_parts)
    return error


# --- translate -------------------------------------------------------------------------------------
def test_translate_input_errors(trained):
    task, model = trained("translate")
    _check(lambda: task.translate(model, ""), "Type an English sentence, for example: I love deep learning",
           "translate.empty", "I love deep learning")
    known = ", ".join(task.src_vocab.itos[3:])
    _check(lambda: task.translate(model, "I love bananas"),
           f"I don't know the words: 'bananas'. Known words: {known}.", "translate.unknown_words",
           "모르는 단어가 있습니다: 'bananas'.", known)
    _check(lambda: task.translate(model, "i love music i love music i love music"),
           "The sentence has 9 words; this network reads at most 7 (the sequence length T).",
           "translate.too_many_words", "9단어", "최대 7단어")


def test_translate_names_twenty_unknown_words_and_counts_the_rest(trained):
    task, model = trained("translate")
    typed = " ".join(f"zz{i}" for i in range(25))
    error = _said(lambda: task.translate(model, typed))
    named = ", ".join(f"'zz{i}'" for i in range(20))
    assert str(error).startswith(f"I don't know the words: {named} and 5 more. Known words: ")
    assert error.said.fields["more"].key == "translate.and_more"
    _korean(error, f"{named} 외 5개.")


# --- sentiment -------------------------------------------------------------------------------------
def test_sentiment_empty_sentence(trained):
    task, model = trained("sentiment")
    _check(lambda: task.trace(model, "   "), "The sentence is empty: type at least one word.", "text.empty",
           "문장이 비어 있습니다")


@pytest.mark.parametrize("call, english, key, korean", [
    (lambda: parse_lines("   \n"), "Type at least one sentence, one per line.", "sentiment.no_lines",
     "문장을 하나 이상"),
    (lambda: parse_lines("great food"),
     "Line 1 has no label: write 'positive<TAB>sentence' or pick one label for all lines.", "sentiment.no_label",
     "1번째 줄에 레이블이 없습니다"),
    (lambda: parse_lines("positive\tgood\nmaybe\tgreat food"),
     "Line 2: 'maybe' is not a label: use positive or negative (긍정 / 부정).", "sentiment.line",
     "2번째 줄: 'maybe'은(는) 레이블이 아닙니다"),
    (lambda: parse_lines("good soup", "so-so"), "'so-so' is not a label: use positive or negative (긍정 / 부정).",
     "sentiment.not_a_label", "'so-so'은(는) 레이블이 아닙니다: 긍정 / 부정"),
    (lambda: parse_source("good soup"), "Your sentences must be a list of (sentence, label) pairs.",
     "sentiment.not_a_list", "(문장, 레이블) 쌍의 목록"),
    (lambda: parse_source([["good soup", "positive"]] * 5001), "At most 5000 added sentences, please; got 5001.",
     "sentiment.too_many", "최대 5000개입니다. 지금 5001개"),
    (lambda: parse_source([["good soup", "positive"], ["bad"]]), "Added sentence 2 is not a (sentence, label) pair.",
     "sentiment.not_a_pair", "추가한 문장 2번이"),
    (lambda: parse_source([["  ", "positive"]]), "The added sentence 1 is empty: type at least one word.",
     "text.empty", "추가한 문장 1번이 비어 있습니다"),
    (lambda: parse_source([[3, "positive"]]), "Give the added sentence 1 as text.", "text.not_text",
     "추가한 문장 1번을 텍스트로"),
    (lambda: parse_source([["x" * 2001, "positive"]]),
     "Added sentence 1 is longer than 2000 characters; split it up.", "sentiment.too_long",
     "추가한 문장 1번이 2000자보다"),
], ids=["no lines", "no label", "bad label on a line", "bad label for all", "not a list", "too many",
        "not a pair", "empty", "not text", "too long"])
def test_sentiment_sentences_a_person_adds(call, english, key, korean):
    _check(call, english, key, korean)


def test_a_line_error_keeps_its_clause_a_said():
    error = _said(lambda: parse_lines("maybe\tgreat food"))
    assert error.said.fields["error"].key == "sentiment.not_a_label"


def test_sentiment_truncation_notes_are_said(trained):
    task, model = trained("sentiment")
    notes = task.trace(model, "good " * 2100)["notes"]
    assert notes == ["The text has 10,499 characters; only the last 2,000 were read.",
                     "The sentence is 400 tokens long; only the last 32 were read (the sequence length)."]
    assert [n.key for n in notes] == ["sentiment.cut_chars", "sentiment.cut_tokens"]
    _korean(notes[0], "10,499자", "2,000자")
    _korean(notes[1], "400토큰", "32토큰")


# --- weather ---------------------------------------------------------------------------------------
def test_weather_typed_days(trained, tmp_path):
    task, model = trained("weather")
    example = "'2015-12-30, 0, 5.6, -2.1, 2.6, sun; 2015-12-31, 0, 5.6, -2.1, 3.5, sun' (or such a CSV)"
    _check(lambda: task.predict(model, "2015-12-30, 0, 5.6", allow_files=False),
           f"Give each day as 6 values separated by commas, days separated by ';'. Example: {example}",
           "weather.days_format", f"예: {example}")
    _check(lambda: task.predict(model, "yesterday, 0, 5.6, -2.1, 2.6, sun", allow_files=False),
           "Dates must look like 2015-12-31 and the four measurements must be numbers.", "weather.bad_values",
           "2015-12-31처럼")
    _check(lambda: task.predict(model, "2015-12-30, 0, 5.6, -2.1, 2.6, hail", allow_files=False),
           "Unknown sky 'hail'; use one of: sun, fog, drizzle, rain, snow.", "weather.unknown_sky",
           "'hail'", "sun, fog, drizzle, rain, snow")
    path = tmp_path / "days.csv"
    path.write_text("date,temp_max\n2015-12-30,5.6\n", encoding="utf-8")
    _check(lambda: task.predict(model, str(path)),
           "The weather file needs the columns date, precipitation, temp_max, temp_min, wind, weather; missing: "
           "precipitation, temp_min, wind, weather.", "weather.missing_columns",
           "없는 열: precipitation, temp_min, wind, weather.")


def test_weather_forecast_is_a_said(trained):
    task, model = trained("weather")
    answer = task.predict(model, "2015-12-30, 0, 5.6, -2.1, 2.6, sun", allow_files=False)
    assert isinstance(answer, Said) and answer.key == "weather.forecast"
    assert answer.startswith("Tomorrow's maximum temperature:") and answer.endswith(
        "(persistence, tomorrow = today: 5.6 °C).")
    _korean(answer, "내일 최고기온 예측", "5.6 °C")


# --- caption, sine, recall -------------------------------------------------------------------------
def test_caption_image_numbers(trained):
    task, model = trained("caption")
    _check(lambda: task.caption(model, 1000), "Pick an image number from 0 to 268; got 1000.", "caption.bad_index",
           "0부터 268까지", "1000")
    _check(lambda: task.predict(model, "seventeen"), "Give the number of a held-out test image, for example: 17",
           "caption.not_a_number", "예: 17")


def test_sine_and_recall_typed_input(trained):
    task, model = trained("sine")
    _check(lambda: task.predict(model, "0, half, 1"), "Give numbers separated by commas, for example: 0, 0.5, 0.87, 1",
           "sine.not_numbers", "0, 0.5, 0.87, 1")
    _check(lambda: task.predict(model, " , ;"), "Give at least one number, for example: 0, 0.5, 0.87, 1",
           "sine.no_numbers", "0, 0.5, 0.87, 1")
    task, model = trained("recall")
    _check(lambda: task.predict(model, "E"), "Give one of the symbols A, B, C or D.", "recall.not_a_symbol",
           "A, B, C, D")


# --- price -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("source, english, key, korean", [
    ([1, 2, 3], "The price data must be a series of numbers (a dict with a 'values' list).", "price.not_a_series",
     "'values' 목록"),
    ({"values": [1, "a"]}, "Every price must be a number.", "price.not_numbers", "숫자여야"),
    ({"values": [1, float("nan")]}, "Every price must be a finite number (no gaps, no text).", "price.not_finite",
     "유한한 숫자"),
    ({"values": [1, 2], "dates": ["2024-01-02"]}, "There are 2 prices but 1 dates.", "price.dates_mismatch",
     "가격은 2개인데 날짜는 1개"),
    ({"values": [1, 2], "dates": "2024-01-02"}, "There are 2 prices but no dates.", "price.no_dates_list",
     "가격은 2개인데 날짜가 없습니다"),
], ids=["not a series", "text", "nan", "dates", "no dates"])
def test_price_sources(source, english, key, korean):
    _check(lambda: check_source(source), english, key, korean)


def test_price_flat_series_and_typed_prices(trained):
    _check(lambda: make_task("price", 30, 0, {"name": "flat", "values": [100.0] * 300}),
           "The training part of the series never changes; there is nothing to learn.", "price.flat", "배울 것이")
    task, model = trained("price")
    _check(lambda: task.predict(model, "101, 102", allow_files=False),
           "Give at least 31 prices (this network reads the last 30 daily changes); got 2.", "price.too_few",
           "최소 31개", "30번", "2개")
    typed = ", ".join(["100"] * 30 + ["-1"])
    _check(lambda: task.predict(model, typed, allow_files=False),
           "This network was trained on positive prices; the values must all be above zero.", "price.not_positive",
           "0보다 커야")
    answer = task.predict(model, ", ".join(["100"] * 31), allow_files=False)
    assert isinstance(answer, Said) and answer.startswith("Tomorrow's forecast: ") and "(today 100.00" in answer
    assert answer.endswith("Naive forecast (tomorrow = today): 100.00; mean of the last 30 days: 100.00.")
    _korean(answer, "내일 예측", "오늘 100.00", "지난 30일 평균: 100.00")


# --- generate --------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, english, key, korean", [
    (lambda: load_text(5), "The text source must be a bundled text's name or a pasted text.", "generate.bad_source",
     "출처"),
    (lambda: load_text({"text": None}), "The pasted text is missing: paste some text or pick a bundled one.",
     "generate.no_text", "붙여 넣은 글이 없습니다"),
    (lambda: load_text(" \n "), "The text is empty (or only spaces): paste some text to learn from.",
     "generate.empty_text", "글이 비어 있습니다"),
    (lambda: read_bundled("nope"), "There is no bundled text called 'nope'. Choose one of: ", "generate.no_such_text",
     "'nope'라는 기본 글은 없습니다"),
    (lambda: GenerateTask(50, 0, "abc"),
     "This text has 3 characters; with a training window of 50 characters it needs at least 153 (one part to train "
     "on, one to validate, one to test). Use a longer text or a shorter window.", "generate.too_short",
     "이 글은 3자입니다. 학습 구간이 50자이면 최소 153자"),
], ids=["not a source", "no text", "empty", "no such bundled text", "too short"])
def test_generate_sources(call, english, key, korean):
    error = _said(call)
    assert str(error) == english or (key == "generate.no_such_text" and str(error).startswith(english))
    assert error.said.key == key
    _korean(error, korean)


def test_generate_notices_and_start_strings(trained):
    _, _, notices = load_text("ab" * 100_001)
    assert notices == ["The text has 200,002 characters; only the first 200,000 are used."]
    _korean(notices[0], "200,002자", "처음 200,000자")
    _, (notice,) = build_vocab("".join(chr(0x4E00 + i) for i in range(450)))
    assert notice == "The text has 450 different characters; the 51 rarest are shown as \N{REPLACEMENT CHARACTER}."
    _korean(notice, "450개", "51개")
    task, _ = trained("generate")
    _check(lambda: task.encode(""), "Type at least one character to start from.", "generate.no_start", "시작할 글자")
    _check(lambda: task.encode("From €"), "These characters never occur in the training text, so the network cannot "
           "read them: '€'. Leave them out or train on a text that has them.", "generate.unknown_chars", ": '€'.")
    error = _said(lambda: task.clean_start("€€"))
    example = repr(task.decode(task.train_ids[:12]))
    assert str(error) == ("None of the characters of this start string occur in the training text; try one that "
                          f"does, for example {example}.")
    _korean(error, example)
    kept, note = task.clean_start("From €")
    assert kept == "From " and note == "Left out characters the training text never uses: '€'"
    _korean(note, "'€'")
    assert task.clean_start("From") == ("From", "")


# --- a Korean screen -------------------------------------------------------------------------------
def test_a_korean_screen_shows_the_korean_error():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=("translate", 8, 7), default_timeout=60)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    at.text_input(key="translate_text").set_value("I love bananas").run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith(safe.text("모르는 단어가 있습니다: 'bananas'. 아는 단어: "))  # as markdown source
    at.text_input(key="translate_text").set_value("").run()
    assert at.error[0].value == safe.text("영어 문장을 입력하세요. 예: I love deep learning")


def test_a_korean_weather_screen_words_the_forecast_and_the_error():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=("weather", 8, 30), default_timeout=60)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception and at.info[0].value.startswith("내일 최고기온 예측: ")
    at.text_input(key="weather_days").set_value("2015-12-30, 0, 5.6, -2.1, 2.6, hail").run()
    assert not at.exception
    korean = "알 수 없는 하늘 'hail'입니다. 다음 중 하나를 쓰세요: sun, fog, drizzle, rain, snow."
    assert at.error[0].value == safe.text(korean)
