"""Built-in task: remember the first symbol through T−1 distractors (many-to-one).

    u_1     = one-hot of the symbol s ∈ {A, B, C, D} to remember      (channels 0..K−1)
    u_2..T  = one-hot of a random distractor symbol ∈ {a, b, c, d}    (channels K..2K−1)
    target  = s, read from y_T only (softmax over K classes);  chance accuracy = 1/K

Nothing after step 1 tells which symbol came first, so the network must carry it in x_t over
T−1 steps: the gradient that teaches it must travel back T−1 steps too (post §7).

The gated cells start with their memory gate open (MEMORY_GATE_BIAS): the LSTM's forget gate and
the GRU's update gate z (x_t = (1 − z)⊙n + z⊙x_{t−1}) start at σ(3) ≈ 0.95 instead of
σ(1) ≈ 0.73 and σ(0) = 0.5. That is what a gate is for, and the Elman cell has nothing like it.
With the open gate LSTM and GRU learn T = 60 within a few hundred steps; with the library's
gates they sat at chance like the Elman cell (bench/results/vanishing.md).
"""
from collections.abc import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..concepts.eigen import recurrence_eigen
from ..model import RecurrentBase, make_rnn
from ..said import InputError
from .base import Evaluation, Probe, Task

K = 4  # symbols to remember
SYMBOLS = "ABCD"
DISTRACTORS = "abcd"
MEMORY_GATE_BIAS = 3.0  # LSTM forget gate / GRU update gate bias at the start: σ(3) ≈ 0.95 kept per step


class RecallTask(Task):
    name = "recall"
    kind = "many-to-one"
    seq_len_bounds = (2, 200, 20)
    metric = "accuracy_chance"
    higher_is_better = True
    defaults = {"hidden_size": 32, "lr": 0.003, "optimizer": "adam", "batch_size": 64, "clip": 1.0}
    preset_steps = 300
    predict_help = "the first symbol, A, B, C or D (the distractors are drawn from a fixed seed)"
    gate_bias = MEMORY_GATE_BIAS  # None: the gates as core.model makes them (the bench compares both)

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        if source is not None:
            raise ValueError("The recall task makes its own sequences; it takes no data of yours.")
        gen = torch.Generator().manual_seed(seed + 7919)  # held-out sets apart from training draws
        self.val_u, self.val_y = self.make(512, gen)
        self.test_u, self.test_y = self.make(512, gen)

    def make(self, n: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """n sequences: u (n,T,2K) one-hot, y (n,) the first symbol's index."""
        T = self.seq_len
        first = torch.randint(0, K, (n,), generator=gen)
        noise = torch.randint(K, 2 * K, (n, T - 1), generator=gen)
        ids = torch.cat([first.unsqueeze(1), noise], dim=1)  # (n,T)
        return F.one_hot(ids, 2 * K).float(), first

    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return open_memory_gate(make_rnn(cell, 2 * K, hidden_size, K, activation, gen), self.gate_bias)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        return self.make(batch_size, gen)  # fresh sequences every step: nothing to memorise

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        u, target = batch
        _, y = model(u)
        logits = y[:, -1]  # (B,K): only the last step is read
        loss = F.cross_entropy(logits, target)
        return loss, float((logits.argmax(1) == target).float().mean())

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        u, target = (self.val_u, self.val_y) if split == "val" else (self.test_u, self.test_y)
        with torch.no_grad():
            loss, acc = self.loss(model, (u, target))
        return Evaluation(float(loss), acc, {"chance": 1.0 / K})

    def probe(self, model: nn.Module) -> Probe:
        with torch.no_grad():
            x, _ = model(self.val_u[:1])
        return Probe(x[0].numpy(), _labels(self.val_u[0]), "validation sequence 0")

    def probabilities(self, model: nn.Module, u: torch.Tensor) -> np.ndarray:
        """softmax(y_T) for each sequence of u (n,T,2K) -> (n,K) numpy."""
        with torch.no_grad():
            _, y = model(u)
        return torch.softmax(y[:, -1], dim=1).numpy()

    def confusion(self, model: nn.Module) -> np.ndarray:
        """(K,K): row s is the mean probability the network gives each symbol on the validation
        sequences whose first symbol is s (zeros if no sequence starts with s)."""
        p = self.probabilities(model, self.val_u)
        y = self.val_y.numpy()
        return np.stack([p[y == s].mean(0) if (y == s).any() else np.zeros(K) for s in range(K)])

    def predict(self, model: nn.Module, text: str) -> str:
        s = text.strip().upper()
        if len(s) != 1 or s not in SYMBOLS:
            raise InputError("recall.not_a_symbol")
        gen = torch.Generator().manual_seed(0)
        u, _ = self.make(1, gen)
        u[0, 0] = F.one_hot(torch.tensor(SYMBOLS.index(s)), 2 * K).float()
        p = self.probabilities(model, u)[0]
        ranked = ", ".join(f"{SYMBOLS[i]} {p[i]:.2f}" for i in np.argsort(-p))
        return f"{SYMBOLS[int(p.argmax())]} ({ranked})"

    def source_state(self) -> object:
        return None


def open_memory_gate(layer: RecurrentBase, bias: float | None = MEMORY_GATE_BIAS) -> RecurrentBase:
    """Start an LSTM's forget gate or a GRU's update gate z at σ(bias): the cell keeps that
    share of its memory per step. The Elman cell (and any other), or bias None: unchanged."""
    H, rnn = layer.hidden_size, getattr(layer, "rnn", None)
    if bias is not None and layer.cell_name in ("lstm", "gru"):  # gate order: LSTM i, f, g, o; GRU r, z, n
        with torch.no_grad():
            rnn.bias_ih_l0[H:2 * H].fill_(bias)
            rnn.bias_hh_l0[H:2 * H].zero_()
    return layer


def _labels(u):
    ids = u.argmax(-1).tolist()
    return [SYMBOLS[i] if i < K else DISTRACTORS[i - K] for i in ids]


CELLS = ("elman", "lstm", "gru", "lru")  # the cells the lab's race trains, in this order


def compare_cells(lengths: Sequence[int] = (5, 10, 20, 40), cells: Sequence[str] = CELLS, steps: int = 150,
                  hidden_size: int = 32, batch_size: int = 64, lr: float = 0.003, seed: int = 0, clip: float = 1.0,
                  progress: Callable[[float], object] | None = None) -> dict:
    """Train each cell on recall for `steps` Adam steps at every T and measure test accuracy.

    A short loop of its own rather than core.train.Trainer: the trainer records ‖∂L/∂x_t‖ every
    step, which makes the gated cells unroll step by step; here only the final accuracy counts,
    so the gated cells run on torch's fused kernels. Same recipe for every cell: same seed,
    hidden size, batches, learning rate and clipping; LSTM and GRU start with the open memory gate.
    Returns {'lengths': [T...], 'chance': 1/K, 'accuracy': {cell: [acc per T]}, 'steps': steps,
    'eigen': {cell: [(before, after) per T]}} with the recurrence's eigenvalues before and after
    training (core.concepts.eigen; the gated cells' Jacobian at validation sequence 0, t = T).
    progress(done, total) is called after each run, if given.
    """
    acc, eig = {c: [] for c in cells}, {c: [] for c in cells}
    total, done = len(cells) * len(lengths), 0
    for T in lengths:
        task = RecallTask(T, seed)
        for cell in cells:
            start = recurrence_eigen(task.build_model(cell, hidden_size, "tanh", torch.Generator().manual_seed(seed)),
                                     task.val_u[:1])  # the same draw _train starts from
            model = _train(task, cell, steps, hidden_size, batch_size, lr, seed, clip)
            model.eval()
            acc[cell].append(task.evaluate(model, "test").metric)
            eig[cell].append((start, recurrence_eigen(model, task.val_u[:1])))
            done += 1
            if progress is not None:
                progress(done, total)
    return {"lengths": list(lengths), "chance": 1.0 / K, "accuracy": acc, "steps": steps, "eigen": eig}


def _train(task, cell, steps, hidden_size, batch_size, lr, seed, clip):
    # same initial draw for a given cell and seed
    model = task.build_model(cell, hidden_size, "tanh", torch.Generator().manual_seed(seed))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        loss, _ = task.loss(model, task.sample_batch(batch_size, gen))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)  # one bad step cannot ruin the run
        opt.step()
    return model
