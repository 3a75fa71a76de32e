"""Pure figure builders: plain data in, plotly Figure out. No streamlit here.

Figures speak no language of their own: every label is `words[id]`, where `words` is the string
catalogue (ui.words) in the screen's language, handed in by the caller.

Each task's own figure (chart 6 of the Train screen, predictions against targets) lives in
`core.charts.<task name>` as `task_figure(task, model, words)`, the way the task's panel lives in
`ui.task_views.<task name>`; core/tasks never import this package."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    import plotly.graph_objects as go
    from torch import nn

    from ..tasks import Task


def task_figure(task: Task, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """The figure of `task`'s predictions against its targets (ValueError as the task raises it).
    `words`: the string catalogue in the screen's language (ui.words), keyed by stable ids."""
    return importlib.import_module(f"{__name__}.{task.name}").task_figure(task, model, words)
