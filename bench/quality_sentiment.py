"""Quality of the sentiment preset on real text: accuracy on each real corpus's held-out part per
language, on the negation / contrast teaching slice and on the hand-written sentences, after the
preset's training, on one torch thread.

    .venv/bin/python bench/quality_sentiment.py [--seeds 0 1 2] [--write]
    .venv/bin/python bench/quality_sentiment.py --units syllable jamo word --seeds 0 --split val

Settings are chosen on the validation split only (`--split val`, e.g. the Korean unit); the test
split and assets/sentiment/heldout_written.csv are read only for the final table. Training time
counts only the BPTT steps (the trainer's validation checks are not counted); the CPU time of this
single-threaded process is the time it would take on a free core. With --write the table goes to
bench/results/sentiment_runs.md (a comparison of several --units to sentiment_units.md);
bench/results/sentiment.md is the summary that reads them.
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import core.tasks.sentiment as sentiment
from core import RunConfig, Trainer

BUDGET_S = 60.0
COLUMNS = ("en_review", "ko_review", "negation", "contrast")


def run(seed: int, unit: str, split: str, steps: int) -> dict:
    sentiment.KOREAN_UNIT = unit
    task = sentiment.SentimentTask(sentiment.SentimentTask.seq_len_bounds[2], seed)
    cfg = RunConfig.for_task("sentiment", seed=seed)
    trainer = Trainer(cfg, task, eval_every=10**9)
    wall = cpu = 0.0
    for _ in range(steps):
        w0, c0 = time.perf_counter(), time.process_time()
        trainer.step(diagnostics=False)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
    ev = task.evaluate(trainer.model, split)
    out = {"seed": seed, "unit": unit, "steps": trainer.step_count, "wall": wall, "cpu": cpu,
           "acc": {k: ev.extra.get(f"{k}_accuracy", float("nan")) for k in COLUMNS}, "vocab": len(task.vocab)}
    if split == "test":
        w = task.evaluate(trainer.model, "written")
        out["acc"]["written_en"], out["acc"]["written_ko"] = w.extra["en_accuracy"], w.extra["ko_accuracy"]
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--units", nargs="+", default=[sentiment.KOREAN_UNIT])
    p.add_argument("--split", default="test", choices=["val", "test"])
    p.add_argument("--steps", type=int, default=sentiment.PRESETS["reviews"][2])
    p.add_argument("--reviews", default=sentiment.REVIEWS,
                   help="the real reviews (assets/tools/export_sentiment_reviews.py writes them)")
    p.add_argument("--write", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(1)
    if not os.path.exists(args.reviews):
        raise SystemExit(f"{args.reviews} is missing: make it with assets/tools/export_sentiment_reviews.py")
    sentiment.REVIEWS = args.reviews
    sentiment.use_preset(sentiment.SentimentTask, "reviews")
    rows = []
    for unit in args.units:
        for seed in args.seeds:
            r = run(seed, unit, args.split, args.steps)
            cols = " | ".join(f"{v:.3f}" for v in r["acc"].values())
            r["line"] = f"| {unit} | {seed} | {r['vocab']} | {r['steps']} | {r['wall']:.1f} | {r['cpu']:.1f} | {cols} |"
            rows.append(r)
            print(r["line"], flush=True)
    keys = list(rows[0]["acc"])
    means = {u: {k: sum(r["acc"][k] for r in rows if r["unit"] == u) / len(args.seeds) for k in keys}
             for u in args.units}
    for u, m in means.items():
        print(f"mean {u}: " + ", ".join(f"{k} {v:.3f}" for k, v in m.items()))
    load = os.getloadavg()[0]
    if args.write:
        d, T = sentiment.SentimentTask, sentiment.SentimentTask
        cmd = " ".join(["bench/quality_sentiment.py"] + sys.argv[1:])
        head = (f"Command: `.venv/bin/python {cmd}`\n\n"
                f"Preset: cell {d.defaults.get('cell', 'elman')}, hidden {d.defaults['hidden_size']}, embedding "
                f"{d.embed_size}, Adam lr {d.defaults['lr']}, batch {d.defaults['batch_size']}, "
                f"clip {d.defaults['clip']}, seq_len {T.seq_len_bounds[2]} (longer inputs keep their last tokens), "
                f"dropout {d.dropout} on u_t, word dropout {d.word_dropout}, {args.steps} steps; "
                f"a batch is {sentiment.TEMPLATE_SHARE:.0%} teaching sentences, the rest real reviews. "
                f"One torch thread; load average {load:.1f} on 2 cores while measuring "
                "(wall time is inflated by sharing, CPU time is this process's own).\n\n"
                f"Split: **{args.split}**. Columns: accuracy on the real English reviews (UCI), "
                "the real Korean reviews (NSMC), the negation and contrast teaching sentences"
                + (", and the hand-written sentences per language" if args.split == "test" else "") + ".\n\n"
                "| Korean unit | seed | vocabulary | steps | train wall s | train CPU s | " + " | ".join(keys)
                + " |\n|" + "---|" * (6 + len(keys)) + "\n")
        body = "\n".join(r["line"] for r in rows) + "\n\n" + "\n".join(
            f"Mean over seeds, {u}: " + ", ".join(f"{k} {v:.3f}" for k, v in m.items()) + "." for u, m in means.items())
        name = "sentiment_units.md" if len(args.units) > 1 else "sentiment_runs.md"
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + body + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
