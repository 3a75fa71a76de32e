"""The cost model of one step (core/budget.py) against what a step measures: CPU seconds and the
rise of peak resident memory, one fresh process per setting (so the allocator's cache of an
earlier setting does not hide this one's memory).

    nice -n 10 .venv/bin/python bench/budget.py            # the table for bench/RESULTS.md
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SETTINGS = [  # (task, cell, H, T, B): small, middle and at the budget's edge, every cell
    ("sine", "elman", 64, 100, 32), ("sine", "elman", 256, 200, 64), ("sine", "elman", 512, 100, 64),
    ("sine", "elman", 16, 1000, 32), ("sine", "lstm", 128, 200, 64), ("sine", "lstm", 256, 100, 64),
    ("sine", "gru", 128, 200, 64), ("sine", "gru", 256, 100, 64), ("sine", "lru", 128, 200, 64),
    ("sine", "lru", 256, 200, 32), ("generate", "elman", 128, 100, 64), ("generate", "lstm", 128, 100, 64),
    ("translate", "elman", 256, 12, 128), ("translate", "lstm", 256, 12, 128), ("sentiment", "gru", 128, 100, 64),
    ("caption", "lstm", 128, 16, 256),
]


def measure(task, cell, H, T, B, steps=3):
    """In this process: (median CPU seconds of a step, peak RSS rise in bytes during the steps)."""
    import torch

    from core import RunConfig, Trainer
    torch.set_num_threads(1)
    tr = Trainer(RunConfig(task=task, cell=cell, hidden_size=H, seq_len=T, batch_size=B))

    def hwm():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM"))
    base = hwm()  # the first step of a fresh network: what a new run costs the server
    times = [tr_seconds(tr) for _ in range(steps)]
    return sorted(times)[len(times) // 2], hwm() - base


def tr_seconds(tr):
    import time
    start = time.process_time()
    tr.step(diagnostics=False)
    return time.process_time() - start


def predicted(task, cell, H, T, B):
    from core import RunConfig
    from core.budget import io_of_task, step_cost
    from core.tasks import make_task
    cfg = RunConfig(task=task, cell=cell, hidden_size=H, seq_len=T, batch_size=B)
    return step_cost(cfg, io_of_task(make_task(task, T)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7]))))
        sys.exit(0)
    print("| task | cell | H | T | B | measured s | model s | ratio | measured MB | model MB | ratio | fits |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in SETTINGS:
        out = subprocess.run([sys.executable, __file__, "--one", *map(str, s)], capture_output=True, text=True,
                             check=True).stdout
        sec, rise = json.loads(out.strip().splitlines()[-1])
        c = predicted(*s)
        print(f"| {' | '.join(map(str, s))} | {sec:.3f} | {c.seconds:.3f} | {c.seconds / sec:.2f} | "
              f"{rise / 2**20:.0f} | {c.bytes / 2**20:.0f} | {c.bytes / max(rise, 1):.2f} | {c.fits()} |", flush=True)
