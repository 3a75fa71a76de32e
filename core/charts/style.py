"""What every chart shares, so a colour or an axis reads the same on every screen.

- Hidden states x_t (and other signed values: weights, gradients of one sign or the other) use
  ONE diverging scale: red positive, blue negative, white zero, symmetric about 0.
- Log axes show powers of ten (10⁻⁶, not 1µ), and the values between in full where the
  axis spans less than two decades.
"""
from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

STATE_COLORSCALE = "RdBu_r"  # red = positive, blue = negative (plotly's RdBu runs red → blue)


def signed_scale(values: ArrayLike, floor: float = 1e-6) -> dict:
    """Heatmap keywords for a signed quantity: the shared colour scale, symmetric about 0.
    States of a tanh cell stay inside ±1, so their scale is ±1 and screens compare at a glance."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lim = float(np.abs(v).max()) if v.size else 1.0
    lim = 1.0 if lim <= 1.0 and lim > 0.2 else max(lim, floor)
    return dict(colorscale=STATE_COLORSCALE, zmid=0, zmin=-lim, zmax=lim)


def log_axis(values: ArrayLike | None = None) -> dict:
    """Axis keywords for a log scale with powers of ten as labels. Over two decades or more the
    ticks fall on whole decades (every 2nd, 3rd ... when there are many). Over less, one lonely
    power would say little, so the values between are written in full: on 1, 2 and 5 of each
    decade (10⁻³, 2×10⁻³, 5×10⁻³) from half a decade up, on every digit inside half a decade. A
    tick on every digit over a whole decade would crowd nine labels into a short axis."""
    axis = dict(type="log", exponentformat="power", minorloglabels="none")
    if values is None:
        return axis
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return axis
    span = math.log10(v.max()) - math.log10(v.min())
    if span >= 2:
        axis["dtick"] = max(1, math.ceil(span / 6))
    else:
        axis["minorloglabels"] = "complete"
        if span >= 0.5:
            axis["dtick"] = "D2"
    return axis


PLOTLY_HEIGHT = 450  # a figure's height when it sets none (plotly.js's default)
TOOLBAR_PX = 30  # plotly's toolbar (camera for the PNG, zoom) floats over a chart's top 30 px


TITLE_CHARS = 52  # a title's line at most this wide (a wide character counts two): ~430 px at 13 px


def title_below_toolbar(text: str, height: int, size: int = 13) -> tuple[dict, int]:
    """A figure title under the strip the toolbar floats in, wrapped at spaces to lines that fit
    the narrowest chart of a screen (two charts a row at 1024 px). Returns the title and the top
    margin it needs. height: the figure's, in px."""
    lines = wrap(text, TITLE_CHARS)
    line = size * 1.3  # plotly.js's line height
    # One line hangs from its anchor; of several, plotly.js centres the first on the anchor
    # (whatever yanchor says) and sets the others below it (tests/test_browser_chart_text.py).
    anchor = TOOLBAR_PX + 2 + (line / 2 + 1 if len(lines) > 1 else 0)
    title = dict(text="<br>".join(lines), font=dict(size=size), x=0, xref="paper", xanchor="left",
                 yref="container", y=1 - anchor / height, yanchor="top")
    return title, TOOLBAR_PX + math.ceil(len(lines) * line) + 14


def wrap(text: str, width: int) -> list[str]:
    """Words into lines of at most `width` columns, a wide (CJK) character two columns; a word
    longer than a line stays whole, and so does what stands in brackets (∂(x_t, c_t))."""
    lines: list[str] = []
    for word in _words(text):
        if lines and _columns(lines[-1]) + 1 + _columns(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _words(text: str) -> list[str]:
    words, depth = [""], 0
    for c in text:
        depth += (c in "([{") - (c in ")]}")
        if c.isspace() and depth <= 0:
            words.append("")
        else:
            words[-1] += c
    return [w for w in words if w]


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def legend_above(height: int) -> dict:
    """A horizontal legend at the top, from the left, below the strip the toolbar floats in:
    placed in the figure's own coordinates, so the plot's top margin grows with the legend and
    no curve runs under it, however many rows the legend wraps to. height: the figure's, in px."""
    return dict(orientation="h", x=0, xanchor="left", yref="container", y=1 - TOOLBAR_PX / height, yanchor="top",
                font=dict(size=11), tracegroupgap=0)


def legend_below() -> dict:
    """A horizontal legend at the very bottom of the figure, under the x axis title: the bottom
    margin grows with it, so it never covers the title or the data at any width."""
    return dict(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom")


def quick_figure(data: list, layout: dict) -> go.Figure:
    """A figure from plain specs, without plotly.py's check of every property on the way in:
    several times faster to build (4-7 ms instead of 20-45 for a curve of 600 points), for the
    Train screen's charts that are rebuilt five times a second while training, in every session
    watching. The specs must be what plotly.js reads as they are (titles as {"text": ...},
    traces with their "type"); the tests draw each of these figures and read it back.
    It carries plotly's default template cut to what its traces read (default_template)."""
    if "template" not in layout:
        layout = {**layout, "template": default_template(frozenset(t.get("type", "scatter") for t in data))}
    return go.Figure(data=data, layout=layout, _validate=False)


# Layout parts of a template that only other kinds of subplot read (polar, ternary, 3-D, maps).
_OTHER_SUBPLOTS = ("polar", "ternary", "scene", "geo", "mapbox", "map")
_TEMPLATES: dict[frozenset, dict] = {}


def default_template(types: frozenset) -> dict:
    """Plotly's default template (what go.Figure gives a figure) with only what a cartesian figure
    of these trace types reads: their own trace defaults, not those of all 24 kinds, and no layout
    for polar, ternary, 3-D or map subplots. The figure looks the same; the template is a third
    of its size (every live chart carries it through every update's copy and comparison)."""
    if types not in _TEMPLATES:
        full = pio.templates[pio.templates.default].to_plotly_json() if pio.templates.default else {}
        layout = {k: v for k, v in full.get("layout", {}).items() if k not in _OTHER_SUBPLOTS}
        data = {k: v for k, v in full.get("data", {}).items() if k in types}
        _TEMPLATES[types] = {"data": data, "layout": layout}
    return _TEMPLATES[types]
