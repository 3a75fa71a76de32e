"""Quality of the price preset: MAE (price units) of the RNN's next-day forecast on the held-out
test days (the last 15 % of each series) next to 'tomorrow = today' and the window mean, after
`preset_steps` of training with one torch thread, and the time it took.

    .venv/bin/python bench/quality_price.py                          # preset, seeds 0 1 2, all series
    .venv/bin/python bench/quality_price.py --cells elman gru --seeds 0 --write

Series: the bundled S&P 500 close (the default), the bundled AAPL, GOOG and MSFT closes, and a
clean 16-day cycle (a series with a pattern, where an RNN can beat the naive forecast). 'drift'
is today moved by the training days' mean daily change: what a network that outputs 0 forecasts. Every step
runs with diagnostics every 25 steps (validation), as the app does. Wall time depends on what else
runs on the machine; the CPU time of this process is printed too. With --write the table goes to
bench/results/price.md.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core import prices as data
from core.config import RunConfig
from core.datasets import bundled_path
from core.tasks.price import PriceTask
from core.train import Trainer


def series() -> dict:
    tech = data.read_price_csv(bundled_path("prices", "tech_stocks_2015_2017.csv"))
    t = np.arange(600)
    out = {"S&P 500 (default)": None}
    out.update({name: data.series_source(tech, name) for name in ("AAPL", "GOOG", "MSFT")})
    out["16-day cycle"] = {"name": "cycle", "dates": None, "values": (100 + 10 * np.sin(2 * np.pi * t / 16)).tolist()}
    return out


def run(source, cell: str, seed: int, steps: int) -> dict:
    task = PriceTask(PriceTask.seq_len_bounds[2], seed, source)
    cfg = RunConfig(task="price", seq_len=task.seq_len, seed=seed, **{**PriceTask.defaults, "cell": cell})
    start, cpu = time.perf_counter(), time.process_time()
    trainer = Trainer(cfg, task)
    for i in range(steps):
        trainer.step(diagnostics=(i + 1) % 25 == 0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    val, test = task.evaluate(trainer.model, "val").extra, task.evaluate(trainer.model, "test").extra
    return {"val_ratio": val["ratio_to_naive"], **test, "seconds": seconds, "cpu": cpu}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", nargs="+", default=["elman"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--steps", type=int, default=PriceTask.preset_steps)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    rows = ["| series | cell | seeds | test days | MAE RNN | MAE tomorrow = today | MAE window mean | MAE drift | "
            "RNN / naive (test) | RNN / naive (val) | beats naive (test) | wall s | CPU s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, source in series().items():
        for cell in args.cells:
            rs = [run(source, cell, s, args.steps) for s in args.seeds]
            m = lambda k, rs=rs: float(np.mean([r[k] for r in rs]))
            join = lambda k, rs=rs: " ".join(f"{r[k]:.3f}" for r in rs)
            row = (f"| {name} | {cell} | {' '.join(map(str, args.seeds))} | {rs[0]['days']} | {m('mae_rnn'):,.3f} | "
                   f"{m('mae_naive'):,.3f} | {m('mae_moving_average'):,.3f} | {m('mae_drift'):,.3f} | "
                   f"{join('ratio_to_naive')} | {join('val_ratio')} | "
                   f"{sum(r['beats_naive'] for r in rs)}/{len(rs)} | {m('seconds'):.1f} | {m('cpu'):.1f} |")
            rows.append(row)
            print(row, flush=True)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}", file=sys.stderr)
    if args.write:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "price.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# price: RNN vs naive forecasts\n\n`.venv/bin/python bench/quality_price.py "
                    f"--cells {' '.join(args.cells)} --seeds {' '.join(map(str, args.seeds))} "
                    f"--steps {args.steps} --write` (preset: {PriceTask.defaults}, "
                    f"window {PriceTask.seq_len_bounds[2]}, one torch thread, "
                    f"load average {load:.1f} while measuring)\n\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
