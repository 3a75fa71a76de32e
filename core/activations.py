"""The activations σ the post's cell can use, each with its derivative written in
terms of the activation's *output* (that is what hand-written BPTT keeps around).

    tanh:     σ'(a) = 1 - x²
    sigmoid:  σ'(a) = x (1 - x)
    relu:     σ'(a) = 1[x > 0]
    identity: σ'(a) = 1          (the linear system of the concept screens)
"""
import torch

ACTIVATIONS = ("tanh", "sigmoid", "relu", "identity")


def check_activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"Unknown activation '{name}'. Choose one of: {', '.join(ACTIVATIONS)}.")
    return name


def apply(name: str, a: torch.Tensor) -> torch.Tensor:
    """σ(a), out of place."""
    if name == "tanh":
        return torch.tanh(a)
    if name == "sigmoid":
        return torch.sigmoid(a)
    if name == "relu":
        return torch.relu(a)
    return a


def apply_(name: str, a: torch.Tensor) -> torch.Tensor:
    """σ(a) in place (the forward unroll owns its buffers, so this saves an allocation per step)."""
    if name == "tanh":
        return a.tanh_()
    if name == "sigmoid":
        return a.sigmoid_()
    if name == "relu":
        return a.relu_()
    return a


def grad_from_output(name: str, x: torch.Tensor) -> torch.Tensor:
    """σ'(a) expressed through x = σ(a)."""
    if name == "tanh":
        return 1.0 - x * x
    if name == "sigmoid":
        return x * (1.0 - x)
    if name == "relu":
        return (x > 0).to(x.dtype)
    return torch.ones_like(x)


def max_slope(name: str) -> float:
    """max |σ'|: the factor in the gradient bound (‖W_xx‖₂ · max|σ'|)^(T-t)."""
    return 0.25 if name == "sigmoid" else 1.0
