"""Truncated BPTT for every cell, with x_0 requiring a gradient, against an independent oracle:
each cell's equations written out here in plain torch ops, run one step at a time, and
truncation done the autograd way (detach x_{t-1} where a window starts, windows counted from
the end, never before the first step). The model under test uses the hand-written BPTT
(Elman) or torch's cell kernels (LSTM, GRU)."""
import pytest
import torch

from core import GRU, LSTM, ElmanRNN
from core.activations import ACTIVATIONS

T = 6
SIGMA = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda a: a}


def elman_step(m):
    f = SIGMA[m.activation]
    return lambda x, c, u: (f(x @ m.W_xx.t() + u @ m.W_xu.t() + m.b_x), c)


def lstm_step(m):
    w_ih, w_hh, b_ih, b_hh = m._weights()

    def step(h, c, u):
        i, f, g, o = (u @ w_ih.t() + b_ih + h @ w_hh.t() + b_hh).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c
    return step


def gru_step(m):
    w_ih, w_hh, b_ih, b_hh = m._weights()

    def step(h, c, u):
        ir, iz, in_ = (u @ w_ih.t() + b_ih).chunk(3, dim=1)
        hr, hz, hn = (h @ w_hh.t() + b_hh).chunk(3, dim=1)
        r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
        n = torch.tanh(in_ + r * hn)
        return (1 - z) * n + z * h, c  # no cell state: c passes through
    return step


def oracle(m, step, u, x0, k, loss_fn):
    """Gradients of loss_fn(y) w.r.t. x_0, u and the parameters by autograd on the written-out
    cell, with x_{t-1} detached at the start of every truncation window except t = 0."""
    x0, u = x0.detach().requires_grad_(), u.detach().requires_grad_()
    x, c, xs = x0, torch.zeros_like(x0), []
    for t in range(T):
        if k and t > 0 and (T - t) % k == 0:
            x, c = x.detach(), c.detach()
        x, c = step(x, c, u[:, t])
        xs.append(x)
    params = list(m.parameters())
    loss = loss_fn(m.readout(torch.stack(xs, 1)))
    return torch.autograd.grad(loss, [x0, u] + params)


def model_grads(m, u, x0, k, loss_fn):
    x0, u = x0.detach().requires_grad_(), u.detach().requires_grad_()
    m.truncate = k
    _, y = m(u, x0)
    return torch.autograd.grad(loss_fn(y), [x0, u] + list(m.parameters()))


CELLS = [(ElmanRNN, a, elman_step) for a in ACTIVATIONS] + [(LSTM, "tanh", lstm_step),
                                                            (GRU, "tanh", gru_step)]


@pytest.mark.parametrize("cls,act,step", CELLS, ids=[f"{c.__name__}-{a}" for c, a, _ in CELLS])
@pytest.mark.parametrize("k", [0, 1, 2, 3, 4, 5, 6, 9])  # full, divides T, does not, k = T, k > T
def test_truncated_gradients_with_x0_equal_the_oracle(cls, act, step, k):
    torch.manual_seed(11)
    m = cls(2, 3, 2, activation=act).double()
    if cls is ElmanRNN:
        with torch.no_grad():
            m.b_x.normal_(0, 0.3)  # relu: keep units alive; every σ: a non-trivial Jacobian
    u = torch.randn(4, T, 2, dtype=torch.float64)
    x0 = torch.randn(4, 3, dtype=torch.float64) * 0.5
    target = torch.randn(4, T, 2, dtype=torch.float64)
    loss_fn = lambda y: ((y - target) ** 2).sum() + (y[:, -1] ** 3).sum()  # noqa: E731
    got = model_grads(m, u, x0, k, loss_fn)
    want = oracle(m, step(m), u, x0, k, loss_fn)
    for name, a, b in zip(["x0", "u"] + [n for n, _ in m.named_parameters()], got, want):
        assert torch.allclose(a, b, atol=1e-10, rtol=0), name
    if k == 0 or k >= T:
        full = oracle(m, step(m), u, x0, 0, loss_fn)  # k ≥ T is full BPTT, x_0 included
        assert all(torch.allclose(a, b, atol=1e-10, rtol=0) for a, b in zip(got, full))
    assert got[0].norm() > 0  # the first window always reaches x_0


@pytest.mark.parametrize("k", [0, 6])
def test_minimal_case_k_equal_T_is_full_bptt(k):
    """ElmanRNN(I=2, H=3), T = 6, loss on y_T: ∂L/∂x_0 is the same with k = 0 and k = T."""
    torch.manual_seed(0)
    m = ElmanRNN(2, 3, 1).double()
    u = torch.randn(1, T, 2, dtype=torch.float64)
    x0 = torch.randn(1, 3, dtype=torch.float64)
    loss_fn = lambda y: y[:, -1].sum()  # noqa: E731
    got = model_grads(m, u, x0, k, loss_fn)[0]
    want = oracle(m, elman_step(m), u, x0, 0, loss_fn)[0]
    assert got.norm() > 0 and torch.allclose(got, want, atol=1e-12, rtol=0)


def _encoder_grad(task, cell, k):
    """‖∂L/∂(encoder weights)‖ for one batch of the task with truncation window k."""
    torch.manual_seed(0)
    model = task.build_model(cell, 16, "tanh")
    for layer in model.modules():
        if hasattr(layer, "truncate"):
            layer.truncate = k
    batch = task.sample_batch(8, torch.Generator().manual_seed(0))
    loss, _ = task.loss(model, batch)
    encoder = (model.encoder.weight if task.name == "caption" else model.encoder.W_xu if cell == "elman"
               else model.encoder.B_re if cell == "lru" else model.encoder.rnn.weight_ih_l0)
    return torch.autograd.grad(loss, encoder)[0]


@pytest.mark.parametrize("cell", ["elman", "lstm", "gru", "lru"])
def test_truncation_keeps_the_encoder_learning(cell):
    """Caption (the image enters through x_0) and translate (the context is the decoder's x_0):
    the encoder gets a gradient under every window, and the one of full BPTT when k ≥ T."""
    from core.tasks import make_task
    for task in (make_task("caption"), make_task("translate")):
        T = task.out_len if task.name == "translate" else task.seq_len  # the decoder's length
        full = _encoder_grad(task, cell, 0)
        for k in (1, 3, T, T + 1):
            g = _encoder_grad(task, cell, k)
            assert g.norm() > 1e-6 * full.norm() > 0, (task.name, k)
            if k >= T:
                assert torch.allclose(g, full, atol=1e-7), (task.name, k)
