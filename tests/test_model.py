"""The cells against torch's own implementations (the oracle), with copied weights."""
import pytest
import torch
from torch import nn

from core import GRU, LSTM, ElmanRNN


def copy_into_torch_rnn(model: ElmanRNN) -> nn.RNN:
    ref = nn.RNN(model.input_size, model.hidden_size, batch_first=True, nonlinearity="tanh")
    with torch.no_grad():
        ref.weight_hh_l0.copy_(model.W_xx)
        ref.weight_ih_l0.copy_(model.W_xu)
        ref.bias_ih_l0.copy_(model.b_x)  # b_x = b_ih + b_hh
        ref.bias_hh_l0.zero_()
    return ref


def test_parameters_are_named_and_shaped_as_the_post():
    m = ElmanRNN(input_size=3, hidden_size=5, output_size=2)
    shapes = {name: tuple(p.shape) for name, p in m.named_parameters()}
    assert shapes == {"W_xx": (5, 5), "W_xu": (5, 3), "b_x": (5,),
                      "readout.W_yx": (2, 5), "readout.b_y": (2,)}
    assert m.W_yx.shape == (2, 5) and m.b_y.shape == (2,)


def test_elman_states_equal_torch_rnn():
    torch.manual_seed(0)
    m = ElmanRNN(4, 16, 3)
    with torch.no_grad():
        m.b_x.normal_()
    ref = copy_into_torch_rnn(m)
    u, x0 = torch.randn(5, 30, 4), torch.randn(5, 16)
    x, y = m(u, x0)
    x_ref, h_T = ref(u, x0.unsqueeze(0))
    assert x.shape == (5, 30, 16) and y.shape == (5, 30, 3)
    assert torch.allclose(x, x_ref, atol=1e-6)
    assert torch.allclose(y, x_ref @ m.W_yx.t() + m.b_y, atol=1e-6)


def test_cell_is_one_step_of_the_unroll():
    torch.manual_seed(1)
    for act in ("tanh", "sigmoid", "relu", "identity"):
        m = ElmanRNN(2, 6, 1, activation=act)
        u = torch.randn(3, 8, 2)
        x, _ = m(u)
        prev = torch.zeros(3, 6)
        for t in range(8):
            prev = m.cell(prev, u[:, t])
            assert torch.allclose(x[:, t], prev, atol=1e-6)


@pytest.mark.parametrize("cls,ref_cls", [(LSTM, nn.LSTM), (GRU, nn.GRU)])
@pytest.mark.parametrize("stepwise", [False, True])
def test_gated_wrappers_match_torch(cls, ref_cls, stepwise):
    torch.manual_seed(2)
    m = cls(3, 8, 2)
    ref = ref_cls(3, 8, batch_first=True)
    ref.load_state_dict(m.rnn.state_dict())
    if stepwise:
        m.truncate = 100  # forces the step-by-step unroll (window longer than T: same values)
    u, x0 = torch.randn(4, 12, 3), torch.randn(4, 8)
    x, y = m(u, x0)
    hidden = (x0.unsqueeze(0), torch.zeros(1, 4, 8)) if cls is LSTM else x0.unsqueeze(0)
    x_ref, _ = ref(u, hidden)
    assert torch.allclose(x, x_ref, atol=1e-6)
    assert torch.allclose(y, x_ref @ m.W_yx.t() + m.b_y, atol=1e-6)


def test_unknown_names_are_sentences():
    with pytest.raises(ValueError, match="activation"):
        ElmanRNN(1, 2, 1, activation="softsign")
    from core import make_rnn
    with pytest.raises(ValueError, match="cell"):
        make_rnn("transformer", 1, 2, 1)


def test_lstm_forget_gate_starts_open():
    m = LSTM(3, 5, 1)
    b = m.rnn.bias_ih_l0 + m.rnn.bias_hh_l0  # gate order i, f, g, o
    assert torch.all(b[5:10] == 1.0)
