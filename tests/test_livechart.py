"""The live chart's messages (ui/livechart.py): the whole figure the first time, then only what
changed, and the deltas rebuild exactly the figure Python drew, even for a browser that skipped
messages. AppTest runs whole scripts only (it cannot rerun a fragment by itself), so the runs
that stand for a fragment's timer ticks set the one probe `fragment_run` to True."""
import copy

import pytest
from streamlit.testing.v1 import AppTest
from views import chart_message

import ui.livechart as livechart

SCRIPT = '''
import numpy as np
import plotly.graph_objects as go
import streamlit as st
from ui.livechart import live_chart

n = st.session_state.setdefault("n", 3)
fig = go.Figure(go.Scatter(x=list(range(n)), y=[i * i for i in range(n)], name="curve"))
# Rows grow (a history heatmap, one row per recorded step) ...
fig.add_heatmap(z=np.arange(n * 4, dtype=float).reshape(n, 4), y=list(range(n)))
# ... and a heatmap replaced whole at every step (the hidden states of the latest step), with a gap.
states = np.full((2, 3), float(n))
states[0, 0] = np.nan
fig.add_heatmap(z=states, xaxis="x2", yaxis="y2")
fig.update_layout(height=st.session_state.get("height", 250), xaxis=dict(range=[0, max(1, n - 1)]))
st.session_state["sent"] = live_chart(fig, "chart_test", config={"displaylogo": False})
'''


def sent(at):
    """The message as it travels (the element's payload), and as the script returned it."""
    (el,) = at.get("bidi_component")
    wire = chart_message(el)
    assert wire == at.session_state["sent"]
    return wire


def apply(figure, msg):
    """What the browser's livechart.js does with a delta, in Python: cut back to `at` and append
    the tail, or replace the array."""
    fig = copy.deepcopy(figure)
    for op in msg["traces"]:
        trace = fig["data"][op["i"]]
        for name, values in op.get("set", {}).items():
            trace[name] = values
        for name, tail in op.get("extend", {}).items():
            trace[name] = trace[name][:op["at"][name]] + tail
    return fig


def expected(n):
    """The figure the script draws for n, by hand."""
    states = [[None, float(n), float(n)], [float(n)] * 3]
    return [{"x": list(range(n)), "y": [i * i for i in range(n)]},
            {"z": [[float(4 * r + c) for c in range(4)] for r in range(n)], "y": list(range(n))},
            {"z": states}]


def arrays(fig):
    return [{k: v for k, v in t.items() if k in ("x", "y", "z")} for t in fig["data"]]


@pytest.fixture
def at(monkeypatch):
    at = AppTest.from_string(SCRIPT, default_timeout=60).run()  # a whole-page run, as when the page opens
    assert not at.exception
    return at


def tick(at, monkeypatch, n):
    """One timer tick of a fragment: the data grew to n."""
    monkeypatch.setattr(livechart, "fragment_run", lambda: True)
    at.session_state["n"] = n
    at.run()
    assert not at.exception
    return sent(at)


def test_first_message_is_the_whole_figure(at):
    msg = sent(at)
    assert msg["seq"] == 0 and "traces" not in msg
    full = msg["full"]
    assert arrays(full) == expected(3)  # typed arrays decoded, NaN sent as null (a gap)
    assert [t["type"] for t in full["data"]] == ["scatter", "heatmap", "heatmap"]
    assert full["layout"]["height"] == 250
    assert full["layout"]["uirevision"] == "chart_test"  # zoom and legend survive Plotly.react
    assert full["config"]["displaylogo"] is False and full["config"]["responsive"] is True
    assert "modeBarButtonsToRemove" not in full["config"]  # PNG export, zoom and reset stay
    assert msg["plotly"].endswith("/plotly.min.js") and "/component/" in msg["plotly"]


def test_ticks_send_only_new_points_and_rebuild_the_figure(at, monkeypatch):
    figure = sent(at)["full"]
    msg = tick(at, monkeypatch, 5)
    assert "full" not in msg and msg["seq"] == 1 and msg["stream"] == sent(at)["stream"]
    curve, rows, states = msg["traces"]
    assert curve == {"i": 0, "extend": {"x": [3, 4], "y": [9, 16]}, "at": {"x": 3, "y": 3}}
    assert rows["extend"] == {"z": [[12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0]], "y": [3, 4]}
    assert states == {"i": 2, "set": {"z": [[None, 5.0, 5.0], [5.0, 5.0, 5.0]]}}
    figure = apply(figure, msg)
    assert arrays(figure) == expected(5)
    # Nothing changed: an empty delta, nothing to redraw.
    again = tick(at, monkeypatch, 5)
    assert again["traces"] == [] and again["seq"] == 2


def test_a_browser_behind_by_a_few_messages_catches_up_with_the_latest(at, monkeypatch):
    figure = apply(sent(at)["full"], tick(at, monkeypatch, 4))  # the browser saw this one
    for n in (6, 7, 9):  # ... and missed these, then gets the next
        tick(at, monkeypatch, n)
    msg = tick(at, monkeypatch, 12)
    assert msg["base"] <= 1 < msg["seq"]  # the delta reaches back to what the browser holds
    assert arrays(apply(figure, msg)) == expected(12)
    # A browser already at the previous message applies the same delta as well.
    assert arrays(apply(apply(figure, {"traces": []}), msg)) == expected(12)


def test_whole_page_runs_and_layout_changes_send_the_whole_figure(at, monkeypatch):
    first = sent(at)
    tick(at, monkeypatch, 4)
    at.session_state["height"] = 400  # the layout changed (e.g. presentation mode)
    at.run()
    msg = sent(at)
    assert "full" in msg and msg["full"]["layout"]["height"] == 400 and msg["seq"] == 2
    assert arrays(msg["full"]) == expected(4)
    monkeypatch.setattr(livechart, "fragment_run", lambda: False)  # a whole-page run
    at.session_state["n"] = 6
    at.run()
    msg = sent(at)
    assert "full" in msg and msg["stream"] == first["stream"] and arrays(msg["full"]) == expected(6)
    # After a full figure no delta reaches back past it (the browser may not have older ones).
    assert tick(at, monkeypatch, 7)["base"] == 3



def test_axis_ranges_travel_with_the_data_not_as_a_new_layout(at, monkeypatch):
    """The step axis grows every tick (the figure sets its range): a delta carries the new range,
    so the browser keeps the viewer's zoom instead of taking a whole new layout."""
    assert sent(at)["full"]["layout"]["xaxis"]["range"] == [0, 2]
    msg = tick(at, monkeypatch, 6)
    assert "full" not in msg and msg["ranges"] == {"xaxis": [0, 5]}
    # Every axis of the layout that sets a range, and nothing else.
    assert livechart.axis_ranges({"xaxis": {"range": [0, 5]}, "yaxis2": {"range": [1, 2]}, "title": {}}) == \
        {"xaxis": [0, 5], "yaxis2": [1, 2]}


def test_a_curve_whose_end_moves_travels_as_a_cut_and_a_tail():
    """A thinned curve (core/charts/training._thin) keeps the points it drew as it grows and moves
    only its last one: each tick sends where to cut back to and the new tail, never the whole
    curve. A browser behind by a few messages cuts back as far as any of them did."""
    import plotly.graph_objects as go

    store = livechart.Charts()

    def msg(xs, partial=True):
        fig = go.Figure(go.Scatter(x=xs, y=[2 * x for x in xs]))
        return livechart.message(fig, "chart_cut", height=200, store=store, partial=partial)

    curves = [[0, 2, 4, 5], [0, 2, 4, 6], [0, 2, 4, 6, 7], [0, 2, 4, 6, 8, 9], [0, 2, 4, 6, 8, 10]]
    figure = msg(curves[0], partial=False)["full"]
    seen = [figure]
    for xs in curves[1:]:
        m = msg(xs)
        assert [set(op) for op in m["traces"]] == [{"i", "extend", "at"}], m["traces"]
        seen.append(apply(seen[-1], m))
        assert arrays(seen[-1])[0] == {"x": xs, "y": [2 * x for x in xs]}
    # The delta reaches back to the first figure: it cuts back to what every message since kept
    # ([0, 2, 4]) and sends the rest, so a browser that holds the first figure only applies it too.
    assert m["base"] == 0 and m["traces"][0]["at"]["x"] == 3 and m["traces"][0]["extend"]["x"] == [6, 8, 10]
    assert arrays(apply(figure, m))[0]["x"] == curves[-1]
    # A curve that changed from its start is sent whole.
    m = msg([1, 2, 4, 6, 8, 10])
    assert m["traces"] == [{"i": 0, "set": {"x": [1, 2, 4, 6, 8, 10], "y": [2, 4, 8, 12, 16, 20]}}]
