"""Quality of the translate preset: train the preset (Elman) for at most 60 s of CPU time on
one torch thread (or its preset_steps, whichever comes first), then greedy exact match on the
held-out test pairs and the post's sentence.

CPU time (time.process_time) rather than wall time, because the 2-core machine is shared:
with one torch thread, 60 CPU seconds is what 60 s on a free core buys. Wall time is printed too.

    .venv/bin/python bench/quality_translate.py [--seeds 0 1 2] [--budget 60] [--cell elman]
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from core.config import RunConfig
from core.tasks import make_task
from core.tasks.translate import TranslateTask
from core.train import Trainer


def run(seed, budget, **overrides):
    cfg = RunConfig(task="translate", seq_len=TranslateTask.seq_len_bounds[2], seed=seed,
                    **{**TranslateTask.defaults, **overrides})
    trainer = Trainer(cfg, make_task("translate", cfg.seq_len, seed))
    start, cpu, steps = time.perf_counter(), time.process_time(), 0
    while steps < TranslateTask.preset_steps and time.process_time() - cpu < budget:
        trainer.step(diagnostics=False)
        steps += 1
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    trainer.model.eval()
    ev = trainer.task.evaluate(trainer.model, "test")
    return {"seed": seed, "cell": cfg.cell, "ortho": TranslateTask.orthogonal_init, "H": cfg.hidden_size,
            "steps": steps, "cpu_s": round(cpu, 1), "wall_s": round(seconds, 1),
            "test_exact": round(ev.metric, 4), "test_pairs": ev.extra["pairs"],
            "post": ev.extra["post_translation"], "post_ok": bool(ev.extra["post_correct"])}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--budget", type=float, default=60.0)
    p.add_argument("--cell", default=None)
    p.add_argument("--hidden", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--steps", type=int, default=None, help="override the preset's preset_steps")
    p.add_argument("--no-ortho", action="store_true", help="ablation: torch's uniform W_xx init")
    args = p.parse_args()
    torch.set_num_threads(1)
    over = {k: v for k, v in (("cell", args.cell), ("hidden_size", args.hidden),
                                            ("lr", args.lr), ("batch_size", args.batch)) if v}
    if args.steps:
        TranslateTask.preset_steps = args.steps
    TranslateTask.orthogonal_init = not args.no_ortho
    for seed in args.seeds:
        r = run(seed, args.budget, **over)
        print(" | ".join(f"{k} {v}" for k, v in r.items()), flush=True)


if __name__ == "__main__":
    main()
