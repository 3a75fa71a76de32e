"""The linear recurrent unit (LRU): the post's state-space view x_t = f(x_{t-1}, u_t) with a
*linear*, diagonal, complex f, and the nonlinearity moved out of the loop.

    x_t = Λ x_{t-1} + γ ⊙ (B u_t)          Λ = diag(λ_1..λ_N), λ_n = exp(−exp(ν_n) + i·exp(θ_n))
    h_t = GELU(Re(C x_t) + D u_t)           a small nonlinearity per step, after the recurrence
    y_t = W_yx h_t + b_y                    the same readout as every cell

What is followed, from Orvieto et al. (2023), "Resurrecting Recurrent Neural Networks for Long
Sequences", §3 and Appendix A (its pseudocode, parameter names nu_log, theta_log, gamma_log):
- the exponential parametrisation: |λ| = exp(−exp(ν)) < 1 for every real ν, so the recurrence
  is stable whatever the optimizer does; the phase is exp(θ) (> 0, the conjugate is implied);
- the ring initialisation: |λ| uniform on the ring r_min ≤ |λ| ≤ r_max (uniform in area), phase
  uniform in [0, max_phase]. The paper tunes r_min, r_max and max_phase per task and uses small
  phases (max_phase = π/10) and radii near 1 for its longest tasks. Here [0.99, 0.9999] and π/10:
  measured on recall (bench/results/lru.md), [0.9, 0.999] learned T = 200 but not T = 500 (the
  largest |λ| drifted down to 0.987, and 0.987^500 ≈ 0.001), and a phase up to 2π failed at T = 200;
- the γ normalisation: γ = sqrt(1 − |λ|²) (initial value of the trainable γ_log), so a mode
  close to the unit circle does not blow up the state's variance for white-noise inputs;
- B, C Glorot-like complex normals (B with variance 1/(2I), C with 1/N), D a real normal;
- a position-wise nonlinear layer after the recurrence (the paper uses an MLP or GLU; here the
  smallest such layer, one GELU). As in S4D (Gu et al., 2022, "On the Parameterization and
  Initialization of Diagonal State Space Models") the state matrix is diagonal and complex;
  unlike Mamba (Gu & Dao, 2023) Λ does not depend on the input.

Sizes in the post's terms: the hidden state x_t has H real numbers, N = ⌈H/2⌉ complex modes
stored as [Re x (N), Im x (H−N)]. For odd H the last mode is real (its phase and the imaginary
part of its row of B are held at zero), so the H real numbers are its whole state.

Backward through time (hand-written, `LRUUnroll`), with complex gradients written as
∂L/∂Re + i ∂L/∂Im and g_t the direct gradient from the outputs:

    ∂L/∂x_t = g_t + conj(λ) ⊙ ∂L/∂x_{t+1}           (so |∂L/∂x_t| shrinks like |λ|^(T−t): slowly)
    ∂L/∂λ   = Σ_t ∂L/∂x_t ⊙ conj(x_{t-1})           ∂L/∂z = conj(λ) ∂L/∂λ for λ = exp(z)
    ∂L/∂ν   = −exp(ν) Re(∂L/∂z)     ∂L/∂θ = exp(θ) Im(∂L/∂z)
    ∂L/∂B   = Σ_t (γ ⊙ ∂L/∂x_t) u_tᵀ    ∂L/∂γ = Σ_t Re(conj(∂L/∂x_t) ⊙ B u_t)

Because Λ is diagonal and constant, the loop over t is a linear scan; `scan` computes it in
⌈log₂ T⌉ vectorised steps (Hillis–Steele doubling) instead of T small ones. On this CPU the plain
loop is faster (bench/lru_scan.py, bench/results/lru.md): the scan does O(T log T) work and pays
off only where its log-depth is run in parallel (a GPU), so `parallel` is off by default.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch
from torch import nn

from .model import Readout, RecurrentBase

if TYPE_CHECKING:
    from torch.autograd.function import FunctionCtx

    from .bptt import StateGradTap

R_MIN, R_MAX, MAX_PHASE = 0.99, 0.9999, math.pi / 10


def eigenvalues(nu_log: torch.Tensor, theta_log: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """λ = exp(−exp(ν) + i·exp(θ)·mask), (N,) complex: |λ| < 1 for every ν."""
    return torch.polar(torch.exp(-torch.exp(nu_log)), torch.exp(theta_log) * mask)


def to_complex(x: torch.Tensor, N: int) -> torch.Tensor:
    """Real view (…,H) -> complex state (…,N); a missing imaginary part is zero."""
    im = x[..., N:]
    if im.shape[-1] < N:
        im = torch.cat([im, im.new_zeros(*im.shape[:-1], N - im.shape[-1])], -1)
    return torch.complex(x[..., :N], im)


def to_real(s: torch.Tensor, H: int) -> torch.Tensor:
    """Complex state (…,N) -> real view (…,H) = [Re s, Im s][:H]."""
    N = s.shape[-1]
    return torch.cat([s.real, s.imag[..., :H - N]], -1)


def scan(b: torch.Tensor, lam: torch.Tensor, s0: torch.Tensor | None = None, reverse: bool = False) -> torch.Tensor:
    """s_t = λ ⊙ s_{t-1} + b_t for t = 0..T−1 (s_{-1} = s0), in ⌈log₂ T⌉ doubling steps.
    b (T,B,N) complex, λ (N,) -> s (T,B,N). reverse=True runs from the last step back
    (s_t = λ ⊙ s_{t+1} + b_t), which is how the gradient travels."""
    s = b.flip(0) if reverse else b.clone()
    if s0 is not None:
        s[0] = s[0] + lam * s0
    p, d, T = lam, 1, s.shape[0]
    while d < T:
        # After this step s_t holds Σ_{k<2d} λ^k b_{t−k}: the sum over the last 2d inputs.
        s = torch.cat([s[:d], s[d:] + p * s[:-d]], 0)
        p, d = p * p, 2 * d
    return s.flip(0) if reverse else s


def _loop(b, lam, s0, truncate=0, reverse=False):
    """The same recurrence one step at a time, with truncated-BPTT cuts (reverse only): the
    carried term is dropped every `truncate` steps counted from the end, as for the Elman cell."""
    T = b.shape[0]
    out = torch.empty_like(b)
    carry = s0
    for i in range(T):
        t = T - 1 - i if reverse else i
        out[t] = b[t] if carry is None else b[t] + lam * carry
        carry = out[t]
        if reverse and truncate and t > 0 and (T - t) % truncate == 0:
            carry = None
    return out


class LRUUnroll(torch.autograd.Function):
    """The unrolled LRU whose backward is the hand-written BPTT of the module docstring."""

    @staticmethod
    def forward(ctx: FunctionCtx, u: torch.Tensor, x0: torch.Tensor, nu_log: torch.Tensor, theta_log: torch.Tensor,
                gamma_log: torch.Tensor, B_re: torch.Tensor, B_im: torch.Tensor, mask: torch.Tensor, truncate: int,
                tap: StateGradTap | None, slot: int | None, parallel: bool) -> torch.Tensor:
        H, N = x0.shape[-1], nu_log.shape[0]
        with torch.no_grad():
            lam = eigenvalues(nu_log, theta_log, mask)  # (N,)
            u_tm = u.transpose(0, 1)  # (T,B,I)
            Bu = torch.complex(u_tm @ B_re.t(), u_tm @ (B_im * mask[:, None]).t())  # B u_t, (T,B,N)
            s0 = to_complex(x0, N)  # (B,N)
            b = torch.exp(gamma_log) * Bu
            s = scan(b, lam, s0) if parallel else _loop(b, lam, s0)  # (T,B,N)
        ctx.save_for_backward(u, s0, s, Bu, nu_log, theta_log, gamma_log, B_re, B_im, mask)
        ctx.H, ctx.truncate, ctx.tap, ctx.slot, ctx.parallel = H, truncate, tap, slot, parallel
        return to_real(s, H).transpose(0, 1)  # (B,T,H)

    @staticmethod
    def backward(ctx: FunctionCtx, G: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        u, s0, s, Bu, nu_log, theta_log, gamma_log, B_re, B_im, mask = ctx.saved_tensors
        N, k = nu_log.shape[0], ctx.truncate
        lam = eigenvalues(nu_log, theta_log, mask)
        g = to_complex(G.transpose(0, 1), N)  # direct ∂L/∂x_t, (T,B,N)
        lam_c = lam.conj()
        S = scan(g, lam_c, reverse=True) if ctx.parallel and not k else _loop(g, lam_c, None, k, reverse=True)
        if ctx.tap is not None:
            ctx.tap.put(ctx.slot, to_real(S, ctx.H).transpose(0, 1))  # total ∂L/∂x_t, (B,T,H)
        s_prev = torch.cat([s0.unsqueeze(0), s[:-1]], 0)  # x_{t-1}, (T,B,N)
        dz = lam_c * (S * s_prev.conj()).sum((0, 1))  # ∂L/∂z, (N,)
        gamma = torch.exp(gamma_log)
        W = gamma * S  # ∂L/∂(B u_t), (T,B,N)
        dB = torch.einsum("tbn,tbi->ni", W, u.transpose(0, 1).to(W.dtype))  # (N,I)
        B = torch.complex(B_re, B_im * mask[:, None])
        du = (W.conj() @ B).real.transpose(0, 1) if ctx.needs_input_grad[0] else None
        dx0 = lam_c * S[0]  # the first window always reaches x_0 (cuts are between steps only)
        return (du, to_real(dx0, ctx.H) if ctx.needs_input_grad[1] else None,
                -torch.exp(nu_log) * dz.real, torch.exp(theta_log) * mask * dz.imag,
                gamma * (S.conj() * Bu).real.sum((0, 1)), dB.real, dB.imag * mask[:, None],
                None, None, None, None, None)


class LRU(RecurrentBase):
    """Linear recurrent unit behind the post's interface (see the module docstring).

    Args: input_size I, hidden_size H (N = ⌈H/2⌉ complex modes), output_size O; `activation` is
    ignored (the recurrence is linear; the GELU after it is fixed); gen, the torch.Generator every
    initial weight is drawn from (None: the global RNG).
    Parameters: nu_log, theta_log, gamma_log (N,); B_re, B_im (N,I); C_re, C_im (H,N); D (H,I);
    W_yx (O,H), b_y (O,).
    """

    cell_name = "lru"

    def __init__(self, input_size: int, hidden_size: int, output_size: int, activation: str = "tanh",
                 gen: torch.Generator | None = None, r_min: float = R_MIN, r_max: float = R_MAX,
                 max_phase: float = MAX_PHASE):
        super().__init__(input_size, hidden_size, output_size)
        self.activation = "identity"  # the recurrence itself is linear
        self.parallel = False  # True: the doubling scan over time (slower on CPU, see the docstring)
        H, N, I = hidden_size, (hidden_size + 1) // 2, input_size
        self.modes = N
        u1, u2 = torch.rand(N, generator=gen), torch.rand(N, generator=gen)
        # |λ|² uniform in [r_min², r_max²]: the ring initialisation (paper, Lemma 3.2).
        nu_log = torch.log(-0.5 * torch.log(u1 * (r_max ** 2 - r_min ** 2) + r_min ** 2))
        self.nu_log = nn.Parameter(nu_log)
        self.theta_log = nn.Parameter(torch.log(max_phase * u2.clamp_min(1e-4)))
        self.register_buffer("mask", torch.ones(N))
        if H % 2:
            self.mask[-1] = 0.0  # the last mode of an odd H is real
        lam_abs = torch.exp(-torch.exp(nu_log))
        self.gamma_log = nn.Parameter(torch.log(torch.sqrt(1 - lam_abs ** 2)))
        self.B_re = nn.Parameter(torch.randn(N, I, generator=gen) / math.sqrt(2 * I))
        self.B_im = nn.Parameter(torch.randn(N, I, generator=gen) / math.sqrt(2 * I))
        self.C_re = nn.Parameter(torch.randn(H, N, generator=gen) / math.sqrt(N))
        self.C_im = nn.Parameter(torch.randn(H, N, generator=gen) / math.sqrt(N))
        self.D = nn.Parameter(torch.randn(H, I, generator=gen) / math.sqrt(I))
        self.readout = Readout(H, output_size, gen)

    def eigenvalues(self) -> torch.Tensor:
        """The diagonal of Λ, (N,) complex."""
        return eigenvalues(self.nu_log, self.theta_log, self.mask)

    def cell(self, x_prev: torch.Tensor, u_t: torch.Tensor) -> torch.Tensor:
        """One step in plain torch ops: x_t = Λ x_{t-1} + γ ⊙ (B u_t), real views (B,H) -> (B,H)."""
        N = self.modes
        B = torch.complex(self.B_re, self.B_im * self.mask[:, None])
        Bu = torch.complex(u_t, torch.zeros_like(u_t)) @ B.t()
        s = self.eigenvalues() * to_complex(x_prev, N) + torch.exp(self.gamma_log) * Bu
        return to_real(s, self.hidden_size)

    def unroll(self, u: torch.Tensor, x0: torch.Tensor | None = None) -> torch.Tensor:
        x0 = self.initial_state(u, x0)
        slot = self.tap.new_slot() if self.tap is not None else None
        return LRUUnroll.apply(u, x0, self.nu_log, self.theta_log, self.gamma_log, self.B_re, self.B_im,
                               self.mask, self.truncate, self.tap, slot, self.parallel)

    def output(self, x: torch.Tensor, u: torch.Tensor) -> torch.Tensor:
        """y_t = W_yx GELU(Re(C x_t) + D u_t) + b_y.  x (B,T,H) real view, u (B,T,I) -> (B,T,O)."""
        s = to_complex(x, self.modes)
        h = s.real @ self.C_re.t() - s.imag @ self.C_im.t() + u @ self.D.t()  # Re(C x_t) + D u_t
        return self.readout(nn.functional.gelu(h))

    def recurrent_matrix(self) -> torch.Tensor:
        """Λ written as a real H×H matrix acting on [Re x, Im x]: its eigenvalues are λ and conj(λ)."""
        lam, N, H = self.eigenvalues(), self.modes, self.hidden_size
        A = torch.zeros(2 * N, 2 * N, dtype=self.nu_log.dtype)
        i = torch.arange(N)
        A[i, i] = A[i + N, i + N] = lam.real
        A[i, i + N], A[i + N, i] = -lam.imag, lam.imag
        return A[:H, :H]

    def named_post_parameters(self) -> dict[str, list[torch.Tensor]]:
        return {"W_xx": [self.nu_log, self.theta_log], "W_xu": [self.B_re, self.B_im, self.gamma_log],
                "b_x": [], "W_yx": [self.C_re, self.C_im, self.readout.W_yx], "b_y": [self.readout.b_y]}
