"""The weather task's figure: tomorrow's maximum temperature over the held-out days, the RNN
against what happened and against persistence (tomorrow = today), with each MAE in °C."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.weather import WeatherTask

_STYLE = {"rnn": dict(color="#d62728", width=2), "persistence": dict(color="#7f7f7f", dash="dot"),
          "climatology": dict(color="#2ca02c", dash="dash")}


def _names(words: Mapping[str, str]) -> dict[str, str]:
    return {"rnn": words["weather.rnn"], "persistence": words["weather.persistence"],
            "climatology": words["weather.climatology"]}


def weather_figure(dates: Sequence[str], actual: ArrayLike, predictions: dict[str, ArrayLike],
                   words: Mapping[str, str]) -> go.Figure:
    """dates: the D target days (ISO strings); actual (D,) °C; predictions: name -> (D,) °C."""
    actual = np.asarray(actual, dtype=float)
    fig = go.Figure()
    fig.add_scatter(x=list(dates), y=actual, name=words["weather.actual"], line=dict(color="#1f77b4", width=2))
    mae, names = {}, _names(words)
    for key, values in predictions.items():
        mae[key] = float(np.mean(np.abs(np.asarray(values, dtype=float) - actual)))
        fig.add_scatter(x=list(dates), y=values, name=f"{names.get(key, key)}: MAE {mae[key]:.2f} °C",
                        line=_STYLE.get(key))
    says = ""
    if "rnn" in mae and "persistence" in mae:
        says = words["weather.beats"] if mae["rnn"] < mae["persistence"] else words["weather.loses"]
    fig.update_layout(title=dict(text=words["weather.title"].format(verdict=says), font=dict(size=13)),
                      xaxis_title=words["weather.date"], yaxis_title="°C", legend=dict(orientation="h", y=-0.2),
                      margin=dict(t=50, b=40, l=50, r=10))
    return fig


def task_figure(task: WeatherTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: the RNN's forecast over the test days against persistence."""
    days, pred = task.forecast(model, "test")
    return weather_figure([task.dates[d + 1] for d in days], task.temp[days + 1],
                          {"rnn": pred, "persistence": task.temp[days]}, words)
