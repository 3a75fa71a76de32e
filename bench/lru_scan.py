"""Cost of the LRU's recurrence as T grows: the doubling scan (core.lru.scan, ⌈log₂ T⌉ vectorised
steps, O(T log T) work) against the plain loop over t (T small steps), forward + hand-written
backward of one batch (B = 64, H = 32), one torch thread, CPU seconds per call (median of 5).

    .venv/bin/python bench/lru_scan.py
"""
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from core.lru import LRU


def cost(model, u):
    times = []
    for _ in range(5):
        start = time.process_time()
        _, y = model(u)
        y[:, -1].sum().backward()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main():
    torch.set_num_threads(1)
    model = LRU(8, 32, 4, gen=torch.Generator().manual_seed(0))
    print("| T | loop (s) | scan (s) | scan / loop |\n|---|---|---|---|")
    for T in (50, 200, 1000, 4000):
        u = torch.randn(64, T, 8, generator=torch.Generator().manual_seed(T))
        model.parallel = False
        loop = cost(model, u)
        model.parallel = True
        par = cost(model, u)
        print(f"| {T} | {loop:.4f} | {par:.4f} | {par / loop:.2f} |", flush=True)


if __name__ == "__main__":
    main()
