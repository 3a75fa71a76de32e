"""Figures of a training run: pure functions of a History / Checkpoint, worded by the catalogue
(`words`, ids run.*) in the screen's language."""
from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from ..train import POST_PARAMS
from .style import legend_above, log_axis, quick_figure, signed_scale

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from ..history import Checkpoint, History

MARGIN = dict(t=36, b=40, l=56, r=16)
STATE_DECIMALS = 4  # what chart 2 carries of a state x_t (its hover shows 3)
LOG_DECIMALS = 3  # what chart 3b carries of log10 ‖∂L/∂x_t‖ (its hover shows 2)
COLORS = {"W_xx": "#d62728", "W_xu": "#1f77b4", "b_x": "#9467bd", "W_yx": "#2ca02c", "b_y": "#8c564b",
          "other": "#7f7f7f"}


def explosion_steps(history: History) -> list[int]:
    """Steps whose loss or gradient was NaN or infinite (the trainer refused them)."""
    rows = history.rows
    loss, grad = np.asarray(rows["loss"], dtype=float), np.asarray(rows["grad_total"], dtype=float)
    bad = ~(np.isfinite(loss) & np.isfinite(grad))
    steps = [rows["step"][i] for i in np.flatnonzero(bad)]
    last = history.last
    if last is not None and last.exploded and last.step not in steps:
        steps.append(last.step)
    return steps


def finite_checkpoints(history: History) -> list[Checkpoint]:
    """Recorded steps whose states and ‖∂L/∂x_t‖ are all finite: after an explosion the charts
    show the last of these, not a blank chart with a colour bar of ±10³⁸."""
    return [c for c in history.checkpoints if np.isfinite(c.loss) and np.isfinite(c.state_grad).all()
            and (c.probe is None or np.isfinite(c.probe).all())]


def _mark_explosions(fig, steps, words):
    for s in steps[-3:]:
        fig.add_vline(x=s, line_color="#d62728", line_dash="dash", line_width=1,
                      annotation_text=words["run.blew"].format(step=s), annotation_position="top left",
                      annotation_font_color="#d62728")


def _step_range(steps) -> list:
    """The x axis from 0 to the last step (at step 0 alone, 0 to 1, not −1 to 1)."""
    return [0, max(1, steps[-1] if steps else 1)]


def _thin(xs, *ys, limit=600):
    """At most `limit` points per curve: a browser redraws every point of every curve on every
    refresh. Every 2^k-th point and the last: as the curve grows, the points drawn stay the ones
    drawn and only its end moves, so a live chart sends a few new points per tick, not the whole
    curve again (until the curve doubles and k grows).
    As arrays: a figure copies its data deeply, which takes a list element by element (most of
    the time the feed spends building the fast charts) and an array at once."""
    n = len(xs)
    if n > limit:
        stride = 1 << math.ceil(math.log2(n / (limit - 1)))
        idx = list(range(0, n, stride))
        if idx[-1] != n - 1:
            idx.append(n - 1)
        pick = operator.itemgetter(*idx)
        return (np.array(pick(xs)), *[np.array(pick(y), dtype=float) for y in ys])
    return (np.array(xs), *[np.array(y, dtype=float) for y in ys])


def loss_figure(history: History, metric_name: str, words: Mapping[str, str], height: int = 300) -> go.Figure:
    """Training and validation loss (log scale) and the task's metric, over steps; dashed red
    lines where a step blew up."""
    rows, val = history.rows, history.val
    extra = getattr(history, "extra_losses", {})  # e.g. the loss on the user's own sentences
    extra_names = {"user_loss": words["run.user_loss"]}
    steps, loss = _thin(rows["step"], rows["loss"])
    # Plain specs with a second y axis: make_subplots costs several times more per redraw.
    data = [dict(type="scatter", x=steps, y=loss, name=words["run.loss_train"],
                 line=dict(color="#1f77b4"))]
    # Ticks of its own ("auto"): plotly.js otherwise syncs an overlaying axis to the log loss axis's
    # grid lines, which gives uneven values (8.705, 8.7468, 8.7713...) that pile up at the top.
    metric_axis = dict(title=dict(text=metric_name), overlaying="y", side="right", showgrid=False, type="linear",
                       tickmode="auto", nticks=5)
    if val["step"]:
        vsteps, vloss, vmetric = _thin(val["step"], val["loss"], val["metric"], limit=300)
        data.append(dict(type="scatter", x=vsteps, y=vloss, name=words["run.loss_val"],
                         mode="lines+markers", line=dict(color="#ff7f0e")))
        metric_label = words["run.metric_val"].format(metric=metric_name.split(" (")[0])
        data.append(dict(type="scatter", x=vsteps, y=vmetric, name=metric_label, mode="lines+markers",
                         line=dict(color="#2ca02c", dash="dot"), yaxis="y2"))
        for name, series in extra.items():
            xs, ys = _thin(series["step"], series["loss"], limit=300)
            data.append(dict(type="scatter", x=xs, y=ys, name=extra_names.get(name, name),
                             mode="lines+markers", line=dict(color="#d62728", dash="dash")))
        finite = [m for m in vmetric if np.isfinite(m)]
        if finite:  # a little room around the values; one value alone gets ±0.05
            lo, hi = min(finite), max(finite)
            pad = max(0.1 * (hi - lo), 0.05)
            metric_axis["range"] = [lo - pad, hi + pad]
    fig = quick_figure(data, dict(
        height=height, margin=MARGIN, legend=legend_above(height), uirevision="loss",
        xaxis=dict(title=dict(text=words["run.step"]), range=_step_range(rows["step"])),
        yaxis=dict(title=dict(text=words["run.loss"]),
                   **log_axis(rows["loss"] + val["loss"] + [v for s in extra.values() for v in s["loss"]])),
        yaxis2=metric_axis))
    _mark_explosions(fig, explosion_steps(history), words)
    return fig


def _time_ticks(labels, T, limit=10):
    """Ticks of a time axis: t, with the input u_t under it while there is room for it (fewer
    ticks when the inputs are long words or prices, so they stay level and apart)."""
    widest = max((len(_short(v)) for v in labels), default=1)
    limit = max(4, min(limit, 32 // max(widest, 1)))
    step = max(1, int(np.ceil(T / limit)))
    t = list(range(1, T + 1))[::step]
    text = [f"{i}<br>{_short(labels[i - 1])}" if labels else str(i) for i in t]
    return dict(tickmode="array", tickvals=t, ticktext=text)  # plotly tilts them when they crowd


def _short(value) -> str:
    text = str(value)
    try:
        number = float(text.replace(",", ""))
        return f"{number:.2g}" if abs(number) < 100 else f"{number:,.0f}"  # a price: 2,438, not 2.4e+03
    except ValueError:
        return text if len(text) <= 8 else text[:7] + "…"


def states_figure(ckpt: Checkpoint, words: Mapping[str, str], height: int = 300, title: str = "") -> go.Figure:
    """Heatmap of the probe sample's hidden states x_t: time t on x (the input u_t under it),
    hidden unit on y, in the colour scale every screen uses for x_t."""
    states = np.asarray(ckpt.probe)  # (T,H)
    T, H = states.shape
    labels = list(ckpt.labels) if len(ckpt.labels) == T else []
    t = list(range(1, T + 1))
    hover = np.array([[_short(v) for v in labels] if labels else [""] * T] * H)  # the input at each step
    # Four decimals: more than the hover shows (three) or a colour can; a third of the digits
    # (the bytes every tick sends to every page watching) of a float's seventeen.
    z = states.T.astype(float).round(STATE_DECIMALS)
    heat = dict(type="heatmap", z=z, x=t, y=list(range(1, H + 1)), customdata=hover,
                colorbar=dict(title=dict(text="x_t"), thickness=12), **signed_scale(states),
                hovertemplate=words["run.states_hover"] + "<extra></extra>")
    return quick_figure([heat], dict(
        title=dict(text=title) if title else None, height=height, margin=MARGIN, uirevision="states",
        xaxis=dict(title=dict(text=words["run.t_input"] if labels else words["run.t"]), **_time_ticks(labels, T)),
        yaxis=dict(title=dict(text=words["run.unit"]), autorange="reversed")))


def state_grad_figure(state_grad: ArrayLike, truncate: int, words: Mapping[str, str], height: int = 300,
                      title: str = "") -> go.Figure:
    """‖∂L/∂x_t‖ for every t on a log scale, with the truncation window shaded."""
    g = np.asarray(state_grad, dtype=float)
    T = len(g)
    t = list(range(1, T + 1))
    curve = dict(type="scatter", x=t, y=np.where(g > 0, g, np.nan).tolist(), mode="lines+markers",
                 name="‖∂L/∂x_t‖", line=dict(color="#d62728"), marker=dict(size=4))
    fig = quick_figure([curve], dict(
        title=dict(text=title) if title else None, height=height, margin=MARGIN, uirevision="gx", showlegend=False,
        xaxis=dict(title=dict(text=words["run.t"]), range=[0.5, T + 0.5]),
        yaxis=dict(title=dict(text="‖∂L/∂x_t‖"), **log_axis(g))))
    if truncate and truncate < T:
        # Windows are counted from the end: the last k steps, then the k before them, ...
        for end in range(T, 0, -truncate):
            start = max(end - truncate, 0)
            fig.add_vrect(x0=start + 0.5, x1=end + 0.5, line_width=0,
                          fillcolor="#ff7f0e" if end == T else "#cccccc", opacity=0.18 if end == T else 0.08)
        fig.add_annotation(x=T - truncate / 2 + 0.5, y=1.06, yref="paper", showarrow=False,
                           text=words["run.window"].format(k=truncate))
    return fig


def grad_history_figure(checkpoints: Sequence[Checkpoint], words: Mapping[str, str], height: int = 300,
                        exploded: Sequence[int] = ()) -> go.Figure:
    """log10 ‖∂L/∂x_t‖ over training step × t: how gradient flow changes while learning.
    `checkpoints`: the finite ones; `exploded`: steps that blew up, marked as lines."""
    if not checkpoints:
        return go.Figure()
    T = max(len(c.state_grad) for c in checkpoints)
    z = np.full((len(checkpoints), T), np.nan)
    for i, c in enumerate(checkpoints):
        g = np.asarray(c.state_grad, dtype=float)
        z[i, :len(g)] = np.log10(np.where(g > 0, g, np.nan))
    z = z.round(LOG_DECIMALS)  # the hover shows two
    heat = dict(type="heatmap", z=z, x=list(range(1, T + 1)), y=[c.step for c in checkpoints], colorscale="Viridis",
                colorbar=dict(title=dict(text="log₁₀"), thickness=12),
                hovertemplate=words["run.grad_hover"] + "<extra></extra>")
    fig = quick_figure([heat], dict(
        height=height, margin=MARGIN, uirevision="gh", xaxis=dict(title=dict(text=words["run.t"])),
        yaxis=dict(title=dict(text=words["run.step"]), type="category" if len(checkpoints) < 3 else "linear")))
    for step in list(exploded)[-3:]:
        fig.add_hline(y=step, line_color="#d62728", line_dash="dash", line_width=1,
                      annotation_text=words["run.blew"].format(step=step), annotation_font_color="#d62728")
    return fig


def param_grad_figure(history: History, words: Mapping[str, str], height: int = 300) -> go.Figure:
    """Gradient norm of W_xx, W_xu, b_x, W_yx, b_y over steps; markers where clipping acted."""
    rows = history.rows
    steps, *vals = _thin(rows["step"], *(rows[name] for name in POST_PARAMS))
    data = [dict(type="scatter", x=steps, y=v, name=name, line=dict(color=COLORS[name], width=1.5))
            for name, v in zip(POST_PARAMS, vals)]
    clip_steps = [s for s, c in zip(rows["step"], rows["clipped"]) if c]
    if clip_steps:
        tot = {s: g for s, g in zip(rows["step"], rows["grad_total"])}
        xs, ys = _thin(clip_steps, [tot[s] for s in clip_steps], limit=400)
        data.append(dict(type="scatter", x=xs, y=ys, mode="markers", name=words["run.clipped"],
                         marker=dict(symbol="x", color="black", size=7)))
    fig = quick_figure(data, dict(
        height=height, margin=MARGIN, uirevision="gp", legend=legend_above(height),
        xaxis=dict(title=dict(text=words["run.step"]), range=_step_range(rows["step"])),
        yaxis=dict(title=dict(text=words["run.grad_p"]), **log_axis([v for n in POST_PARAMS for v in rows[n]]))))
    _mark_explosions(fig, explosion_steps(history), words)
    return fig


def rho_figure(history: History, words: Mapping[str, str], height: int = 260) -> go.Figure:
    """Spectral radius of W_xx over steps, with the line ρ = 1. When an explosion throws ρ far
    up, the axis turns logarithmic so the moment ρ crosses 1 stays readable next to it."""
    steps, rho = _thin(history.rows["step"], history.rows["rho"])
    curve = dict(type="scatter", x=steps, y=rho, name=words["run.rho"], line=dict(color="#9467bd"),
                 mode="lines+markers" if len(steps) < 60 else "lines", marker=dict(size=4))
    r = np.asarray(rho, dtype=float)
    r = r[np.isfinite(r) & (r > 0)]
    axis = log_axis(np.append(r, 1.0)) if r.size and r.max() / max(r.min(), 1e-12) > 20 else dict(rangemode="tozero")
    fig = quick_figure([curve], dict(
        height=height, margin=MARGIN, uirevision="rho", showlegend=False,
        xaxis=dict(title=dict(text=words["run.step"]), range=_step_range(history.rows["step"])),
        yaxis=dict(title=dict(text=words["run.rho"]), **axis)))
    fig.add_hline(y=1.0, line_dash="dot", line_color="gray", annotation_text="ρ = 1")
    _mark_explosions(fig, explosion_steps(history), words)
    return fig


def speed_figure(history: History, words: Mapping[str, str], height: int = 260) -> go.Figure:
    """Steps per second and milliseconds per BPTT pass, over steps."""
    steps, secs = _thin(history.rows["step"], history.rows["seconds"])
    ms = (np.asarray(secs, dtype=float) * 1000).tolist()
    data = [dict(type="scatter", x=steps, y=ms, name=words["run.ms"], line=dict(color="#8c564b")),
            dict(type="scatter", x=steps, y=(1000 / np.maximum(ms, 1e-6)).tolist(), name=words["run.steps_s"],
                 line=dict(color="#17becf", dash="dot"), yaxis="y2")]
    return quick_figure(data, dict(
        height=height, margin=MARGIN, uirevision="speed", legend=legend_above(height),
        xaxis=dict(title=dict(text=words["run.step"]), range=_step_range(history.rows["step"])),
        yaxis=dict(title=dict(text=words["run.ms"]), rangemode="tozero"),
        yaxis2=dict(title=dict(text=words["run.steps_s"]), overlaying="y", side="right", showgrid=False,
                    rangemode="tozero")))
