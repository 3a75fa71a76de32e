"""Quality of the weather preset: tomorrow's temp_max on the held-out test days (the last 15 % of
2012–2015, Seattle), RNN against persistence (tomorrow = today) and the monthly mean of the
training years, after `preset_steps` with one torch thread, and the time it took.

    .venv/bin/python bench/quality_weather.py                     # preset, seeds 0 1 2
    .venv/bin/python bench/quality_weather.py --cells elman lstm gru --seeds 0 --write

Every step runs with diagnostics every 25 steps (validation), as the app does. Wall time depends
on what else runs on the machine; the CPU time of this process is printed too. With --write the
table goes to bench/results/weather.md.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.config import RunConfig
from core.tasks.weather import WeatherTask
from core.train import Trainer


def run(cell: str, seed: int, steps: int) -> dict:
    task = WeatherTask(WeatherTask.seq_len_bounds[2], seed)
    cfg = RunConfig(task="weather", seq_len=task.seq_len, seed=seed, **{**WeatherTask.defaults, "cell": cell})
    start, cpu = time.perf_counter(), time.process_time()
    trainer = Trainer(cfg, task)
    for i in range(steps):
        trainer.step(diagnostics=(i + 1) % 25 == 0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    ev = task.evaluate(trainer.model, "test")
    return {"loss": ev.loss, **ev.extra, "seconds": seconds, "cpu": cpu}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", nargs="+", default=["elman"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--steps", type=int, default=WeatherTask.preset_steps)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    rows = ["| cell | seeds | test days | MAE RNN °C | MAE tomorrow = today °C | MAE monthly mean °C | "
            "loss RNN | loss persistence | loss monthly mean | beats persistence | wall s | CPU s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for cell in args.cells:
        rs = [run(cell, s, args.steps) for s in args.seeds]
        m = lambda k, rs=rs: float(np.mean([r[k] for r in rs]))
        each = " ".join(f"{r['mae_rnn']:.2f}" for r in rs)
        row = (f"| {cell} | {' '.join(map(str, args.seeds))} | {rs[0]['days']} | {m('mae_rnn'):.2f} ({each}) | "
               f"{m('mae_persistence'):.2f} | {m('mae_climatology'):.2f} | {m('loss'):.3f} | "
               f"{m('loss_persistence'):.3f} | {m('loss_climatology'):.3f} | "
               f"{sum(r['beats_persistence'] for r in rs)}/{len(rs)} | {m('seconds'):.1f} | {m('cpu'):.1f} |")
        rows.append(row)
        print(row, flush=True)
    load = os.getloadavg()[0]
    print(f"load average {load:.1f}", file=sys.stderr)
    if args.write:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "weather.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# weather: tomorrow's temp_max, RNN vs trivial baselines\n\n`.venv/bin/python "
                    f"bench/quality_weather.py --cells {' '.join(args.cells)} --seeds {' '.join(map(str, args.seeds))} "
                    f"--steps {args.steps} --write` (preset: {WeatherTask.defaults}, "
                    f"window {WeatherTask.seq_len_bounds[2]}, one torch thread, "
                    f"load average {load:.1f} while measuring). Loss = MSE of the standardised temperature.\n\n"
                    + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
