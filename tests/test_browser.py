"""Real-browser tests: every screen opens without an error box, and training runs live."""
import pytest
from browser import assert_no_error, page_paths, shot, wait_idle
from playwright.sync_api import expect


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_opens_without_error(server, page, lang):
    paths = page_paths()
    assert {"", "train", "system", "cell", "sharing", "bptt"} <= set(paths)
    for path in paths:
        page.goto(f"{server.url}/{path}?lang={lang}")
        wait_idle(page)
        page.wait_for_selector("h1", timeout=30_000)
        assert_no_error(page, f"{path} ({lang})")
        shot(page, f"page-{path or 'home'}-{lang}")


def loss_points(page) -> int:
    return page.evaluate("""() => {
        const el = document.querySelector('.st-key-chart_loss .js-plotly-plot')
              || document.querySelectorAll('.stPlotlyChart .js-plotly-plot')[0];
        return el && el.data ? el.data[0].x.length : 0; }""")


def test_train_clicks_and_charts_grow(server, page):
    page.goto(f"{server.url}/train")
    wait_idle(page)
    before = loss_points(page)
    page.get_by_role("button", name="Train").click()
    page.wait_for_function(f"""() => {{
        const el = document.querySelector('.st-key-chart_loss .js-plotly-plot');
        return el && el.data && el.data[0].x.length > {before + 5}; }}""", timeout=60_000)
    page.wait_for_timeout(1500)
    shot(page, "train-running")
    page.get_by_role("button", name="Pause", exact=True).click()
    wait_idle(page)
    assert_no_error(page, "train after pause")
    assert loss_points(page) > before + 5
    # The hidden-state heatmap and the gradient charts are drawn, with data in them.
    for key in ("chart_states", "chart_state_grad", "chart_grad_history", "chart_param_grads"):
        # A chart may be redrawn (a new node) by the run after the pause: wait for one with data.
        page.wait_for_function(f"""() => {{ const el = document.querySelector('.st-key-{key} .js-plotly-plot');
            return el && el.data && el.data.length >= 1; }}""", timeout=30_000)
    heat = page.evaluate("() => document.querySelector('.st-key-chart_grad_history .js-plotly-plot').data[0].y.length")
    assert heat >= 2  # more than one recorded step in the gradient-history heatmap


def test_shared_link_with_a_preset_in_korean(server, page):
    page.goto(f"{server.url}/train?preset=sentiment&lang=ko&seed=3")
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "RNN 실시간 학습"
    assert_no_error(page, "shared Korean link")
    # The screen took the link's settings: the sentiment example with seed 3 (see the CLI line).
    page.locator("code", has_text="--task sentiment").first.wait_for(timeout=60_000)
    assert page.locator("code", has_text="--seed 3").count() >= 1
    # Read with Playwright's retrying assertion: under CI's load the input once still read 0 when the
    # CLI line below it already said --seed 3 (1 of 4 full runs on 2026-12-07).
    expect(page.locator("input[aria-label='시드']")).to_have_value("3", timeout=10_000)
    # The address keeps the settings in plain values (not translated labels).
    assert "task=sentiment" in page.url and "lang=ko" in page.url and "seed=3" in page.url
    page.get_by_role("button", name="한 스텝").click()
    wait_idle(page)
    assert_no_error(page, "Korean step")
    shot(page, "train-sentiment-ko")


def test_presentation_mode_from_a_link(server, page):
    page.goto(f"{server.url}/train?present=true&preset=exploding")
    wait_idle(page)
    # The sidebar is hidden by the presentation style once the run has drawn it.
    page.locator("section[data-testid='stSidebar']").wait_for(state="hidden", timeout=30_000)
    assert page.get_by_role("button", name="Reset", exact=False).filter(has_text="Reset").count() == 0
    page.get_by_role("button", name="Train").click()
    page.wait_for_selector("[data-testid='stAlertContentError']", timeout=60_000)
    assert "blew up" in page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    shot(page, "train-presentation-exploding")


def test_a_bad_upload_gets_a_visible_sentence_and_the_run_stays(server, page):
    page.goto(f"{server.url}/train?preset=price")
    wait_idle(page)
    page.get_by_role("button", name="Step", exact=True).click()
    wait_idle(page)
    page.get_by_text("Your own data").click()
    upload = page.locator("[data-testid='stFileUploader'] input[type='file']").first
    upload.set_input_files(files=[{"name": "prices.csv", "mimeType": "text/csv", "buffer": b"\x00\x01\xff\xfe" * 50}])
    error = page.locator("[data-testid='stAlertContentError']", has_text="not a text file")
    error.wait_for(state="visible", timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    # The run is still the one that took a step.
    assert page.locator("[data-testid='stMetricValue']").first.inner_text().strip() == "1"
    shot(page, "price-bad-upload")
