"""The BPTT gradient lab (post §7): how ‖∂L/∂x_t‖ shrinks or grows from the last step back.

A small Elman network x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x) with a random, seeded W_xx
scaled by one number, driven by random inputs u_t, and a loss on the *last* step only,
L = W_yx x_T (a fixed linear readout), so that every ∂L/∂x_t is the last step's gradient
carried back T−t steps:

    ∂L/∂x_t = J_{t+1}ᵀ ⋯ J_Tᵀ ∂L/∂x_T,      J_s = ∂x_s/∂x_{s-1} = diag(σ'(a_s)) W_xx

hence the bound  ‖∂L/∂x_t‖ ≤ ‖∂L/∂x_T‖ · (‖W_xx‖₂ · max|σ'|)^(T−t)   (‖J_s‖₂ ≤ max|σ'|·‖W_xx‖₂),
and, for σ = identity, ‖∂L/∂x_t‖^(1/(T−t)) → ρ(W_xx) (Gelfand's formula) as T−t grows: the
spectral rate is the curve's asymptotic slope on a log axis, not the curve (it sits a factor off,
far above for a non-normal W_xx, see `nonnormal_lab`).
Everything is float64 so that exploding products stay finite for the lengths the lab shows.
"""
from dataclasses import dataclass

import numpy as np
import torch

from .. import activations
from ..diagnostics import manual_bptt, state_grad_norms
from ..model import ElmanRNN

MAX_T = 200


@dataclass
class Lab:
    """One lab setting: the network, its inputs, and its matrix's two numbers."""
    model: ElmanRNN  # float64, input size 1, output size 1
    u: torch.Tensor  # (1,T,1) the inputs u_t
    rho: float  # ρ(W_xx), the spectral radius
    norm2: float  # ‖W_xx‖₂, the largest singular value
    slope: float  # max|σ'| of the activation


def make_lab(scale: float, activation: str = "tanh", hidden_size: int = 16, seq_len: int = 50,
             seed: int = 0, truncate: int = 0) -> Lab:
    """W_xx = scale · G / √H with G a seeded standard-normal H×H matrix (so ρ(W_xx) ≈ scale for
    large H, by the circular law); W_xu, W_yx and u_t are seeded normals, b_x = b_y = 0."""
    if not 1 <= hidden_size <= 256:
        raise ValueError("The hidden size must be between 1 and 256.")
    if not 2 <= seq_len <= MAX_T:
        raise ValueError(f"The sequence length must be between 2 and {MAX_T}.")
    if not 0 <= truncate <= seq_len:
        raise ValueError("The truncation window must be between 0 (full BPTT) and the sequence length.")
    if not 0 <= scale <= 10:
        raise ValueError("The scale of W_xx must be between 0 and 10.")
    gen = torch.Generator().manual_seed(int(seed))
    H = hidden_size
    g = torch.randn(H, H, generator=gen, dtype=torch.float64) / H ** 0.5
    model = ElmanRNN(1, H, 1, activation, gen=torch.Generator()).double()  # every weight set below
    with torch.no_grad():
        model.W_xx.copy_(scale * g)
        model.W_xu.copy_(torch.randn(H, 1, generator=gen, dtype=torch.float64))
        model.b_x.zero_()
        model.W_yx.copy_(torch.randn(1, H, generator=gen, dtype=torch.float64) / H ** 0.5)
        model.b_y.zero_()
    model.truncate = truncate
    u = torch.randn(1, seq_len, 1, generator=gen, dtype=torch.float64)
    W = model.W_xx.detach()  # float64: ρ and ‖·‖₂ are raised to powers up to 199 on the chart
    rho = float(torch.linalg.eigvals(W).abs().max())  # (core.spectral_radius rounds to float32)
    return Lab(model, u, rho, float(torch.linalg.matrix_norm(W, ord=2)),
               activations.max_slope(activation))


def last_step_loss(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """L = y_T = W_yx x_T + b_y summed over the batch: a loss on the last step only."""
    return y[:, -1].sum()


@dataclass
class Profile:
    """‖∂L/∂x_t‖ for t = 1..T and the two curves drawn over it (all (T,) numpy arrays)."""
    t: np.ndarray  # 1..T
    norms: np.ndarray  # ‖∂L/∂x_t‖ from the hand-written BPTT (core.state_grad_norms)
    bound: np.ndarray  # ‖∂L/∂x_T‖ · (‖W_xx‖₂ · max|σ'|)^(T−t): a true upper bound
    rate: np.ndarray  # ‖∂L/∂x_T‖ · ρ(W_xx)^(T−t): the asymptotic rate, not the curve itself (see below)
    window_start: int  # first t (1-based) the truncated gradient reaches (1 for full BPTT)


def gradient_profile(lab: Lab) -> Profile:
    """‖∂L/∂x_t‖ across t for L on the last step, with the bound and the spectral rate."""
    norms = state_grad_norms(lab.model, lab.u, last_step_loss).numpy()  # (T,)
    T = len(norms)
    t = np.arange(1, T + 1)
    lag = T - t
    last = norms[-1]
    with np.errstate(over="ignore"):
        bound = last * (lab.norm2 * lab.slope) ** lag.astype(float)
        rate = last * lab.rho ** lag.astype(float)
    k = lab.model.truncate
    return Profile(t, norms, bound, rate, T - k + 1 if k else 1)


def rate_factor(profile: Profile) -> np.ndarray:
    """‖∂L/∂x_t‖ / (‖∂L/∂x_T‖ ρ^(T−t)) for t = 1..T: how far the curve sits above (> 1) or below
    (< 1) the spectral-rate line. For σ = identity the factor's (T−t)-th root tends to 1 (Gelfand),
    but the factor itself need not: the curve runs parallel to the line a constant factor off it,
    and a squashing σ or a non-normal W_xx can put it far above the line for many steps."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return profile.norms / profile.rate


def nonnormal_lab(lam: float = 0.9, alpha: float = 2.0, hidden_size: int = 8, seq_len: int = 200,
                  seed: int = 0) -> Lab:
    """A linear cell (σ = identity) whose W_xx = λI + αN, N the shift matrix (ones just above the
    diagonal): every eigenvalue is λ, so ρ(W_xx) = |λ|, yet for α > 0 the matrix is non-normal and
    ‖(W_xxᵀ)^n‖ grows like C(n, H−1) α^(H−1) |λ|^n before |λ|^n wins (transient growth). α = 0 is the
    normal case W_xx = λI, where the curve is exactly the rate line. Inputs, W_xu and W_yx as in make_lab."""
    if not 0 <= abs(lam) < 1.5 or not 0 <= alpha <= 5:
        raise ValueError("Choose |λ| below 1.5 and α between 0 and 5.")
    lab = make_lab(1.0, "identity", hidden_size, seq_len, seed)
    H = hidden_size
    W = lam * torch.eye(H, dtype=torch.float64) + alpha * torch.diag(torch.ones(H - 1, dtype=torch.float64), 1)
    with torch.no_grad():
        lab.model.W_xx.copy_(W)
    return Lab(lab.model, lab.u, abs(lam), float(torch.linalg.matrix_norm(W, ord=2)), 1.0)


def jacobians(lab: Lab) -> torch.Tensor:
    """J_s = ∂x_s/∂x_{s-1} = diag(σ'(a_s)) W_xx for s = 1..T, shape (T,H,H)."""
    m = lab.model
    with torch.no_grad():
        x, _ = m(lab.u)  # (1,T,H)
        slope = activations.grad_from_output(m.activation, x[0])  # σ'(a_s), (T,H)
        return slope.unsqueeze(-1) * m.W_xx.detach()  # row i of W_xx times σ'(a_s)_i


def jacobian_norms(lab: Lab, max_cells: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """N[i, j] = ‖∂x_{t'}/∂x_t‖₂ (spectral norm, the largest singular value) for t' = times[i],
    t = times[j], t ≤ t'; NaN above the diagonal (a later state cannot change an earlier one).
    ∂x_{t'}/∂x_t = J_{t'} ⋯ J_{t+1}, and I at t = t'. All pairs with the same lag t'−t are
    advanced together (T batched products); for long sequences the norms are taken on every
    s-th step only (s = ⌈T/max_cells⌉), because the SVDs, not the products, are the cost.
    Returns (times (n,) 1-based, N (n,n))."""
    J = jacobians(lab)  # (T,H,H); J[s] is J_{s+1} in 1-based time
    T, H, _ = J.shape
    s = -(-T // max_cells)
    grid = np.arange(0, T, s)  # 0-based steps shown
    n = len(grid)
    out = np.full((n, n), np.nan)
    out[np.arange(n), np.arange(n)] = 1.0
    P = torch.eye(H, dtype=J.dtype).expand(T, H, H)  # P[t] = ∂x_{t+lag}/∂x_t, lag = 0
    for lag in range(1, T):
        P = J[lag:] @ P[:-1]  # (T−lag,H,H): P[t] = J_{t+lag} P_old[t]
        if lag % s:
            continue
        sel = grid[grid < T - lag]
        norms = torch.linalg.matrix_norm(P[torch.as_tensor(sel)], ord=2).numpy()
        out[(sel + lag) // s, sel // s] = norms
    return grid + 1, out


@dataclass
class Clipping:
    """The effect of clipping on the five parameters' gradients of one BPTT step."""
    before: dict  # name -> ‖∂L/∂θ‖ before clipping
    after: dict  # name -> after clipping
    total_before: float
    total_after: float
    acted: bool  # clipping scales only when the total norm exceeds the clip value


def clip_effect(lab: Lab, clip: float) -> Clipping:
    """g ← g · min(1, c/‖g‖) with ‖g‖ the norm over all five parameters together (0: off).
    The direction is kept; when it acts the clipped total norm is exactly c."""
    if clip < 0:
        raise ValueError("The clip norm must be 0 (off) or positive.")
    grads = parameter_grads(lab)
    before = {k: float(v.norm()) for k, v in grads.items()}
    total = float(np.sqrt(sum(v * v for v in before.values())))
    acted = bool(clip) and total > clip
    factor = clip / total if acted else 1.0
    after = {k: v * factor for k, v in before.items()}
    return Clipping(before, after, total, total * factor, acted)


def parameter_grads(lab: Lab, truncate: int | None = None) -> dict:
    """∂L/∂θ of the five parameters by the hand-written BPTT (core.manual_bptt)."""
    out = manual_bptt(lab.model, lab.u, _dL_dy(lab), truncate=lab.model.truncate if truncate is None else truncate)
    return {k: out[k] for k in ("W_xx", "W_xu", "b_x", "W_yx", "b_y")}


def _dL_dy(lab):
    d = torch.zeros(1, lab.u.shape[1], 1, dtype=lab.u.dtype)
    d[:, -1] = 1.0  # L = y_T
    return d


def autograd_reference(lab: Lab) -> dict:
    """The same gradients by torch autograd, independently of the hand-written backward: a
    step-by-step loop over ElmanRNN.cell (plain torch ops), autograd asked for ∂L/∂x_t of
    every stored x_t, and a hook on the node that made x_t to read ∂L/∂a_t = δ_t. Truncation is done the way autograd
    does it: detach x_{t-1} at the start of every window, counted from the end.
    Returns 'dL_dx' and 'delta' (T,H), and the five parameter gradients."""
    m, u = lab.model, lab.u
    T, k = u.shape[1], m.truncate
    params = [m.W_xx, m.W_xu, m.b_x, m.W_yx, m.b_y]
    x_prev = m.initial_state(u, None)
    states, deltas = [], [None] * T
    for t in range(T):
        if k and t > 0 and (T - t) % k == 0:
            x_prev = x_prev.detach()  # no gradient flows to the steps before this window
        x_t = m.cell(x_prev, u[:, t])  # (1,H)
        _catch_delta(x_t, deltas, t)
        states.append(x_t)
        x_prev = x_t
    loss = m.readout(states[-1]).sum()
    # Steps cut off by truncation are not in the loss's graph at all: their gradient is zero.
    grads = torch.autograd.grad(loss, params + states, allow_unused=True)
    H = m.hidden_size
    zero = torch.zeros(H, dtype=u.dtype)
    out = dict(zip(("W_xx", "W_xu", "b_x", "W_yx", "b_y"), grads[:5]))
    out["dL_dx"] = torch.stack([zero if g is None else g[0] for g in grads[5:]])  # (T,H)
    out["delta"] = torch.stack([zero if d is None else d for d in deltas])
    return out


def _catch_delta(x_t, deltas, t):
    # x_t = σ(a_t): the autograd node that made x_t is σ's backward (for identity, the last
    # addition), and the gradient it passes on to its first input is ∂L/∂a_t.
    def hook(grad_inputs, grad_outputs):
        deltas[t] = grad_inputs[0][0].detach()
    x_t.grad_fn.register_hook(hook)


def compare_at(lab: Lab, t: int) -> list[dict]:
    """Rows of the hand-written BPTT next to autograd at step t (1-based): the norms and the
    largest elementwise difference of ∂L/∂x_t, δ_t and the five parameter gradients."""
    T = lab.u.shape[1]
    if not 1 <= t <= T:
        raise ValueError(f"Pick a step t between 1 and {T}.")
    hand = manual_bptt(lab.model, lab.u, _dL_dy(lab), truncate=lab.model.truncate)
    slope = activations.grad_from_output(lab.model.activation, hand["x"][0])  # (T,H)
    hand_dx = hand["dL_dx"][0]  # (T,H)
    hand["delta"] = hand_dx * slope
    auto = autograd_reference(lab)
    rows = [("∂L/∂x_t", hand_dx[t - 1], auto["dL_dx"][t - 1]),
            ("δ_t", hand["delta"][t - 1], auto["delta"][t - 1])]
    rows += [(f"∂L/∂{k}", hand[k], auto[k]) for k in ("W_xx", "W_xu", "b_x", "W_yx", "b_y")]
    return [{"quantity": name, "hand": float(a.norm()), "autograd": float(b.norm()),
             "max_abs_diff": float((a - b).abs().max())} for name, a, b in rows]
