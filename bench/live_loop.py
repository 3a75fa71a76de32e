"""Throughput of the live loop as the page runs it (a real browser driving the Train screen) vs
headless training of the same configuration, and the chart refresh rate the browser sees.

    .venv/bin/python bench/live_loop.py [seconds]

Needs Debian's chromium (as the browser test does). One process measures both, one after the
other: headless first, then the page. Two layouts of the same 2-core machine:
- shared: server and browser scheduled freely on both cores (the browser's drawing competes
  with the server for CPU, which a student's own laptop would not);
- pinned: server on core 0, browser on core 1 (taskset), as when the browser runs on the
  viewer's own machine; headless training is measured on core 0 as well.
"""
import os
import re
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import torch  # noqa: E402

from browser import CHROMIUM, FLAGS, Server, wait_idle  # noqa: E402
from core import RunConfig, Trainer  # noqa: E402
from core.tasks import get_task  # noqa: E402

torch.set_num_threads(1)


def headless_rate(cfg, seconds):
    tr = Trainer(cfg)
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        tr.step(diagnostics=(n + 1) % 10 == 0)  # as the page: probe and ρ now and then
        n += 1
    return n / (time.perf_counter() - start)


def live(seconds, pinned=False):
    from playwright.sync_api import sync_playwright

    server = Server(prefix=("taskset", "-c", "0") if pinned else ())
    chromium = CHROMIUM
    if pinned:
        chromium = os.path.join(tempfile.mkdtemp(), "chromium-core1")
        with open(chromium, "w") as f:
            f.write(f'#!/bin/sh\nexec taskset -c 1 {CHROMIUM} "$@"\n')
        os.chmod(chromium, 0o755)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/train")
            wait_idle(page)
            page.get_by_role("button", name="Train").click()
            page.wait_for_function("() => { const el = document.querySelector('.st-key-chart_loss .js-plotly-plot');"
                                   " return el && el.data && el.data[0].x.length > 3; }", timeout=60_000)
            # Count chart redraws (a new plot element each time Streamlit redraws the loss chart) and
            # read the step counter shown on the page, sampled every 50 ms.
            page.evaluate("""() => { window.__redraws = 0;
                new MutationObserver(() => { window.__redraws += 1; }).observe(
                    document.querySelector('.st-key-chart_loss'), {childList: true, subtree: true}); }""")
            seen, start = [], time.perf_counter()
            while time.perf_counter() - start < seconds:
                text = page.locator("[data-testid='stMetricValue']").first.inner_text()
                step = int(re.sub(r"[^0-9]", "", text) or 0)
                if not seen or seen[-1][1] != step:
                    seen.append((time.perf_counter(), step))
                page.wait_for_timeout(50)
            observed = page.evaluate("() => window.__redraws")
            browser.close()
    finally:
        server.stop()
    (t0, s0), (t1, s1) = seen[0], seen[-1]
    # The step counter and the charts change in the same fragment run: count its changes.
    redraws = (len(seen) - 1) / (t1 - t0)
    return (s1 - s0) / (t1 - t0), redraws


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20
    cls = get_task("sine")
    cfg = RunConfig(task="sine", seq_len=cls.seq_len_bounds[2], **cls.defaults)
    print(f"config: {cfg}")
    print(f"{'layout':8} {'headless steps/s':>17} {'page steps/s':>13} {'ratio':>6} {'redraws/s':>10}   goals: ratio ≥ 0.7, "
          "redraws ≥ 2")
    for pinned in (False, True):
        if pinned:
            os.sched_setaffinity(0, {0})
        headless = headless_rate(cfg, seconds / 2)
        page_rate, redraw = live(seconds, pinned)
        print(f"{'pinned' if pinned else 'shared':8} {headless:17.1f} {page_rate:13.1f} {page_rate / headless:6.2f} "
              f"{redraw:10.2f}", flush=True)
