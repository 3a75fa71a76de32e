"""Real browser: a lecturer's link opens one exercise and scrolls to it; the student commits an
answer, and only then does the app show the engine's answer (English and Korean)."""
import pytest
from browser import assert_no_error, shot, wait_idle

VIEWPORT = {"width": 1400, "height": 900}  # the page fixture (tests/conftest.py) opens contexts this size


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_link_opens_scrolls_commits_then_reveals(server, page, lang):
    from core.exercises import BY_ID

    # The server has served its main page once, as a lecture's server has (the very first deep
    # link on a fresh server goes through Streamlit's pages-folder mode: ui/shell.require_app).
    page.goto(server.url)
    wait_idle(page)
    page.goto(f"{server.url}/bptt?exercise=rho-decay&lang={lang}")
    wait_idle(page)
    box = page.locator(".st-key-exp_ex_rho-decay")
    box.wait_for(timeout=30_000)
    # Scrolled to it: the exercise is in the window, far below the top of the lab.
    page.wait_for_function("""() => { const r = document.querySelector('.st-key-exp_ex_rho-decay')
        .getBoundingClientRect(); return r.top >= -5 && r.top < window.innerHeight; }""", timeout=15_000)
    scrolled = page.evaluate("() => { const m = document.querySelector('[data-testid=stMain]');"
                             " return m ? m.scrollTop : window.scrollY; }")
    assert scrolled > 2000  # the lab's charts come first: the link moved the page down to the exercise
    commit = box.get_by_role("button", name="Commit my answer" if lang == "en" else "답 확정하기")
    assert commit.is_disabled()  # nothing to commit yet, and nothing revealed
    assert box.locator("[data-testid='stAlertContentSuccess'], [data-testid='stAlertContentError']").count() == 0
    box.get_by_text("below" if lang == "en" else "작다", exact=True).click()
    wait_idle(page)
    commit.click()
    wait_idle(page)
    truth = BY_ID["rho-decay"].answer().value  # what the engine computes for these settings
    word = {"en": {"below": "below", "above": "above"}, "ko": {"below": "작다", "above": "크다"}}[lang][truth]
    verdict = box.locator("[data-testid='stAlertContentSuccess']" if truth == "below"
                          else "[data-testid='stAlertContentError']")
    verdict.wait_for(timeout=30_000)
    assert word in verdict.inner_text()
    assert ("the engine computed" if lang == "en" else "엔진이 계산한 답") in verdict.inner_text()
    shot(page, f"exercise-rho-decay-{lang}")
    if truth == "below":
        assert_no_error(page, "bptt exercise")
