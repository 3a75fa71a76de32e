"""Figures for the caption task: pure functions, plain arrays in, plotly Figure out."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .style import signed_scale

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.caption import CaptionTask

_MARGIN = dict(t=40, b=40, l=50, r=10)


def step_labels(written: Sequence[str]) -> list[str]:
    """'1. a', '2. handwritten', ...: unique axis labels even when a word repeats. Plotly reads
    labels as pseudo-HTML, so '<eos>' would vanish as an unknown tag: write it as entities."""
    def plain(w):
        return w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [f"{t + 1}. {plain(w)}" for t, w in enumerate(written)]


def image_figure(pixels: ArrayLike, title: str, words: Mapping[str, str]) -> go.Figure:
    """The 8×8 digit as a grey heatmap. pixels (8,8) ink counts 0..16 (more ink = darker)."""
    z = np.asarray(pixels, dtype=float)
    fig = go.Figure(go.Heatmap(z=z, zmin=0, zmax=16, colorscale="Greys", showscale=False,
                               hovertemplate=words["caption.image_hover"] + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed", scaleanchor="x", showticklabels=False)  # row 0 on top
    fig.update_xaxes(showticklabels=False, constrain="domain")
    fig.update_layout(title=title, margin=dict(t=40, b=10, l=10, r=10), height=300)
    return fig


def word_prob_figure(written: Sequence[str], probs: ArrayLike, words: Mapping[str, str]) -> go.Figure:
    """The probability softmax(y_t) gave to each word the decoder chose. written: n words, probs (n,)."""
    p = np.asarray(probs, dtype=float)
    fig = go.Figure(go.Bar(x=step_labels(written), y=p, text=[f"{v:.2f}" for v in p],
                           textposition="outside", marker_color="#4c78a8",
                           hovertemplate="%{x}: P = %{y:.3f}<extra></extra>"))
    fig.update_layout(title=words["caption.prob_title"], xaxis_title=words["caption.step_word"],
                      yaxis=dict(title="P(word_t)", range=[0, 1.15]), margin=_MARGIN, height=320)
    return fig


def states_figure(states: ArrayLike, written: Sequence[str], words: Mapping[str, str]) -> go.Figure:
    """Decoder states x_t while writing the caption. states (n,H), written: n words; column t is
    the state that produced word t."""
    x = np.asarray(states, dtype=float)
    fig = go.Figure(go.Heatmap(z=x.T, x=step_labels(written), y=np.arange(x.shape[1]),
                               **signed_scale(x),
                               colorbar=dict(title="x_t"),
                               hovertemplate=words["caption.state_hover"] + "<extra></extra>"))
    fig.update_layout(title=words["caption.states_title"], xaxis_title=words["caption.step_word"],
                      yaxis_title=words["caption.hidden_unit"], margin=_MARGIN, height=360)
    return fig


def per_digit_figure(accuracy: ArrayLike, captions: Sequence[str], words: Mapping[str, str]) -> go.Figure:
    """Share of exact captions per digit. accuracy (10,) in 0..1, captions 10 true captions."""
    acc = np.asarray(accuracy, dtype=float)
    fig = go.Figure(go.Bar(x=[str(d) for d in range(len(acc))], y=acc, customdata=captions,
                           marker_color="#54a24b",
                           hovertemplate=words["caption.digit_hover"] + "<extra></extra>"))
    fig.update_layout(title=words["caption.digit_title"],
                      xaxis=dict(title=words["caption.digit_axis"], type="category"),
                      yaxis=dict(title=words["caption.exact_axis"], range=[0, 1.05], tickformat=".0%"),
                      margin=_MARGIN, height=320)
    return fig


def task_figure(task: CaptionTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: accuracy per digit on the validation images."""
    from ..tasks.caption import caption_words
    return per_digit_figure(task.per_digit_accuracy(model, "val"), [" ".join(caption_words(d)) for d in range(10)],
                            words)
