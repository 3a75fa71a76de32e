"""Figures of the BPTT gradient lab (pure: lab numbers in, plotly Figure out)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .style import legend_below

if TYPE_CHECKING:
    from ..concepts.gradients import Clipping, Profile

MARGIN = dict(t=30, b=40, l=60, r=10)
CELL_COLOURS = {"elman": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c", "lru": "#9467bd"}
CELL_NAMES = {"elman": "Elman (post)", "lstm": "LSTM", "gru": "GRU", "lru": "LRU"}


def _t(lang, en, ko):
    return ko if lang == "ko" else en


def _positive(a):
    """Zeros and non-finite values cannot sit on a log axis: leave a gap there."""
    a = np.asarray(a, dtype=float)
    return [float(v) if np.isfinite(v) and v > 0 else None for v in a]


def gradient_norms_figure(profile: Profile, lang: str = "en") -> go.Figure:
    """‖∂L/∂x_t‖ against t on a log axis, with the bound ‖∂L/∂x_T‖(‖W_xx‖₂ max|σ'|)^(T−t), the
    spectral rate ‖∂L/∂x_T‖ ρ^(T−t) and, when truncated, the window the gradient reaches."""
    t = [int(v) for v in profile.t]  # plain lists: readable JSON (plotly packs arrays in base64)
    fig = go.Figure()
    fig.add_scatter(x=t, y=_positive(profile.norms), mode="lines+markers", marker_size=4,
                    name=_t(lang, "‖∂L/∂x_t‖ (hand-written BPTT)", "‖∂L/∂x_t‖ (직접 쓴 BPTT)"),
                    line_color="#111111")
    fig.add_scatter(x=t, y=_positive(profile.bound), mode="lines", line_dash="dash",
                    line_color="#d62728",
                    name=_t(lang, "bound ‖∂L/∂x_T‖·(‖W_xx‖₂·max|σ'|)^(T−t)",
                            "상한 ‖∂L/∂x_T‖·(‖W_xx‖₂·max|σ'|)^(T−t)"))
    fig.add_scatter(x=t, y=_positive(profile.rate), mode="lines", line_dash="dot",
                    line_color="#1f77b4",
                    name=_t(lang, "spectral rate ‖∂L/∂x_T‖·ρ(W_xx)^(T−t)",
                            "스펙트럼 비율 ‖∂L/∂x_T‖·ρ(W_xx)^(T−t)"))
    T = len(profile.t)
    if profile.window_start > 1:
        fig.add_vrect(x0=profile.window_start - 0.5, x1=T + 0.5, fillcolor="#2ca02c", opacity=0.12,
                      line_width=0, annotation_text=_t(lang, "truncation window", "절단 창"),
                      annotation_position="top left")
    fig.update_yaxes(type="log", title=_t(lang, "‖∂L/∂x_t‖ (log scale)", "‖∂L/∂x_t‖ (로그 축)"),
                     exponentformat="power")
    fig.update_xaxes(title=_t(lang, "time step t (the loss is on t = T)", "시점 t (손실은 t = T에서)"))
    fig.update_layout(margin=MARGIN, legend=dict(orientation="h", y=-0.2))
    return fig


def jacobian_heatmap_figure(times: np.ndarray, norms: np.ndarray, lang: str = "en") -> go.Figure:
    """log10 ‖∂x_{t'}/∂x_t‖₂ for t ≤ t' (rows t', columns t); blank above the diagonal."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(np.where(np.isnan(norms), np.nan, np.maximum(norms, 1e-300)))
    z = [[None if not np.isfinite(v) else float(v) for v in row] for row in z]
    label = _t(lang, "log₁₀ ‖∂x_t'/∂x_t‖₂", "log₁₀ ‖∂x_t'/∂x_t‖₂")
    fig = go.Figure(go.Heatmap(
        z=z, x=list(map(int, times)), y=list(map(int, times)), colorscale="RdBu_r", zmid=0,
        colorbar=dict(title=label),
        hovertemplate="t=%{x}, t'=%{y}<br>" + label + " = %{z:.2f}<extra></extra>"))
    fig.update_xaxes(title=_t(lang, "from state x_t", "출발 상태 x_t"))
    fig.update_yaxes(title=_t(lang, "to state x_t'", "도착 상태 x_t'"), autorange="reversed")
    fig.update_layout(margin=MARGIN)
    return fig


def clip_figure(clipping: Clipping, clip: float, lang: str = "en") -> go.Figure:
    """‖∂L/∂θ‖ of the five parameters and their total, before and after clipping to `clip`."""
    names = list(clipping.before) + [_t(lang, "total", "전체")]
    before = [float(v) for v in clipping.before.values()] + [float(clipping.total_before)]
    after = [float(v) for v in clipping.after.values()] + [float(clipping.total_after)]
    fig = go.Figure()
    fig.add_bar(x=names, y=before, name=_t(lang, "before clipping", "자르기 전"), marker_color="#999999")
    fig.add_bar(x=names, y=after, name=_t(lang, "after clipping", "자른 후"), marker_color="#1f77b4")
    if clip:
        fig.add_hline(y=clip, line_dash="dash", line_color="#d62728",
                      annotation_text=_t(lang, f"clip norm c = {clip:g}", f"자르기 기준 c = {clip:g}"))
    fig.update_yaxes(type="log", title=_t(lang, "‖∂L/∂θ‖ (log scale)", "‖∂L/∂θ‖ (로그 축)"),
                     exponentformat="power")
    fig.update_layout(barmode="group", margin=MARGIN, legend=dict(orientation="h", y=-0.2))
    return fig


def recall_figure(result: dict, lang: str = "en") -> go.Figure:
    """Test accuracy on the recall task against T for each cell, with the chance line 1/K."""
    fig = go.Figure()
    # Cells that all reach 1.00 draw the same line: distinct markers (large under small) and
    # dashes keep each one visible where they coincide.
    look = {"lstm": ("square", 15, "solid"), "gru": ("diamond", 11, "dash"), "lru": ("x", 8, "dot"),
            "elman": ("circle", 9, "solid")}
    for cell, acc in result["accuracy"].items():
        symbol, size, dash = look.get(cell, ("circle", 9, "solid"))
        fig.add_scatter(x=list(result["lengths"]), y=[float(a) for a in acc], mode="lines+markers",
                        name=CELL_NAMES.get(cell, cell),
                        line=dict(color=CELL_COLOURS.get(cell), dash=dash), marker=dict(symbol=symbol, size=size))
    fig.add_hline(y=result["chance"], line_dash="dot", line_color="#777777",
                  annotation_text=_t(lang, "chance", "우연 수준"))
    fig.update_xaxes(title=_t(lang, "sequence length T (steps to remember across)",
                              "시퀀스 길이 T (기억해야 하는 거리)"), type="log",
                     tickvals=result["lengths"])
    fig.update_yaxes(title=_t(lang, "test accuracy", "테스트 정확도"), range=[0, 1.05])
    fig.update_layout(margin=MARGIN, legend=legend_below())
    return fig
