"""Real browser: teach the sentiment network a sentence of your own and watch its loss while it trains."""
from browser import assert_no_error, shot, wait_idle


def test_type_label_add_train_and_see_its_loss(server, page):
    page.goto(f"{server.url}/train?preset=sentiment")
    wait_idle(page)
    box = page.get_by_label("Your sentence (English or Korean)")
    box.fill("the blorf was zzqx")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("never seen in training", exact=False).first.wait_for(timeout=30_000)
    teach = page.locator(".st-key-sentiment_teach")
    teach.get_by_text("positive", exact=True).click()
    wait_idle(page)
    teach.get_by_role("button", name="Add to this session's training data").click()
    teach.get_by_text("Added 1", exact=False).wait_for(timeout=60_000)
    assert_no_error(page, "after adding a sentence")
    page.get_by_role("button", name="Train", exact=True).click()
    # The loss chart gets a line for the user's sentences, with more than one validation point.
    page.wait_for_function("""() => {
        const el = document.querySelector('.st-key-chart_loss .js-plotly-plot');
        const mine = el && el.data && el.data.find(d => d.name === 'loss (your sentences)');
        return mine && mine.x.length >= 2; }""", timeout=90_000)
    shot(page, "sentiment-taught")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=120_000)  # paused
    wait_idle(page, timeout=180_000)
    assert_no_error(page, "after training on the taught sentence")
