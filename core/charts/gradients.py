"""Figures of the BPTT gradient lab (pure: lab numbers in, plotly Figure out)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .style import legend_below

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..concepts.gradients import Clipping, Profile

MARGIN = dict(t=30, b=40, l=60, r=10)
CELL_COLOURS = {"elman": "#d62728", "lstm": "#1f77b4", "gru": "#2ca02c", "lru": "#9467bd"}
CELL_NAMES = {"elman": "Elman (post)", "lstm": "LSTM", "gru": "GRU", "lru": "LRU"}


def _positive(a):
    """Zeros and non-finite values cannot sit on a log axis: leave a gap there."""
    a = np.asarray(a, dtype=float)
    return [float(v) if np.isfinite(v) and v > 0 else None for v in a]


def gradient_norms_figure(profile: Profile, words: Mapping[str, str]) -> go.Figure:
    """‖∂L/∂x_t‖ against t on a log axis, with the bound ‖∂L/∂x_T‖(‖W_xx‖₂ max|σ'|)^(T−t), the
    spectral rate ‖∂L/∂x_T‖ ρ^(T−t) and, when truncated, the window the gradient reaches."""
    t = [int(v) for v in profile.t]  # plain lists: readable JSON (plotly packs arrays in base64)
    fig = go.Figure()
    fig.add_scatter(x=t, y=_positive(profile.norms), mode="lines+markers", marker_size=4,
                    name=words["gradients.norms"],
                    line_color="#111111")
    fig.add_scatter(x=t, y=_positive(profile.bound), mode="lines", line_dash="dash",
                    line_color="#d62728",
                    name=words["gradients.bound"])
    fig.add_scatter(x=t, y=_positive(profile.rate), mode="lines", line_dash="dot",
                    line_color="#1f77b4",
                    name=words["gradients.rate"])
    T = len(profile.t)
    if profile.window_start > 1:
        fig.add_vrect(x0=profile.window_start - 0.5, x1=T + 0.5, fillcolor="#2ca02c", opacity=0.12,
                      line_width=0, annotation_text=words["gradients.window"],
                      annotation_position="top left")
    fig.update_yaxes(type="log", title=words["gradients.norms_axis"],
                     exponentformat="power")
    fig.update_xaxes(title=words["gradients.time_axis"])
    fig.update_layout(margin=MARGIN, legend=dict(orientation="h", y=-0.2))
    return fig


def jacobian_heatmap_figure(times: np.ndarray, norms: np.ndarray, words: Mapping[str, str]) -> go.Figure:
    """log10 ‖∂x_{t'}/∂x_t‖₂ for t ≤ t' (rows t', columns t); blank above the diagonal."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(np.where(np.isnan(norms), np.nan, np.maximum(norms, 1e-300)))
    z = [[None if not np.isfinite(v) else float(v) for v in row] for row in z]
    label = "log₁₀ ‖∂x_t'/∂x_t‖₂"
    fig = go.Figure(go.Heatmap(
        z=z, x=list(map(int, times)), y=list(map(int, times)), colorscale="RdBu_r", zmid=0,
        colorbar=dict(title=label),
        hovertemplate="t=%{x}, t'=%{y}<br>" + label + " = %{z:.2f}<extra></extra>"))
    fig.update_xaxes(title=words["gradients.from_state"])
    fig.update_yaxes(title=words["gradients.to_state"], autorange="reversed")
    fig.update_layout(margin=MARGIN)
    return fig


def clip_figure(clipping: Clipping, clip: float, words: Mapping[str, str]) -> go.Figure:
    """‖∂L/∂θ‖ of the five parameters and their total, before and after clipping to `clip`."""
    names = list(clipping.before) + [words["gradients.total"]]
    before = [float(v) for v in clipping.before.values()] + [float(clipping.total_before)]
    after = [float(v) for v in clipping.after.values()] + [float(clipping.total_after)]
    fig = go.Figure()
    fig.add_bar(x=names, y=before, name=words["gradients.before"], marker_color="#999999")
    fig.add_bar(x=names, y=after, name=words["gradients.after"], marker_color="#1f77b4")
    if clip:
        fig.add_hline(y=clip, line_dash="dash", line_color="#d62728",
                      annotation_text=words["gradients.clip_norm"].format(clip=clip))
    fig.update_yaxes(type="log", title=words["gradients.theta_axis"],
                     exponentformat="power")
    fig.update_layout(barmode="group", margin=MARGIN, legend=dict(orientation="h", y=-0.2))
    return fig


def recall_figure(result: dict, words: Mapping[str, str]) -> go.Figure:
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
                  annotation_text=words["gradients.chance"])
    fig.update_xaxes(title=words["gradients.length_axis"], type="log", tickvals=result["lengths"])
    fig.update_yaxes(title=words["gradients.accuracy_axis"], range=[0, 1.05])
    fig.update_layout(margin=MARGIN, legend=legend_below())
    return fig
