"""The Seq2Seq picture: encoder states x_t over the English words, the context vector c = x_T,
and decoder states x'_s over the Korean words it wrote, side by side on one unit axis.

    translation_figure(tr, words) -> plotly Figure
    tr: core.tasks.translate.Translation (english labels (T,), encoder_states (T,H),
        korean labels (S,), decoder_states (S,H))
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .style import STATE_COLORSCALE

if TYPE_CHECKING:
    from collections.abc import Mapping

    from torch import nn

    from ..tasks.translate import TranslateTask, Translation


def _zmax(*arrays) -> float:
    """One symmetric colour range for all three panels (tanh states live in [-1, 1])."""
    m = max(float(np.abs(a).max()) if a.size else 0.0 for a in arrays)
    return max(m, 1e-6)


def translation_figure(tr: Translation, words: Mapping[str, str]) -> go.Figure:
    """Three aligned heatmaps (rows = hidden units, colour = value of the unit)."""
    enc, dec = np.asarray(tr.encoder_states), np.asarray(tr.decoder_states)
    ctx = enc[-1:].T  # (H,1)
    H = enc.shape[1]
    T, S = len(tr.english), max(len(tr.korean), 1)
    titles = (words["translate.encoder"], words["translate.context"], words["translate.decoder"])
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.03,
                        column_widths=[T, 1.2, S], subplot_titles=titles)
    zmax = _zmax(enc, dec)
    common = dict(zmin=-zmax, zmax=zmax, zmid=0, colorscale=STATE_COLORSCALE, showscale=False)
    units = np.arange(1, H + 1)
    # Numeric x positions with tick labels: repeated words ('·' padding, a repeated token)
    # would be merged into one column if the words themselves were the x values.
    fig.add_heatmap(z=enc.T, x=np.arange(T), y=units, row=1, col=1, name="encoder",
                    hovertemplate=words["translate.state_hover"] + "<extra></extra>",
                    customdata=np.tile(np.array(tr.english, dtype=object), (H, 1)), **common)
    fig.add_heatmap(z=ctx, x=[0], y=units, row=1, col=2, name="context",
                    hovertemplate=words["translate.context_hover"] + "<extra></extra>", **common)
    if len(tr.korean):
        fig.add_heatmap(z=dec.T, x=np.arange(S), y=units, row=1, col=3, name="decoder",
                        hovertemplate=words["translate.state_hover"] + "<extra></extra>",
                        customdata=np.tile(np.array(tr.korean, dtype=object), (H, 1)),
                        colorbar=dict(title="x"), **{**common, "showscale": True})
    fig.update_xaxes(tickvals=list(range(T)), ticktext=list(tr.english), row=1, col=1)
    fig.update_xaxes(tickvals=[0], ticktext=["c"], row=1, col=2)
    fig.update_xaxes(tickvals=list(range(len(tr.korean))), ticktext=list(tr.korean), row=1, col=3)
    fig.update_yaxes(title_text=words["translate.hidden_unit"], row=1, col=1)
    source = " ".join(w for w in tr.english if w != "·")
    fig.update_layout(title=words["translate.title"].format(source=source, sentence=tr.sentence),
                      margin=dict(t=70, b=40, l=60, r=10), height=420)
    return fig


def task_figure(task: TranslateTask, model: nn.Module, words: Mapping[str, str]) -> go.Figure:
    """Chart 6 of the Train screen: the post's sentence translated, with its states."""
    return translation_figure(task.translate(model, task.post_sentence[0]), words)
