"""The eigenvalues of the recurrence on the complex plane, with the unit circle (pure: eigenvalues
in, plotly Figure out). Inside the circle a mode forgets, outside it blows up."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from .gradients import CELL_COLOURS, CELL_NAMES
from .style import PLOTLY_HEIGHT, legend_below, quick_figure, title_below_toolbar

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..concepts.eigen import RecurrenceEigen
    from ..history import Checkpoint

# Points in the faded trail, however many checkpoints were recorded. Every point is an SVG node a
# browser redraws each slow tick: 1,250 of them took 75 ms a redraw, most of the slow charts' time.
MAX_TRAIL_POINTS = 640


def label(eig: RecurrenceEigen, words: Mapping[str, str]) -> str:
    """What the points are the eigenvalues of, in the post's symbols."""
    if eig.source == "W_xx":
        return words["eigen.of_w_xx"]
    if eig.source == "Lambda":
        return words["eigen.of_lambda"]
    what = "∂(x_t, c_t)/∂(x_{t−1}, c_{t−1})" if eig.source == "jacobian_lstm" else "∂x_t/∂x_{t−1}"
    return words["eigen.of_jacobian"].format(what=what, t=eig.t)


def _xy(values):
    v = np.asarray(values)
    return [float(a) for a in v.real], [float(b) for b in v.imag]


_THETA = np.linspace(0, 2 * np.pi, 181)
_CIRCLE = np.cos(_THETA).round(5).tolist(), np.sin(_THETA).round(5).tolist()
_GREYS = get_colorscale("Greys")  # plotly.py's (white to black); plotly.js's own "Greys" runs the other way


def _framed(traces, values, words, height, title=None) -> go.Figure:
    """The traces on the complex plane: the unit circle, equal axes wide enough for every value."""
    circle = dict(type="scatter", x=_CIRCLE[0], y=_CIRCLE[1], mode="lines", line=dict(color="#888888", width=1),
                  name=words["eigen.unit_circle"], hoverinfo="skip")
    r = max(1.1, 1.05 * float(np.abs(np.concatenate(values)).max()) if values else 1.1)
    layout = dict(xaxis=dict(title=dict(text="Re λ"), range=[-r, r], zeroline=True),
                  yaxis=dict(title=dict(text="Im λ"), range=[-r, r], scaleanchor="x", scaleratio=1, zeroline=True),
                  margin=dict(t=40, b=40, l=50, r=10), legend=legend_below())
    if title:  # under the toolbar, in as many lines as it takes: never under the buttons or cut off
        layout["title"], layout["margin"]["t"] = title_below_toolbar(title, height or PLOTLY_HEIGHT)
    if height:
        layout["height"] = height
    return quick_figure([*traces, circle], layout)


def _points(values, name, **spec) -> dict:
    x, y = _xy(values)
    return dict(type="scatter", x=x, y=y, mode="markers", name=name, **spec)


def trail(checkpoints: Sequence[Checkpoint], upto: int | None = None) -> list[Checkpoint]:
    """The checkpoints to draw, in step order: the first, an even sample of the ones between
    (at most MAX_TRAIL_POINTS points in all) and the chosen one (`upto`, default the last).
    Checkpoints without eigenvalues are skipped."""
    have = [c for c in checkpoints if getattr(c, "eigen", None) is not None]
    if upto is not None:
        have = [c for c in have if c.step <= upto]
    if len(have) <= 2:
        return have
    n = max(1, have[-1].eigen.values.size)
    room = max(0, MAX_TRAIL_POINTS // n - 2)
    middle = have[1:-1]
    if len(middle) > room:
        middle = [middle[int(i)] for i in np.linspace(0, len(middle) - 1, room)] if room else []
    return [have[0], *middle, have[-1]]


def eigen_figure(checkpoints: Sequence[Checkpoint], words: Mapping[str, str], height: int | None = None) -> go.Figure:
    """Eigenvalues of the last checkpoint (filled), where they started (hollow, the first
    checkpoint) and the trail in between (faded, coloured by step). `checkpoints`: objects with
    .step and .eigen (a RecurrenceEigen), in step order, e.g. `trail(history.checkpoints)`."""
    if not checkpoints:
        return _framed([], [], words, height)
    first, last = checkpoints[0], checkpoints[-1]
    middle = checkpoints[1:-1]
    traces = []
    if middle:
        xs, ys, steps = [], [], []
        for c in middle:
            x, y = _xy(c.eigen.values)
            xs += x
            ys += y
            steps += [c.step] * len(x)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="markers", name=words["eigen.trail"],
                           marker=dict(size=4, color=steps, colorscale=_GREYS, opacity=0.35),
                           hovertemplate=words["eigen.step"].format(step="%{marker.color}") + "<extra></extra>"))
    if len(checkpoints) > 1:
        traces.append(_points(first.eigen.values, words["eigen.start"].format(step=first.step),
                              marker=dict(size=8, symbol="circle-open", color="#1f77b4")))
    outside = np.abs(last.eigen.values) > 1
    traces.append(_points(last.eigen.values, words["eigen.step"].format(step=last.step),
                          marker=dict(size=8, color=["#d62728" if o else "#111111" for o in outside]),
                          hovertemplate="λ = %{x:.3f} + %{y:.3f}i<extra></extra>"))
    return _framed(traces, [c.eigen.values for c in checkpoints], words, height, title=label(last.eigen, words))


def cells_eigen_figure(pairs: dict[str, tuple[RecurrenceEigen, RecurrenceEigen]], words: Mapping[str, str],
                       height: int | None = None) -> go.Figure:
    """Several cells at once: pairs = {cell: (start RecurrenceEigen, end RecurrenceEigen)}, the
    start hollow and the end filled, in each cell's colour."""
    traces = []
    for cell, (start, end) in pairs.items():
        name, colour = CELL_NAMES.get(cell, cell), CELL_COLOURS.get(cell, "#333333")
        traces.append(_points(start.values, words["eigen.cell_start"].format(cell=name),
                              marker=dict(size=7, symbol="circle-open", color=colour), legendgroup=cell))
        traces.append(_points(end.values, words["eigen.cell_trained"].format(cell=name),
                              marker=dict(size=7, color=colour), legendgroup=cell))
    return _framed(traces, [e.values for p in pairs.values() for e in p], words, height)
