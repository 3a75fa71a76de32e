"""Training step with all diagnostics vs a bare torch.nn.RNN training step of the same shape.

Both run in this one process, interleaved in blocks, one torch thread; the ratio of medians is
what counts (absolute times depend on the machine and its load).

    .venv/bin/python bench/trainer_overhead.py
"""
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, __file__.rsplit("/bench/", 1)[0])
from core import RunConfig, Trainer

torch.set_num_threads(1)


def bare_step_fn(B, T, H):
    """The reference: torch.nn.RNN + a linear readout, MSE at every step, Adam."""
    torch.manual_seed(0)
    rnn, head = nn.RNN(1, H, batch_first=True), nn.Linear(H, 1)
    opt = torch.optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=1e-3)
    u, target = torch.randn(B, T, 1), torch.randn(B, T, 1)

    def step():
        opt.zero_grad(set_to_none=True)
        x, _ = rnn(u)
        loss = ((head(x) - target) ** 2).mean()
        loss.backward()
        opt.step()
    return step


def ours_step_fn(B, T, H, every, eval_every=10**9):
    """Our step; probe states and ρ(W_xx) every `every` steps, validation every `eval_every`."""
    tr = Trainer(RunConfig(task="sine", hidden_size=H, seq_len=T, batch_size=B, lr=1e-3), eval_every=eval_every)
    return lambda: tr.step(diagnostics=(tr.step_count + 1) % every == 0)


def per_step(fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def compare(B, T, H, rounds=7, n=None):
    n = n or max(5, int(3000 / T))
    fns = {"bare": bare_step_fn(B, T, H),
           "every_step": ours_step_fn(B, T, H, 1),  # probe + ρ at every step
           "as_in_app": ours_step_fn(B, T, H, 10, eval_every=25),  # probe + ρ /10, validation /25
           "record_only": ours_step_fn(B, T, H, 10**9)}  # loss, metric, ‖∂L/∂x_t‖, grad norms, guard
    for fn in fns.values():
        per_step(fn, 3)  # warm up
    times = {k: [] for k in fns}
    for _ in range(rounds):
        for k, fn in fns.items():
            times[k].append(per_step(fn, n))
    med = {k: statistics.median(v) for k, v in times.items()}
    return med


if __name__ == "__main__":
    goals = {(32, 30, 64): 1.25, (32, 200, 128): 1.10}
    print("Ratios to a bare torch.nn.RNN training step of the same shape (median of interleaved blocks).")
    print("record_only: every step records loss, metric, ‖∂L/∂x_t‖ for every t, per-parameter gradient")
    print("  norms, clipping and the NaN/Inf guard; as_in_app: plus probe states and ρ(W_xx) every 10th")
    print("  step and validation every 25th (more often than the live page: at most 5 times a second);")
    print("  every_step: probe states and ρ(W_xx) at every step too.")
    print(f"{'B':<3} {'T':<4} {'H':<4} {'bare ms':>8} {'record_only':>12} {'as_in_app':>10} {'every_step':>11}  goal")
    for (B, T, H), goal in goals.items():
        med = compare(B, T, H)
        r = {k: med[k] / med["bare"] for k in ("record_only", "as_in_app", "every_step")}
        print(f"{B:<3} {T:<4} {H:<4} {med['bare'] * 1e3:8.2f} {r['record_only']:12.2f} {r['as_in_app']:10.2f} "
              f"{r['every_step']:11.2f}  ≤{goal}")
