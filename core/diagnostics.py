"""What the screens measure on a network: hand-written BPTT gradients, ‖∂L/∂x_t‖ for every t,
and the spectral radius of W_xx."""
from collections.abc import Callable

import torch
from torch import nn

from . import bptt
from .model import ElmanRNN


def manual_bptt(model: ElmanRNN, u: torch.Tensor, dL_dy: torch.Tensor, x0: torch.Tensor | None = None,
                truncate: int = 0) -> dict[str, torch.Tensor]:
    """Gradients of the five parameters by the hand-written BPTT recurrences (no autograd).

    Args: model an ElmanRNN; u (B,T,I); dL_dy (B,T,O) = ∂L/∂y_t for every step; x0 (B,H) or None.
    Returns: {'W_xx','W_xu','b_x','W_yx','b_y'} with the parameters' shapes, plus 'dL_dx'
    (B,T,H), the total ∂L/∂x_t, and 'x' (B,T,H), the hidden states.
    """
    if not isinstance(model, ElmanRNN):
        raise ValueError("manual_bptt is written for the post's Elman cell only.")
    with torch.no_grad():
        x0 = model.initial_state(u, x0)
        x = bptt.unroll(u, x0, model.W_xx, model.W_xu, model.b_x, model.activation)  # (B,T,H)
        g = dL_dy @ model.W_yx  # direct ∂L/∂x_t through y_t = W_yx x_t + b_y, (B,T,H)
        grads = bptt.backward(u, x0, x, model.W_xx, model.W_xu, model.activation, g, truncate,
                              need_u=False)
        H, O = model.hidden_size, model.output_size
        return {
            "W_xx": grads["W_xx"], "W_xu": grads["W_xu"], "b_x": grads["b_x"],
            "W_yx": dL_dy.reshape(-1, O).t() @ x.reshape(-1, H),
            "b_y": dL_dy.sum(dim=(0, 1)),
            "dL_dx": grads["dx"], "x": x,
        }


def state_grad_norms(model: nn.Module, u: torch.Tensor, loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                     x0: torch.Tensor | None = None) -> torch.Tensor:
    """‖∂L/∂x_t‖ for every t (T,): the total derivative through all later steps, the norm taken
    over batch and units. loss_fn(x, y) returns the scalar loss. Leaves no .grad behind."""
    tap = bptt.StateGradTap()
    with tap.attached(model):
        x, y = model(u, x0)
        loss = loss_fn(x, y)
        params = [p for p in model.parameters() if p.requires_grad]
        torch.autograd.grad(loss, params, allow_unused=True)
    return tap.norms()


def spectral_radius(W: torch.Tensor) -> float:
    """ρ(W) = max |λ_i(W)|: below 1 the linear recurrence forgets, above 1 it explodes."""
    with torch.no_grad():
        # float32 is plenty for a chart and twice as fast as float64 at H = 128.
        return float(torch.linalg.eigvals(W.detach().float()).abs().max())
