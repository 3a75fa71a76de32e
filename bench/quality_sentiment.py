"""Quality of the sentiment preset: held-out accuracy after the preset's steps, and the training
time it took, on one torch thread (the Elman cell, the task's defaults).

    .venv/bin/python bench/quality_sentiment.py [--seeds 0 1 2] [--write]

Training time counts only the BPTT steps (validation checks every 100 steps are not counted).
Wall time depends on what else runs on the machine, so the CPU time of this single-threaded
process (= the wall time it would take on a free core) and the load average are printed too.
With --write the table goes to bench/results/sentiment.md.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from core import RunConfig, Trainer, make_task  # noqa: E402
from core.tasks.sentiment import SentimentTask  # noqa: E402

BUDGET_S = 60.0
TARGET = 0.85


def run(seed: int, cell: str = "elman") -> dict:
    task = make_task("sentiment", None, seed)
    cfg = RunConfig(task="sentiment", seq_len=task.seq_len, seed=seed, cell=cell, **task.defaults)
    trainer = Trainer(cfg, task)
    wall = cpu = 0.0
    first_hit = None
    for i in range(SentimentTask.preset_steps):
        w0, c0 = time.perf_counter(), time.process_time()
        trainer.step(diagnostics=False)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        if (i + 1) % 100 == 0 and first_hit is None and task.evaluate(trainer.model, "val").metric >= TARGET:
            first_hit = (i + 1, wall, cpu)
    val, test = task.evaluate(trainer.model, "val"), task.evaluate(trainer.model, "test")
    return {"seed": seed, "cell": cell, "steps": trainer.step_count, "wall": wall, "cpu": cpu,
            "val": val.metric, "test": test.metric, "extra": test.extra, "first_hit": first_hit}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--cell", default="elman")
    p.add_argument("--write", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(1)
    rows = []
    for seed in args.seeds:
        r = run(seed, args.cell)
        rows.append(r)
        hit = (f"step {r['first_hit'][0]} ({r['first_hit'][1]:.1f} s wall, {r['first_hit'][2]:.1f} s CPU)"
               if r["first_hit"] else "not reached")
        line = (f"| {r['cell']} | {r['seed']} | {r['steps']} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['val']:.3f} | "
                f"{r['test']:.3f} | {r['extra'].get('en_accuracy', 0):.3f} | {r['extra'].get('ko_accuracy', 0):.3f} | "
                f"{r['extra'].get('negation_accuracy', 0):.3f} | {r['extra'].get('contrast_accuracy', 0):.3f} | {hit} |")
        r["line"] = line
        print(line, flush=True)
    load = os.getloadavg()[0]
    mean_test = sum(r["test"] for r in rows) / len(rows)
    print(f"mean test accuracy {mean_test:.3f}; load average {load:.1f}")
    if args.write:
        d = SentimentTask.defaults
        head = (
            "# Sentiment: quality of the preset\n\n"
            f"Command: `.venv/bin/python bench/quality_sentiment.py --seeds {' '.join(map(str, args.seeds))} --write`\n\n"
            f"Preset: cell {args.cell}, hidden {d['hidden_size']}, embedding {SentimentTask.embed_size}, "
            f"Adam lr {d['lr']}, batch {d['batch_size']}, clip {d['clip']}, seq_len {SentimentTask.seq_len_bounds[2]}, "
            f"dropout {SentimentTask.dropout} on u_t, word dropout {SentimentTask.word_dropout}, "
            f"{SentimentTask.preset_steps} steps; the budget is {BUDGET_S:.0f} s of training. "
            "One torch thread. Held-out = the corpus's fixed val (158) and test (158) splits; chance is 0.5.\n\n"
            f"Load average while measuring: {load:.1f} on 2 cores (other jobs were running: wall time is "
            "inflated by sharing, CPU time is this process's own).\n\n"
            "| cell | seed | steps | train wall s | train CPU s | val acc | test acc | test en | test ko | "
            "test negation | test contrast | val ≥ 0.85 first at |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "sentiment.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + "\n".join(r["line"] for r in rows) + f"\n\nMean test accuracy: {mean_test:.3f}.\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
