"""Figures for the first-order-system screen (post §4–5).  Pure: numbers in, plotly Figure out.
Every builder takes `lang` ('en' or 'ko') for its labels."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..concepts import system as S

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

HIDDEN = "rgba(140,140,140,0.8)"  # the hidden state is drawn grey: we never get to see it
MARGIN = dict(t=40, b=40, l=50, r=10)


def _t(lang, en, ko):
    return ko if lang == "ko" else en


def _fp_traces(fig, fps, lang, **kw):
    for fp in fps:
        stable = _t(lang, "stable", "안정") if fp.stable else _t(lang, "unstable", "불안정")
        fig.add_scatter(x=[fp.x], y=[fp.x], mode="markers", showlegend=False,
                        marker=dict(size=12, color="black", symbol="circle" if fp.stable else "circle-open",
                                    line=dict(width=2, color="black")),
                        hovertext=f"x* = {fp.x:.4f}, f'(x*) = {fp.slope:.3f} ({stable})",
                        hoverinfo="text", **kw)


def cobweb_figure(w: float, b: float, x0: float, steps: int, name: str, lang: str = "en") -> go.Figure:
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
    fig.add_scatter(x=[lo, hi], y=[lo, hi], name=_t(lang, "diagonal x<sub>t</sub> = x<sub>t-1</sub>",
                                                    "대각선 x<sub>t</sub> = x<sub>t-1</sub>"),
                    line=dict(dash="dash", color="gray"))
    cx, cy = [x[0]], [x[0]]
    for t in range(1, min(len(x), 61)):  # (x_{t-1}, x_{t-1}) -> (x_{t-1}, x_t) -> (x_t, x_t)
        cx += [x[t - 1], x[t]]
        cy += [x[t], x[t]]
    fig.add_scatter(x=cx, y=cy, mode="lines", name=_t(lang, "iteration", "반복"),
                    line=dict(color="crimson", width=1.5))
    _fp_traces(fig, fps, lang)
    fig.update_layout(xaxis_title="x<sub>t-1</sub>", yaxis_title="x<sub>t</sub>", margin=MARGIN, height=420,
                      xaxis_range=[lo, hi], yaxis_range=[lo, hi],
                      legend=dict(orientation="h", y=-0.18),
                      title=_t(lang, "Cobweb: iterate f by hand", "거미줄 그림: f를 손으로 반복"))
    return fig


def trajectory_figure(w: float, b: float, x0: float, steps: int, name: str, lang: str = "en") -> go.Figure:
    """x_t over t, with each fixed point x* as a dotted line."""
    x = S.iterate_1d(w, b, x0, steps, name)
    fig = go.Figure()
    fig.add_scatter(x=np.arange(len(x)), y=x, mode="lines+markers", name="x<sub>t</sub>", marker=dict(size=5))
    for fp in S.fixed_points_1d(w, b, name):
        fig.add_hline(y=fp.x, line=dict(dash="dot", color="black" if fp.stable else "gray"))
    fig.update_layout(xaxis_title="t", yaxis_title="x<sub>t</sub>", margin=MARGIN, height=420,
                      title=_t(lang, "Trajectory x<sub>t</sub>", "궤적 x<sub>t</sub>"))
    return fig


def phase_figure(W: ArrayLike, b: ArrayLike, name: str, steps: int = 30, starts: ArrayLike | None = None,
                 lang: str = "en") -> go.Figure:
    """Phase portrait of x_t = σ(W x_{t-1} + b) in the plane: one path per starting point."""
    starts = S.start_ring() if starts is None else starts
    paths = S.iterate_2d(W, b, starts, steps, name)
    fig = go.Figure()
    for k, p in enumerate(paths):
        fig.add_scatter(x=p[:, 0], y=p[:, 1], mode="lines+markers", marker=dict(size=4),
                        line=dict(width=1.5), showlegend=False, name=f"start {k + 1}")
    fig.add_scatter(x=starts[:, 0], y=starts[:, 1], mode="markers",
                    name=_t(lang, "start x<sub>0</sub>", "시작 x<sub>0</sub>"),
                    marker=dict(size=9, color="black", symbol="x"))
    # x_t[1], x_t[2] as in W_xx[1, 2]: an index, not a power.
    fig.update_layout(xaxis_title=_t(lang, "x<sub>t</sub>[1] (unit 1)", "x<sub>t</sub>[1] (유닛 1)"),
                      yaxis_title=_t(lang, "x<sub>t</sub>[2] (unit 2)", "x<sub>t</sub>[2] (유닛 2)"),
                      margin=MARGIN, height=440, xaxis_range=[-2, 2], yaxis_range=[-2, 2],
                      yaxis_scaleanchor="x", legend=dict(orientation="h", y=-0.15),
                      title=_t(lang, "Phase portrait", "위상 그림"))
    return fig


def eigen_figure(W: ArrayLike, lang: str = "en") -> go.Figure:
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
                      title=_t(lang, "Eigenvalues of W<sub>xx</sub>", "W<sub>xx</sub>의 고윳값"))
    return fig


def driven_figure(u: np.ndarray, x: np.ndarray, y: np.ndarray, show_hidden: bool = True, lang: str = "en") -> go.Figure:
    """Top: the input u_t.  Bottom: the observation y_t = h(x_t), and (greyed) the hidden x_t."""
    t = np.arange(len(x))
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.35, 0.65])
    fig.add_scatter(x=t[1:], y=u, mode="lines+markers", marker=dict(size=4), line=dict(color="steelblue"),
                    name=_t(lang, "input u<sub>t</sub>", "입력 u<sub>t</sub>"),
                    row=1, col=1)
    fig.add_scatter(x=t, y=y, mode="lines+markers", marker=dict(size=4), line=dict(color="darkorange"),
                    name=_t(lang, "observed y<sub>t</sub> = h(x<sub>t</sub>)",
                            "관측 y<sub>t</sub> = h(x<sub>t</sub>)"), row=2, col=1)
    if show_hidden:
        fig.add_scatter(x=t, y=x, mode="lines", line=dict(color=HIDDEN, dash="dot"),
                        name=_t(lang, "hidden state x<sub>t</sub> (not seen)",
                                "숨은 상태 x<sub>t</sub> (보이지 않음)"), row=2, col=1)
    fig.update_layout(margin=MARGIN, height=460, legend=dict(orientation="h", y=-0.12))
    fig.update_xaxes(title_text="t", row=2, col=1)
    fig.update_yaxes(title_text="u<sub>t</sub>", row=1, col=1)
    fig.update_yaxes(title_text="y<sub>t</sub>", row=2, col=1)
    return fig


def perturbation_figure(dx: np.ndarray, t0: int, fraction: float = 0.01, lang: str = "en") -> go.Figure:
    """|Δx_t| on a log scale after nudging u_{t0}: how long the state remembers one input."""
    t = np.arange(len(dx))
    keep = (t >= t0) & (dx > 0)
    fig = go.Figure()
    fig.add_scatter(x=t[keep], y=dx[keep], mode="lines+markers", marker=dict(size=5), name="|Δx<sub>t</sub>|")
    if dx[t0] > 0:
        fig.add_hline(y=fraction * dx[t0], line=dict(dash="dash", color="gray"),
                      annotation_text=_t(lang, f"{fraction:.0%} of |Δx<sub>t0</sub>|",
                                         f"|Δx<sub>t0</sub>|의 {fraction:.0%}"))
        n = S.memory_time(dx, t0, fraction)
        if n is not None:
            fig.add_vline(x=t0 + n, line=dict(dash="dot", color="crimson"))
    fig.update_layout(xaxis_title="t", yaxis_title="|Δx<sub>t</sub>|", yaxis_type="log", margin=MARGIN, height=400,
                      xaxis_range=[-0.5, len(dx) - 0.5],
                      title=_t(lang, "How long one input lives on in the state", "입력 하나가 상태에 남는 시간"))
    return fig
