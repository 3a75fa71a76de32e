"""Side by side: two runs with the same seed and one setting changed (hidden size, sequence
length or the cell), trained for the same number of steps, for overlaid loss and ‖∂L/∂x_t‖
charts. The app trains the pair through its training slots (ui/compare.py); `run_pair` is the
same comparison headless, for a notebook or a test."""
from __future__ import annotations

from .config import RunConfig
from .history import History
from .model import CELLS
from .tasks import get_task, make_task
from .train import Trainer, cadence

COMPARABLE = ("hidden_size", "seq_len", "cell")


def variant(cfg: RunConfig, field: str, value: int | str) -> RunConfig:
    """Run B's configuration: cfg with `field` = value (ValueError with a sentence if not allowed)."""
    if field not in COMPARABLE:
        raise ValueError(f"Side by side compares {', '.join(COMPARABLE)}, not {field}.")
    if field == "cell" and value not in CELLS:
        raise ValueError(f"'{value}' is not a cell; choose one of {', '.join(CELLS)}.")
    if field == "seq_len":
        lo, hi, _ = get_task(cfg.task).seq_len_bounds
        if not lo <= value <= hi:
            raise ValueError(f"The sequence length for {cfg.task} must be between {lo} and {hi}.")
    return cfg.replace(**{field: value})


def run_pair(cfg: RunConfig, field: str, value: int | str, steps: int,
             source: object = None) -> tuple[History, History]:
    """Train cfg (A) and cfg with `field` = value (B) for `steps` steps each; return both histories."""
    other = variant(cfg, field, value)
    out = []
    for c in (cfg, other):
        trainer = Trainer(c, make_task(c.task, c.seq_len, c.seed, source))
        hist = History()
        hist.add(trainer.inspect())
        trainer.train(steps, hist.add, diagnostics_every=cadence(steps))
        out.append(hist)
    return out[0], out[1]
