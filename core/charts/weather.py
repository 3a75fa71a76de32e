"""The weather task's figure: tomorrow's maximum temperature over the held-out days, the RNN
against what happened and against persistence (tomorrow = today), with each MAE in °C."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

if TYPE_CHECKING:
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.weather import WeatherTask

_NAMES = {"rnn": ("RNN prediction", "RNN 예측"), "persistence": ("tomorrow = today", "내일 = 오늘"),
          "climatology": ("monthly mean", "월평균")}
_STYLE = {"rnn": dict(color="#d62728", width=2), "persistence": dict(color="#7f7f7f", dash="dot"),
          "climatology": dict(color="#2ca02c", dash="dash")}


def weather_figure(dates: Sequence[str], actual: ArrayLike, predictions: dict[str, ArrayLike],
                   lang: str = "en") -> go.Figure:
    """dates: the D target days (ISO strings); actual (D,) °C; predictions: name -> (D,) °C."""
    ko = lang == "ko"
    actual = np.asarray(actual, dtype=float)
    fig = go.Figure()
    fig.add_scatter(x=list(dates), y=actual, name="실제 최고기온" if ko else "actual temp_max",
                    line=dict(color="#1f77b4", width=2))
    mae = {}
    for key, values in predictions.items():
        mae[key] = float(np.mean(np.abs(np.asarray(values, dtype=float) - actual)))
        label = _NAMES.get(key, (key, key))[1 if ko else 0]
        fig.add_scatter(x=list(dates), y=values, name=f"{label}: MAE {mae[key]:.2f} °C", line=_STYLE.get(key))
    if "rnn" in mae and "persistence" in mae:
        better = mae["rnn"] < mae["persistence"]
        says = (("RNN이 '내일 = 오늘'보다 좋습니다." if better else "RNN이 '내일 = 오늘'을 이기지 못합니다.") if ko else
                ("The RNN beats 'tomorrow = today'." if better else "The RNN does not beat 'tomorrow = today'."))
    else:
        says = ""
    title = ("시애틀, 테스트 구간의 내일 최고기온. " if ko
             else "Seattle, held-out days: tomorrow's maximum temperature. ") + says
    fig.update_layout(title=dict(text=title, font=dict(size=13)), xaxis_title="날짜" if ko else "date",
                      yaxis_title="°C", legend=dict(orientation="h", y=-0.2), margin=dict(t=50, b=40, l=50, r=10))
    return fig


def task_figure(task: WeatherTask, model: nn.Module, lang: str = "en") -> go.Figure:
    """Chart 6 of the Train screen: the RNN's forecast over the test days against persistence."""
    days, pred = task.forecast(model, "test")
    return weather_figure([task.dates[d + 1] for d in days], task.temp[days + 1],
                          {"rnn": pred, "persistence": task.temp[days]}, lang)
