"""Figures for the cell screen (post §6): the five parameters as heatmaps, one step's terms,
and the hidden states of a sentence so far.  Pure: numbers in, plotly Figure out."""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import STATE_COLORSCALE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import ArrayLike

    from ..concepts.cell import Step

ORDER = ("W_xx", "W_xu", "b_x", "W_yx", "b_y")
MARGIN = dict(t=50, b=40, l=50, r=10)


def _as_matrix(a):
    a = np.asarray(a, float)
    return a.reshape(-1, 1) if a.ndim == 1 else a  # a vector is drawn as one column


def params_figure(params: dict[str, ArrayLike], words: Mapping[str, str]) -> go.Figure:
    """The five parameters side by side on one colour scale (blue < 0 < red); each panel's width
    follows its number of columns so that the shapes read at a glance."""
    mats = [_as_matrix(params[k]) for k in ORDER]
    widths = [m.shape[1] + 0.6 for m in mats]
    titles = [f"{k} ({'×'.join(str(s) for s in np.shape(params[k]))})" for k in ORDER]
    fig = make_subplots(rows=1, cols=5, column_widths=widths, subplot_titles=titles, horizontal_spacing=0.04)
    zmax = max(float(np.max(np.abs(m))) for m in mats) or 1.0
    small = max(max(m.shape) for m in mats) <= 8  # few enough cells to print each number
    for i, (k, m) in enumerate(zip(ORDER, mats)):
        fig.add_heatmap(z=m, zmin=-zmax, zmax=zmax, colorscale=STATE_COLORSCALE, name=k,
                        showscale=(i == 4), row=1, col=i + 1, texttemplate="%{z:.2f}" if small else None,
                        hovertemplate=f"{k}[%{{y}},%{{x}}] = %{{z:.3f}}<extra></extra>")
        fig.update_yaxes(autorange="reversed", showticklabels=(i == 0), row=1, col=i + 1)
        fig.update_xaxes(showticklabels=False, row=1, col=i + 1)
    fig.update_layout(margin=MARGIN, height=320, title=words["cell.params_title"])
    return fig


def step_figure(step: Step, words: Mapping[str, str]) -> go.Figure:
    """One step as columns: x_{t-1}, W_xx x_{t-1}, W_xu u_t, b_x (= a - the two products),
    the pre-activation a, and x_t = σ(a).  For hidden sizes too big to write out."""
    b_x = step.a - step.recur - step.inject
    cols = [("x_{t-1}", step.x_prev), ("W_xx x_{t-1}", step.recur), ("W_xu u_t", step.inject),
            ("b_x", b_x), ("a", step.a), ("x_t = σ(a)", step.x)]
    z = np.stack([c[1] for c in cols], axis=1)  # (H, 6)
    zmax = float(np.max(np.abs(z))) or 1.0
    fig = go.Figure(go.Heatmap(z=z, x=[c[0] for c in cols], zmin=-zmax, zmax=zmax, colorscale=STATE_COLORSCALE,
                               texttemplate="%{z:.2f}" if len(step.x) <= 24 else None,
                               hovertemplate="%{x}[%{y}] = %{z:.3f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=words["cell.unit_axis"])
    fig.update_layout(margin=MARGIN, height=max(260, 18 * len(step.x) + 120),
                      title=words["cell.step_title"])
    return fig


def states_figure(x: ArrayLike, tokens: Sequence[str], t: int, words: Mapping[str, str]) -> go.Figure:
    """Hidden states x_0..x_T as columns (unit × step); steps after t are not computed yet
    (blank), the column of step t is outlined."""
    x = np.asarray(x, float)  # (T+1, H)
    z = x.T.copy()
    z[:, t + 1:] = np.nan
    # plotly reads tags in tick text: escape so that a user's "<b>" stays the four characters
    labels = ["x<sub>0</sub>"] + [f"{i + 1}: {html.escape(tok)}" for i, tok in enumerate(tokens)]
    fig = go.Figure(go.Heatmap(z=z, x=list(range(len(labels))), zmin=-1, zmax=1, colorscale=STATE_COLORSCALE,
                               texttemplate="%{z:.2f}" if x.shape[1] <= 16 else None,
                               hovertemplate="x[%{y}] = %{z:.3f}<extra></extra>"))
    fig.add_shape(type="rect", x0=t - 0.5, x1=t + 0.5, y0=-0.5, y1=x.shape[1] - 0.5,
                  line=dict(color="black", width=3))
    fig.update_xaxes(tickvals=list(range(len(labels))), ticktext=labels)
    fig.update_yaxes(autorange="reversed", title=words["cell.unit_axis"])
    fig.update_layout(margin=MARGIN, height=max(240, 22 * x.shape[1] + 120),
                      title=words["cell.states_title"].format(t=t))
    return fig
