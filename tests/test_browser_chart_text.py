"""Real browser: the text on a chart is readable, drawn by plotly.js at the sizes a screen gives it.

- A log axis (core/charts/style.log_axis), whatever its values span: chart 3 (‖∂L/∂x_t‖ for every
  t) and the loss chart's y tick labels read back are never fewer than two, never two that
  overlap, never two that say the same.
- A title (style.title_below_toolbar, the eigenvalue chart's): inside the figure, in English and
  Korean, at two charts a row on a 1024 px screen and wider, and clear of the toolbar's buttons."""
import json
import os

import numpy as np
import plotly.io as pio
import pytest

from core.charts import eigen, training
from core.concepts.eigen import RecurrenceEigen
from core.history import History
from core.train import StepRecord
from ui.preload import plotly_dir
from ui.words import EN, KO

# Decades the values span: inside half a decade, around one, just over one, and many.
SPANS = (0.1, 0.3, 0.49, 0.5, 0.7, 0.9, 0.98, 1.0, 1.07, 1.3, 1.6, 1.99, 2.0, 2.5, 4.0, 8.0)

LABELS = """(fig) => {
  const gd = document.getElementById('c');
  return Plotly.newPlot(gd, fig.data, fig.layout).then(() => [...gd.querySelectorAll('.ytick text')]
    .filter(t => getComputedStyle(t).display !== 'none' && t.textContent)
    .map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, top: r.top, bottom: r.bottom}; }));
}"""


@pytest.fixture(scope="module")
def plot_page(chromium):
    ctx = chromium.new_context(viewport={"width": 700, "height": 400})
    page = ctx.new_page()
    page.set_content('<div id="c" style="width:640px"></div>')  # a chart's width, two a row at 1400 px
    page.add_script_tag(path=os.path.join(plotly_dir(), "plotly.min.js"))
    yield page
    ctx.close()


def values(span, low=6e-4, n=40):
    return low * 10 ** np.linspace(0, span, n)


def assert_readable(labels, what):
    texts = [lab["text"] for lab in labels]
    assert len(labels) >= 2, f"{what}: {texts}"
    assert len(set(texts)) == len(texts), f"{what}: a label said twice: {texts}"
    rows = sorted(labels, key=lambda lab: lab["top"])
    for a, b in zip(rows, rows[1:]):
        assert b["top"] >= a["bottom"], f"{what}: {a['text']} and {b['text']} overlap: {texts}"


@pytest.mark.parametrize("span", SPANS)
def test_chart_3_labels_its_log_axis_readably(plot_page, span):
    fig = training.state_grad_figure(values(span), 0, EN, height=300)
    assert_readable(plot_page.evaluate(LABELS, json.loads(pio.to_json(fig))), f"{span} decades")


@pytest.mark.parametrize("span", (0.3, 0.98, 1.07, 1.6, 3.0))
def test_the_loss_chart_labels_its_log_axis_readably(plot_page, span):
    h = History()
    for s, loss in enumerate(values(span, low=0.02, n=60)[::-1], start=1):
        h.add(StepRecord(step=s, loss=float(loss), metric=0.5, grad_norms={"W_xx": 1.0}, grad_total=1.0, clipped=False,
                         state_grad=np.ones(4), seconds=0.001))
    fig = training.loss_figure(h, "accuracy (higher is better)", EN, height=300)
    assert_readable(plot_page.evaluate(LABELS, json.loads(pio.to_json(fig))), f"loss over {span} decades")


TITLE = """(fig) => {
  const gd = document.getElementById('c');
  return Plotly.newPlot(gd, fig.data, fig.layout, {displayModeBar: true}).then(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                       bottom: r.bottom}; };
    return {figure: box(gd), title: box(gd.querySelector('.gtitle')), toolbar: box(gd.querySelector('.modebar')),
            plot: box(gd.querySelector('.nsewdrag'))};
  });
}"""


@pytest.mark.parametrize("width", (430, 640))
@pytest.mark.parametrize("words", (EN, KO), ids=("en", "ko"))
@pytest.mark.parametrize("source", ("jacobian_lstm", "jacobian", "W_xx", "Lambda"))
def test_the_eigenvalue_chart_title_is_whole_and_clear_of_the_toolbar(plot_page, width, words, source):
    class At:  # a checkpoint as eigen_figure reads one
        step = 1200
        eigen = RecurrenceEigen(values=np.array([0.5 + 0.2j, 0.5 - 0.2j, 0.9]), source=source, t=40)

    fig = eigen.eigen_figure([At()], words, height=360)
    plot_page.evaluate(f"() => document.getElementById('c').style.width = '{width}px'")
    at = plot_page.evaluate(TITLE, json.loads(pio.to_json(fig)))
    title, figure, toolbar = at["title"], at["figure"], at["toolbar"]
    assert figure["left"] <= title["left"] and title["right"] <= figure["right"], at
    assert title["top"] >= toolbar["bottom"] or title["right"] <= toolbar["left"], f"under the toolbar: {at}"
    assert title["bottom"] <= at["plot"]["top"], f"over the plot: {at}"
