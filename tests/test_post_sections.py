"""The post's words appear on the screens that teach them (../shared/reference/SEED.md §2, §4, §5),
in both languages."""
import pytest

WORDS = {
    "screens/home.py": {"en": ["speech recognition", "machine translation", "sentiment classification"],
                      "ko": ["음성 인식", "번역", "감정 분석"]},
    "screens/system.py": {"en": ["autonomous system", "state-space model", "y_t = h(x_t)"],
                        "ko": ["자율 시스템", "상태 공간 모델", "y_t = h(x_t)"]},
    "screens/cell.py": {"en": ["first-order Markov", "x_t = f(u_t, u_{t-1}, \\dots, u_0)",
                             "x_t = f(x_{t-1}, u_t)", "*I* ($u_0$)"],
                      "ko": ["1차 마르코프", "x_t = f(u_t, u_{t-1}, \\dots, u_0)", "x_t = f(x_{t-1}, u_t)",
                             "*I*($u_0$)"]},
}


@pytest.mark.parametrize("page", list(WORDS))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_post_is_on_its_screen(app, page, lang):
    at = app(page, lang=lang)
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for words in WORDS[page][lang]:
        assert words in text, (page, lang, words)
