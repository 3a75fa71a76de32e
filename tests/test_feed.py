"""The live charts' feed (ui/feed.py): between script runs the browser asks the server for what
changed, and the answer is the same kind of message a script run sends. A delta from the feed,
applied to what the page drew, gives exactly the figure the Train screen builds from the same
history; the feed and the script runs number their messages as one stream; only the page that drew
the charts can ask (a random token), and a closed session leaves nothing it could answer for."""
import gc
import json
import time

import pytest
from test_livechart import apply
from views import chart_message, live_charts, train_button

import ui.feed as feed
from ui import livechart, train_view
from ui.i18n import _catalogue

PAGE = "screens/train.py"
FAST = ("chart_loss", "chart_states", "chart_state_grad", "chart_grad_history")


def page_messages(at) -> dict:
    return {el.key: chart_message(el) for el in live_charts(at)}


def arrays(fig) -> list:
    """Every trace's list-valued attributes, as the browser holds them."""
    return [{k: v for k, v in t.items() if isinstance(v, list)} for t in fig["data"]]


@pytest.fixture
def training(app, monkeypatch):
    """The Train screen on a server that has the feed (serve.py), its run trained two steps and
    then training; the run is then held still (the worker stopped, `running` kept) so what the
    feed answers can be compared with what the screen builds from the same history."""
    monkeypatch.setattr(feed, "served", True)
    at = app(PAGE)
    at.button(key="btn_step").click().run()
    train_button(at).click().run()
    assert not at.exception
    run = at.session_state["run"]
    run.pause()
    run.wait_idle()
    run.step()
    run.step()
    run.running = True  # training, as far as the feed can tell; nothing moves meanwhile
    yield at, run
    run.running = False


def test_the_feed_continues_the_pages_charts_with_deltas_that_rebuild_the_screens_figures(training):
    at, run = training
    drawn = page_messages(at)
    offer = drawn["chart_loss"]["feed"]
    assert offer["url"] == "/api/rnnx/feed" and len(offer["token"]) >= 20 and offer["every"] > 0
    have = {k: (m["stream"], m["seq"]) for k, m in drawn.items()}
    answer = feed.poll(offer["token"], have)
    assert set(answer["charts"]) == set(FAST) and answer["every"] == offer["every"]
    hist = run.snapshot()
    wd = _catalogue("en")
    oracle = train_view.fast_figures(run, hist, train_view._latest(hist), wd[f"metric.{run.task.metric}"], wd, 300)
    for key in FAST:
        msg, page = answer["charts"][key], drawn[key]
        assert msg["stream"] == page["stream"] and msg["seq"] == page["seq"] + 1  # one numbering
        assert "full" not in msg or key == "chart_state_grad"  # (its log axis may change its ticks)
        expected = [{k: v for k, v in livechart.plain(t).items() if isinstance(v, list)} for t in oracle[key][0]._data]
        assert arrays(shown(answer, {key: page["full"]}, key)) == expected, key
    assert answer["charts"]["chart_loss"]["traces"], "two new steps, and the loss chart got none"
    assert answer["charts"]["chart_states"]["image"]["filename"].endswith(f"step{hist.latest().step}")


def test_an_answer_reaches_back_only_to_what_the_browser_says_it_holds(training):
    """The browser says what each chart holds (its last message, or the one still waiting to be
    drawn): the answer's deltas start there, not KEEP messages back, and rebuild the screen's figures.
    A browser that says it holds an older message gets a delta from that one."""
    at, run = training
    drawn = page_messages(at)
    token = drawn["chart_loss"]["feed"]["token"]
    first = feed.poll(token, {k: (m["stream"], m["seq"]) for k, m in drawn.items()})
    held = {k: shown(first, {k: drawn[k]["full"]}, k) for k in first["charts"]}
    run.running = False
    run.step()
    run.running = True
    second = feed.poll(token, {k: (m["stream"], m["seq"]) for k, m in first["charts"].items()})
    hist = run.snapshot()
    wd = _catalogue("en")
    oracle = train_view.fast_figures(run, hist, train_view._latest(hist), wd[f"metric.{run.task.metric}"], wd, 300)
    deltas = 0
    for key, msg in second["charts"].items():
        expected = [{k: v for k, v in livechart.plain(t).items() if isinstance(v, list)} for t in oracle[key][0]._data]
        if "full" not in msg:
            deltas += 1
            assert msg["base"] == first["charts"][key]["seq"] == msg["seq"] - 1, key
        assert arrays(shown(second, held, key)) == expected, key
    assert deltas >= 3
    # A browser still at the page's own messages (nothing changed since the last answer, but it
    # has not drawn the last two): a delta from there, and the same figures.
    third = feed.poll(token, {k: (m["stream"], m["seq"]) for k, m in drawn.items()})
    for key, msg in third["charts"].items():
        if "full" not in msg:
            assert msg["base"] == drawn[key]["seq"], key
            assert arrays(apply(drawn[key]["full"], msg)) == arrays(shown(second, held, key)), key


def shown(answer, held, key):
    """What a browser holding `held[key]` shows after the answer's message for `key`."""
    msg = answer["charts"][key]
    return msg["full"] if "full" in msg else apply(held[key], msg)


def test_a_browser_that_missed_too_much_gets_the_whole_figure(training):
    at, _ = training
    offer = page_messages(at)["chart_loss"]["feed"]
    answer = feed.poll(offer["token"], {})  # a page that holds nothing (reloaded, or new)
    assert all("full" in m for m in answer["charts"].values())
    assert feed.parse_have("chart_loss:ab12:7,broken,chart_states::3,x:y:z") == {"chart_loss": ("ab12", 7)}


def test_headers_name_no_step_while_the_charts_move_on_between_runs(training):
    at, run = training
    headers = [m.value for m in at.markdown if m.value.startswith(("**2 ·", "**3 ·"))]
    assert len(headers) == 2 and not any("(step" in h for h in headers)
    # The numbers above the charts say which step the loss is of, and not that the charts show it.
    at.run()
    shown = train_view._latest(run.snapshot()).step
    notes = " ".join(c.value for c in at.caption)
    assert "charts 2–3 show step" not in notes
    if shown != run.step_count:
        assert f"The loss above is of step {shown}." in notes


def test_only_the_page_that_drew_the_charts_can_ask_and_a_paused_run_says_stop(training):
    at, run = training
    offer = page_messages(at)["chart_loss"]["feed"]
    assert feed.poll("not-the-token", {}) == {"stop": True}
    run.running = False
    assert feed.poll(offer["token"], {}) == {"stop": True}


def test_a_figure_that_fails_to_build_stops_the_feed_once_and_the_run_trains_on(training, monkeypatch, caplog):
    """Not a 500 and a traceback at every ask: one log entry, then "stop" (the page's fragment
    runs go on drawing, through the screen's own error handling)."""
    at, run = training
    token = page_messages(at)["chart_loss"]["feed"]["token"]
    calls = []

    def broken(run):
        calls.append(run)
        raise RuntimeError("no figure")

    monkeypatch.setattr(feed._FEEDS[token], "build", broken)
    assert feed.poll(token, {}) == {"stop": True} and feed.poll(token, {}) == {"stop": True}
    assert len(calls) == 1 and run.running
    assert [r.levelname for r in caplog.records if r.name == "ui.feed"] == ["ERROR"]
    at.run()  # the page's next script run offers the feed again: still stopped for this run
    assert feed.poll(token, {}) == {"stop": True} and len(calls) == 1


def test_the_route_answers_json_over_http(training):
    """The endpoint serve.py mounts, called as Starlette calls it."""
    at, _ = training
    offer = page_messages(at)["chart_loss"]["feed"]
    (route,) = feed.routes()
    assert route.path == "/api/rnnx/feed" and route.methods >= {"GET"}

    class Request:
        query_params = {"t": offer["token"], "have": ""}

    body = json.loads(route.endpoint(Request()).body)
    assert set(body["charts"]) == set(FAST)
    Request.query_params = {"t": "nope"}
    assert json.loads(route.endpoint(Request()).body) == {"stop": True}


def test_a_closed_session_leaves_nothing_the_feed_answers_for(app, monkeypatch):
    monkeypatch.setattr(feed, "served", True)
    at = app(PAGE)
    train_button(at).click().run()
    token = page_messages(at)["chart_loss"]["feed"]["token"]
    assert feed.poll(token, {}) != {"stop": True}
    del at
    deadline = time.monotonic() + 20
    while feed.poll(token, {}) != {"stop": True} and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.1)
    assert feed.poll(token, {}) == {"stop": True}
