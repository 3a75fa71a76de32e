"""The price task's figure: the forecast against the held-out tail, always with the naive
baselines and their MAE, and a title that says plainly whether the RNN beats them."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from .safe import label as safe_label
from .style import legend_below

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import ArrayLike
    from torch import nn

    from ..tasks.price import PriceTask

_NAMES = {"rnn": ("RNN forecast", "RNN 예측"), "naive": ("tomorrow = today", "내일 = 오늘"),
          "moving_average": ("mean of the window", "구간 평균"),
          "drift": ("today + mean daily change", "오늘 + 평균 하루 변화")}
_STYLE = {"rnn": dict(color="#d62728", width=2), "naive": dict(color="#7f7f7f", dash="dot"),
          "moving_average": dict(color="#2ca02c", dash="dash"), "drift": dict(color="#9467bd", dash="dashdot")}


def mae_table(actual: ArrayLike, forecasts: dict[str, ArrayLike]) -> dict[str, float]:
    """name -> mean |forecast - actual| in price units."""
    actual = np.asarray(actual, dtype=float)
    return {k: float(np.mean(np.abs(np.asarray(v, dtype=float) - actual))) for k, v in forecasts.items()}


def verdict(mae: dict, lang: str = "en") -> str:
    """One plain sentence: does the RNN beat 'tomorrow = today'?"""
    r, n, d = mae["rnn"], mae["naive"], mae.get("drift")
    if lang == "ko":
        out = (f"RNN이 '내일 = 오늘'보다 좋습니다 (MAE {r:,.2f} < {n:,.2f})." if r < n else
               f"RNN이 '내일 = 오늘'을 이기지 못합니다 (MAE {r:,.2f} ≥ {n:,.2f}). 주가에서는 흔한 결과입니다.")
        if d is not None and r < n and r >= d:
            out += (f" 하지만 '오늘 + 평균 하루 변화'(MAE {d:,.2f})보다는 못합니다. "
                    "아무것도 배우지 않은 네트워크(출력 0)의 예측이 바로 그것입니다.")
        return out
    out = (f"The RNN beats 'tomorrow = today' (MAE {r:,.2f} < {n:,.2f})." if r < n else
           f"The RNN does not beat 'tomorrow = today' (MAE {r:,.2f} ≥ {n:,.2f}); for stock prices this is the usual "
           "outcome.")
    if d is not None and r < n and r >= d:
        out += (f" But it does not beat 'today + mean daily change' (MAE {d:,.2f}), which is what a network "
                "that has learned nothing (output 0) forecasts.")
    return out


def forecast_figure(x: Sequence[str | int], actual: ArrayLike, forecasts: dict[str, ArrayLike], series_name: str,
                    window: int, lang: str = "en", max_points: int = 150) -> go.Figure:
    """x: dates (ISO strings) or day numbers of the test days; actual (D,); forecasts: name -> (D,)
    with keys 'rnn', 'naive', 'moving_average' (and 'drift'). Shows the last `max_points` days,
    close enough to see single days; every MAE is over all D days."""
    ko = lang == "ko"
    mae = mae_table(actual, forecasts)  # over the whole held-out part, not just the shown tail
    cut = slice(max(0, len(actual) - max_points), None)
    x = list(x)[cut]
    fig = go.Figure()
    fig.add_scatter(x=x, y=np.asarray(actual)[cut], name="실제" if ko else "actual",
                    line=dict(color="#1f77b4", width=2))
    for key, values in forecasts.items():
        label = _NAMES.get(key, (key, key))[1 if ko else 0]
        if key == "moving_average":
            label += f" ({window}{'일' if ko else ' days'})"
        fig.add_scatter(x=x, y=np.asarray(values)[cut], name=f"{label}: MAE {mae[key]:,.2f}", line=_STYLE.get(key))
    said = (verdict(mae, lang).replace(". But", ".<br>But").replace("다. 하지만", "다.<br>하지만")
            .replace("); ", ");<br>").replace("). 주가", ").<br>주가"))  # short lines: half a screen wide too
    part = "테스트 구간 (학습에 쓰지 않음)" if ko else "held-out test days (never trained on)"
    head = f"{safe_label(series_name)}: {part}"
    shown = len(x)
    xlabel = (f"날짜 (테스트 {len(actual)}일 중 마지막 {shown}일; MAE는 전체 {len(actual)}일)" if ko else
              f"date (the last {shown} of {len(actual)} test days; each MAE is over all {len(actual)})")
    lines = 2 + said.count("<br>")
    # Tall enough for the title, a legend of one entry per line (half a screen wide) and a plot.
    fig.update_layout(title=dict(text=f"{head}<br><span style='font-size:12px'>{said}</span>", font=dict(size=14)),
                      xaxis_title=xlabel, yaxis_title="가격" if ko else "price", legend=legend_below(),
                      margin=dict(t=30 + 20 * lines, b=40, l=60, r=10), height=300 + 20 * (lines + len(fig.data)))
    return fig


def preview(series: pd.Series, max_points: int = 2000) -> pd.Series:
    """At most `max_points` points of a long series to draw, keeping its shape: the series is cut
    into max_points // 2 runs of consecutive rows, and each run is drawn by its lowest and highest
    row, in their order (so every peak and dip of the full series is still drawn). A series that
    is short enough comes back as it is. series: a pandas Series; returns a Series (a subset of its rows)."""
    n = len(series)
    if n <= max_points:
        return series
    runs = max(1, max_points // 2)
    edges = np.linspace(0, n, runs + 1).astype(int)
    values = series.to_numpy(dtype=float)
    keep = set()
    for a, b in zip(edges[:-1], edges[1:]):
        chunk = values[a:b]
        if np.isnan(chunk).all():
            keep.add(a)
            continue
        keep.update((a + int(np.nanargmin(chunk)), a + int(np.nanargmax(chunk))))
    return series.iloc[sorted(keep)]


def task_figure(task: PriceTask, model: nn.Module, lang: str = "en") -> go.Figure:
    """Chart 6 of the Train screen: the RNN's forecast over the test days against the baselines."""
    days, actual, rnn, base, _ = task.forecast(model, "test")
    x = [task.dates[d] for d in days] if task.dates else [int(d) + 1 for d in days]
    return forecast_figure(x, actual, {"rnn": rnn, **base}, task.series_name, task.seq_len, lang)
