"""The price task's figure: the forecast against the held-out tail, always with the naive
baselines and their MAE, and a title that says plainly whether the RNN beats them."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
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

_STYLE = {"rnn": dict(color="#d62728", width=2), "naive": dict(color="#7f7f7f", dash="dot"),
          "moving_average": dict(color="#2ca02c", dash="dash"), "drift": dict(color="#9467bd", dash="dashdot")}


def _names(words: Mapping[str, str], window: int) -> dict[str, str]:
    return {"rnn": words["price.rnn"], "naive": words["price.naive"],
            "moving_average": words["price.moving_average"].format(window=window), "drift": words["price.drift"]}


def mae_table(actual: ArrayLike, forecasts: dict[str, ArrayLike]) -> dict[str, float]:
    """name -> mean |forecast - actual| in price units."""
    actual = np.asarray(actual, dtype=float)
    return {k: float(np.mean(np.abs(np.asarray(v, dtype=float) - actual))) for k, v in forecasts.items()}


def _verdict_parts(mae: dict, words: Mapping[str, str]) -> list[str]:
    """The verdict's pieces: joined by a space in a sentence, by line breaks in the figure's title."""
    r, n, d = mae["rnn"], mae["naive"], mae.get("drift")
    if r >= n:
        return [words["price.verdict_loses"].format(rnn=r, naive=n), words["price.verdict_usual"]]
    parts = [words["price.verdict_beats"].format(rnn=r, naive=n)]
    if d is not None and r >= d:
        parts.append(words["price.verdict_drift"].format(drift=d))
    return parts


def verdict(mae: dict, words: Mapping[str, str]) -> str:
    """One plain sentence: does the RNN beat 'tomorrow = today'?"""
    return " ".join(_verdict_parts(mae, words))


def forecast_figure(x: Sequence[str | int], actual: ArrayLike, forecasts: dict[str, ArrayLike], series_name: str,
                    window: int, words: Mapping[str, str], max_points: int = 150) -> go.Figure:
    """x: dates (ISO strings) or day numbers of the test days; actual (D,); forecasts: name -> (D,)
    with keys 'rnn', 'naive', 'moving_average' (and 'drift'). Shows the last `max_points` days,
    close enough to see single days; every MAE is over all D days."""
    mae = mae_table(actual, forecasts)  # over the whole held-out part, not just the shown tail
    cut = slice(max(0, len(actual) - max_points), None)
    x = list(x)[cut]
    fig = go.Figure()
    fig.add_scatter(x=x, y=np.asarray(actual)[cut], name=words["price.actual"], line=dict(color="#1f77b4", width=2))
    names = _names(words, window)
    for key, values in forecasts.items():
        fig.add_scatter(x=x, y=np.asarray(values)[cut], name=f"{names.get(key, key)}: MAE {mae[key]:,.2f}",
                        line=_STYLE.get(key))
    said = "<br>".join(_verdict_parts(mae, words))  # short lines: half a screen wide too
    head = safe_label(series_name) + ": " + words["price.held_out"]
    xlabel = words["price.date_axis"].format(shown=len(x), total=len(actual))
    lines = 2 + said.count("<br>")
    # Tall enough for the title, a legend of one entry per line (half a screen wide) and a plot.
    fig.update_layout(title=dict(text=f"{head}<br><span style='font-size:12px'>{said}</span>", font=dict(size=14)),
                      xaxis_title=xlabel, yaxis_title=words["price.price"], legend=legend_below(),
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


def task_figure(task: PriceTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: the RNN's forecast over the test days against the baselines."""
    days, actual, rnn, base, _ = task.forecast(model, "test")
    x = [task.dates[d] for d in days] if task.dates else [int(d) + 1 for d in days]
    return forecast_figure(x, actual, {"rnn": rnn, **base}, task.series_name, task.seq_len, words)
