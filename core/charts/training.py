"""Figures of a training run: pure functions of a History / Checkpoint, in English or Korean."""
import numpy as np
import plotly.graph_objects as go

from ..train import POST_PARAMS

WORDS = {
    "loss": ("loss", "손실"), "train": ("train", "학습"), "val": ("validation", "검증"),
    "step": ("training step", "학습 스텝"), "t": ("time step t", "시간 스텝 t"),
    "unit": ("hidden unit", "은닉 유닛"), "grad_x": ("‖∂L/∂x_t‖", "‖∂L/∂x_t‖"),
    "window": ("truncation window", "절단 구간"), "clipped": ("clipping acted", "클리핑 적용"),
    "rho": ("spectral radius ρ(W_xx)", "스펙트럼 반경 ρ(W_xx)"), "one": ("ρ = 1", "ρ = 1"),
    "steps_s": ("steps per second", "초당 스텝"), "ms": ("ms per BPTT pass", "BPTT 1회 ms"),
    "grad_p": ("‖∂L/∂θ‖ per parameter", "파라미터별 ‖∂L/∂θ‖"),
}
MARGIN = dict(t=36, b=40, l=56, r=16)
COLORS = {"W_xx": "#d62728", "W_xu": "#1f77b4", "b_x": "#9467bd", "W_yx": "#2ca02c", "b_y": "#8c564b",
          "other": "#7f7f7f"}


def w(key, lang):
    return WORDS[key][1] if lang == "ko" else WORDS[key][0]


def _thin(xs, *ys, limit=600):
    """At most `limit` points per curve: a browser redraws every point of every curve on every
    refresh, and the page sends each figure in full twice a second."""
    if len(xs) > limit:
        idx = np.linspace(0, len(xs) - 1, limit).round().astype(int)
        return ([xs[i] for i in idx], *[[y[i] for i in idx] for y in ys])
    return (list(xs), *[list(y) for y in ys])


def loss_figure(history, metric_name: str, lang="en", height=300):
    """Training and validation loss (log scale) and the task's metric, over steps."""
    rows, val = history.rows, history.val
    steps, loss = _thin(rows["step"], rows["loss"])
    # Plain go.Figure with a second y axis: make_subplots costs several times more per redraw.
    fig = go.Figure()
    fig.add_scatter(x=steps, y=loss, name=f"{w('loss', lang)} ({w('train', lang)})", line=dict(color="#1f77b4"))
    if val["step"]:
        vsteps, vloss, vmetric = _thin(val["step"], val["loss"], val["metric"], limit=300)
        fig.add_scatter(x=vsteps, y=vloss, name=f"{w('loss', lang)} ({w('val', lang)})",
                        mode="lines+markers", line=dict(color="#ff7f0e"))
        fig.add_scatter(x=vsteps, y=vmetric, name=f"{metric_name} ({w('val', lang)})",
                        mode="lines", line=dict(color="#2ca02c", dash="dot"), yaxis="y2")
    fig.update_layout(height=height, margin=MARGIN, legend=dict(orientation="h", y=1.12), uirevision="loss",
                      xaxis=dict(title=w("step", lang)), yaxis=dict(title=w("loss", lang), type="log"),
                      yaxis2=dict(title=metric_name, overlaying="y", side="right", showgrid=False,
                                  type="linear"))
    return fig


def states_figure(ckpt, lang="en", height=300, title=""):
    """Heatmap of the probe sample's hidden states x_t: time on x, hidden unit on y."""
    states = np.asarray(ckpt.probe)  # (T,H)
    T, H = states.shape
    labels = [str(v) for v in ckpt.labels] if len(ckpt.labels) == T else [""] * T
    t = list(range(1, T + 1))
    hover = np.array([labels] * H)  # the input at each step, shown on hover
    fig = go.Figure(go.Heatmap(z=states.T, x=t, y=list(range(1, H + 1)), colorscale="RdBu", zmid=0,
                               zmin=-1 if states.min() >= -1 else None, zmax=1 if states.max() <= 1 else None,
                               customdata=hover, colorbar=dict(title="x_t", thickness=12),
                               hovertemplate="t=%{x} (u: %{customdata})<br>unit %{y}<br>x=%{z:.3f}<extra></extra>"))
    # Label the time axis with the inputs themselves (tokens or values) while they stay readable.
    step = max(1, int(np.ceil(T / 24)))
    ticks = dict(tickmode="array", tickvals=t[::step],
                 ticktext=[f"{lab}" if lab else str(i) for i, lab in zip(t[::step], labels[::step])])
    fig.update_layout(title=title or None, height=height, margin=MARGIN, uirevision="states",
                      xaxis=dict(title=f"{w('t', lang)} · u_t", tickangle=-60 if T > 8 else 0, **ticks),
                      yaxis=dict(title=w("unit", lang), autorange="reversed"))
    return fig


def state_grad_figure(state_grad, truncate=0, lang="en", height=300, title=""):
    """‖∂L/∂x_t‖ for every t on a log scale, with the truncation window shaded."""
    g = np.asarray(state_grad, dtype=float)
    T = len(g)
    t = list(range(1, T + 1))
    fig = go.Figure(go.Scatter(x=t, y=np.where(g > 0, g, np.nan).tolist(), mode="lines+markers", name=w("grad_x", lang),
                               line=dict(color="#d62728"), marker=dict(size=4)))
    if truncate and truncate < T:
        # Windows are counted from the end: the last k steps, then the k before them, ...
        for end in range(T, 0, -truncate):
            start = max(end - truncate, 0)
            fig.add_vrect(x0=start + 0.5, x1=end + 0.5, line_width=0,
                          fillcolor="#ff7f0e" if end == T else "#cccccc", opacity=0.18 if end == T else 0.08)
        fig.add_annotation(x=T - truncate / 2 + 0.5, y=1.06, yref="paper", showarrow=False,
                           text=f"{w('window', lang)} k={truncate}")
    fig.update_layout(title=title or None, height=height, margin=MARGIN, uirevision="gx", showlegend=False,
                      xaxis=dict(title=w("t", lang), range=[0.5, T + 0.5]),
                      yaxis=dict(title=w("grad_x", lang), type="log", exponentformat="power"))
    return fig


def grad_history_figure(checkpoints, lang="en", height=300):
    """log10 ‖∂L/∂x_t‖ over training step × t: how gradient flow changes while learning."""
    if not checkpoints:
        return go.Figure()
    T = max(len(c.state_grad) for c in checkpoints)
    z = np.full((len(checkpoints), T), np.nan)
    for i, c in enumerate(checkpoints):
        g = np.asarray(c.state_grad, dtype=float)
        z[i, :len(g)] = np.log10(np.where(g > 0, g, np.nan))
    fig = go.Figure(go.Heatmap(z=z, x=list(range(1, T + 1)), y=[c.step for c in checkpoints], colorscale="Viridis",
                               colorbar=dict(title="log₁₀", thickness=12),
                               hovertemplate="t=%{x}<br>step %{y}<br>log10=%{z:.2f}<extra></extra>"))
    fig.update_layout(height=height, margin=MARGIN, uirevision="gh",
                      xaxis=dict(title=w("t", lang)), yaxis=dict(title=w("step", lang), type="category" if
                                                                    len(checkpoints) < 3 else "linear"))
    return fig


def param_grad_figure(history, lang="en", height=300):
    """Gradient norm of W_xx, W_xu, b_x, W_yx, b_y over steps; markers where clipping acted."""
    rows = history.rows
    fig = go.Figure()
    steps, *vals = _thin(rows["step"], *(rows[name] for name in POST_PARAMS))
    for name, v in zip(POST_PARAMS, vals):
        fig.add_scatter(x=steps, y=v, name=name, line=dict(color=COLORS[name], width=1.5))
    clip_steps = [s for s, c in zip(rows["step"], rows["clipped"]) if c]
    if clip_steps:
        tot = {s: g for s, g in zip(rows["step"], rows["grad_total"])}
        xs, ys = _thin(clip_steps, [tot[s] for s in clip_steps], limit=400)
        fig.add_scatter(x=xs, y=ys, mode="markers", name=w("clipped", lang),
                        marker=dict(symbol="x", color="black", size=7))
    fig.update_layout(height=height, margin=MARGIN, uirevision="gp", legend=dict(orientation="h", y=1.14),
                      xaxis=dict(title=w("step", lang)), yaxis=dict(title=w("grad_p", lang), type="log"))
    return fig


def rho_figure(history, lang="en", height=260):
    """Spectral radius of W_xx over steps, with the line ρ = 1."""
    steps, rho = _thin(history.rows["step"], history.rows["rho"])
    fig = go.Figure(go.Scatter(x=steps, y=rho, name=w("rho", lang), line=dict(color="#9467bd")))
    fig.add_hline(y=1.0, line_dash="dot", line_color="gray", annotation_text=w("one", lang))
    fig.update_layout(height=height, margin=MARGIN, uirevision="rho", showlegend=False,
                      xaxis=dict(title=w("step", lang)), yaxis=dict(title=w("rho", lang)))
    return fig


def speed_figure(history, lang="en", height=260):
    """Steps per second and milliseconds per BPTT pass, over steps."""
    steps, secs = _thin(history.rows["step"], history.rows["seconds"])
    ms = (np.asarray(secs, dtype=float) * 1000).tolist()
    fig = go.Figure()
    fig.add_scatter(x=steps, y=ms, name=w("ms", lang), line=dict(color="#8c564b"))
    fig.add_scatter(x=steps, y=(1000 / np.maximum(ms, 1e-6)).tolist(), name=w("steps_s", lang),
                    line=dict(color="#17becf", dash="dot"), yaxis="y2")
    fig.update_layout(height=height, margin=MARGIN, uirevision="speed", legend=dict(orientation="h", y=1.16),
                      xaxis=dict(title=w("step", lang)),
                      yaxis=dict(title=w("ms", lang), rangemode="tozero"),
                      yaxis2=dict(title=w("steps_s", lang), overlaying="y", side="right", showgrid=False,
                                  rangemode="tozero"))
    return fig
