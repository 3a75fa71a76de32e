"""The LRU's hand-written BPTT against an independent autograd loop in complex arithmetic
(float64), its parametrisation and initialisation against the paper's formulas, the scan
against the loop."""
import math

import pytest
import torch

from core import state_grad_norms
from core.lru import LRU, _loop, scan
from core.model import make_rnn


def make(H, seed=0):
    torch.manual_seed(seed)
    m = LRU(3, H, 2).double()
    u = torch.randn(4, 13, 3, dtype=torch.float64)
    x0 = torch.randn(4, H, dtype=torch.float64) * 0.5
    return m, u, x0


def reference(m, u, x0, loss_fn, truncate=0):
    """The loss through LRU.cell one step at a time (plain complex torch ops), each x_t kept."""
    T = u.shape[1]
    prev, xs = x0, []
    for t in range(T):
        if truncate and t > 0 and (T - t) % truncate == 0:
            prev = prev.detach()
        prev = m.cell(prev, u[:, t])
        prev.retain_grad()
        xs.append(prev)
    x = torch.stack(xs, 1)
    return loss_fn(x, m.output(x, u)), xs


@pytest.mark.parametrize("H", [6, 7])
@pytest.mark.parametrize("truncate", [0, 1, 4, 13, 14])  # full, every step, does not divide T, k = T, k > T
@pytest.mark.parametrize("parallel", [True, False])
def test_hand_written_bptt_equals_autograd(H, truncate, parallel):
    m, u, x0 = make(H, seed=H + truncate)
    m.truncate, m.parallel = truncate, parallel
    target = torch.randn(4, 13, 2, dtype=torch.float64)
    loss_fn = lambda x, y: ((y - target) ** 2).sum() + 0.1 * (x ** 3).sum()  # noqa: E731
    u1, x01 = u.clone().requires_grad_(), x0.clone().requires_grad_()
    loss, xs = reference(m, u1, x01, loss_fn, truncate)
    names = [n for n, _ in m.named_parameters()]
    ref = torch.autograd.grad(loss, [p for _, p in m.named_parameters()] + [u1, x01] + xs, allow_unused=True)
    u2, x02 = u.clone().requires_grad_(), x0.clone().requires_grad_()
    from core.bptt import StateGradTap
    tap = StateGradTap()
    with tap.attached(m):
        x, y = m(u2, x02)
        got = torch.autograd.grad(loss_fn(x, y), [p for _, p in m.named_parameters()] + [u2, x02])
    for name, a, b in zip(names + ["u", "x0"], got, ref):
        b = torch.zeros_like(a) if b is None else b
        assert torch.allclose(a, b, atol=1e-9, rtol=0), name
    ref_dx = torch.stack([torch.zeros(4, H, dtype=torch.float64) if g is None else g for g in ref[len(names) + 2:]], 1)
    assert torch.allclose(tap.slots[0], ref_dx, atol=1e-9)


def test_ring_initialisation_and_normalisation():
    torch.manual_seed(0)
    m = LRU(2, 400, 1, r_min=0.4, r_max=0.9, max_phase=math.pi / 10)
    lam = m.eigenvalues().detach()
    r = lam.abs()
    assert r.min() >= 0.4 - 1e-6 and r.max() <= 0.9 + 1e-6
    # |λ|² uniform on [r_min², r_max²]: its mean is the midpoint (200 draws: ±4 standard errors)
    se = (0.81 - 0.16) / math.sqrt(12 * 200)
    assert abs(float((r ** 2).mean()) - (0.16 + 0.81) / 2) < 4 * se
    assert lam.angle().min() >= 0 and lam.angle().max() <= math.pi / 10 + 1e-6
    assert torch.allclose(torch.exp(m.gamma_log).detach(), torch.sqrt(1 - r ** 2), atol=1e-6)


def test_eigenvalues_stay_inside_the_unit_circle_for_any_nu():
    m = LRU(1, 8, 1).double()
    with torch.no_grad():
        m.nu_log.copy_(torch.linspace(-30, 5, 4))  # |λ| = exp(−exp(ν)) from 1 − 1e-13 down to 0
    assert torch.all(m.eigenvalues().abs() < 1)


@pytest.mark.parametrize("H", [5, 8])
def test_recurrent_matrix_has_the_eigenvalues_of_lambda(H):
    m, _, _ = make(H)
    lam = m.eigenvalues().detach()
    want = torch.cat([lam, lam.conj()[: H - m.modes]])
    got = torch.linalg.eigvals(m.recurrent_matrix().detach())
    key = lambda z: sorted(zip(z.real.tolist(), z.imag.tolist()))  # noqa: E731
    assert torch.allclose(torch.tensor(key(got)), torch.tensor(key(want)), atol=1e-9)


def test_scan_equals_loop_both_ways():
    torch.manual_seed(1)
    b = torch.randn(37, 3, 5, dtype=torch.complex128)
    lam = torch.polar(torch.rand(5, dtype=torch.float64), torch.rand(5, dtype=torch.float64))
    s0 = torch.randn(3, 5, dtype=torch.complex128)
    assert torch.allclose(scan(b, lam, s0), _loop(b, lam, s0))
    assert torch.allclose(scan(b, lam, reverse=True), _loop(b, lam, None, reverse=True))


def test_state_gradient_decays_like_abs_lambda():
    """One mode, loss on the last step only: ‖∂L/∂x_t‖ = ‖∂L/∂x_T‖ · |λ|^(T−t) exactly."""
    m = make_rnn("lru", 1, 1, 1).double()  # H = 1: a single real mode
    with torch.no_grad():
        m.nu_log.fill_(math.log(-math.log(0.97)))  # |λ| = 0.97
    u = torch.randn(2, 40, 1, dtype=torch.float64)
    norms = state_grad_norms(m, u, lambda x, y: y[:, -1].sum())
    lag = torch.arange(39, -1, -1, dtype=torch.float64)
    assert torch.allclose(norms, norms[-1] * 0.97 ** lag, rtol=1e-9)


def test_trainer_saved_run_and_cli_take_the_lru(tmp_path):
    from core import RunConfig, Trainer
    from core.cli import main
    from core.runs import load_run, save_run
    cfg = RunConfig(task="recall", cell="lru", hidden_size=9, seq_len=30, seed=2)
    tr = Trainer(cfg)
    tr.train(4)
    save_run(tmp_path / "run.pt", tr)
    back, _ = load_run(str(tmp_path / "run.pt"))
    assert back.cfg.cell == "lru"
    assert [r.loss for r in tr.train(2)] == [r.loss for r in back.train(2)]
    rec = back.train(1)[0]
    # ρ is the largest |λ| of Λ, read off the real H×H form of the recurrence.
    assert rec.rho == pytest.approx(float(back.model.eigenvalues().detach().abs().max()), abs=1e-6)
    assert main(["train", "--task", "recall", "--cell", "lru", "--seq-len", "30", "--steps", "2",
                 "--out", str(tmp_path / "cli.pt"), "--quiet"]) == 0
    assert load_run(str(tmp_path / "cli.pt"))[0].cfg.cell == "lru"
