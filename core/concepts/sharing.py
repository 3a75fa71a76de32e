"""Weight sharing (post §1, §3): an RNN shares its weights across time steps, a CNN across
positions.  Parameter counts as the sequence length T grows:

    RNN (shared over time):      H·H + H·I + H + O·H + O                    (no T in it)
    1-D convolution (k taps):    C_out·C_in·k + C_out                        (no T in it)
    unshared, one cell per step: T · (H·H + H·I + H + O·H + O)              (grows with T)
"""
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from .cell import parameter_count


def rnn_count(I: int, H: int, O: int) -> int:
    return parameter_count(I, H, O)


def conv_count(c_in: int, c_out: int, k: int) -> int:
    """nn.Conv1d(c_in, c_out, k) with bias."""
    return c_out * c_in * k + c_out


def unshared_count(I: int, H: int, O: int, T: int) -> int:
    """Every step with weights of its own: T copies of the five parameters."""
    return T * parameter_count(I, H, O)


def count_table(I: int, H: int, O: int, k: int, Ts: Iterable[int]) -> dict:
    """name -> list of counts for each T in Ts (the convolution maps I channels to H)."""
    Ts = [int(T) for T in Ts]
    return {"T": Ts,
            "rnn": [rnn_count(I, H, O) for _ in Ts],
            "conv": [conv_count(I, H, k) for _ in Ts],
            "unshared": [unshared_count(I, H, O, T) for T in Ts]}


def conv1d(signal: npt.ArrayLike, kernel: npt.ArrayLike, bias: float = 0.0) -> np.ndarray:
    """z_p = Σ_j kernel_j · signal_{p+j} + bias, p = 0..n-k (no padding; what nn.Conv1d computes:
    a cross-correlation).  The same kernel at every position p: sharing over space."""
    s, w = np.asarray(signal, float), np.asarray(kernel, float)
    if len(w) > len(s):
        raise ValueError("The kernel cannot be longer than the sequence.")
    return np.array([s[p:p + len(w)] @ w for p in range(len(s) - len(w) + 1)]) + bias


def window(n: int, k: int, p: int) -> range:
    """The input positions the kernel covers at output position p."""
    if not 0 <= p <= n - k:
        raise ValueError(f"The position must be between 0 and {n - k}.")
    return range(p, p + k)


def demo_signal(n: int) -> np.ndarray:
    """A fixed, readable input for the convolution picture."""
    t = np.arange(n)
    return np.round(np.sin(2 * np.pi * t / 8) + 0.5 * (t % 5 == 0), 2)
