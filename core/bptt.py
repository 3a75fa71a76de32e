"""Back-propagation through time for the post's cell, written out by hand.

Forward (one step is the cell, the loop is the unrolling):

    a_t = W_xx x_{t-1} + W_xu u_t + b_x
    x_t = σ(a_t)

Backward, from the last step to the first, given g_t = ∂L/∂x_t through the *outputs only*
(the direct part, e.g. from y_t = W_yx x_t + b_y):

    ∂L/∂x_t  = g_t + W_xxᵀ δ_{t+1}          total derivative: this step's outputs and all later steps
    δ_t      = ∂L/∂x_t ⊙ σ'(a_t)            gradient at the pre-activation
    ∂L/∂W_xx = Σ_t δ_t x_{t-1}ᵀ      ∂L/∂W_xu = Σ_t δ_t u_tᵀ      ∂L/∂b_x = Σ_t δ_t

Truncated BPTT with window k cuts the carried term W_xxᵀ δ_{t+1} every k steps, counted from
the end of the sequence, so the last k steps always get the full window (for a many-to-one task
that is exactly "the gradient reaches back k steps"). The earliest window reaches back to x_0
(the state given from outside: an image, a context vector), as it does for LSTM and GRU, so
k ≥ T is full BPTT.

`ElmanUnroll` is a torch.autograd.Function whose backward *is* these recurrences, so the
training engine is the hand-written BPTT, and ∂L/∂x_t for every t comes for free.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from . import activations

if TYPE_CHECKING:
    from torch import nn
    from torch.autograd.function import FunctionCtx


def unroll(u: torch.Tensor, x0: torch.Tensor, W_xx: torch.Tensor, W_xu: torch.Tensor, b_x: torch.Tensor,
           act: str) -> torch.Tensor:
    """x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x) for t = 1..T.  u (B,T,I), x0 (B,H) -> x (B,T,H).

    Internally time-major (T,B,H), so every step reads and writes one contiguous block and the
    loop costs two tensor operations per step."""
    B, T, I = u.shape
    # The input term does not depend on the recurrence: one matmul for all steps.
    xs = torch.addmm(b_x, u.transpose(0, 1).reshape(T * B, I), W_xu.t()).view(T, B, -1)  # (T,B,H)
    prev, W_t = x0, W_xx.t()
    for t in range(T):
        prev = activations.apply_(act, torch.addmm(xs[t], prev, W_t, out=xs[t]))  # (B,H), in place
    return xs.transpose(0, 1)  # (B,T,H) view


def backward(u: torch.Tensor, x0: torch.Tensor, x: torch.Tensor, W_xx: torch.Tensor, W_xu: torch.Tensor,
             act: str, g: torch.Tensor, truncate: int = 0, need_u: bool = True) -> dict[str, torch.Tensor | None]:
    """Hand-written BPTT. g = direct ∂L/∂x (B,T,H). Returns a dict with the total ∂L/∂x_t
    ('dx', (B,T,H)), the gradients of W_xx, W_xu, b_x, and of u and x0."""
    B, T, H = x.shape
    xs, g = x.transpose(0, 1), g.transpose(0, 1)  # time-major views (T,B,H)
    slope = activations.grad_from_output(act, xs)  # σ'(a_t) for every t, (T,B,H), contiguous
    dx = torch.empty_like(slope)  # total ∂L/∂x_t
    delta = torch.empty_like(slope)  # δ_t = ∂L/∂x_t ⊙ σ'(a_t)
    carry = None  # W_xxᵀ δ_{t+1}, as a row per sample: δ_{t+1} W_xx
    for t in range(T - 1, -1, -1):
        if carry is None:
            dx[t] = g[t]
        else:
            torch.add(g[t], carry, out=dx[t])
        torch.mul(dx[t], slope[t], out=delta[t])
        carry = delta[t] @ W_xx  # (B,H)
        if truncate and t > 0 and (T - t) % truncate == 0:
            # Truncated BPTT: the window ends here, nothing flows to earlier steps. No cut at
            # t = 0: the earliest window reaches x_0 (see the module docstring).
            carry = None
    x_prev = torch.cat([x0.unsqueeze(0), xs[:-1]], dim=0)  # (T,B,H)
    flat_d = delta.view(-1, H)
    u_tm = u.transpose(0, 1).reshape(T * B, -1)  # (T·B, I)
    return {
        "dx": dx.transpose(0, 1),
        "W_xx": flat_d.t() @ x_prev.view(-1, H),
        "W_xu": flat_d.t() @ u_tm,
        "b_x": flat_d.sum(0),
        "x0": carry if carry is not None else torch.zeros_like(x0),
        "u": (delta @ W_xu).transpose(0, 1) if need_u else None,
    }


class StateGradTap:
    """Collects ‖∂L/∂x_t‖ (over batch and units) for every recurrent layer that runs while it is
    attached, in the order the layers ran forward. Attach with `with tap.attached(model):`."""

    def __init__(self):
        self.slots = []  # one entry per forward call: Tensor (T,) once backward has run

    def new_slot(self) -> int:
        self.slots.append(None)
        return len(self.slots) - 1

    def put(self, slot: int, dx: torch.Tensor | list[torch.Tensor | None]) -> None:
        """dx: ∂L/∂x as a (B,T,H) tensor, or a list of per-step (B,H) tensors still being filled
        by hooks (None where no gradient arrived)."""
        self.slots[slot] = dx

    def norms(self) -> torch.Tensor:
        """‖∂L/∂x_t‖ for all recorded steps, layers concatenated in forward order."""
        parts = []
        for dx in self.slots:
            if isinstance(dx, list):
                parts.append(torch.tensor([0.0 if g is None else float(g.detach().norm()) for g in dx],
                                          dtype=torch.float64))
            elif dx is not None:
                parts.append(torch.linalg.vector_norm(dx.detach(), dim=(0, 2)).double())  # (T,)
        return torch.cat(parts) if parts else torch.zeros(0)

    def attached(self, model: nn.Module) -> _TapContext:
        return _TapContext(self, model)


class _TapContext:
    def __init__(self, tap, model):
        self.tap, self.layers = tap, [m for m in model.modules() if hasattr(m, "tap")]

    def __enter__(self):
        for m in self.layers:
            m.tap = self.tap
        return self.tap

    def __exit__(self, *exc):
        for m in self.layers:
            m.tap = None


class ElmanUnroll(torch.autograd.Function):
    """The unrolled Elman layer whose backward is the hand-written BPTT above."""

    @staticmethod
    def forward(ctx: FunctionCtx, u: torch.Tensor, x0: torch.Tensor, W_xx: torch.Tensor, W_xu: torch.Tensor,
                b_x: torch.Tensor, act: str, truncate: int, tap: StateGradTap | None,
                slot: int | None) -> torch.Tensor:
        with torch.no_grad():
            x = unroll(u, x0, W_xx, W_xu, b_x, act)
        ctx.save_for_backward(u, x0, x, W_xx, W_xu)
        ctx.act, ctx.truncate, ctx.tap, ctx.slot = act, truncate, tap, slot
        return x

    @staticmethod
    def backward(ctx: FunctionCtx, g: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        u, x0, x, W_xx, W_xu = ctx.saved_tensors
        grads = backward(u, x0, x, W_xx, W_xu, ctx.act, g.contiguous(), ctx.truncate,
                         need_u=ctx.needs_input_grad[0])
        if ctx.tap is not None:
            ctx.tap.put(ctx.slot, grads["dx"])
        return (grads["u"], grads["x0"] if ctx.needs_input_grad[1] else None,
                grads["W_xx"], grads["W_xu"], grads["b_x"], None, None, None, None)
