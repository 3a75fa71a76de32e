"""Quality of the `generate` example: the live preset trained from scratch, and the shipped checkpoint.

    .venv/bin/python bench/quality_generate.py                      # the preset, seeds 0 1
    .venv/bin/python bench/quality_generate.py --cells elman gru --seeds 0 --text macbeth
    .venv/bin/python bench/quality_generate.py --checkpoint assets/checkpoints/generate.pt \\
        --out bench/results/generate.md

For each run: held-out bits per character (val and test: the last 10 % of the text, never trained
on) next to the unigram and bigram baselines, and how much of what it writes is words: the share of
the words in 5 samples of 400 characters (temperature 0.8, the app's default, and 0.5) that occur in
the training text. Prints one line per run; with --out writes a markdown table with the command and
a sample. CPU seconds are what a run costs on an idle core (the machine is shared: wall time is not).
"""
import argparse
import os
import re
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.config import RunConfig
from core.runs import load_run
from core.tasks.generate import GenerateTask, generate
from core.train import Trainer

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SAMPLES, LENGTH = 5, 400


def words(text: str) -> list:
    return [w.lower() for w in WORD.findall(text)]


def known_share(task, model, temperature) -> tuple[float, str]:
    """(share of generated words that occur in the training text, the first sample). Each sample
    starts from a different 20-character piece of the test text (generator seeds 0..SAMPLES-1);
    the last word of a sample may be cut off, so it is not counted."""
    vocabulary = set(words(task.decode(task.train_ids)))
    found = total = 0
    first = ""
    for s in range(SAMPLES):
        start = task.decode(task.test_ids[s * 400:s * 400 + 20])
        out, _ = generate(model, task, start, LENGTH, temperature, torch.Generator().manual_seed(s))
        written = words(out)[:-1]
        found, total = found + sum(w in vocabulary for w in written), total + len(written)
        first = first or start + out
    return found / max(1, total), first


def measure(trainer, extra: dict) -> dict:
    task, model = trainer.task, trainer.model
    val, test = task.evaluate(model, "val"), task.evaluate(model, "test")
    share, sample = known_share(task, model, 0.8)
    share_cool, _ = known_share(task, model, 0.5)
    return {**extra, "cell": trainer.cfg.cell, "H": trainer.cfg.hidden_size, "steps": trainer.step_count,
            "val_bpc": val.metric, "test_bpc": test.metric, "unigram": test.extra["unigram_bpc"],
            "bigram": test.extra["bigram_bpc"], "words": share, "words_cool": share_cool, "sample": sample}


def run_preset(cell, seed, steps, text, every):
    """Train the preset's configuration (with `cell`) from scratch; measure after every `every` steps
    and at `steps`. CPU seconds count training only."""
    task = GenerateTask(GenerateTask.seq_len_bounds[2], seed, {"bundled": text})
    cfg = RunConfig(task="generate", seq_len=task.seq_len, seed=seed, **{**GenerateTask.defaults, "cell": cell})
    trainer = Trainer(cfg, task)
    rows, wall, cpu = [], 0.0, 0.0
    marks = sorted({*range(every, steps + 1, every), steps} if every else {steps})
    for mark in marks:
        start, c0 = time.perf_counter(), time.process_time()
        trainer.train(mark - trainer.step_count, diagnostics_every=10**9)  # diagnostics off: training alone
        wall, cpu = wall + time.perf_counter() - start, cpu + time.process_time() - c0
        rows.append(measure(trainer, {"what": f"from scratch, seed {seed}", "seconds": wall, "cpu": cpu}))
    return rows


def run_checkpoint(path):
    trainer, _ = load_run(path)
    return measure(trainer, {"what": f"shipped `{os.path.relpath(path)}`", "seconds": None, "cpu": None})


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cells", nargs="+", default=[GenerateTask.defaults["cell"]])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    p.add_argument("--steps", type=int, default=GenerateTask.preset_steps)
    p.add_argument("--every", type=int, default=0, help="also measure after every this many steps (0: only at the end)")
    p.add_argument("--text", default="sonnets")
    p.add_argument("--checkpoint", default=None, help="also measure this saved run (the shipped checkpoint)")
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    rows = [run_checkpoint(args.checkpoint)] if args.checkpoint else []
    rows += [r for cell in args.cells for seed in args.seeds
             for r in run_preset(cell, seed, args.steps, args.text, args.every)]
    for r in rows:
        cost = f"{r['cpu']:.1f} s CPU ({r['seconds']:.1f} s wall)" if r["cpu"] is not None else "trained offline"
        print(f"{r['what']:38s} {r['cell']:6s} H {r['H']}  {r['steps']} steps, {cost}  val {r['val_bpc']:.3f}  "
              f"test {r['test_bpc']:.3f} bpc (unigram {r['unigram']:.3f}, bigram {r['bigram']:.3f})  "
              f"known words {100 * r['words']:.0f} % at τ 0.8, {100 * r['words_cool']:.0f} % at τ 0.5", flush=True)
    if args.out:
        write(args, rows)


def write(args, rows):
    cmd = "python bench/quality_generate.py " + " ".join(
        [f"--cells {' '.join(args.cells)}", f"--seeds {' '.join(map(str, args.seeds))}", f"--steps {args.steps}",
         f"--every {args.every}", f"--text {args.text}"]
        + ([f"--checkpoint {args.checkpoint}"] if args.checkpoint else []) + [f"--out {args.out}"])
    d = GenerateTask.defaults
    lines = ["# generate: character-level text generation", "",
             f"Command: `{cmd}` (one torch thread, 2-core machine shared with other jobs; load average "
             f"{os.getloadavg()[0]:.1f} at the end).", "",
             f"Preset: {d['cell']} cell, H = {d['hidden_size']}, Adam lr {d['lr']}, batch {d['batch_size']}, "
             f"clip {d['clip']}, window T = {GenerateTask.seq_len_bounds[2]}, {GenerateTask.preset_steps} steps live; "
             f"the shipped checkpoint is the same configuration trained for {GenerateTask.checkpoint_steps} steps "
             f"(command in assets/checkpoints/README.md). Text: `{args.text}`, split in time order 90 / 5 / 5 %. "
             "Baselines use training-text counts with add-one smoothing. Lower bits per character (bpc) is better. "
             f"Known words: the share of the words written in {SAMPLES} samples of {LENGTH} characters (each from "
             "20 characters of the test text) that occur in the training text.", "",
             "| run | cell | H | steps | CPU s | wall s | val bpc | test bpc | unigram bpc | bigram bpc | "
             "known words τ 0.8 | known words τ 0.5 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        cpu, wall = (f"{r['cpu']:.1f}", f"{r['seconds']:.1f}") if r["cpu"] is not None else ("offline", "")
        lines.append(f"| {r['what']} | {r['cell']} | {r['H']} | {r['steps']} | {cpu} | {wall} | {r['val_bpc']:.3f} | "
                     f"{r['test_bpc']:.3f} | {r['unigram']:.3f} | {r['bigram']:.3f} | {100 * r['words']:.0f} % | "
                     f"{100 * r['words_cool']:.0f} % |")
    shown = [r for r in rows if r["cpu"] is None or (r["steps"] == GenerateTask.preset_steps and
                                                      r["what"].endswith(f"seed {args.seeds[0]}"))]
    for r in shown:
        lines += ["", f"Sample ({r['cell']}, {r['what']}, {r['steps']} steps, temperature 0.8, generator seed 0; "
                  "the first 20 characters are the test text's):", "", "```", r["sample"], "```"]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
