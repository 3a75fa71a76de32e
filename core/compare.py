"""Side by side: two runs with the same seed and one setting changed (hidden size or sequence
length), trained for the same number of steps, for overlaid loss and ‖∂L/∂x_t‖ charts."""
from .config import RunConfig
from .history import History
from .tasks import get_task, make_task
from .train import Trainer

COMPARABLE = ("hidden_size", "seq_len")


def run_pair(cfg: RunConfig, field: str, value: int, steps: int, source=None) -> tuple[History, History]:
    """Train cfg (A) and cfg with `field` = value (B) for `steps` steps each; return both histories."""
    if field not in COMPARABLE:
        raise ValueError(f"Side by side compares {' or '.join(COMPARABLE)}, not {field}.")
    if field == "seq_len":
        lo, hi, _ = get_task(cfg.task).seq_len_bounds
        if not lo <= value <= hi:
            raise ValueError(f"The sequence length for {cfg.task} must be between {lo} and {hi}.")
    other = cfg.replace(**{field: value})
    every = max(1, steps // 25)
    out = []
    for c in (cfg, other):
        trainer = Trainer(c, make_task(c.task, c.seq_len, c.seed, source))
        hist = History()
        hist.add(trainer.inspect())
        for i in range(steps):
            rec = trainer.step(diagnostics=(i + 1) % every == 0 or i + 1 == steps)
            hist.add(rec)
            if rec.exploded:
                break
        out.append(hist)
    return out[0], out[1]
