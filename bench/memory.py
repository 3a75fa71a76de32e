"""Peak resident memory of a long run, as the live page keeps it (Trainer + bounded History).

    .venv/bin/python bench/memory.py [steps]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch

from core import RunConfig, Trainer
from core.history import History

torch.set_num_threads(1)


def status_mb(field: str) -> float:
    """A memory line of /proc/self/status in MB: VmRSS (now) or VmHWM (peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    cfg = RunConfig(task="sine", hidden_size=64, seq_len=100, batch_size=32)
    tr, hist = Trainer(cfg), History()
    print(f"config: {cfg}")
    print(f"{'step':>8} {'RSS MB':>8} {'rows':>6} {'checkpoints':>11}")
    marks = {int(steps * f) for f in (0.01, 0.1, 0.25, 0.5, 0.75, 1.0)}
    for i in range(1, steps + 1):
        # The page takes probe states once per chunk (~every 10-30 steps): every 10th step here.
        hist.add(tr.step(diagnostics=i % 10 == 0))
        if i in marks:
            print(f"{i:8d} {status_mb('VmRSS'):8.1f} {len(hist.rows['step']):6d} {len(hist.checkpoints):11d}")
    print(f"peak RSS {status_mb('VmHWM'):.1f} MB after {steps} steps")
