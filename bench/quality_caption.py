"""Quality of the caption preset: exact captions on held-out test images after `preset_steps`
of training, with one torch thread, and the wall time that took.

    .venv/bin/python bench/quality_caption.py                    # the preset (Elman), seeds 0 1 2
    .venv/bin/python bench/quality_caption.py --cells elman lstm gru --seeds 0

Every step runs with diagnostics (probe states, ρ(W_xx), validation every 25 steps), as the
live app does, so the time is an upper bound for the headless CLI. Wall time depends on what
else runs on the machine; CPU time (this process) much less. The test images are never
used for training or for choosing anything during the run.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.config import RunConfig
from core.tasks import make_task
from core.tasks.caption import CaptionTask
from core.train import Trainer


def run(cell: str, seed: int, steps: int) -> dict:
    task = make_task("caption", seed=seed)
    cfg = RunConfig(task="caption", seq_len=task.seq_len, seed=seed, **{**CaptionTask.defaults, "cell": cell})
    start, cpu = time.perf_counter(), time.process_time()
    trainer = Trainer(cfg, task)
    first_80 = None  # first validation check at ≥ 80% (the app's chart shows it)
    for _ in range(steps):
        rec = trainer.step(diagnostics=True)
        if first_80 is None and rec.val_metric is not None and rec.val_metric >= 0.8:
            first_80 = (rec.step, time.perf_counter() - start)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    ev = task.evaluate(trainer.model, "test")
    return {"cell": cell, "seed": seed, "steps": steps, "seconds": seconds, "cpu": cpu, "test_exact": ev.metric,
            "test_loss": ev.loss, "baseline": ev.extra["baseline_exact"], "first_80": first_80}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cells", nargs="+", default=[CaptionTask.defaults["cell"]])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--steps", type=int, default=CaptionTask.preset_steps)
    args = p.parse_args()
    torch.set_num_threads(1)
    d = CaptionTask.defaults
    print(f"preset: {d}, {args.steps} steps, seq_len {CaptionTask.seq_len_bounds[2]}, torch threads 1")
    print("| cell | seed | steps | wall s | CPU s | exact captions (test, 269 images) | test loss "
          "| val ≥ 80% first at | always-one-caption baseline |")
    print("|---|---|---|---|---|---|---|---|---|")
    for cell in args.cells:
        for seed in args.seeds:
            r = run(cell, seed, args.steps)
            first = f"step {r['first_80'][0]} ({r['first_80'][1]:.1f} s)" if r["first_80"] else "never"
            print(f"| {cell} | {seed} | {r['steps']} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['test_exact']:.1%} "
                  f"| {r['test_loss']:.4f} | {first} | {r['baseline']:.1%} |", flush=True)


if __name__ == "__main__":
    main()
