"""Weight sharing: closed-form parameter counts against torch modules, the convolution against
torch's conv1d, and the figures' data."""
import numpy as np
import pytest
import torch
from torch import nn

from core import ElmanRNN
from core.charts import sharing as C
from core.concepts import sharing as S
from ui.words import EN


def numel(m):
    return sum(p.numel() for p in m.parameters())


@pytest.mark.parametrize("I,H,O", [(1, 1, 1), (8, 32, 8), (3, 5, 2)])
def test_rnn_count_is_elman_numel_for_any_T(I, H, O):
    assert S.rnn_count(I, H, O) == numel(ElmanRNN(I, H, O))
    tbl = S.count_table(I, H, O, 3, [1, 10, 100])
    assert len(set(tbl["rnn"])) == 1 and len(set(tbl["conv"])) == 1


@pytest.mark.parametrize("c_in,c_out,k", [(1, 1, 2), (8, 32, 3), (4, 6, 5)])
def test_conv_count_is_conv1d_numel(c_in, c_out, k):
    assert S.conv_count(c_in, c_out, k) == numel(nn.Conv1d(c_in, c_out, k))


@pytest.mark.parametrize("I,H,O,T", [(1, 1, 1, 1), (3, 5, 2, 7), (8, 16, 4, 20)])
def test_unshared_count_is_a_stack_of_linears(I, H, O, T):
    # an unshared network: step t has its own [W_xx | W_xu], b_x (one Linear on [x_{t-1}; u_t])
    # and its own W_yx, b_y (one Linear on x_t)
    stack = nn.ModuleList(nn.ModuleList([nn.Linear(H + I, H), nn.Linear(H, O)]) for _ in range(T))
    assert S.unshared_count(I, H, O, T) == numel(stack)
    tbl = S.count_table(I, H, O, 3, [1, 2, 3, 10])
    assert tbl["unshared"] == [T_ * S.rnn_count(I, H, O) for T_ in [1, 2, 3, 10]]


def test_conv1d_matches_torch():
    s, w = S.demo_signal(10), np.array([0.25, 0.5, 0.25])
    bias = torch.tensor([0.3], dtype=torch.float64)
    ref = torch.nn.functional.conv1d(torch.tensor(s)[None, None], torch.tensor(w)[None, None], bias)
    assert S.conv1d(s, w, 0.3) == pytest.approx(ref[0, 0].numpy())
    with pytest.raises(ValueError):
        S.conv1d([1, 2], [1, 2, 3])
    assert list(S.window(10, 3, 4)) == [4, 5, 6]
    with pytest.raises(ValueError):
        S.window(10, 3, 8)


def test_unrolled_figure_highlights_every_step():
    fig = C.unrolled_figure(4, "W_xu", EN)
    lines = [d for d in fig.data if d.mode == "lines"]
    hl = [d for d in lines if d.line.color == C.COLORS["W_xu"]]
    assert len(hl) == 1 and hl[0].name == "W_xu"
    assert sum(x is None for x in hl[0].x) == 4  # one edge u_t -> x_t for each of the 4 steps
    labels = [d for d in fig.data if d.mode == "text"]
    assert list(labels[0].text) == ["W<sub>xu</sub>"] * 4
    nodes = fig.data[-1].text
    assert "x<sub>0</sub>" in nodes and "y<sub>4</sub>" in nodes and len(nodes) == 1 + 3 * 4
    with pytest.raises(ValueError):
        C.unrolled_figure(3, "b_x", EN)


def test_conv_figure_marks_the_window_and_output():
    s, w = S.demo_signal(10), np.array([0.2, 0.6, 0.2])
    fig = C.conv_figure(s, w, 5, EN)
    inputs, outputs = fig.data[-2], fig.data[-1]
    assert [i for i, c in enumerate(inputs.marker.color) if c == "seagreen"] == [5, 6, 7]
    assert [i for i, c in enumerate(outputs.marker.color) if c == "seagreen"] == [5]
    assert float(outputs.text[5]) == pytest.approx(s[5:8] @ w, abs=0.006)


def test_counts_figure_is_log_and_carries_the_table():
    tbl = S.count_table(2, 4, 1, 3, range(1, 11))
    fig = C.counts_figure(tbl, EN)
    assert fig.layout.yaxis.type == "log"
    assert list(fig.data[2].y) == tbl["unshared"] and list(fig.data[0].y) == [S.rnn_count(2, 4, 1)] * 10
