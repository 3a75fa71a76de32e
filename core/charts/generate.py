"""Figures of the `generate` task: plain lists in, plotly Figure out.

Characters are shown through `label()`: space, newline and tab get visible symbols, and `<`, `>`,
`&` are HTML-escaped because plotly reads a few HTML tags inside text (a user's "<b>" must show
as the three characters it is, not turn the label bold).
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ..tasks.generate import show_char

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.generate import GenerateTask


def label(c: str) -> str:
    return html.escape(show_char(c), quote=False)


def next_char_figure(inputs: Sequence[str], targets: Sequence[str], p_true: ArrayLike,
                     top: Sequence[Sequence[tuple[str, float]]], words: Mapping[str, str]) -> go.Figure:
    """Bars of p(the actual next character) at every step of a validation window.

    inputs, targets: T characters u_t and c_{t+1}; p_true: (T,) probabilities the network gave
    c_{t+1}; top: T lists of (character, probability), shown on hover.
    """
    t = np.arange(len(inputs))
    hover = [f"t={i}: {label(u)} → {label(c)}<br>p = {p:.3f}<br>" +
             words["generate.top"].format(candidates=", ".join(f"{label(ch)} {q:.2f}" for ch, q in tp))
             for i, (u, c, p, tp) in enumerate(zip(inputs, targets, p_true, top))]
    fig = go.Figure(go.Bar(x=t, y=p_true, hovertext=hover, hoverinfo="text",
                           marker_color=["#2a9d8f" if p >= 0.5 else "#e9c46a" if p >= 0.1 else "#e76f51"
                                         for p in p_true],
                           name=words["generate.p_next"]))
    fig.update_layout(
        title=words["generate.next_title"],
        xaxis=dict(title=words["generate.input_char"], tickmode="array", tickvals=t,
                   ticktext=[label(u) for u in inputs], tickangle=0),
        yaxis=dict(title=words["generate.probability"], range=[0, 1]),
        margin=dict(t=40, b=50, l=50, r=10), showlegend=False)
    return fig


def topk_figure(chosen: Sequence[str], steps: Sequence[Sequence[tuple[str, float]]], temperature: float,
                words: Mapping[str, str], first: int = 0, max_steps: int = 48) -> go.Figure:
    """Heatmap of the top-k next-character probabilities at each generated step.

    chosen: the generated characters; steps: for each, the k (character, probability) pairs of the
    distribution it was drawn from. Columns are steps (labelled by the chosen character), rows the
    ranks 1..k; each cell shows the candidate character. Steps first .. first + max_steps - 1 are
    drawn (more would make the characters too small to read).
    """
    chosen, steps = list(chosen)[first:first + max_steps], list(steps)[first:first + max_steps]
    k = max((len(s) for s in steps), default=0)
    z = np.full((k, len(steps)), np.nan)
    text = [["" for _ in steps] for _ in range(k)]
    for j, s in enumerate(steps):
        for r, (ch, p) in enumerate(s):
            z[r, j], text[r][j] = p, label(ch)
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(first, first + len(steps))), y=[f"#{r + 1}" for r in range(k)], text=text,
        texttemplate="%{text}", textfont=dict(size=13),
        zmin=0, zmax=1, colorscale="Blues", colorbar=dict(title="p"),
        hovertemplate=words["generate.topk_hover"] + "<extra></extra>"))
    fig.update_layout(
        title=words["generate.topk_title"].format(k=k, temperature=temperature),
        xaxis=dict(title=words["generate.chosen"], tickmode="array",
                   tickvals=list(range(first, first + len(chosen))), ticktext=[label(c) for c in chosen],
                   tickangle=0),
        yaxis=dict(title=words["generate.rank"], autorange="reversed"),
        height=320, margin=dict(t=40, b=50, l=50, r=10))
    return fig


def task_figure(task: GenerateTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: p(the actual next character) along validation window 0."""
    v = task.next_char_view(model)
    return next_char_figure(v["inputs"], v["targets"], v["p_true"], v["top"], words)
