"""Real browser: while training, the Train screen's live charts change in place. The loss chart
stays the same DOM node, its curve grows, a zoom set on it survives the updates, and its
toolbar keeps PNG export, zoom and reset."""
import pytest
from browser import assert_no_error, shot, wait_idle

LOSS = ".st-key-chart_loss .js-plotly-plot"


@pytest.fixture(scope="module")
def page(browser, server):
    """One page for the module: the toolbar test reads the chart the first test trained."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = ctx.new_page()
    pg.goto(f"{server.url}/train")
    wait_idle(pg)
    pg.wait_for_function(f"() => {{ const n = document.querySelector('{LOSS}'); return n && n._fullLayout; }}",
                         timeout=60_000)
    yield pg
    ctx.close()


def loss(page) -> dict:
    return page.evaluate(f"""() => {{
        const n = document.querySelector('{LOSS}');
        const l = n.__livechart;
        const x = n.data[0].x;
        return {{same: n === window.__loss, last: x.length ? Number(x[x.length - 1]) : -1,
                 seq: Number(n.dataset.seq),
                 range: n.layout.xaxis.range || null, removed: window.__removed, drawn: window.__drawn,
                 fulls: l.fulls, deltas: l.deltas, resyncs: l.resyncs}}; }}""")


def plot_area(page) -> dict:
    """Where the loss chart's plotting area is on the page, from the node's box and Plotly's own
    margins (the drag layer's element is rebuilt by redraws, so its box may be missing mid-update)."""
    return page.evaluate(f"""() => {{
        const n = document.querySelector('{LOSS}'), r = n.getBoundingClientRect(), m = n._fullLayout._size;
        return {{x: r.left + m.l, y: r.top + m.t, width: m.w, height: m.h}}; }}""")


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
    # The chart thins a long curve to at most 600 points, so growth shows as a later last step.
    assert before_zoom["same"] and before_zoom["last"] > start["last"]
    # A lecturer drag-zooms into the first part of the curve with the mouse, then keeps watching.
    box = plot_area(page)
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=5)
    page.mouse.up()
    zoomed = loss(page)["range"]
    assert zoomed and zoomed[0] > 0, zoomed  # the run's own range starts at step 0; the zoom does not
    wait_updates(page, before_zoom["seq"], 5)
    after = loss(page)
    shot(page, "train-live-zoomed")
    assert after["same"], "the loss chart was replaced by a new node (remounted)"
    assert after["removed"] == 0
    assert after["last"] > before_zoom["last"], "the curve did not grow while training"
    assert after["range"] == zoomed, f"the zoom was undone: {zoomed} became {after['range']}"
    # The browser redraws the same chart as updates come (a busy browser may draw two in one frame).
    page.wait_for_function("() => window.__drawn >= 5", timeout=60_000)
    # Only what changed travelled: after the first full figure, updates come as deltas (a busy
    # browser may fold two updates into one delta, so count them until five have come).
    page.wait_for_function(f"() => document.querySelector('{LOSS}').__livechart.deltas >= 5", timeout=60_000)
    drawn = loss(page)
    assert drawn["deltas"] > drawn["fulls"]
    # Pause to talk it through, then train on: the same chart, still zoomed (the scrub slider that
    # shows while paused must not move the charts to new places, which would rebuild them).
    fulls = loss(page)["fulls"]
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for()
    page.get_by_label("8 · Scrub back through recorded steps (charts 2 and 3)").wait_for()
    # The paused page's run sends every chart whole: wait until the loss chart has drawn it.
    page.wait_for_function(f"() => document.querySelector('{LOSS}').__livechart.fulls > {fulls}", timeout=60_000)
    paused = loss(page)
    assert paused["same"] and paused["removed"] == 0, "pausing rebuilt the loss chart"
    assert paused["range"] == zoomed, f"pausing undid the zoom: {zoomed} became {paused['range']}"
    page.get_by_role("button", name="Train", exact=True).click()
    wait_updates(page, paused["seq"], 3)
    again = loss(page)
    assert again["same"] and again["removed"] == 0 and again["range"] == zoomed
    # A double-click resets the zoom: the axis follows the run again.
    page.mouse.dblclick(box["x"] + box["width"] * 0.5, y)
    wait_updates(page, again["seq"], 3)
    assert loss(page)["range"] != zoomed
    assert_no_error(page, "train while live")


def test_charts_ask_the_feed_between_script_runs(page):
    """While training, the fast charts fetch what changed from the server's feed (ui/feed.py,
    mounted by serve.py) several times between two of the page's script runs (one a second)."""
    page.wait_for_function("() => window.__livefeed && window.__livefeed.charts.size === 4", timeout=60_000)
    start = page.evaluate(f"() => ({{asks: window.__livefeed.asks, "
                          f"seq: Number(document.querySelector('{LOSS}').dataset.seq)}})")
    page.wait_for_function(f"() => window.__livefeed.asks >= {start['asks'] + 10}", timeout=60_000)
    seq = int(page.evaluate(f"() => document.querySelector('{LOSS}').dataset.seq"))
    assert seq >= start["seq"] + 10, "the answers were not drawn"
    assert_no_error(page, "charts fed between script runs")


def test_a_chart_out_of_view_draws_when_it_comes_into_view(page):
    """While training, a chart scrolled out of view (the eigenvalue chart, at the bottom) takes its
    updates into its data and draws nothing; printed, or scrolled into view, it draws the latest."""
    eigen = ".st-key-chart_eigen .js-plotly-plot"
    page.locator(LOSS).scroll_into_view_if_needed()
    page.evaluate(f"""() => {{ const n = document.querySelector('{eigen}');
        window.__eigenDrawn = 0; n.on('plotly_afterplot', () => window.__eigenDrawn++); }}""")
    # Drawn as it holds: plotly's drawn traces are the data's own arrays (an update replaces them).
    current = f"""(() => {{ const n = document.querySelector('{eigen}');
        return n.data.every((t, i) => n._fullData[i] && n._fullData[i].x === t.x && n._fullData[i].y === t.y); }})()"""
    seq = int(page.evaluate(f"() => document.querySelector('{eigen}').dataset.seq"))
    page.wait_for_function(f"() => Number(document.querySelector('{eigen}').dataset.seq) > {seq} && !{current}",
                           timeout=60_000)
    assert page.evaluate(f"() => document.querySelector('{eigen}').getBoundingClientRect().top > innerHeight + 150")
    assert page.evaluate("() => window.__eigenDrawn") == 0, "drawn while out of view"
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # printing shows the page whole
    page.wait_for_function(f"() => window.__eigenDrawn > 0 && {current}", timeout=10_000)
    page.evaluate("() => { window.__eigenDrawn = 0; }")
    page.wait_for_function(f"() => !{current}", timeout=60_000)  # the next update, out of view again
    assert page.evaluate("() => window.__eigenDrawn") == 0
    page.locator(eigen).scroll_into_view_if_needed()
    page.wait_for_function(f"() => window.__eigenDrawn > 0 && {current}", timeout=10_000)
    shot(page, "train-live-scrolled-to-eigen")
    page.locator(LOSS).scroll_into_view_if_needed()
    assert_no_error(page, "a chart drawn when scrolled into view")


def test_a_tab_in_the_background_draws_nothing_until_shown_again(page):
    """A lecturer switches to their slides while a run trains: the page's charts take the updates
    into their data and draw them when the tab is shown again (the browser says so with
    document.hidden and a visibilitychange event, emulated here: a headless page is always shown)."""
    current = f"""(() => {{ const n = document.querySelector('{LOSS}');
        return n.data.every((t, i) => n._fullData[i] && n._fullData[i].x === t.x); }})()"""
    page.evaluate(f"""() => {{ const n = document.querySelector('{LOSS}'); window.__lossDrawn = 0;
        n.on('plotly_afterplot', () => window.__lossDrawn++);
        Object.defineProperty(document, 'hidden', {{value: true, configurable: true}});
        document.dispatchEvent(new Event('visibilitychange')); }}""")
    seq = int(page.evaluate(f"() => document.querySelector('{LOSS}').dataset.seq"))
    page.wait_for_function(f"() => Number(document.querySelector('{LOSS}').dataset.seq) >= {seq + 3} && !{current}",
                           timeout=60_000)
    assert page.evaluate("() => window.__lossDrawn") == 0, "drawn while the tab was in the background"
    page.evaluate("() => { delete document.hidden; document.dispatchEvent(new Event('visibilitychange')); }")
    page.wait_for_function(f"() => window.__lossDrawn > 0 && {current}", timeout=10_000)
    assert_no_error(page, "a tab shown again")


def test_loss_chart_keeps_its_toolbar(page):
    bar = page.locator(f"{LOSS} .modebar")
    assert bar.locator("[data-title='Download plot as a PNG']").count() == 1
    assert bar.locator("[data-title='Zoom']").count() == 1
    assert bar.locator("[data-title='Reset axes']").count() == 1
