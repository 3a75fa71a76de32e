"""Quality of the recall task: which cell learns to remember the first of 4 symbols across
T−1 distractors, as T grows. Test accuracy (512 held-out sequences, chance 0.25) after a fixed
budget of Adam steps, the same recipe for every cell (core.tasks.recall.compare_cells: hidden
size 32, lr 0.01, batch 64, clip 1), one torch thread.

    .venv/bin/python bench/quality_recall.py                          # 600 steps, seeds 0 1 2
    .venv/bin/python bench/quality_recall.py --steps 150 --seeds 0    # the page's default budget
    .venv/bin/python bench/quality_recall.py --out bench/results/recall.md   # also write markdown

Prints one row per (cell, T): the accuracy per seed, their mean, and the wall time.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.tasks.recall import compare_cells


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--lengths", type=int, nargs="+", default=[5, 10, 20, 40, 80])
    ap.add_argument("--out", default="", help="append the markdown table to this file")
    args = ap.parse_args()
    torch.set_num_threads(1)

    runs, seconds = [], []
    for seed in args.seeds:
        start = time.perf_counter()
        runs.append(compare_cells(tuple(args.lengths), steps=args.steps, seed=seed))
        seconds.append(time.perf_counter() - start)
        print(f"seed {seed}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    cells = list(runs[0]["accuracy"])
    lines = [f"Recall, K = 4 symbols (chance 0.25), {args.steps} steps per run, seeds {args.seeds}; "
             f"wall time per seed (all cells and lengths): {', '.join(f'{s:.0f} s' for s in seconds)}.",
             "", "| cell | T | accuracy per seed | mean |", "|---|---|---|---|"]
    for cell in cells:
        for i, T in enumerate(args.lengths):
            accs = [r["accuracy"][cell][i] for r in runs]
            lines.append(f"| {cell} | {T} | {' '.join(f'{a:.3f}' for a in accs)} | {sum(accs) / len(accs):.3f} |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(f"\n`.venv/bin/python bench/quality_recall.py --steps {args.steps} --seeds "
                    f"{' '.join(map(str, args.seeds))} --lengths {' '.join(map(str, args.lengths))}`\n\n")
            f.write(text + "\n")


if __name__ == "__main__":
    main()
