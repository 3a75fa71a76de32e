"""The eigenvalues of the recurrence x_t = f(x_{t-1}, u_t), the numbers that decide whether a
network remembers (post §4 and §7): a mode with |λ| < 1 forgets like |λ|^k, one with |λ| > 1
blows up, and one close to the unit circle carries its memory far.

- Elman: f is σ(W_xx x_{t-1} + …), so near x = 0 the modes are the eigenvalues of W_xx.
- LRU: f is linear and diagonal, x_t = Λ x_{t-1} + …, so the modes are Λ's diagonal itself.
- LSTM / GRU: f has no single matrix. The modes are the eigenvalues of the Jacobian
  ∂x_t/∂x_{t-1} at one sample and one step (here the task's probe sample at its last step
  t = T). For the LSTM the state that carries memory is (x_t, c_t) (c_t the memory cell), so
  the Jacobian is ∂(x_t, c_t)/∂(x_{t-1}, c_{t-1}), 2H×2H; its c→c block is the forget gate.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

if TYPE_CHECKING:
    from ..model import RecurrentBase

SOURCES = ("W_xx", "Lambda", "jacobian", "jacobian_lstm")


@dataclass
class RecurrenceEigen:
    values: np.ndarray  # (n,) complex eigenvalues
    source: str  # one of SOURCES: which matrix they belong to
    t: int | None = None  # 1-based step of the Jacobian (None for W_xx and Λ)

    @property
    def radius(self) -> float:
        return float(np.abs(self.values).max()) if self.values.size else 0.0

    def outside(self, r: float = 1.0) -> int:
        """How many modes lie outside the circle of radius r (|λ| > r)."""
        return int((np.abs(self.values) > r).sum())


def eigvals(W: torch.Tensor) -> np.ndarray:
    """Eigenvalues of a square matrix as a numpy complex array (float32 is plenty for a chart)."""
    with torch.no_grad():
        return torch.linalg.eigvals(W.detach().float()).numpy()


@contextmanager
def capture_inputs(layer: RecurrentBase) -> Iterator[dict[str, torch.Tensor | None]]:
    """While inside, remember the (u, x0) of the layer's first unroll: the probe sample's inputs,
    whatever task (and whatever encoder/decoder around the layer) made them. Tasks call
    `unroll` directly as well as through forward, so the instance's unroll is wrapped."""
    seen, unroll = {}, layer.unroll

    def watched(u, x0=None):
        if "u" not in seen:
            seen["u"], seen["x0"] = u, x0
        return unroll(u, x0)

    layer.unroll = watched
    try:
        yield seen
    finally:
        del layer.unroll  # the class's method again


def gated_carry(layer: RecurrentBase, u: torch.Tensor, x0: torch.Tensor | None,
                steps: int) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """The carry of a gated layer after `steps` steps of sample 0: x (1,H), or (x, c) for the LSTM."""
    u = u[:1].detach()
    x0 = None if x0 is None else x0[:1].detach()
    carry = layer._start(layer.initial_state(u, x0))
    with torch.no_grad():
        for t in range(steps):
            carry = layer._step(u[:, t], carry)
    return carry


def step_jacobian(layer: RecurrentBase, u: torch.Tensor, x0: torch.Tensor | None = None,
                  t: int | None = None) -> torch.Tensor:
    """∂x_t/∂x_{t-1} of a gated layer (LSTM: ∂(x_t,c_t)/∂(x_{t-1},c_{t-1})) at sample 0 of u
    (B,T,I), step t (1-based; default T). Returns (H,H), or (2H,2H) for the LSTM."""
    T = u.shape[1]
    t = T if t is None else t
    if not 1 <= t <= T:
        raise ValueError(f"Pick a step t between 1 and {T}.")
    carry, u_t, H = gated_carry(layer, u, x0, t - 1), u[:1, t - 1].detach(), layer.hidden_size
    if isinstance(carry, tuple):  # LSTM: the state is (x, c), flattened to one vector of 2H
        def f(z):
            x, c = layer._step(u_t, (z[:H].unsqueeze(0), z[H:].unsqueeze(0)))
            return torch.cat([x[0], c[0]])
        z0 = torch.cat([carry[0][0], carry[1][0]])
    else:
        def f(z):
            return layer._step(u_t, z.unsqueeze(0))[0]
        z0 = carry[0]
    return torch.autograd.functional.jacobian(f, z0, vectorize=True)


def recurrence_eigen(layer: RecurrentBase, u: torch.Tensor | None = None,
                     x0: torch.Tensor | None = None) -> RecurrenceEigen | None:
    """The eigenvalues of a layer's recurrence (see the module docstring). u, x0: the probe
    sample's inputs, needed only by the gated cells (None without them)."""
    name = layer.cell_name
    if name == "elman":
        return RecurrenceEigen(eigvals(layer.W_xx), "W_xx")
    if name == "lru":
        with torch.no_grad():
            return RecurrenceEigen(layer.eigenvalues().detach().numpy().astype(np.complex64), "Lambda")
    if u is None:
        return None
    J = step_jacobian(layer, u, x0)
    return RecurrenceEigen(eigvals(J), "jacobian_lstm" if name == "lstm" else "jacobian", u.shape[1])
