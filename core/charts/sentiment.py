"""Figures for the sentiment task (pure: tokens and numbers in, plotly Figure out).

- probability_figure: P(positive) after every token, one line per sentence, each point labelled
  with its token, so a flip at "not" / "않" is visible.
- state_heatmap: the hidden state x_t (H units × T tokens), tokens on the x axis.
Token positions are the x values (tokens repeat: "지 ... 지" must stay two columns).
Tokens the network never saw in training (`unknown`, one bool per token; they read as <unk>)
are drawn as red crosses and their tick labels are red and end in "?".
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.sentiment import SentimentTask

from .style import signed_scale

_MARGIN = dict(t=40, b=40, l=50, r=10)


def _esc(tokens):
    """Plotly reads a little HTML in labels (<b>, <br>); user tokens are shown as plain text."""
    return [str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for t in tokens]


_LABEL_LIMIT = 30  # longer sentences: tokens only as tick labels, not also over every point
_UNKNOWN = "#d62728"


def _ticks(tokens, unknown):
    """Tick labels: escaped tokens, the unknown ones red with a "?"."""
    unknown = unknown if unknown is not None else [False] * len(tokens)
    return [f"<span style='color:{_UNKNOWN}'>{t}?</span>" if u else t for t, u in zip(_esc(tokens), unknown)]


def probability_figure(sentences: Sequence[tuple[str, Sequence[str], ArrayLike]], words: Mapping[str, str],
                       unknown: Sequence[bool] | None = None) -> go.Figure:
    """sentences: list of (name, tokens (T strings), p_pos (T,) in [0,1]); unknown: for a single
    sentence, T bools (True: never seen in training)."""
    fig = go.Figure()
    for name, tokens, p in sentences:
        p, tokens, name = np.asarray(p, dtype=float), _esc(tokens), _esc([name])[0]
        short = len(tokens) <= _LABEL_LIMIT
        fig.add_scatter(x=list(range(1, len(tokens) + 1)), y=p.tolist(),
                        mode="lines+markers+text" if short else "lines+markers", name=name,
                        text=list(tokens) if short else None, textposition="top center",
                        customdata=list(tokens),
                        hovertemplate=words["sentiment.p_hover"] + "<extra></extra>")
    if len(sentences) == 1 and unknown is not None and any(unknown):
        xs = [i + 1 for i, u in enumerate(unknown) if u]
        p = np.asarray(sentences[0][2], dtype=float)
        fig.add_scatter(x=xs, y=[float(p[x - 1]) for x in xs], mode="markers",
                        name=words["sentiment.unseen"],
                        marker=dict(symbol="x", size=12, color=_UNKNOWN), hoverinfo="skip")
    fig.add_hline(y=0.5, line_dash="dot", line_color="gray")  # the boundary; its meaning is in the axis title
    if len(sentences) == 1:  # one sentence: its tokens are the tick labels
        fig.update_xaxes(tickvals=list(range(1, len(sentences[0][1]) + 1)), ticktext=_ticks(sentences[0][1], unknown))
    fig.update_layout(
        title=words["sentiment.p_title"], xaxis_title=words["sentiment.token_t"],
        yaxis_title=words["sentiment.p_pos"],
        yaxis_range=[-0.05, 1.1], margin=_MARGIN, legend=dict(orientation="h", y=-0.2),
        showlegend=len(fig.data) > 1)
    return fig


def state_heatmap(tokens: Sequence[str], states: ArrayLike, words: Mapping[str, str],
                  unknown: Sequence[bool] | None = None) -> go.Figure:
    """tokens: T strings; states: (T,H) hidden states x_t; unknown: T bools or None.
    Heatmap with units on y, tokens on x."""
    tokens_raw = list(tokens)
    z, tokens = np.asarray(states, dtype=float).T, _esc(tokens)  # (H,T)
    T = z.shape[1]
    fig = go.Figure(go.Heatmap(
        z=z.tolist(), x=list(range(1, T + 1)), y=list(range(1, z.shape[0] + 1)), **signed_scale(z),
        customdata=np.tile(np.array(list(tokens), dtype=object), (z.shape[0], 1)),
        hovertemplate=words["sentiment.state_hover"] + "<extra></extra>",
        colorbar=dict(title="x_t")))
    fig.update_xaxes(tickvals=list(range(1, T + 1)), ticktext=_ticks(tokens_raw, unknown),
                     title=words["sentiment.token_input"])
    fig.update_yaxes(title=words["sentiment.unit_axis"], autorange="reversed")
    fig.update_layout(title=words["sentiment.states_title"], margin=_MARGIN)
    return fig


def task_figure(task: SentimentTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: P(positive) token by token for the teaching pair
    ("not bad" / "not good"), in the screen's language."""
    from ..tasks.sentiment import EXAMPLES
    pairs = EXAMPLES[words["sentiment.example_language"]]
    traces = [task.trace(model, t) for t in pairs]
    return probability_figure([(t, tr["tokens"], tr["p_pos"]) for t, tr in zip(pairs, traces)], words)
