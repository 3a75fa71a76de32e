"""The "Vanishing gradients" example over seeds: the preset's own settings (recall, T = 60, tanh,
H = 32, Adam lr 0.003, batch 64, clip 1, 600 steps; core.presets) trained with the app's Trainer
for each cell. Per run: test accuracy (chance 0.25), ‖∂L/∂x_1‖ / ‖∂L/∂x_T‖ at the last step, and
CPU seconds (one torch thread). `--library-gates` starts LSTM/GRU with core.model's gates
(forget bias 1, update bias 0) instead of the recall task's open memory gate.

    .venv/bin/python bench/quality_vanishing.py --out bench/results/vanishing.md
    .venv/bin/python bench/quality_vanishing.py --cells lstm gru --seeds 0 1 2 --library-gates \\
        --out bench/results/vanishing.md
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.presets import get_preset
from core.tasks import make_task
from core.train import Trainer


def run(cell, seed, library_gates=False, steps=None):
    """Train the vanishing preset with `cell` and `seed`: (accuracy, ratio ‖∂L/∂x_1‖/‖∂L/∂x_T‖, CPU s)."""
    preset = get_preset("vanishing")
    cfg = preset.config().replace(cell=cell, seed=seed)
    task = make_task(cfg.task, cfg.seq_len, cfg.seed)
    if library_gates:
        task.gate_bias = None
    start = time.process_time()
    trainer = Trainer(cfg, task)
    records = trainer.train(steps or preset.n_steps(), diagnostics_every=10**9)
    g = records[-1].state_grad
    return task.evaluate(trainer.model, "test").metric, float(g[0] / g[-1]), time.process_time() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", nargs="+", default=["elman", "lstm", "gru"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--library-gates", action="store_true")
    ap.add_argument("--out", default="", help="append the markdown table to this file")
    args = ap.parse_args()
    torch.set_num_threads(1)
    gates = "core.model's gates" if args.library_gates else "open memory gate"
    lines = [f"Vanishing preset (recall, T = 60, 600 steps), LSTM/GRU with {gates}, seeds {args.seeds}.", "",
             "| cell | accuracy per seed | mean | ‖∂L/∂x_1‖/‖∂L/∂x_T‖ per seed | CPU s per run |",
             "|---|---|---|---|---|"]
    for cell in args.cells:
        rows = [run(cell, s, args.library_gates) for s in args.seeds]
        print(cell, rows, file=sys.stderr, flush=True)
        accs = [r[0] for r in rows]
        lines.append(f"| {cell} | {' '.join(f'{a:.2f}' for a in accs)} | {sum(accs) / len(accs):.2f} | "
                     f"{' '.join(f'{r[1]:.0e}' for r in rows)} | {max(r[2] for r in rows):.0f} (max) |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            flags = f"--cells {' '.join(args.cells)} --seeds {' '.join(map(str, args.seeds))}" + \
                (" --library-gates" if args.library_gates else "")
            f.write(f"\n`.venv/bin/python bench/quality_vanishing.py {flags}`\n\n{text}\n")


if __name__ == "__main__":
    main()
