"""Quality of the `generate` preset: train the task's defaults for preset_steps on one torch thread
and compare held-out bits per character with the unigram and bigram baselines.

    .venv/bin/python bench/quality_generate.py                      # Elman preset, seeds 0 1
    .venv/bin/python bench/quality_generate.py --cells elman gru --seeds 0 --text macbeth
    .venv/bin/python bench/quality_generate.py --out bench/results/generate.md

Prints one line per run and, with --out, writes a markdown table with the command and a sample.
Wall times depend on what else runs on the machine; the load average is printed with them.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.config import RunConfig  # noqa: E402
from core.tasks.generate import GenerateTask, generate  # noqa: E402
from core.train import Trainer  # noqa: E402


def run_one(cell, seed, steps, text):
    task = GenerateTask(GenerateTask.seq_len_bounds[2], seed, {"bundled": text})
    cfg = RunConfig(task="generate", seq_len=task.seq_len, seed=seed, **{**GenerateTask.defaults, "cell": cell})
    trainer = Trainer(cfg, task)
    start, cpu = time.perf_counter(), time.process_time()
    trainer.train(steps, diagnostics_every=10**9)  # diagnostics off: measure training alone
    # CPU seconds are what the run costs on an idle core; wall seconds grow with the machine's load.
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    val, test = task.evaluate(trainer.model, "val"), task.evaluate(trainer.model, "test")
    sample, _ = generate(trainer.model, task, task.decode(task.test_ids[:20]), 300, 0.8,
                         torch.Generator().manual_seed(0))
    return {"cell": cell, "seed": seed, "steps": steps, "seconds": seconds, "cpu": cpu, "val_bpc": val.metric,
            "test_bpc": test.metric, "test_unigram": test.extra["unigram_bpc"],
            "test_bigram": test.extra["bigram_bpc"], "test_acc": test.extra["accuracy"],
            "start": task.decode(task.test_ids[:20]), "sample": sample}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cells", nargs="+", default=["elman"])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    p.add_argument("--steps", type=int, default=GenerateTask.preset_steps)
    p.add_argument("--text", default="sonnets")
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    rows = []
    for cell in args.cells:
        for seed in args.seeds:
            r = run_one(cell, seed, args.steps, args.text)
            rows.append(r)
            print(f"{cell:6s} seed {seed}  {r['steps']} steps in {r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU  val {r['val_bpc']:.3f}  "
                  f"test {r['test_bpc']:.3f} bpc  (unigram {r['test_unigram']:.3f}, bigram {r['test_bigram']:.3f})  "
                  f"test accuracy {r['test_acc']:.3f}  load {os.getloadavg()[0]:.1f}", flush=True)
    if args.out:
        write(args, rows)


def write(args, rows):
    cmd = "python bench/quality_generate.py " + " ".join(
        [f"--cells {' '.join(args.cells)}", f"--seeds {' '.join(map(str, args.seeds))}",
         f"--steps {args.steps}", f"--text {args.text}", f"--out {args.out}"])
    d = GenerateTask.defaults
    lines = ["# generate: character-level text generation", "",
             f"Command: `{cmd}` (one torch thread, 2-core machine shared with other jobs; load average "
             f"{os.getloadavg()[0]:.1f} at the end).", "",
             f"Preset: {d['cell']} cell, H = {d['hidden_size']}, Adam lr {d['lr']}, batch {d['batch_size']}, "
             f"clip {d['clip']}, window T = {GenerateTask.seq_len_bounds[2]}, {GenerateTask.preset_steps} steps. "
             f"Text: `{args.text}`, split in time order 90 / 5 / 5 %. Baselines use training-text counts with "
             "add-one smoothing. Lower bits per character (bpc) is better.", "",
             "| cell | seed | steps | wall s | CPU s | val bpc | test bpc | unigram bpc | bigram bpc | test accuracy |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['cell']} | {r['seed']} | {r['steps']} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['val_bpc']:.3f} | "
                     f"{r['test_bpc']:.3f} | {r['test_unigram']:.3f} | {r['test_bigram']:.3f} | {r['test_acc']:.3f} |")
    r = rows[0]
    lines += ["", f"Sample ({r['cell']}, seed {r['seed']}, temperature 0.8, generator seed 0), "
              f"starting from the first 20 test characters {r['start']!r}:", "", "```", r["start"] + r["sample"], "```", ""]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
