"""Hand-written BPTT against an independent autograd computation (a step-by-step loop over the
cell with retain_grad on each x_t), in float64."""
import pytest
import torch

from core import GRU, LSTM, ElmanRNN, manual_bptt, state_grad_norms
from core.activations import ACTIVATIONS


def autograd_reference(m, u, x0, loss_fn, truncate=0):
    """Loss through the cell, one step at a time, every x_t kept: returns (param grads, dL/dx_t)."""
    T = u.shape[1]
    prev, xs = x0, []
    for t in range(T):
        if truncate and t > 0 and (T - t) % truncate == 0:
            prev = prev.detach()
        prev = m.cell(prev, u[:, t])
        prev.retain_grad()
        xs.append(prev)
    x = torch.stack(xs, 1)
    y = m.readout(x)
    m.zero_grad()
    loss_fn(x, y).backward()
    grads = {k: getattr(m, k).grad.clone() for k in ("W_xx", "W_xu", "b_x", "W_yx", "b_y")}
    return grads, torch.stack([v.grad for v in xs], 1), y


def make(act, seed=0):
    torch.manual_seed(seed)
    m = ElmanRNN(3, 7, 2, activation=act).double()
    with torch.no_grad():
        m.b_x.normal_(0, 0.3)
        m.W_xx.mul_(2.0)  # leave the comfortable regime so the test sees real Jacobians
    u = torch.randn(4, 11, 3, dtype=torch.float64)
    x0 = torch.randn(4, 7, dtype=torch.float64) * 0.5
    return m, u, x0


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_manual_bptt_equals_autograd(act):
    m, u, x0 = make(act)
    target = torch.randn(4, 11, 2, dtype=torch.float64)
    loss_y = lambda x, y: ((y - target) ** 2).sum()  # noqa: E731
    ref, ref_dx, y = autograd_reference(m, u, x0, loss_y)
    got = manual_bptt(m, u, 2 * (y.detach() - target), x0=x0)
    for k in ("W_xx", "W_xu", "b_x", "W_yx", "b_y"):
        assert got[k].shape == ref[k].shape
        assert torch.allclose(got[k], ref[k], atol=1e-8, rtol=0), k
    assert torch.allclose(got["dL_dx"], ref_dx, atol=1e-8, rtol=0)


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_training_engine_gradients_equal_autograd(act):
    """The model's own backward (the hand-written BPTT) for a loss through x and y."""
    m, u, x0 = make(act, seed=3)
    x0 = x0.requires_grad_()
    u = u.requires_grad_()
    target = torch.randn(4, 11, 2, dtype=torch.float64)
    loss_fn = lambda x, y: ((y - target) ** 2).sum() + 0.1 * (x ** 3).sum()  # noqa: E731
    ref, _, _ = autograd_reference(m, u, x0, loss_fn)
    ref_u = torch.autograd.grad(loss_fn(*_stack(m, u, x0)), (u, x0))
    m.zero_grad()
    u.grad = x0.grad = None
    x, y = m(u, x0)
    loss_fn(x, y).backward()
    for k, v in ref.items():
        assert torch.allclose(getattr(m, k).grad, v, atol=1e-8, rtol=0), k
    assert torch.allclose(u.grad, ref_u[0], atol=1e-8) and torch.allclose(x0.grad, ref_u[1], atol=1e-8)


def _stack(m, u, x0):
    prev, xs = x0, []
    for t in range(u.shape[1]):
        prev = m.cell(prev, u[:, t])
        xs.append(prev)
    x = torch.stack(xs, 1)
    return x, m.readout(x)


@pytest.mark.parametrize("act", ["tanh", "relu"])
def test_state_grad_norms_equal_retain_grad(act):
    m, u, x0 = make(act, seed=4)
    target = torch.randn(4, 11, 2, dtype=torch.float64)
    loss_fn = lambda x, y: ((y[:, -1] - target[:, -1]) ** 2).sum() + (y[:, 3] ** 2).sum()  # noqa: E731
    _, ref_dx, _ = autograd_reference(m, u, x0, loss_fn)
    expected = ref_dx.pow(2).sum(dim=(0, 2)).sqrt()
    m.zero_grad(set_to_none=True)
    got = state_grad_norms(m, u, loss_fn, x0=x0)
    assert got.shape == (11,)
    assert torch.allclose(got, expected, atol=1e-10)
    assert m.W_xx.grad is None  # measuring leaves no gradient behind


@pytest.mark.parametrize("cls", [LSTM, GRU])
def test_state_grad_norms_of_gated_cells(cls):
    torch.manual_seed(5)
    m = cls(3, 6, 2).double()
    u = torch.randn(2, 9, 3, dtype=torch.float64)
    loss_fn = lambda x, y: (y[:, -1] ** 2).sum()  # noqa: E731
    got = state_grad_norms(m, u, loss_fn)
    # Oracle: each h_t as its own leaf through torch's nn.LSTM/GRU run one step at a time.
    hs, carry = [], None
    for t in range(9):
        out, carry = m.rnn(u[:, t:t + 1], carry)
        h = carry[0] if isinstance(carry, tuple) else carry
        h.retain_grad()
        hs.append(h)
    loss_fn(None, m.readout(torch.stack([h[0] for h in hs], 1))).backward()
    expected = torch.stack([h.grad[0].norm() for h in hs])
    assert torch.allclose(got, expected, atol=1e-10)


@pytest.mark.parametrize("k", [1, 3, 4])
def test_truncation_stops_gradient_past_the_window(k):
    m, u, x0 = make("tanh", seed=6)
    T = u.shape[1]
    loss_fn = lambda x, y: (y[:, -1] ** 2).sum()  # noqa: E731  many-to-one: loss at the end only
    ref, ref_dx, y = autograd_reference(m, u, x0, loss_fn, truncate=k)
    m.truncate = k
    norms = state_grad_norms(m, u, loss_fn, x0=x0)
    assert torch.all(norms[: T - k] == 0)  # nothing flows past the window
    assert torch.all(norms[T - k:] > 0)
    assert torch.allclose(norms, ref_dx.pow(2).sum(dim=(0, 2)).sqrt(), atol=1e-10)
    got = manual_bptt(m, u, torch.zeros_like(y).index_fill(1, torch.tensor([T - 1]), 1.0) * 2 * y.detach(),
                      x0=x0, truncate=k)
    for name, v in ref.items():
        assert torch.allclose(got[name], v, atol=1e-8), name
