"""The lesson of the linear recurrent unit: recall the first of 4 symbols through T−1
distractors at long T (200–1,000), Elman vs LSTM vs GRU vs LRU, the same recipe for every cell
(core.tasks.recall._train: hidden size 32, Adam lr 0.01, batch 64, clip 1), one torch thread.
Also what the screens show: the largest |eigenvalue| of the recurrence after training and
‖∂L/∂x_1‖ / ‖∂L/∂x_T‖ on a test batch (does the gradient reach the first step?).

    .venv/bin/python bench/lru_recall.py --seed 0 --lengths 200 1000 --steps 300

Prints one markdown row per (cell, T): test accuracy, CPU seconds of the run, max|λ|, the
gradient ratio. The recall task's own bound (T ≤ 200 on the screens) is lifted here.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.diagnostics import spectral_radius, state_grad_norms
from core.tasks.recall import RecallTask, _train


class LongRecall(RecallTask):
    seq_len_bounds = (2, 1000, 20)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lengths", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--cells", nargs="+", default=["elman", "lstm", "gru", "lru"])
    args = ap.parse_args()
    torch.set_num_threads(1)
    for T in args.lengths:
        task = LongRecall(T, args.seed)
        for cell in args.cells:
            start = time.process_time()
            model = _train(task, cell, args.steps, 32, 64, 0.01, args.seed, 1.0)
            cpu = time.process_time() - start
            model.eval()
            acc = task.evaluate(model, "test").metric
            layer = model
            rho = spectral_radius(layer.recurrent_matrix()) if cell in ("elman", "lru") else float("nan")
            u, y = task.test_u[:64], task.test_y[:64]
            norms = state_grad_norms(model, u, lambda x, out, y=y: torch.nn.functional.cross_entropy(out[:, -1], y))
            ratio = float(norms[0] / norms[-1]) if norms[-1] > 0 else float("nan")
            print(f"| {cell} | {T} | {args.seed} | {acc:.3f} | {cpu:.0f} | {rho:.4f} | {ratio:.2e} |", flush=True)


if __name__ == "__main__":
    main()
