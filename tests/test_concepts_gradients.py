"""The BPTT gradient lab's closed forms against torch autograd and against the maths."""
import math

import numpy as np
import pytest
import torch

from core import activations
from core.concepts import gradients as G


@pytest.mark.parametrize("activation", activations.ACTIVATIONS)
def test_bound_holds_on_random_matrices(activation):
    rng = np.random.default_rng(0)
    for seed in range(12):
        scale = float(rng.uniform(0.2, 3.0))
        H = int(rng.choice([1, 3, 8, 20]))
        lab = G.make_lab(scale, activation, H, 40, seed)
        p = G.gradient_profile(lab)
        assert p.norms[-1] > 0
        # ‖∂L/∂x_t‖ ≤ ‖∂L/∂x_T‖ (‖W_xx‖₂ max|σ'|)^(T−t), up to rounding.
        assert np.all(p.norms <= p.bound * (1 + 1e-9) + 1e-300), (activation, scale, H, seed)


def test_bound_is_exact_for_one_linear_unit():
    # H = 1, σ = identity: ∂L/∂x_t = w^(T−t) ∂L/∂x_T, so the bound and the rate are the curve.
    lab = G.make_lab(0.8, "identity", 1, 30, seed=3)
    p = G.gradient_profile(lab)
    np.testing.assert_allclose(p.norms, p.bound, rtol=1e-12)
    np.testing.assert_allclose(p.norms, p.rate, rtol=1e-12)


@pytest.mark.parametrize("scale,seed", [(0.9, 0), (1.1, 1), (0.7, 2)])
def test_identity_log_slope_converges_to_log_rho(scale, seed):
    lab = G.make_lab(scale, "identity", 8, 200, seed)
    p = G.gradient_profile(lab)
    logs = np.log(p.norms)  # index i is t = i+1, lag T−t = 199−i
    slope = (logs[0] - logs[99]) / 99  # per step of lag, over lags 100..199
    assert abs(slope - math.log(lab.rho)) < 0.03
    # Converging: the slope over the far lags is closer to log ρ than over the first few.
    early = (logs[-6] - logs[-1]) / 5
    assert abs(slope - math.log(lab.rho)) < abs(early - math.log(lab.rho)) + 1e-3


@pytest.mark.parametrize("activation", activations.ACTIVATIONS)
def test_jacobian_products_match_autograd(activation):
    lab = G.make_lab(1.3, activation, 4, 7, seed=5)
    m, u = lab.model, lab.u
    J = G.jacobians(lab)
    with torch.no_grad():
        x, _ = m(u)
    for t, t2 in [(1, 2), (2, 5), (1, 7), (3, 3)]:  # 1-based, t ≤ t'
        def run(x_t, t=t, t2=t2):
            for s in range(t, t2):  # steps t+1..t' (0-based index s)
                x_t = m.cell(x_t.unsqueeze(0), u[:, s])[0]
            return x_t
        oracle = torch.autograd.functional.jacobian(run, x[0, t - 1])  # (H,H)
        closed = torch.eye(4, dtype=torch.float64)
        for s in range(t, t2):
            closed = J[s] @ closed
        np.testing.assert_allclose(closed.numpy(), oracle.numpy(), atol=1e-12)
    times, N = G.jacobian_norms(lab)
    oracle = torch.autograd.functional.jacobian(
        lambda x1: m.cell(m.cell(m.cell(x1.unsqueeze(0), u[:, 2]), u[:, 3]), u[:, 4])[0], x[0, 1])
    assert N[4, 1] == pytest.approx(float(torch.linalg.matrix_norm(oracle, ord=2)), rel=1e-10)
    assert np.isnan(N[1, 4]) and N[3, 3] == 1.0


def test_jacobian_norms_on_a_coarse_grid_keep_their_times():
    lab = G.make_lab(1.0, "tanh", 4, 30, seed=0)
    times, N = G.jacobian_norms(lab, max_cells=10)
    _, full = G.jacobian_norms(lab)
    assert list(times) == list(range(1, 31, 3))
    np.testing.assert_allclose(N, full[np.ix_(times - 1, times - 1)], rtol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_truncation_is_zero_before_the_window_like_autograd_with_detach(activation):
    T, k = 30, 7
    lab = G.make_lab(1.2, activation, 6, T, seed=2, truncate=k)
    p = G.gradient_profile(lab)
    assert p.window_start == T - k + 1
    # Oracle: plain autograd over the cell, detaching x_{t-1} where every window starts.
    m, u = lab.model, lab.u
    prev, states = m.initial_state(u, None), []
    for t in range(T):
        if t > 0 and (T - t) % k == 0:
            prev = prev.detach()
        prev = m.cell(prev, u[:, t])
        states.append(prev)
    grads = torch.autograd.grad(m.readout(states[-1]).sum(), states, allow_unused=True)
    oracle = np.array([0.0 if g is None else float(g.norm()) for g in grads])
    np.testing.assert_allclose(p.norms, oracle, rtol=1e-10, atol=0)
    assert np.all(p.norms[:T - k] == 0.0)
    assert np.all(p.norms[T - k:] > 0.0)


def test_clipping_caps_the_total_norm_like_torch():
    lab = G.make_lab(1.5, "identity", 8, 40, seed=1)
    c = G.clip_effect(lab, 1.0)
    assert c.acted and c.total_before > 1.0
    assert c.total_after == pytest.approx(1.0, rel=1e-12)
    grads = G.parameter_grads(lab)
    params = [torch.nn.Parameter(torch.zeros_like(g)) for g in grads.values()]
    for p_, g in zip(params, grads.values()):
        p_.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, 1.0)
    assert float(total) == pytest.approx(c.total_before, rel=1e-12)
    for p_, name in zip(params, grads):
        assert float(p_.grad.norm()) == pytest.approx(c.after[name], rel=1e-6)
    off = G.clip_effect(lab, 0.0)
    big = G.clip_effect(lab, c.total_before * 2)
    assert not off.acted and not big.acted and big.after == big.before


@pytest.mark.parametrize("activation,truncate", [("tanh", 0), ("sigmoid", 0), ("relu", 5), ("identity", 9)])
def test_hand_written_bptt_agrees_with_autograd_at_every_row(activation, truncate):
    lab = G.make_lab(1.1, activation, 5, 20, seed=4, truncate=truncate)
    for t in (1, 12, 20):
        rows = G.compare_at(lab, t)
        assert [r["quantity"] for r in rows][:2] == ["∂L/∂x_t", "δ_t"]
        for r in rows:
            assert r["max_abs_diff"] <= 1e-10 * max(1.0, r["hand"])
    assert G.compare_at(lab, 20)[0]["hand"] > 0


def test_bad_settings_are_explained():
    with pytest.raises(ValueError, match="sequence length"):
        G.make_lab(1.0, seq_len=500)
    with pytest.raises(ValueError, match="truncation"):
        G.make_lab(1.0, seq_len=10, truncate=11)
    with pytest.raises(ValueError, match="activation"):
        G.make_lab(1.0, activation="softplus")
    with pytest.raises(ValueError, match="step t"):
        G.compare_at(G.make_lab(1.0, seq_len=10), 11)


def _powers_oracle(W, g, T):
    """‖(Wᵀ)^(T−t) g‖ for t = 1..T by numpy matrix powers: ∂L/∂x_t of a linear cell, loss on x_T."""
    W, g = np.asarray(W, float), np.asarray(g, float)
    return np.array([np.linalg.norm(np.linalg.matrix_power(W.T, T - t) @ g) for t in range(1, T + 1)])


def test_nonnormal_lab_has_rho_below_one_and_a_gradient_millions_above_the_rate_line():
    lab = G.nonnormal_lab(lam=0.9, alpha=2.0, hidden_size=8, seq_len=200)
    W = lab.model.W_xx.detach().numpy()
    assert np.abs(np.linalg.eigvals(W)).max() == pytest.approx(0.9) and lab.rho == pytest.approx(0.9)
    p = G.gradient_profile(lab)
    want = _powers_oracle(W, lab.model.W_yx.detach().numpy()[0], 200)
    np.testing.assert_allclose(p.norms, want, rtol=1e-8)
    factor = G.rate_factor(p)
    assert factor.max() > 1e6  # the lab's sentence: "millions of times above the rate line"
    assert p.norms.max() > 1e6 * p.norms[-1]  # the gradient grows a long way back before it decays
    assert np.argmax(p.norms) not in (0, 199)  # ... and then it does decay: the peak is inside


def test_nonnormal_lab_with_alpha_zero_is_exactly_the_rate_line():
    p = G.gradient_profile(G.nonnormal_lab(lam=0.9, alpha=0.0, hidden_size=8, seq_len=80))
    np.testing.assert_allclose(G.rate_factor(p), 1.0, rtol=1e-9)


def test_rate_line_is_the_slope_not_the_curve_for_identity():
    """The docstring's claim: for σ = identity the curve is parallel to the rate line far from T,
    a constant factor off it (not on it)."""
    lab = G.make_lab(0.9, "identity", 16, 200, seed=1)
    f = G.rate_factor(G.gradient_profile(lab))
    assert abs(np.log(f[0])) > np.log(1.1)  # not on the line ...
    assert f[0] ** (1 / 199) == pytest.approx(1.0, abs=0.02)  # ... but with the line's slope


def test_squashing_sigma_can_sit_above_the_rate_line():
    """Why the lab says 'often, not always' below the line: tanh, scale 0.6, H = 4, seed 2."""
    f = G.rate_factor(G.gradient_profile(G.make_lab(0.6, "tanh", 4, 60, seed=2)))
    assert f.max() > 2.0
