"""Real browser: while training, the Train screen's live charts change in place. The loss chart
stays the same DOM node, its curve grows, a zoom set on it survives the updates, and its
toolbar keeps PNG export, zoom and reset."""
import pytest

from browser import CHROMIUM, FLAGS, Server, assert_no_error, require_browser, shot, wait_idle

LOSS = ".st-key-chart_loss .js-plotly-plot"


@pytest.fixture(scope="module")
def page():
    require_browser()
    from playwright.sync_api import sync_playwright

    server = Server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            pg = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
            pg.goto(f"{server.url}/train")
            wait_idle(pg)
            pg.wait_for_function(f"() => {{ const n = document.querySelector('{LOSS}'); return n && n._fullLayout; }}",
                                 timeout=60_000)
            yield pg
            browser.close()
    finally:
        server.stop()


def loss(page) -> dict:
    return page.evaluate(f"""() => {{
        const n = document.querySelector('{LOSS}');
        const l = n.__livechart;
        return {{same: n === window.__loss, points: n.data[0].x.length, seq: Number(n.dataset.seq),
                 range: n.layout.xaxis.range || null, removed: window.__removed, drawn: window.__drawn,
                 fulls: l.fulls, deltas: l.deltas, resyncs: l.resyncs}}; }}""")


def wait_updates(page, seq: int, more: int):
    page.wait_for_function(f"() => Number(document.querySelector('{LOSS}').dataset.seq) >= {seq + more}",
                           timeout=60_000)


def test_loss_chart_updates_in_place_and_keeps_its_zoom(page):
    # Watch the node itself: a remount would replace it (removed nodes) or make a new one.
    page.evaluate(f"""() => {{
        const n = document.querySelector('{LOSS}');
        window.__loss = n; window.__removed = 0; window.__drawn = 0;
        n.on('plotly_afterplot', () => window.__drawn++);
        new MutationObserver(ms => ms.forEach(m => window.__removed += m.removedNodes.length))
            .observe(n.closest('.st-key-chart_loss'), {{childList: true, subtree: false}});
    }}""")
    page.get_by_role("button", name="Train").click()
    start = loss(page)
    wait_updates(page, start["seq"], 4)
    before_zoom = loss(page)
    assert before_zoom["same"] and before_zoom["points"] > start["points"]
    # A lecturer zooms into the first steps (what a drag-zoom does), then keeps watching.
    lo, hi = 0, max(2, before_zoom["points"] // 2)
    page.evaluate(f"() => Plotly.relayout(document.querySelector('{LOSS}'), {{'xaxis.range': [{lo}, {hi}]}})")
    wait_updates(page, before_zoom["seq"], 5)
    after = loss(page)
    shot(page, "train-live-zoomed")
    assert after["same"], "the loss chart was replaced by a new node (remounted)"
    assert after["removed"] == 0
    assert after["points"] > before_zoom["points"], "the curve did not grow while training"
    assert after["range"] == [lo, hi], f"the zoom was undone: {after['range']}"
    assert after["drawn"] >= 5  # the browser redrew the same chart at each update
    # Only what changed travelled: after the first full figure, updates came as deltas.
    assert after["deltas"] >= 5 and after["deltas"] > after["fulls"]
    assert_no_error(page, "train while live")


def test_loss_chart_keeps_its_toolbar(page):
    bar = page.locator(f"{LOSS} .modebar")
    assert bar.locator("[data-title='Download plot as a PNG']").count() == 1
    assert bar.locator("[data-title='Zoom']").count() == 1
    assert bar.locator("[data-title='Reset axes']").count() == 1
