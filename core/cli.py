"""python -m core: train any task headless, save the run, predict with a saved run.

    python -m core train --task sine --steps 300 --seed 0 --out run.pt
    python -m core predict run.pt "0, 0.5, 0.87, 1"
    python -m core tasks
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import fields

from . import budget
from .config import RunConfig
from .history import History
from .runs import load_run, save_run
from .runtime import configure
from .tasks import get_task, make_task, task_names
from .train import Trainer, cadence


def _parser():
    p = argparse.ArgumentParser(prog="python -m core", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train a task and save the run; the last line printed is JSON metrics")
    for f in fields(RunConfig):
        kind = f.type if isinstance(f.type, type) else {"int": int, "float": float, "str": str}[f.type]
        t.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, type=kind, default=None,
                       help=f"{f.metadata.get('help', '')} (default: the task's preset, else {f.default})")
    t.add_argument("--steps", type=int, default=None,
                   help="BPTT steps to run (default: the task's preset length, else 500)")
    t.add_argument("--out", default="run.pt", help="where to save the run (default: run.pt)")
    t.add_argument("--quiet", action="store_true", help="print only the final JSON line")
    t.add_argument("--no-budget", action="store_true",
                   help="allow a step above the app's per-session budget (core/budget.py); on your own machine")
    pr = sub.add_parser("predict", help="load a saved run and predict for one input")
    pr.add_argument("run", help="a run saved by `train` (or downloaded from the app)")
    pr.add_argument("input", help="a sentence, a prefix, an image index, values or a CSV path (per task)")
    sub.add_parser("tasks", help="list the tasks and what `predict` takes for each")
    return p


def config_from_args(args: argparse.Namespace) -> RunConfig:
    name = args.task or RunConfig.task
    given = {f.name: getattr(args, f.name) for f in fields(RunConfig) if getattr(args, f.name) is not None}
    return RunConfig.for_task(name, **{k: v for k, v in given.items() if k != "task"})


def train(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    if args.steps is None:
        args.steps = getattr(get_task(cfg.task), "preset_steps", 500)
    if args.steps < 1:
        raise ValueError("--steps must be at least 1.")
    task = make_task(cfg.task, cfg.seq_len, cfg.seed)
    if not args.no_budget:
        _check_budget(cfg, budget.io_of_task(task))
    trainer = Trainer(cfg, task)
    start = time.perf_counter()
    history = History()
    rec = trainer.inspect()
    history.add(rec)

    def report(rec):
        history.add(rec)
        if rec.exploded:
            print(rec.exploded, file=sys.stderr)
        elif not args.quiet and rec.val_loss is not None:
            print(f"step {rec.step:6d}  loss {rec.loss:.4f}  val_loss {rec.val_loss:.4f}  "
                  f"val_metric {rec.val_metric:.4f}", file=sys.stderr)
    rec = trainer.train(args.steps, report, diagnostics_every=cadence(args.steps))[-1]
    ev = trainer.task.evaluate(trainer.model, "test")
    save_run(args.out, trainer, history.to_plain())
    summary = {"task": cfg.task, "steps": trainer.step_count, "train_loss": rec.loss,
               "test_loss": ev.loss, "test_metric": ev.metric, "metric": trainer.task.metric,
               **{k: v for k, v in ev.extra.items() if isinstance(v, (int, float, str))},
               "seconds": round(time.perf_counter() - start, 3), "out": args.out}
    print(json.dumps(summary))
    return 0


def _check_budget(cfg, io):
    cost = budget.step_cost(cfg, io)
    if not cost.fits():
        fixed, changed = budget.fit(cfg, io, floor={"seq_len": get_task(cfg.task).seq_len_bounds[0]})
        fits = " ".join(f"--{k.replace('_', '-')} {new}" for k, (_, new) in changed.items())
        raise ValueError(f"one step of these settings would take about {budget.describe(cost)}, above the app's "
                         f"budget of {budget.limits()}. {fits} fits; --no-budget lifts the limit.")


def main(argv: Sequence[str] | None = None) -> int:
    # One thread: at these sizes more threads cost more than they give, and a shared machine
    # (a lecture room's server, CI) stays responsive. RNN_EXPLORER_THREADS overrides it.
    configure()
    args = _parser().parse_args(argv)
    try:
        if args.command == "tasks":
            for name in task_names():
                cls = get_task(name)
                print(f"{name:10s} {cls.kind:13s} metric {cls.metric:16s} predict: {cls.predict_help}")
            return 0
        if args.command == "train":
            return train(args)
        trainer, _ = load_run(args.run)
        print(trainer.task.predict(trainer.model, args.input))
        return 0
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
