"""Figures for the weight-sharing screen (post §1, §3): the unrolled RNN with one parameter
highlighted at every step, a 1-D convolution sliding one kernel, and parameter counts against T."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ..concepts import sharing as S

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import ArrayLike

COLORS = {"W_xx": "crimson", "W_xu": "royalblue", "W_yx": "darkorange"}
FAINT = "rgba(170,170,170,0.6)"
MARGIN = dict(t=50, b=30, l=20, r=20)


def _sub(name: str) -> str:
    """'W_xx' -> 'W<sub>xx</sub>' (plotly draws a small subset of HTML in its text)."""
    base, _, low = name.partition("_")
    return f"{base}<sub>{low}</sub>" if low else base


def _lines(fig, segs, color, width, name, showlegend=True):
    xs, ys = [], []
    for (x0, y0), (x1, y1) in segs:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=color, width=width), name=name,
                    hoverinfo="skip", showlegend=showlegend)


def unrolled_figure(T: int, highlight: str, words: Mapping[str, str]) -> go.Figure:
    """x_0 → x_1 → … → x_T with u_t below and y_t above each step.  The edges of the highlighted
    parameter are drawn in colour at every step: it is one and the same matrix."""
    if highlight not in COLORS:
        raise ValueError(f"Choose one of {', '.join(COLORS)} to highlight.")
    fig = go.Figure()
    segs = {"W_xx": [((t - 1, 1), (t, 1)) for t in range(1, T + 1)],
            "W_xu": [((t, 0), (t, 1)) for t in range(1, T + 1)],
            "W_yx": [((t, 1), (t, 2)) for t in range(1, T + 1)]}
    for k, sg in segs.items():
        on = k == highlight
        _lines(fig, sg, COLORS[k] if on else FAINT, 4 if on else 1.5, k)
    # the highlighted parameter's name beside each of its edges (above a horizontal one, right of
    # a vertical one), so that the eye reads the same symbol at every step
    sg = segs[highlight]
    horiz = highlight == "W_xx"
    fig.add_scatter(x=[(a[0] + b[0]) / 2 + (0 if horiz else 0.22) for a, b in sg],
                    y=[(a[1] + b[1]) / 2 + (0.22 if horiz else 0) for a, b in sg],
                    mode="text", text=[_sub(highlight)] * len(sg), textfont=dict(color=COLORS[highlight], size=13),
                    showlegend=False, hoverinfo="skip")
    nodes = [(0, 1, "x_0")] + [(t, r, f"{n}_{t}") for t in range(1, T + 1)
                                for r, n in ((0, "u"), (1, "x"), (2, "y"))]
    fig.add_scatter(x=[n[0] for n in nodes], y=[n[1] for n in nodes], mode="markers+text",
                    text=[_sub(n[2]) for n in nodes], textposition="middle center", showlegend=False,
                    marker=dict(size=34, color="white", line=dict(color="black", width=1.5)),
                    hoverinfo="text")
    fig.update_xaxes(visible=False, range=[-0.6, T + 0.6])
    fig.update_yaxes(visible=False, range=[-0.5, 2.5])
    fig.update_layout(margin=MARGIN, height=320, legend=dict(orientation="h", y=-0.05),
                      title=words["sharing.unrolled"].format(param=_sub(highlight)))
    return fig


def conv_figure(signal: ArrayLike, kernel: ArrayLike, p: int, words: Mapping[str, str]) -> go.Figure:
    """Inputs s_0..s_{n-1} (bottom) and outputs z_0..z_{n-k} (top).  The kernel's k weights link the
    window at position p to z_p; the same k weights serve every position."""
    s, w = np.asarray(signal, float), np.asarray(kernel, float)
    z = S.conv1d(s, w)
    win = S.window(len(s), len(w), p)
    off = (len(w) - 1) / 2  # draw z_p above the middle of its window
    fig = go.Figure()
    segs = [((i, 0), (p + off, 1)) for i in win]
    xs, ys = [], []
    for (x0, y0), (x1, y1) in segs:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="seagreen", width=3), hoverinfo="skip",
                    name=words["sharing.kernel"])
    fig.add_scatter(x=np.arange(len(s)), y=np.zeros(len(s)), mode="markers+text", showlegend=False,
                    text=[f"{v:.2f}" for v in s], textposition="bottom center",
                    marker=dict(size=22, symbol="square",
                                color=["seagreen" if i in win else "white" for i in range(len(s))],
                                line=dict(color="black", width=1)), name="s")
    fig.add_scatter(x=np.arange(len(z)) + off, y=np.ones(len(z)), mode="markers+text", showlegend=False,
                    text=[f"{v:.2f}" for v in z], textposition="top center",
                    marker=dict(size=22, symbol="square",
                                color=["seagreen" if i == p else "white" for i in range(len(z))],
                                line=dict(color="black", width=1)), name="z")
    fig.update_xaxes(visible=False, range=[-0.8, len(s) - 0.2])
    fig.update_yaxes(visible=False, range=[-0.5, 1.5])
    fig.update_layout(margin=MARGIN, height=320, legend=dict(orientation="h", y=-0.05),
                      title=f"z<sub>{p}</sub> = Σ<sub>j</sub> w<sub>j</sub> · s<sub>{p}+j</sub>,  "
                            f"w = [{', '.join(f'{v:.2f}' for v in w)}]")
    return fig


def counts_figure(table: dict, words: Mapping[str, str]) -> go.Figure:
    """Parameter counts against T for the shared RNN, the shared convolution and an unshared
    stack (one set of weights per step), on a log scale so that all three fit."""
    fig = go.Figure()
    fig.add_scatter(x=table["T"], y=table["rnn"], name=words["sharing.rnn"],
                    line=dict(color=COLORS["W_xx"], width=3))
    fig.add_scatter(x=table["T"], y=table["conv"], name=words["sharing.conv"],
                    line=dict(color="seagreen", width=3, dash="dash"))
    fig.add_scatter(x=table["T"], y=table["unshared"], name=words["sharing.unshared"],
                    line=dict(color="gray", width=3))
    fig.update_layout(xaxis_title="T", yaxis_title=words["sharing.count_axis"], yaxis_type="log",
                      margin=dict(t=40, b=40, l=60, r=10), height=380, legend=dict(orientation="h", y=-0.2),
                      title=words["sharing.counts_title"])
    return fig
