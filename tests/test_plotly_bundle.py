"""ui/plotly_bundle: the plotly.js the pages get registers only the trace types the live charts
draw, recognises the installed bundle, falls back to the whole file on anything else, and every
live chart of every problem type draws with it."""
import os
import re

import pytest
from views import chart_message, live_charts

from core.tasks import task_names
from ui.plotly_bundle import LIVE_TRACES, registered, trimmed
from ui.preload import plotly_dir, plotly_path


@pytest.fixture(scope="module")
def bundle() -> bytes:
    with open(os.path.join(plotly_dir(), "plotly.min.js"), "rb") as f:
        return f.read()


def test_the_installed_bundle_is_recognised_and_trimmed_to_the_live_traces(bundle):
    kinds = registered(bundle)
    traces = [name for kind, name in kinds if kind == "trace"]
    assert len(traces) > 40 and {"bar", "heatmap", "scatter3d", "sankey", "pie"} <= set(traces)
    small = trimmed(bundle)
    assert registered(small) == [k for k in kinds if k[0] == "component" or k[1] in LIVE_TRACES]
    assert {name for kind, name in registered(small) if kind == "trace"} == LIVE_TRACES - {"scatter"}
    assert len(bundle) - len(small) < 1000  # only the one call is rewritten: the rest is as shipped


def test_a_bundle_it_does_not_recognise_is_not_trimmed(bundle):
    assert trimmed(b"/* not plotly */ var a=1;") is None
    assert trimmed(bundle, frozenset({"heatmap", "no_such_trace"})) is None
    twice = bundle + re.search(rb"[\w$]+\.register\(\[[^\]]*\]\)", bundle).group(0)
    assert trimmed(twice) is None  # two registration calls: not the layout this knows
    call = re.search(rb"\.register\(\[([\w$]+)\(\)", bundle)
    renamed = bundle.replace(b"var " + call.group(1) + b"=", b"var zz" + call.group(1) + b"=", 1)
    assert trimmed(renamed) is None  # an item whose module is not found


@pytest.mark.parametrize("task", task_names())
def test_every_live_chart_draws_with_the_trimmed_bundle(app, task):
    at = app("screens/train.py", query={"task": task})
    at.button(key="btn_step").click().run()
    assert not at.exception
    charts = [chart_message(c)["full"] for c in live_charts(at)]
    assert len(charts) >= 5
    used = {trace.get("type", "scatter") for fig in charts for trace in fig["data"]}
    assert used <= LIVE_TRACES, (task, used - LIVE_TRACES)


def test_the_page_gets_the_trimmed_bundle_and_draws_every_kind(server, page):
    """In a real browser: the plotly.js the page loads knows exactly these trace types (plotly.js's
    own schema, not this module's reading of the file) and draws each."""
    page.goto(f"{server.url}/train")
    page.wait_for_function("() => window.__livechartPlotly && window.Plotly", timeout=60_000)
    schema = page.evaluate("() => window.__livechartPlotly.then((P) => Object.keys(P.PlotSchema.get().traces))")
    assert set(schema) == LIVE_TRACES
    drawn = page.evaluate("""async () => {
      const gd = document.createElement('div'); document.body.appendChild(gd);
      await Plotly.newPlot(gd, [{type: 'scatter', y: [1, 3, 2]}, {type: 'bar', y: [2, 1], xaxis: 'x2'},
        {type: 'heatmap', z: [[1, 2], [3, 4]], xaxis: 'x3', yaxis: 'y2'}],
        {xaxis2: {anchor: 'y'}, xaxis3: {anchor: 'y2'}, yaxis2: {anchor: 'x3'}});
      return [gd.querySelectorAll('.scatterlayer .trace').length, gd.querySelectorAll('.barlayer .point').length,
              gd.querySelectorAll('.heatmaplayer image').length];
    }""")
    assert drawn == [1, 2, 1]
    assert page.evaluate(f"() => fetch('{plotly_path()}').then((r) => r.text())").count(".register([") == 1
