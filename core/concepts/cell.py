"""The post's cell and its five parameters (post §6), with live numbers.

    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)      W_xx (H,H), W_xu (H,I), b_x (H,)
    y_t = W_yx x_t + b_y                        W_yx (O,H), b_y (O,)
    parameters: H·H + H·I + H + O·H + O

The post writes y_t = σ(W_yx x_t + b_y); core.ElmanRNN leaves that last σ (softmax, sigmoid…)
to the task's loss, and so does this screen.
"""
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch

from ..model import ElmanRNN

MAX_TOKENS = 24  # a sentence to step through by hand, not a corpus
MATRIX_LIMIT = 6  # up to this size the equation is written out with numbers (bmatrix)


def parameter_shapes(I: int, H: int, O: int) -> dict:
    """name -> shape of the post's five parameters, in the post's order."""
    for n, v in (("input size I", I), ("hidden size H", H), ("output size O", O)):
        if int(v) < 1:
            raise ValueError(f"The {n} must be at least 1.")
    return {"W_xx": (H, H), "W_xu": (H, I), "b_x": (H,), "W_yx": (O, H), "b_y": (O,)}


def parameter_count(I: int, H: int, O: int) -> int:
    """H·H + H·I + H + O·H + O, the same for every sequence length T."""
    return H * H + H * I + H + O * H + O


def make_cell(I: int, H: int, O: int, activation: str = "tanh", seed: int = 0,
              vocab: Sequence[str] | None = None) -> ElmanRNN:
    """A fixed random ElmanRNN: the same seed gives the same numbers on every rerun.
    The biases are drawn too (ElmanRNN starts them at zero) so that every term shows a number.
    Each parameter has its own draw, so a new sentence (another I) leaves W_xx, b_x, W_yx and b_y
    as they were; W_xu's column for a token is drawn from the token itself (`vocab`, I words),
    so the same word meets the same column in every sentence."""
    parameter_shapes(I, H, O)
    model = ElmanRNN(I, H, O, activation, torch.Generator().manual_seed(seed))
    words = list(vocab) if vocab is not None else [f"#{j}" for j in range(I)]

    def draw(shape, *key):
        gen = torch.Generator().manual_seed(zlib.crc32(repr((seed, *key)).encode("utf-8")))
        return (torch.rand(shape, generator=gen) * 2 - 1) / H ** 0.5 * 1.5

    with torch.no_grad():
        for name, p in model.named_post_parameters().items():
            tensor = p[0]
            if name == "W_xu":  # (H, I): one column per input token
                tensor.copy_(torch.stack([draw((H,), name, w) for w in words], dim=1))
            else:
                tensor.copy_(draw(tuple(tensor.shape), name))
    return model


def parameters_numpy(model: ElmanRNN) -> dict:
    """The five parameters as numpy arrays, name -> array."""
    return {k: v[0].detach().numpy().copy() for k, v in model.named_post_parameters().items()}


@dataclass
class Step:
    """Every number of one step t, as numpy (H,) / (I,) / (O,) vectors."""
    x_prev: np.ndarray  # x_{t-1}
    u: np.ndarray  # u_t
    recur: np.ndarray  # W_xx x_{t-1}
    inject: np.ndarray  # W_xu u_t
    a: np.ndarray  # the pre-activation W_xx x_{t-1} + W_xu u_t + b_x
    x: np.ndarray  # x_t = σ(a), computed by ElmanRNN.cell itself
    y: np.ndarray  # y_t = W_yx x_t + b_y, computed by the model's readout


def step(model: ElmanRNN, x_prev: npt.ArrayLike, u_t: npt.ArrayLike) -> Step:
    """One step with every intermediate number.  x_prev (H,), u_t (I,)."""
    with torch.no_grad():
        xp = torch.as_tensor(np.asarray(x_prev), dtype=torch.float32).reshape(1, -1)
        ut = torch.as_tensor(np.asarray(u_t), dtype=torch.float32).reshape(1, -1)
        recur = xp @ model.W_xx.t()
        inject = ut @ model.W_xu.t()
        x = model.cell(xp, ut)
        y = model.readout(x)
        a = recur + inject + model.b_x
    return Step(xp[0].numpy(), ut[0].numpy(), recur[0].numpy(), inject[0].numpy(),
                a[0].numpy(), x[0].numpy(), y[0].numpy())


# ---------------------------------------------------------------- a sentence, token by token
def tokenize(text: str) -> list:
    """Split on '/' when the text has one (the post writes "I / like / eating"), else on spaces."""
    text = (text or "").strip()
    parts = text.split("/") if "/" in text else text.split()
    tokens = [p.strip() for p in parts if p.strip()]
    if not tokens:
        raise ValueError("Type a short sentence first, e.g. 'I / like / eating'.")
    if len(tokens) > MAX_TOKENS:
        raise ValueError(f"That is {len(tokens)} tokens; step through at most {MAX_TOKENS}.")
    return tokens


def one_hot(tokens: list) -> tuple[list, np.ndarray]:
    """vocab (words in order of first appearance) and u (T, V): u_t is 1 at its word's index."""
    vocab = list(dict.fromkeys(tokens))
    u = np.zeros((len(tokens), len(vocab)), dtype=np.float32)
    u[np.arange(len(tokens)), [vocab.index(t) for t in tokens]] = 1.0
    return vocab, u


@dataclass
class SentenceRun:
    tokens: list
    vocab: list
    u: np.ndarray  # (T, V) one-hot inputs u_1..u_T
    x: np.ndarray  # (T+1, H) states x_0 = 0, x_1..x_T
    model: ElmanRNN


def run_sentence(text: str, H: int, O: int, activation: str = "tanh", seed: int = 0) -> SentenceRun:
    """The sentence through a fixed random cell with I = vocabulary size, step by step."""
    tokens = tokenize(text)
    vocab, u = one_hot(tokens)
    model = make_cell(len(vocab), H, O, activation, seed, vocab)
    x = np.zeros((len(tokens) + 1, H), dtype=np.float32)
    for t in range(len(tokens)):
        x[t + 1] = step(model, x[t], u[t]).x
    return SentenceRun(tokens, vocab, u, x, model)


# ---------------------------------------------------------------- the equation, filled in
def _num(v: float, digits: int) -> str:
    s = f"{v:.{digits}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s  # no "-0.00"


def _bmatrix(a, digits: int) -> str:
    rows = [" & ".join(_num(v, digits) for v in row) for row in np.atleast_2d(np.asarray(a, float))]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def _col(v, digits):
    return _bmatrix(np.asarray(v, float).reshape(-1, 1), digits)


def fits_latex(I: int, H: int, O: int) -> bool:
    """Small enough to write every number out (else the screen draws heatmaps)."""
    return H <= MATRIX_LIMIT and O <= MATRIX_LIMIT and I <= 10


def state_latex(model: ElmanRNN, s: Step, t: int, digits: int = 2) -> str:
    """x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x) with every matrix and vector written out."""
    p = parameters_numpy(model)
    sig = {"tanh": r"\tanh", "sigmoid": r"\mathrm{sigmoid}", "relu": r"\mathrm{relu}",
           "identity": ""}[model.activation]
    ub = _underbrace
    # three lines (recurrent term, input term, result): one line would run off a laptop screen
    return (r"\begin{aligned}"
            f"x_{{{t}}} &= {sig}\\Big({ub(_bmatrix(p['W_xx'], digits), 'W_{xx}')}"
            f"{ub(_col(s.x_prev, digits), f'x_{{{t - 1}}}')}"
            f" \\\\ &\\qquad + {ub(_bmatrix(p['W_xu'], digits), 'W_{xu}')}{ub(_col(s.u, digits), f'u_{{{t}}}')}"
            f" + {ub(_col(p['b_x'], digits), 'b_x')}\\Big)"
            f" \\\\ &= {sig}{_col(s.a, digits)} = {_col(s.x, digits)}" r"\end{aligned}")


def _underbrace(body: str, name: str) -> str:
    return f"\\underbrace{{{body}}}_{{{name}}}"


def output_latex(model: ElmanRNN, s: Step, t: int, digits: int = 2) -> str:
    """y_t = W_yx x_t + b_y written out."""
    p = parameters_numpy(model)
    ub = _underbrace
    return (f"y_{{{t}}} = {ub(_bmatrix(p['W_yx'], digits), 'W_{yx}')}{ub(_col(s.x, digits), f'x_{{{t}}}')}"
            f" + {ub(_col(p['b_y'], digits), 'b_y')} = {_col(s.y, digits)}")

