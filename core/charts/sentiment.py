"""Figures for the sentiment task (pure: tokens and numbers in, plotly Figure out).

- probability_figure: P(positive) after every token, one line per sentence, each point labelled
  with its token, so a flip at "not" / "않" is visible.
- state_heatmap: the hidden state x_t (H units × T tokens), tokens on the x axis.
Token positions are the x values (tokens repeat: "지 ... 지" must stay two columns).
"""
import numpy as np
import plotly.graph_objects as go

from .style import signed_scale

_MARGIN = dict(t=40, b=40, l=50, r=10)


def _esc(tokens):
    """Plotly reads a little HTML in labels (<b>, <br>); user tokens are shown as plain text."""
    return [str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for t in tokens]


def probability_figure(sentences, lang: str = "en") -> go.Figure:
    """sentences: list of (name, tokens (T strings), p_pos (T,) in [0,1])."""
    ko = lang == "ko"
    fig = go.Figure()
    for name, tokens, p in sentences:
        p, tokens, name = np.asarray(p, dtype=float), _esc(tokens), _esc([name])[0]
        fig.add_scatter(x=list(range(1, len(tokens) + 1)), y=p.tolist(), mode="lines+markers+text", name=name,
                        text=list(tokens), textposition="top center",
                        customdata=list(tokens),
                        hovertemplate="t=%{x} “%{customdata}”  P(positive)=%{y:.2f}<extra></extra>")
    fig.add_hline(y=0.5, line_dash="dot", line_color="gray")  # the boundary; its meaning is in the axis title
    if len(sentences) == 1:  # one sentence: its tokens are the tick labels
        tokens = _esc(sentences[0][1])
        fig.update_xaxes(tickvals=list(range(1, len(tokens) + 1)), ticktext=tokens)
    fig.update_layout(
        title="토큰마다 본 긍정 확률 softmax(y_t)" if ko else "P(positive) after each token, softmax(y_t)",
        xaxis_title="토큰 t" if ko else "token t",
        yaxis_title="P(긍정) · 0.5 위: 긍정" if ko else "P(positive) · above 0.5: positive",
        yaxis_range=[-0.05, 1.1], margin=_MARGIN, legend=dict(orientation="h", y=-0.2),
        showlegend=len(sentences) > 1)
    return fig


def state_heatmap(tokens, states, lang: str = "en") -> go.Figure:
    """tokens: T strings; states: (T,H) hidden states x_t. Heatmap with units on y, tokens on x."""
    ko = lang == "ko"
    z, tokens = np.asarray(states, dtype=float).T, _esc(tokens)  # (H,T)
    T = z.shape[1]
    fig = go.Figure(go.Heatmap(
        z=z.tolist(), x=list(range(1, T + 1)), y=list(range(1, z.shape[0] + 1)), **signed_scale(z),
        customdata=np.tile(np.array(list(tokens), dtype=object), (z.shape[0], 1)),
        hovertemplate="t=%{x} “%{customdata}”  unit %{y}: %{z:.3f}<extra></extra>",
        colorbar=dict(title="x_t")))
    fig.update_xaxes(tickvals=list(range(1, T + 1)), ticktext=list(tokens),
                     title="토큰 (입력 u_t)" if ko else "token (input u_t)")
    fig.update_yaxes(title="은닉 상태 x_t의 성분" if ko else "unit of the hidden state x_t", autorange="reversed")
    fig.update_layout(title="토큰마다 은닉 상태 x_t" if ko else "Hidden state x_t after each token",
                      margin=_MARGIN)
    return fig
