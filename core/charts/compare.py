"""Overlaid charts of two runs that differ in one setting."""
import numpy as np
import plotly.graph_objects as go

from .training import MARGIN, w

COLORS = ("#1f77b4", "#d62728")


def loss_overlay(hist_a, hist_b, label_a: str, label_b: str, lang="en", height=320):
    fig = go.Figure()
    for hist, label, color in ((hist_a, label_a, COLORS[0]), (hist_b, label_b, COLORS[1])):
        fig.add_scatter(x=hist.rows["step"], y=hist.rows["loss"], name=f"{w('train', lang)} · {label}",
                        line=dict(color=color, width=1.5))
        if hist.val["step"]:
            fig.add_scatter(x=hist.val["step"], y=hist.val["loss"], name=f"{w('val', lang)} · {label}",
                            line=dict(color=color, dash="dot"), mode="lines+markers")
    fig.update_layout(height=height, margin=MARGIN, legend=dict(orientation="h", y=1.15),
                      xaxis=dict(title=w("step", lang)), yaxis=dict(title=w("loss", lang), type="log"))
    return fig


def state_grad_overlay(hist_a, hist_b, label_a: str, label_b: str, lang="en", height=320):
    """‖∂L/∂x_t‖ of both runs at their last recorded step, against t."""
    fig = go.Figure()
    for hist, label, color in ((hist_a, label_a, COLORS[0]), (hist_b, label_b, COLORS[1])):
        ckpt = hist.latest()
        g = np.asarray(ckpt.state_grad, dtype=float)
        fig.add_scatter(x=np.arange(1, len(g) + 1), y=np.where(g > 0, g, np.nan), mode="lines+markers",
                        name=f"{label} (step {ckpt.step})", line=dict(color=color), marker=dict(size=4))
    fig.update_layout(height=height, margin=MARGIN, legend=dict(orientation="h", y=1.15),
                      xaxis=dict(title=w("t", lang)), yaxis=dict(title=w("grad_x", lang), type="log",
                                                              exponentformat="power"))
    return fig
