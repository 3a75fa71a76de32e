"""Real browser: what a student and a lecturer stumbled on (issue 12), followed as they would.
Every wait is for a state on the screen (a label, a chart's data), never a fixed sleep."""
import re

from browser import assert_no_error, shot, wait_idle

HANGUL = re.compile("[가-힣]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")  # an English word (tanh, Adam, LSTM are short or names)
NAMES = {"tanh", "sigmoid", "relu", "identity", "Elman", "LSTM", "GRU", "Adam", "SGD", "sine", "price",
         "sentiment", "caption", "generate", "translate", "weather", "recall", "English"}


def _chart_ready(page, key):
    page.wait_for_function(f"""() => {{ const el = document.querySelector('.st-key-{key} .js-plotly-plot');
        return el && el.data && el.data.length >= 1 && el._fullLayout; }}""", timeout=60_000)


def _metric(page, i=0) -> str:
    return page.locator("[data-testid='stMetricValue']").nth(i).inner_text().strip()


def test_step_three_times_and_the_charts_say_step_3(server, page):
    page.goto(f"{server.url}/train")
    wait_idle(page)
    for n in (1, 2, 3):
        page.get_by_role("button", name="Step", exact=True).click()
        page.wait_for_function(f"""() => {{ const m = document.querySelector("[data-testid='stMetricValue']");
            return m && m.innerText.trim() === '{n}'; }}""", timeout=60_000)
    wait_idle(page)
    for title in ("2 · Unrolled hidden states x_t", "3 · ‖∂L/∂x_t‖ for every t"):
        page.get_by_text(re.compile(re.escape(title) + r" \(step 3\)")).wait_for(timeout=30_000)
    # The slider is at its end: it follows the run, and Loss is that step's.
    assert page.get_by_text(re.compile(r"charts 2–3 show step")).count() == 0
    shot(page, "lecture-step-3")


def test_the_exploding_example_followed_as_written_ends_trained(server, page):
    page.goto(f"{server.url}/train?preset=exploding")
    wait_idle(page)
    blurb = page.locator("[data-testid='stAlertContentInfo']", has_text="clipping to 1")
    blurb.wait_for(timeout=30_000)
    assert "press Reset" in blurb.inner_text()  # the caption says what to do, and we do exactly that
    page.get_by_role("button", name="Train", exact=True).click()
    error = page.locator("[data-testid='stAlertContentError']", has_text="blew up")
    error.wait_for(timeout=90_000)
    wait_idle(page)
    # Charts 2 and 3 keep the last finite step and say which one.
    page.get_by_text(re.compile(r"is the last recorded step with finite")).wait_for(timeout=30_000)
    for key in ("chart_states", "chart_state_grad"):
        _chart_ready(page, key)
    zmax = page.evaluate("() => document.querySelector('.st-key-chart_states .js-plotly-plot').data[0].zmax")
    assert zmax is not None and abs(zmax) < 1e6  # a colour bar of the finite states, not ±2×10³⁸
    # "Then set clipping to 1, press Reset (a new network, same seed) and Train."
    clip = page.locator("input[aria-label='Clip gradient norm (0 = off)']")
    clip.fill("1")
    clip.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Reset", exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_function("""() => { const m = document.querySelector("[data-testid='stMetricValue']");
        return m && parseInt(m.innerText.replace(/,/g, '')) >= 60; }""", timeout=120_000)
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Train", exact=True).wait_for(timeout=180_000)  # paused, then drawn
    wait_idle(page, timeout=180_000)
    # "All of the first 1,000 steps stay finite and the loss falls" (a busy machine may pause later:
    # an explosion past step 1,000 is what the caption warns of, not a broken promise).
    said = page.locator("[data-testid='stAlertContentError']").all_inner_texts()
    blown = [int(m.group(1).replace(",", "")) for t in said for m in [re.search(r"Step ([\d,]+)", t)] if m]
    assert not said or (blown and min(blown) > 1000), said
    curve = page.evaluate("""() => { const d = document.querySelector('.st-key-chart_loss .js-plotly-plot').data[0];
        return [Array.from(d.x), Array.from(d.y)]; }""")
    loss = [v for x, v in zip(*curve) if x <= 1000 and v is not None]
    assert all(v == v and v < 1e30 for v in loss)  # every step finite
    assert loss[-1] < loss[0]  # and it learned
    shot(page, "lecture-exploding-then-clipped")


def _select_texts(page) -> list:
    """The text of every select box's chosen option, and of every option of each (opened in turn)."""
    texts = []
    boxes = page.locator("section[data-testid='stSidebar'] [data-testid='stSelectbox']")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        texts.append(box.locator("input[role='combobox']").input_value())
        box.get_by_role("button", name="Open").click()
        options = page.locator("[role='listbox'] [role='option']")
        options.first.wait_for(timeout=10_000)
        texts += options.all_inner_texts()
        page.keyboard.press("Escape")
        options.first.wait_for(state="detached", timeout=10_000)
    return texts


def _english_in(text: str) -> list:
    """English words outside quotes (a quoted sentence is the example's own: "I love deep learning")."""
    text = re.sub(r'"[^"]*"', "", text)
    return [w for w in LATIN_WORD.findall(text) if w not in NAMES and not w.isupper()]


def test_a_korean_link_stays_korean_and_switching_leaves_no_english_options(page):
    # A server of its own: the lecture's link is often the first visit of a freshly started server,
    # where Streamlit's pages-folder mode once made the next screen come up in English.
    from browser import Server

    server = Server()
    try:
        _korean_link_and_switch(server, page)
    finally:
        server.stop()


def _korean_link_and_switch(server, page):
    page.goto(f"{server.url}/?lang=ko")
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="실시간 학습").click()
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText === 'RNN "
                           "실시간 학습'",
                           timeout=60_000)
    wait_idle(page)
    sidebar = page.locator("section[data-testid='stSidebar']").inner_text()
    assert "문제 유형" in sidebar and "Problem type" not in sidebar and "Hidden size" not in sidebar
    assert "lang=ko" in page.url
    shot(page, "lecture-korean-link-train")
    # A new English session switches to Korean: every select's text switches with it.
    page.goto(f"{server.url}/train?preset=sentiment")
    wait_idle(page)
    page.locator("section[data-testid='stSidebar'] label", has_text="한국어").click()
    page.wait_for_function("() => document.querySelector('h1').innerText === 'RNN 실시간 학습'", timeout=60_000)
    wait_idle(page)
    texts = _select_texts(page)
    assert texts and all(HANGUL.search(t) or t.strip() in NAMES for t in texts), texts
    english = [w for t in texts for w in _english_in(t)]
    assert not english, english
    summary = page.locator("[data-testid='stCaptionContainer']").first.inner_text()
    assert "many-to-one" not in summary and "다대일" in summary
    shot(page, "lecture-switched-to-korean")


def test_presentation_at_1024x768_shows_both_charts_on_the_first_screen(server, browser):
    ctx = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(f"{server.url}/train?present=true")
        wait_idle(page)
        for key in ("chart_loss", "chart_states"):
            _chart_ready(page, key)
        assert_no_error(page, "presentation at 1024x768")
        boxes = page.evaluate("""() => ['chart_loss', 'chart_states'].map(k => {
            const r = document.querySelector('.st-key-' + k + ' .js-plotly-plot').getBoundingClientRect();
            return [r.top, r.bottom, r.height]; })""")
        for top, bottom, height in boxes:
            assert top >= 0 and bottom <= 768 and height >= 200, boxes  # whole, unscrolled, and not a sliver
        assert page.get_by_role("button", name="Reset", exact=True).count() == 0
        assert page.get_by_role("button", name=re.compile("Load the trained model")).count() == 0
        shot(page, "lecture-presentation-1024")
    finally:
        ctx.close()


def _legend_clear(page, key) -> dict:
    """Where the legend lies against the plotting area and the toolbar's strip (in px)."""
    return page.evaluate(f"""() => {{
        const gd = document.querySelector('.st-key-{key} .js-plotly-plot');
        const fig = gd.querySelector('.main-svg').getBoundingClientRect();
        const lg = gd.querySelector('.legend').getBoundingClientRect();
        return {{legend_top: lg.top - fig.top, legend_bottom: lg.bottom - fig.top, plot_top: gd._fullLayout._size.t,
                 plot_h: gd._fullLayout._size.h}}; }}""")


def test_legends_leave_the_curves_and_the_toolbar_alone(server, page):
    page.goto(f"{server.url}/train?preset=price")
    wait_idle(page)
    page.get_by_role("button", name="Step", exact=True).click()
    wait_idle(page)
    for key in ("chart_loss", "chart_param_grads", "chart_speed"):
        _chart_ready(page, key)
        box = _legend_clear(page, key)
        assert box["legend_top"] >= 28 and box["legend_bottom"] <= box["plot_top"] + 1 and box["plot_h"] >= 110, (key,
                                                                                                                  box)
    # Chart 1's right axis: evenly spaced ticks, as plotly picks them for that axis alone.
    ticks = page.evaluate("""() => document.querySelector('.st-key-chart_loss .js-plotly-plot')
        ._fullLayout.yaxis2._vals.map(v => v.x)""")
    gaps = [round(b - a, 9) for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) >= 2 and max(gaps) - min(gaps) < 1e-6 * max(1.0, abs(max(gaps))), ticks
    _chart_ready(page, "chart_task")  # the price forecast, half a screen wide
    price = page.evaluate("""() => { const gd = document.querySelector('.st-key-chart_task .js-plotly-plot');
        const lg = gd.querySelector('.legend').getBoundingClientRect();
        const title = gd.querySelector('.g-xtitle').getBoundingClientRect();
        return {legend_top: lg.top, title_bottom: title.bottom, plot_h: gd._fullLayout._size.h}; }""")
    assert price["legend_top"] >= price["title_bottom"] - 1 and price["plot_h"] >= 150, price
    shot(page, "lecture-legends")
