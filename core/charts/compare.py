"""Overlaid charts of two runs that differ in one setting. The legend sits above the plotting
area, never on a curve (a loss curve starts at its highest, top left, where a legend inside the
axes would hide run A)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .safe import label as safe_label
from .style import legend_above, log_axis
from .training import MARGIN

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..history import History

COLORS = ("#1f77b4", "#d62728")


def _layout(fig, height, xaxis, yaxis):
    fig.update_layout(height=height, margin=MARGIN, legend=legend_above(height), xaxis=xaxis, yaxis=yaxis)
    return fig


def loss_overlay(hist_a: History, hist_b: History, label_a: str, label_b: str, words: Mapping[str, str],
                 height: int = 340) -> go.Figure:
    fig = go.Figure()
    for hist, label, color in ((hist_a, label_a, COLORS[0]), (hist_b, label_b, COLORS[1])):
        label = safe_label(label)
        fig.add_scatter(x=hist.rows["step"], y=hist.rows["loss"], name=words["compare.train"].format(label=label),
                        line=dict(color=color, width=1.5))
        if hist.val["step"]:
            fig.add_scatter(x=hist.val["step"], y=hist.val["loss"], name=words["compare.val"].format(label=label),
                            line=dict(color=color, dash="dot"), mode="lines+markers")
    values = [v for h in (hist_a, hist_b) for v in h.rows["loss"] + h.val["loss"]]
    return _layout(fig, height, dict(title=words["run.step"]), dict(title=words["run.loss"], **log_axis(values)))


def state_grad_overlay(hist_a: History, hist_b: History, label_a: str, label_b: str, words: Mapping[str, str],
                       height: int = 340) -> go.Figure:
    """‖∂L/∂x_t‖ of both runs at their last recorded step, against t."""
    fig = go.Figure()
    for hist, label, color in ((hist_a, label_a, COLORS[0]), (hist_b, label_b, COLORS[1])):
        ckpt = hist.latest()
        g = np.asarray(ckpt.state_grad, dtype=float)
        fig.add_scatter(x=np.arange(1, len(g) + 1), y=np.where(g > 0, g, np.nan), mode="lines+markers",
                        name=words["compare.at_step"].format(label=safe_label(label), step=ckpt.step),
                        line=dict(color=color), marker=dict(size=4))
    values = [v for h in (hist_a, hist_b) for v in np.asarray(h.latest().state_grad, dtype=float)]
    return _layout(fig, height, dict(title=words["run.t"]), dict(title="‖∂L/∂x_t‖", **log_axis(values)))
