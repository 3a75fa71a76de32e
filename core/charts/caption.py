"""Figures for the caption task: pure functions, plain arrays in, plotly Figure out."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .style import signed_scale

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.caption import CaptionTask

_MARGIN = dict(t=40, b=40, l=50, r=10)


def _t(lang, en, ko):
    return ko if lang == "ko" else en


def step_labels(words: Sequence[str]) -> list[str]:
    """'1. a', '2. handwritten', ...: unique axis labels even when a word repeats. Plotly reads
    labels as pseudo-HTML, so '<eos>' would vanish as an unknown tag: write it as entities."""
    def plain(w):
        return w.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [f"{t + 1}. {plain(w)}" for t, w in enumerate(words)]


def image_figure(pixels: ArrayLike, title: str = "", lang: str = "en") -> go.Figure:
    """The 8×8 digit as a grey heatmap. pixels (8,8) ink counts 0..16 (more ink = darker)."""
    z = np.asarray(pixels, dtype=float)
    fig = go.Figure(go.Heatmap(z=z, zmin=0, zmax=16, colorscale="Greys", showscale=False,
                               hovertemplate=_t(lang, "row %{y}, column %{x}: ink %{z}",
                                                "%{y}행 %{x}열: 잉크 %{z}") + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed", scaleanchor="x", showticklabels=False)  # row 0 on top
    fig.update_xaxes(showticklabels=False, constrain="domain")
    fig.update_layout(title=title, margin=dict(t=40, b=10, l=10, r=10), height=300)
    return fig


def word_prob_figure(words: Sequence[str], probs: ArrayLike, lang: str = "en") -> go.Figure:
    """The probability softmax(y_t) gave to each word the decoder chose. words n, probs (n,)."""
    p = np.asarray(probs, dtype=float)
    fig = go.Figure(go.Bar(x=step_labels(words), y=p, text=[f"{v:.2f}" for v in p],
                           textposition="outside", marker_color="#4c78a8",
                           hovertemplate="%{x}: P = %{y:.3f}<extra></extra>"))
    fig.update_layout(title=_t(lang, "Probability of each chosen word", "고른 단어마다의 확률"),
                      xaxis_title=_t(lang, "step t: word", "단계 t: 단어"),
                      yaxis=dict(title="P(word_t)", range=[0, 1.15]), margin=_MARGIN, height=320)
    return fig


def states_figure(states: ArrayLike, words: Sequence[str], lang: str = "en") -> go.Figure:
    """Decoder states x_t while writing the caption. states (n,H), words n: column t is the state
    that produced word t."""
    x = np.asarray(states, dtype=float)
    fig = go.Figure(go.Heatmap(z=x.T, x=step_labels(words), y=np.arange(x.shape[1]),
                               **signed_scale(x),
                               colorbar=dict(title="x_t"),
                               hovertemplate=_t(lang, "%{x}, unit %{y}: %{z:.3f}",
                                                "%{x}, 유닛 %{y}: %{z:.3f}") + "<extra></extra>"))
    fig.update_layout(title=_t(lang, "Decoder states x_t (one column per written word)",
                               "디코더 상태 x_t (쓴 단어마다 한 열)"),
                      xaxis_title=_t(lang, "step t: word", "단계 t: 단어"),
                      yaxis_title=_t(lang, "hidden unit", "은닉 유닛"), margin=_MARGIN, height=360)
    return fig


def per_digit_figure(accuracy: ArrayLike, captions: Sequence[str], lang: str = "en") -> go.Figure:
    """Share of exact captions per digit. accuracy (10,) in 0..1, captions 10 true captions."""
    acc = np.asarray(accuracy, dtype=float)
    fig = go.Figure(go.Bar(x=[str(d) for d in range(len(acc))], y=acc, customdata=captions,
                           marker_color="#54a24b",
                           hovertemplate=_t(lang, "digit %{x}: %{y:.0%} exact<br>“%{customdata}”",
                                            "숫자 %{x}: %{y:.0%} 정확<br>“%{customdata}”") + "<extra></extra>"))
    fig.update_layout(title=_t(lang, "Exact captions per digit (validation images)",
                               "숫자별 정확한 설명 비율 (검증 이미지)"),
                      xaxis=dict(title=_t(lang, "digit in the image", "이미지 속 숫자"), type="category"),
                      yaxis=dict(title=_t(lang, "exact captions", "정확한 설명"), range=[0, 1.05],
                                 tickformat=".0%"), margin=_MARGIN, height=320)
    return fig


def task_figure(task: CaptionTask, model: nn.Module, lang: str = "en") -> go.Figure:
    """Chart 6 of the Train screen: accuracy per digit on the validation images."""
    from ..tasks.caption import caption_words
    return per_digit_figure(task.per_digit_accuracy(model, "val"), [" ".join(caption_words(d)) for d in range(10)],
                            lang)
