"""Every screen's settings, generated from its own schema: random valid settings go into a link,
open the screen with exactly those values and come back unchanged in the link it writes; random
invalid ones are clamped or kept at their default, with one notice each, in English and Korean.
A setting added to a screen's schema is covered here without a new line of test."""
import random
import re

import pytest

from core import budget
from core.config import RunConfig
from core.settings import as_text, at
from core.tasks import make_task
from ui import urlstate

SCREENS = {"screens/home.py": "home", "screens/cell.py": "cell", "screens/sharing.py": "sharing",
           "screens/bptt_lab.py": "bptt", "screens/system.py": "system", "screens/train.py": "train"}
ICON = {"train": ":material/info:"}  # how each screen marks a link's notices (the others: the link icon)
WORDS = ["I", "like", "eating", "나는", "먹는 것을", "좋아한다", "apples", "rain"]


@pytest.fixture
def schemas(monkeypatch):
    """The specs each screen binds, as it binds them (the screens are scripts, not modules)."""
    seen, real = {}, urlstate.bind

    def spy(page, specs, repair=None):
        seen[page] = list(specs)
        return real(page, specs, repair)
    monkeypatch.setattr(urlstate, "bind", spy)
    return seen


def valid(spec, values, rng):
    """A random value the setting accepts, given the values chosen before it."""
    if spec.kind == "number":
        lo, hi = at(spec.lo, values), at(spec.hi, values)
        if spec.steps:
            return rng.choice([s for s in spec.steps if lo <= s <= hi])
        if spec.integer:
            return rng.randint(lo, min(hi, lo + 1000))
        while True:  # a value a link writes exactly (as_text keeps 6 significant digits)
            x = float(f"{rng.uniform(lo, min(hi, lo + 1000)):.3g}")
            if lo <= x <= hi:
                return x
    if spec.kind == "choice":
        return rng.choice(spec.options)
    if spec.kind == "choices":
        return [o for o in spec.options if rng.random() < 0.5] or [spec.options[0]]
    if spec.kind == "flag":
        return rng.random() < 0.5
    return " / ".join(rng.sample(WORDS, rng.randint(1, 4)))


def invalid(spec, values, rng):
    """(text for the link, the value the screen must use instead)."""
    default = at(spec.default, values)
    if spec.kind == "number":
        lo, hi = at(spec.lo, values), at(spec.hi, values)
        way = rng.choice(["low", "high", "nan"])
        if way == "low":
            return as_text(lo - 1 - rng.randint(0, 9)), lo
        if way == "high":
            return as_text(hi + 1 + rng.randint(0, 9)), hi
        return rng.choice(["abc", "nan", "1,5", ""]), default
    if spec.kind == "choice":
        return "no-such-" + rng.choice(WORDS[:3]), default
    if spec.kind == "choices":
        keep = spec.options[0]
        return f"{as_text(keep)},no-such", [keep]
    if spec.kind == "flag":
        return rng.choice(["maybe", "2", "yes please"]), default
    return "x" * (spec.hi + 1 + rng.randint(0, 9)), "x" * spec.hi


def specs_of(app, schemas, page):
    at_ = app(page)
    assert not at_.exception
    return schemas[SCREENS[page]] + urlstate.SHELL


def fits(page, values, io={}):  # noqa: B006 (io: the tasks' layer sizes, worked out once)
    """The Train screen scales an over-budget link back (with its own notice): keep the trips inside."""
    if page != "screens/train.py":
        return True
    cfg = RunConfig(**{k: v for k, v in values.items() if k in RunConfig.__dataclass_fields__})
    if cfg.task not in io:
        io[cfg.task] = budget.io_of_task(make_task(cfg.task))
    return budget.step_cost(cfg, io[cfg.task]).fits()


def notices(at_, page):
    icon = ICON.get(SCREENS[page], ":material/link:")
    return [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", i.value) for i in at_.info if i.icon == icon]


def shown(at_, specs):
    return {s.key: at_.session_state[s.key] for s in specs}


@pytest.mark.parametrize("page", list(SCREENS))
def test_random_valid_settings_round_trip_through_the_link(app, schemas, page):
    rng = random.Random(f"valid {page}")
    specs = specs_of(app, schemas, page)
    for _ in range(2 if page == "screens/train.py" else 3):
        values = {}
        while not values or not fits(page, values):
            values = {}
            for spec in specs:
                values[spec.key] = valid(spec, values, rng)
        link = {k: as_text(v) for k, v in values.items()}
        opened = app(page, query=link, deep=True)
        assert not opened.exception and notices(opened, page) == []
        assert shown(opened, specs) == values
        if "run" in opened.session_state:  # the Train screen trains what the link says
            cfg = opened.session_state["run"].cfg
            assert all(getattr(cfg, k) == v for k, v in values.items() if hasattr(cfg, k))
        written = dict(opened.query_params)  # defaults left out, everything else as the link had it
        assert written == {s.key: link[s.key] for s in specs
                           if s.always or as_text(at(s.default, values)) != link[s.key]}
        again = app(page, query=written, deep=True)
        assert not again.exception and shown(again, specs) == values


@pytest.mark.parametrize("page", list(SCREENS))
def test_random_invalid_settings_are_repaired_with_a_notice_each(app, schemas, page):
    rng = random.Random(f"invalid {page}")
    specs = specs_of(app, schemas, page)
    for _ in range(2):
        # (a bad language gives an English screen: tested on its own below)
        bad = set(rng.sample([s.key for s in specs if s.key != "lang"], 4))
        link, expected = {"not_a_setting": "1"}, {}
        for spec in specs:
            if spec.key in bad:
                link[spec.key], expected[spec.key] = invalid(spec, expected, rng)
            else:  # left out: the screen's default for the settings before it
                expected[spec.key] = at(spec.default, expected)
        for lang, script in (("en", "[A-Za-z]"), ("ko", "[가-힣]")):
            opened = app(page, lang=lang, query=link, deep=True)
            assert not opened.exception
            assert {k: v for k, v in shown(opened, specs).items() if k != "lang"} == \
                   {k: v for k, v in expected.items() if k != "lang"}
            said = notices(opened, page)
            assert len(said) == len(bad) + 1, said  # one sentence per repaired value, one for the stray key
            for key in bad | {"not_a_setting"}:
                assert any(key in n and re.search(script, n.replace(key, "")) for n in said), (key, said)


def test_the_language_is_a_setting_of_every_screen(app):
    """?lang=ko opens any screen in Korean and stays in the link on the next screen; a bad one
    is named in English."""
    at_ = app("screens/home.py", query={"lang": "ko"}, deep=True)
    assert at_.session_state["lang"] == "ko" and at_.query_params["lang"] == "ko"
    at_.switch_page("screens/train.py").run()
    assert at_.title[0].value == "RNN 실시간 학습" and at_.query_params["lang"] == "ko"
    assert at_.session_state["lang"] == "ko" and at_.sidebar.radio(key="lang").value == "ko"
    assert at_.sidebar.selectbox(key="preset").label == "글의 예제"
    assert at_.sidebar.radio(key="cell").label == "셀" and "Elman (글의 RNN)" in at_.sidebar.radio(key="cell").options
    bad = app("screens/cell.py", query={"lang": "fr"}, deep=True)
    assert bad.session_state["lang"] == "en" and "lang" not in bad.query_params
    assert any("'fr' is not an option for lang" in n for n in notices(bad, "screens/cell.py"))


def test_switching_to_korean_on_the_train_screen_relabels_its_choices(app):
    """The language switch on the Train screen turns the example and problem-type choices Korean
    (their values, and the link, stay the same)."""
    at_ = app("screens/train.py")
    example, task = at_.sidebar.selectbox(key="preset"), at_.sidebar.selectbox(key="task")
    assert example.label == "Example from the post" and example.options[0] == "(choose an example)"
    assert task.label == "Problem type" and task.options[0] == "sine: Noisy sine: predict the next value"
    at_.sidebar.radio(key="lang").set_value("ko").run()
    assert not at_.exception and at_.query_params["lang"] == "ko" and at_.title[0].value == "RNN 실시간 학습"
    example, task = at_.sidebar.selectbox(key="preset"), at_.sidebar.selectbox(key="task")
    assert example.label == "글의 예제" and example.options[:2] == ["(예제 선택)", "내일의 날씨 (다대다)"]
    assert task.label == "문제 유형" and task.options[0] == "sine: 잡음 섞인 사인파: 다음 값 예측"
    assert (example.value, task.value, at_.query_params["task"]) == ("", "sine", "sine")
