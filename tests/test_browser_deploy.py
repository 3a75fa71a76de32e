"""What a class meets in a real browser (Debian chromium, Playwright): a freshly started server's
first deep link opens its screen straight away, and one click saves the run, which loads again
after the run is gone."""
import os
import re

from browser import SHOTS, Server, assert_no_error, wait_idle
from playwright.sync_api import Error as PlaywrightError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _titles() -> set[str]:
    """The menu's screen titles in English, as ui/shell.py gives them to st.navigation."""
    with open(os.path.join(ROOT, "ui", "shell.py"), encoding="utf-8") as f:
        return set(re.findall(r'title=tr\("([^"]+)"', f.read()))


def _step(page) -> int:
    return int(re.sub(r"[^0-9]", "", page.locator("[data-testid='stMetricValue']").first.inner_text()) or 0)


def _shown(test: str) -> str:
    """A predicate on the step counter the page shows; false while there is none (a run being
    prepared shows "Preparing the network…" instead of its metrics)."""
    return ("() => { const m = document.querySelector(\"[data-testid='stMetricValue']\");"
            f" return m !== null && Number(m.innerText.replace(/[^0-9]/g, '')) {test}; }}")


def test_fresh_server_first_deep_link_shows_its_screen(browser):
    """Streamlit's old pages-folder mode showed a fresh server's first visitor "Page not found" or
    the raw list of page files for seconds. Every screenshot from the first byte to the drawn
    screen must show neither: only the menu's own titles, and then the BPTT lab."""
    titles = _titles()
    fresh = Server()
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    try:
        page = ctx.new_page()
        page.goto(fresh.url + "/bptt", wait_until="commit")
        shots, seen_title = 0, None
        for i in range(200):  # bounded: at most ~60 s
            path = os.path.join(SHOTS, f"fresh-bptt-{i:03d}.png")
            os.makedirs(SHOTS, exist_ok=True)
            try:
                page.screenshot(path=path)
                shots += 1
            except PlaywrightError as e:  # a document not painted yet has no frame to capture
                if "Unable to capture screenshot" not in str(e):
                    raise
            assert page.get_by_text("Page not found").count() == 0, f"'Page not found' in {path}"
            links = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
            names = {text.split("\n")[-1].strip() for text in links if text.strip()}  # after the icon's name
            assert names <= titles, f"the raw page list {sorted(names - titles)} in {path}"
            h1 = page.locator("h1")
            seen_title = h1.first.inner_text() if h1.count() else None
            idle = page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").count()
            if seen_title and idle and names:
                break
            page.wait_for_timeout(250)
        assert seen_title == "BPTT gradient lab", f"the first screen shown was {seen_title!r}"
        assert names == titles, "the menu shows every screen by its title"
        wait_idle(page)
        assert page.locator("h1").first.inner_text() == "BPTT gradient lab"
        assert_no_error(page, "fresh server, /bptt first")
        assert shots >= 2
    finally:
        ctx.close()
        fresh.stop()


def test_one_click_save_and_load_it_back(server, page, tmp_path):
    from core.runs import load_run

    page.goto(server.url + "/train?hidden_size=6&seed=3")
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function(_shown("> 30"), timeout=60_000)
    page.get_by_role("button", name="Pause to save", exact=True).click()  # while training: pauses
    wait_idle(page)
    assert page.get_by_role("button", name="Train", exact=True).count() == 1  # paused
    shown = _step(page)
    assert shown > 30
    with page.expect_download(timeout=30_000) as dl:
        page.get_by_role("button", name="Save run", exact=True).click()  # one click, from the main controls
    assert dl.value.failure() is None
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    trainer, plain = load_run(saved.read_bytes())
    assert trainer.step_count == shown  # the file holds the run the page shows
    assert trainer.cfg.hidden_size == 6 and trainer.cfg.seed == 3
    assert plain["rows"]["step"][-1] == shown and len(plain["rows"]["loss"]) > 1  # its records came along

    # The run is gone (a reset here; a lost replica the same way): the file brings it back.
    page.get_by_role("button", name="Reset", exact=True).click()
    wait_idle(page)
    assert _step(page) == 0
    page.get_by_text("Save or load a run", exact=True).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(saved))
    page.wait_for_function(_shown(f"=== {shown}"), timeout=60_000)
    wait_idle(page)
    assert _step(page) == shown
    assert_no_error(page, "after loading the saved run")
