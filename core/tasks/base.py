"""The task interface: a task owns its data, its sizes, its loss, its metric and its evaluation.
The trainer knows nothing else about it. How a task's predictions are drawn is not the task's
business: `core.charts.task_figure(task, model, words)` finds the figure in `core.charts.<name>`.

A task is built from `(seq_len, seed, source)`; `source` is optional user data (a text, a
DataFrame, extra labelled sentences...) and anything unusable raises ValueError with a sentence.
"""
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn


@dataclass
class Probe:
    """A fixed sample shown on the unrolled-state charts."""
    states: np.ndarray  # (T,H) hidden states x_t of the probe sample
    labels: list  # T strings for the time axis (the inputs: values or tokens)
    title: str = ""


@dataclass
class Evaluation:
    loss: float
    metric: float
    extra: dict = field(default_factory=dict)  # e.g. baseline numbers a task wants to report


class Task:
    name = ""  # the CLI's --task name
    kind = "many-to-one"  # many-to-one | one-to-many | many-to-many
    seq_len_bounds = (2, 500, 30)  # (min, max, default) for RunConfig.seq_len
    metric = "accuracy"  # what the metric is: an id, worded by the catalogue as metric.<id>
    higher_is_better = True
    # Settings a preset of this task starts from (RunConfig field -> value).
    defaults: dict = {}
    predict_help = "INPUT"

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        lo, hi, _ = self.seq_len_bounds
        if not lo <= seq_len <= hi:
            raise ValueError(f"The sequence length for {self.name} must be between {lo} and {hi}; got {seq_len}.")
        self.seq_len, self.seed, self.source = seq_len, seed, source

    # --- what the trainer uses -------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        """A module holding at least one core.model.RecurrentBase layer, every initial weight
        drawn from `gen` (core.model's constructors take it)."""
        raise NotImplementedError

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        """A training batch drawn with `gen` only (the run must be reproducible)."""
        raise NotImplementedError

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        """(scalar loss with a graph, the metric on this batch as a float)."""
        raise NotImplementedError

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        """Loss and metric on held-out data ('val' or 'test'), without gradients."""
        raise NotImplementedError

    def probe(self, model: nn.Module) -> Probe:
        raise NotImplementedError

    def probe_batch(self) -> tuple | None:
        """The probe sample as a batch of one that `loss` takes, when its length differs from the
        training batches' (padded sentences): chart 3 then shows ‖∂L/∂x_t‖ of the very sequence
        chart 2 shows. None: the training batch's ‖∂L/∂x_t‖, over the same T steps as the probe."""
        return None

    # --- what the CLI uses (the screens' figures live in core.charts.<name>) -----------------
    def predict(self, model: nn.Module, text: str) -> str:
        """The CLI's `predict`: a readable answer for one input (ValueError on bad input)."""
        raise NotImplementedError

    def source_state(self) -> object:
        """The user data this task was built from, as plain JSON-able values (for saved runs)."""
        return self.source
