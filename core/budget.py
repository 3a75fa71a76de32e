"""What one BPTT step costs, and what one session may spend: a link, a slider, a preset or the CLI
cannot buy a minute of the server's CPU or a gigabyte of its memory.

For every recurrent layer with input size I, hidden size H and output size O, one sample and one
time step of the forward pass take about

    g·(H² + H·I) + H·O     multiply-adds      g = 1 Elman, 3 GRU, 4 LSTM (its gates); the LRU
                                              does H² + 2·H·I (C x_t, B u_t and D u_t)

so a step of batch B over T time steps costs B·T·Σ(...) forward, about twice that backward, plus
a fixed price per time step (the loop over t runs in Python: forward, backward, the tap). Memory
is what the backward pass keeps: a few floats per (sample, time step, unit), m per cell, and the
outputs' logits. The constants were measured on this project's machine (bench/budget.py,
bench/RESULTS.md "Cost of one step"): the estimate is an upper bound for every measured setting.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import RunConfig

if TYPE_CHECKING:
    from torch import nn

    from .tasks.base import Task

GATES = {"elman": 1, "gru": 3, "lstm": 4, "lru": 1}
INPUT_MULT = {"elman": 1, "gru": 1, "lstm": 1, "lru": 2}
# Measured upper bounds on this machine, one torch thread (bench/budget.py):
SECONDS_PER_MAC = 2.5e-10  # forward and backward, per multiply-add of the forward pass
SECONDS_PER_UNIT = {"elman": 10e-9, "gru": 30e-9, "lstm": 30e-9, "lru": 60e-9}  # elementwise work per (b, t, unit)
SECONDS_PER_TIME_STEP = {"elman": 60e-6, "gru": 150e-6, "lstm": 150e-6, "lru": 150e-6}  # the loop over t, per layer
KEPT_FLOATS = {"elman": 11, "gru": 12, "lstm": 12, "lru": 24}  # floats kept per (b, t, unit) for the backward pass
FIXED_BYTES = 16 * 2**20  # one step's working memory that does not grow with B·T·H

# What one session may spend on one step. 0.5 s keeps Pause and the other sessions' clicks
# answering (the run's lock is held for one step); 256 MB lets three training slots run at once
# in under a gigabyte.
MAX_SECONDS = 0.5
MAX_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Cost:
    macs: float  # multiply-adds of the forward pass
    seconds: float  # estimated time of one step on this machine
    bytes: float  # estimated peak memory of one step

    def fits(self) -> bool:
        return self.seconds <= MAX_SECONDS and self.bytes <= MAX_BYTES


def step_cost(cfg: RunConfig, io: tuple) -> Cost:
    """Cost of one training step of `cfg`. `io`: ((I, O), ...) per recurrent layer (io_of)."""
    H, B, T, cell = cfg.hidden_size, cfg.batch_size, cfg.seq_len, cfg.cell
    g = GATES[cell]
    macs = B * T * sum(g * H * H + INPUT_MULT[cell] * g * H * I + H * O for I, O in io)
    kept = B * T * sum(KEPT_FLOATS[cell] * H + 4 * O + I for I, O in io) * 4
    seconds = (macs * SECONDS_PER_MAC + B * T * H * len(io) * SECONDS_PER_UNIT[cell]
               + T * len(io) * SECONDS_PER_TIME_STEP[cell])
    return Cost(macs, seconds, kept + FIXED_BYTES)


def io_of(model: nn.Module) -> tuple:
    """((input size, output size), ...) of a network's recurrent layers."""
    from .model import RecurrentBase

    return tuple((m.input_size, m.output_size) for m in model.modules() if isinstance(m, RecurrentBase))


def io_of_task(task: Task) -> tuple:
    """The same for a task, from the smallest network it builds (sizes do not depend on H or the cell)."""
    import torch

    return io_of(task.build_model("elman", 1, "tanh", torch.Generator().manual_seed(0)))


def largest(cfg: RunConfig, io: tuple, field: str) -> int:
    """The largest value of `field` (batch_size, seq_len or hidden_size) that fits, others kept; 0 if none."""
    lo, hi = 1, getattr(cfg, field)
    if not step_cost(cfg.replace(**{field: lo}), io).fits():
        return 0
    while lo < hi:  # cost grows with each of B, T and H
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if step_cost(cfg.replace(**{field: mid}), io).fits() else (lo, mid - 1)
    return lo


def fit(cfg: RunConfig, io: tuple, order: Sequence[str] = ("batch_size", "seq_len", "hidden_size"),
        floor: dict[str, int] | None = None) -> tuple[RunConfig, dict[str, tuple[int, int]]]:
    """Scale a configuration back into the budget: lower batch_size first, then seq_len, then
    hidden_size, each only as far as needed. Returns (config, {field: (asked, used)}).
    `floor`: field -> smallest value allowed (a task's shortest sequence)."""
    floor = floor or {}
    changed = {}
    for field in order:
        if step_cost(cfg, io).fits():
            break
        asked = getattr(cfg, field)
        best = max(largest(cfg, io, field), floor.get(field, 1))
        best = min(best, asked)
        if best != asked:
            cfg = cfg.replace(**{field: best})
            changed[field] = (asked, best)
    return cfg, changed


def describe(cost: Cost) -> str:
    return f"{cost.seconds:.2g} s and {cost.bytes / 2**20:,.0f} MB per step"


def limits() -> str:
    return f"{MAX_SECONDS:g} s and {MAX_BYTES // 2**20} MB per step"


def per_session_bytes(params: int) -> float:
    """What one session holds at most: one step's working memory, and for the run and the one it
    replaced ('Back to the previous network') the weights with Adam's two moments and the probe
    states the history keeps (history.CHECKPOINT_BYTES)."""
    from .history import CHECKPOINT_BYTES

    return MAX_BYTES + 2 * (3 * 4 * params + CHECKPOINT_BYTES)


__all__ = ["Cost", "step_cost", "io_of", "io_of_task", "fit", "largest", "describe", "limits",
           "MAX_SECONDS", "MAX_BYTES"]
