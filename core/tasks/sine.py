"""Built-in task: read a noisy sine wave and predict its next clean value at every step
(many-to-many, synchronous). Small, instant and visual: the default example."""
import math

import numpy as np
import torch
from torch import nn

from ..model import make_rnn
from ..said import InputError
from .base import Evaluation, Probe, Task


class SineTask(Task):
    name = "sine"
    kind = "many-to-many"
    seq_len_bounds = (2, 1000, 40)
    metric = "r2"
    defaults = {"hidden_size": 16, "lr": 0.01, "optimizer": "adam", "batch_size": 32}
    predict_help = "comma-separated values, e.g. '0, 0.5, 0.87, 1'"
    noise = 0.15

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        gen = torch.Generator().manual_seed(seed)
        self.train_u, self.train_y = self._make(1024, gen)
        self.val_u, self.val_y = self._make(256, gen)
        self.test_u, self.test_y = self._make(256, gen)

    def _make(self, n, gen):
        T = self.seq_len
        omega = 2 * math.pi / (8 + 24 * torch.rand(n, 1, generator=gen))  # periods of 8..32 steps
        phase = 2 * math.pi * torch.rand(n, 1, generator=gen)
        t = torch.arange(T + 1, dtype=torch.float32)
        clean = torch.sin(omega * t + phase)  # (n, T+1)
        u = clean[:, :T] + self.noise * torch.randn(n, T, generator=gen)
        return u.unsqueeze(-1), clean[:, 1:].unsqueeze(-1)  # (n,T,1), (n,T,1)

    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return make_rnn(cell, 1, hidden_size, 1, activation, gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        idx = torch.randint(0, len(self.train_u), (batch_size,), generator=gen)
        return self.train_u[idx], self.train_y[idx]

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        u, target = batch
        _, y = model(u)
        loss = torch.mean((y - target) ** 2)
        return loss, float(1 - loss.detach() / target.var())

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        u, target = (self.val_u, self.val_y) if split == "val" else (self.test_u, self.test_y)
        with torch.no_grad():
            loss, r2 = self.loss(model, (u, target))
        # Baseline: repeat the noisy input (tomorrow = today).
        base = float(torch.mean((u - target) ** 2))
        return Evaluation(float(loss), r2, {"baseline_mse": base})

    def probe(self, model: nn.Module) -> Probe:
        with torch.no_grad():
            x, _ = model(self.val_u[:1])
        u = self.val_u[0, :, 0].numpy()
        return Probe(x[0].numpy(), [f"{v:.2f}" for v in u], "validation sequence 0")

    def prediction(self, model: nn.Module) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Validation sequence 0 as (u_t, target, y_t), three (T,) arrays."""
        with torch.no_grad():
            _, y = model(self.val_u[:1])
        return self.val_u[0, :, 0].numpy(), self.val_y[0, :, 0].numpy(), y[0, :, 0].numpy()

    def predict(self, model: nn.Module, text: str) -> str:
        try:
            values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
        except ValueError:
            raise InputError("sine.not_numbers") from None
        if not values:
            raise InputError("sine.no_numbers")
        with torch.no_grad():
            _, y = model(torch.tensor(values, dtype=torch.float32).view(1, -1, 1))
        return f"{float(y[0, -1, 0]):.4f}"
