"""The sine task's figure: validation sequence 0, its noisy input, the clean target one step
ahead and the network's prediction."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.sine import SineTask


def prediction_figure(u: ArrayLike, target: ArrayLike, y: ArrayLike, words: Mapping[str, str]) -> go.Figure:
    """u, target, y: (T,) arrays (input u_t, the clean value at t+1, the prediction y_t)."""
    t = np.arange(len(u))
    fig = go.Figure()
    fig.add_scatter(x=t, y=u, mode="markers", name=words["sine.input"])
    fig.add_scatter(x=t, y=target, name=words["sine.target"])
    fig.add_scatter(x=t, y=y, name=words["sine.prediction"])
    fig.update_layout(xaxis_title="t", yaxis_title=words["sine.value"], margin=dict(t=30, b=40, l=50, r=10))
    return fig


def task_figure(task: SineTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen."""
    return prediction_figure(*task.prediction(model), words)
