"""Figures for the first-order-system screen (post §4–5).  Pure: numbers in, plotly Figure out.
Every builder takes `words` (the catalogue in one language, ui.words) for its labels."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..concepts import system as S

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import ArrayLike

HIDDEN = "rgba(140,140,140,0.8)"  # the hidden state is drawn grey: we never get to see it
MARGIN = dict(t=40, b=40, l=50, r=10)


def _fp_traces(fig, fps, words, **kw):
    for fp in fps:
        stable = words["system.stable"] if fp.stable else words["system.unstable"]
        fig.add_scatter(x=[fp.x], y=[fp.x], mode="markers", showlegend=False,
                        marker=dict(size=12, color="black", symbol="circle" if fp.stable else "circle-open",
                                    line=dict(width=2, color="black")),
                        hovertext=f"x* = {fp.x:.4f}, f'(x*) = {fp.slope:.3f} ({stable})",
                        hoverinfo="text", **kw)


def cobweb_figure(w: float, b: float, x0: float, steps: int, name: str, words: Mapping[str, str]) -> go.Figure:
    """x_t against x_{t-1}: the curve f, the diagonal x_t = x_{t-1}, and the staircase the
    iteration walks (up to f, across to the diagonal).  Fixed points sit where f meets the diagonal."""
    x = S.iterate_1d(w, b, x0, steps, name)
    fps = S.fixed_points_1d(w, b, name)
    pts = np.concatenate([x[:min(len(x), 60)], [fp.x for fp in fps], [-1.2, 1.2]])
    lo, hi = float(np.min(pts)), float(np.max(pts))
    lo, hi = max(lo, -50.0), min(hi, 50.0)
    pad = 0.08 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    grid = np.linspace(lo, hi, 300)
    fig = go.Figure()
    fig.add_scatter(x=grid, y=S.sigma(name, w * grid + b), name="f(x) = σ(w·x + b)")
    fig.add_scatter(x=[lo, hi], y=[lo, hi], name=words["system.diagonal"],
                    line=dict(dash="dash", color="gray"))
    cx, cy = [x[0]], [x[0]]
    for t in range(1, min(len(x), 61)):  # (x_{t-1}, x_{t-1}) -> (x_{t-1}, x_t) -> (x_t, x_t)
        cx += [x[t - 1], x[t]]
        cy += [x[t], x[t]]
    fig.add_scatter(x=cx, y=cy, mode="lines", name=words["system.iteration"],
                    line=dict(color="crimson", width=1.5))
    _fp_traces(fig, fps, words)
    fig.update_layout(xaxis_title="x<sub>t-1</sub>", yaxis_title="x<sub>t</sub>", margin=MARGIN, height=420,
                      xaxis_range=[lo, hi], yaxis_range=[lo, hi],
                      legend=dict(orientation="h", y=-0.18),
                      title=words["system.cobweb_title"])
    return fig


def trajectory_figure(w: float, b: float, x0: float, steps: int, name: str, words: Mapping[str, str]) -> go.Figure:
    """x_t over t, with each fixed point x* as a dotted line."""
    x = S.iterate_1d(w, b, x0, steps, name)
    fig = go.Figure()
    fig.add_scatter(x=np.arange(len(x)), y=x, mode="lines+markers", name="x<sub>t</sub>", marker=dict(size=5))
    for fp in S.fixed_points_1d(w, b, name):
        fig.add_hline(y=fp.x, line=dict(dash="dot", color="black" if fp.stable else "gray"))
    fig.update_layout(xaxis_title="t", yaxis_title="x<sub>t</sub>", margin=MARGIN, height=420,
                      title=words["system.trajectory_title"])
    return fig


def phase_figure(W: ArrayLike, b: ArrayLike, name: str, steps: int = 30, starts: ArrayLike | None = None, *,
                 words: Mapping[str, str]) -> go.Figure:
    """Phase portrait of x_t = σ(W x_{t-1} + b) in the plane: one path per starting point."""
    starts = S.start_ring() if starts is None else starts
    paths = S.iterate_2d(W, b, starts, steps, name)
    fig = go.Figure()
    for k, p in enumerate(paths):
        fig.add_scatter(x=p[:, 0], y=p[:, 1], mode="lines+markers", marker=dict(size=4),
                        line=dict(width=1.5), showlegend=False, name=words["system.path"].format(k=k + 1))
    fig.add_scatter(x=starts[:, 0], y=starts[:, 1], mode="markers",
                    name=words["system.start"],
                    marker=dict(size=9, color="black", symbol="x"))
    # x_t[1], x_t[2] as in W_xx[1, 2]: an index, not a power.
    fig.update_layout(xaxis_title=words["system.unit1"], yaxis_title=words["system.unit2"],
                      margin=MARGIN, height=440, xaxis_range=[-2, 2], yaxis_range=[-2, 2],
                      yaxis_scaleanchor="x", legend=dict(orientation="h", y=-0.15),
                      title=words["system.phase_title"])
    return fig


def eigen_figure(W: ArrayLike, words: Mapping[str, str]) -> go.Figure:
    """The eigenvalues of W_xx in the complex plane against the unit circle |λ| = 1."""
    lam = S.eigenvalues(W)
    a = np.linspace(0, 2 * np.pi, 200)
    fig = go.Figure()
    fig.add_scatter(x=np.cos(a), y=np.sin(a), mode="lines", name="|λ| = 1", line=dict(color="gray", dash="dash"))
    fig.add_scatter(x=lam.real, y=lam.imag, mode="markers+text", name="λ(W<sub>xx</sub>)",
                    text=[f"|λ|={abs(v):.2f}" for v in lam], textposition="top center",
                    marker=dict(size=12, color=["crimson" if abs(v) >= 1 else "seagreen" for v in lam]))
    r = max(1.3, float(np.max(np.abs(lam))) + 0.3)
    fig.update_layout(xaxis_title="Re λ", yaxis_title="Im λ", margin=MARGIN, height=440,
                      xaxis_range=[-r, r], yaxis_range=[-r, r], yaxis_scaleanchor="x",
                      legend=dict(orientation="h", y=-0.15),
                      title=words["system.eigen_title"])
    return fig


def driven_figure(u: np.ndarray, x: np.ndarray, y: np.ndarray, show_hidden: bool,
                  words: Mapping[str, str]) -> go.Figure:
    """Top: the input u_t.  Bottom: the observation y_t = h(x_t), and (greyed) the hidden x_t."""
    t = np.arange(len(x))
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.35, 0.65])
    fig.add_scatter(x=t[1:], y=u, mode="lines+markers", marker=dict(size=4), line=dict(color="steelblue"),
                    name=words["system.input"], row=1, col=1)
    fig.add_scatter(x=t, y=y, mode="lines+markers", marker=dict(size=4), line=dict(color="darkorange"),
                    name=words["system.observed"], row=2, col=1)
    if show_hidden:
        fig.add_scatter(x=t, y=x, mode="lines", line=dict(color=HIDDEN, dash="dot"),
                        name=words["system.hidden"], row=2, col=1)
    fig.update_layout(margin=MARGIN, height=460, legend=dict(orientation="h", y=-0.12))
    fig.update_xaxes(title_text="t", row=2, col=1)
    fig.update_yaxes(title_text="u<sub>t</sub>", row=1, col=1)
    fig.update_yaxes(title_text="y<sub>t</sub>", row=2, col=1)
    return fig


def perturbation_figure(dx: np.ndarray, t0: int, fraction: float = 0.01, *, words: Mapping[str, str]) -> go.Figure:
    """|Δx_t| on a log scale after nudging u_{t0}: how long the state remembers one input."""
    t = np.arange(len(dx))
    keep = (t >= t0) & (dx > 0)
    fig = go.Figure()
    fig.add_scatter(x=t[keep], y=dx[keep], mode="lines+markers", marker=dict(size=5), name="|Δx<sub>t</sub>|")
    if dx[t0] > 0:
        fig.add_hline(y=fraction * dx[t0], line=dict(dash="dash", color="gray"),
                      annotation_text=words["system.fraction"].format(fraction=fraction))
        n = S.memory_time(dx, t0, fraction)
        if n is not None:
            fig.add_vline(x=t0 + n, line=dict(dash="dot", color="crimson"))
    fig.update_layout(xaxis_title="t", yaxis_title="|Δx<sub>t</sub>|", yaxis_type="log", margin=MARGIN, height=400,
                      xaxis_range=[-0.5, len(dx) - 0.5],
                      title=words["system.memory_title"])
    return fig
