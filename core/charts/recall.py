"""The recall task's figure: what y_T says about the first symbol, as a K×K table of mean
probabilities (row: the true first symbol u_1, column: the symbol predicted)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.recall import RecallTask


def confusion_figure(M: ArrayLike, symbols: Sequence[str], words: Mapping[str, str]) -> go.Figure:
    """M (K,K) mean probabilities; symbols: the K symbol names."""
    fig = go.Figure(go.Heatmap(z=M, x=list(symbols), y=list(symbols), zmin=0, zmax=1,
                               colorscale="Blues", texttemplate="%{z:.2f}", textfont=dict(size=16),
                               hovertemplate="%{y} → %{x}: %{z:.2f}<extra></extra>"))
    fig.update_layout(xaxis_title=words["recall.predicted"], yaxis_title=words["recall.first"],
                      yaxis_autorange="reversed", margin=dict(t=30, b=40, l=50, r=10))
    return fig


def task_figure(task: RecallTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen."""
    from ..tasks.recall import SYMBOLS
    return confusion_figure(task.confusion(model), SYMBOLS, words)
