"""The Train screen watched in a real browser vs the same run with nobody watching: training speed,
how often the fast charts visibly change, and blank charts in screenshots taken while training.

    .venv/bin/python bench/live_page.py [seconds] [--shots 200] [--pinned]

- headless: the page's own worker (core/live.py Run.play) trains the same configuration in this
  process with no page at all; measured for seconds/2 before and after the page (the machine is
  shared, so the two halves bracket the page's measurement);
- page: Debian chromium (Playwright) opens /train and presses Train. In the page, a
  MutationObserver records the step counter as the page shows it, and every fast chart (1 loss,
  2 states, 3 ‖∂L/∂x_t‖, 3b gradient history) counts its `plotly_afterplot` events (a redraw on
  screen) and the messages it applied; node replacements would show as remounts;
- feed answers: how many the page received in the timed window, and their median size (what one
  update of the four fast charts carries, decoded);
- blank frames: after the timed window, while training goes on, N viewport screenshots; in each,
  every fast chart's box (all four fit the 1400 × 1300 viewport) must hold a drawn plot: more
  than 2 % of its pixels differ from its background (a blank box: none; a drawn chart: 8-25 %).
--pinned: server on core 0, browser on core 1 (the browser on the viewer's own machine).
"""
import argparse
import io
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import numpy as np
import torch
from browser import CHROMIUM, FLAGS, SHOTS, Server, chromium_on_core, on_core, wait_idle
from PIL import Image

from core import RunConfig
from ui.feed import FEED_PATH

torch.set_num_threads(1)
FAST = ("chart_loss", "chart_states", "chart_state_grad", "chart_grad_history")

WATCH = """(fast) => {
  const metric = document.querySelector("[data-testid='stMetricValue']");
  window.__steps = [];
  const read = () => window.__steps.push([performance.now(), Number(metric.innerText.replace(/[^0-9]/g, ''))]);
  new MutationObserver(read).observe(metric, {childList: true, subtree: true, characterData: true});
  read();
  window.__charts = {};
  for (const key of fast) {
    const box = document.querySelector('.st-key-' + key);
    const gd = box.querySelector('.js-plotly-plot');
    const c = window.__charts[key] = {gd, drawn: [], removed: 0, start: gd.__livechart ? {...gd.__livechart} : null};
    gd.on('plotly_afterplot', () => c.drawn.push(performance.now()));
    // A remount replaces the chart's node or a wrapper around it: watch each level up to the box.
    for (let el = gd.parentElement; el && el !== box.parentElement; el = el.parentElement)
      new MutationObserver(ms => ms.forEach(m => c.removed += m.removedNodes.length)).observe(el, {childList: true});
  }
}"""

REPORT = """(t0) => {
  const out = {steps: window.__steps.filter(s => s[0] >= t0), charts: {}};
  for (const [key, c] of Object.entries(window.__charts)) {
    const l = c.gd.__livechart, same = document.querySelector('.st-key-' + key + ' .js-plotly-plot') === c.gd;
    out.charts[key] = {drawn: c.drawn.filter(t => t >= t0).length, removed: c.removed, same,
                       deltas: l.deltas - c.start.deltas, fulls: l.fulls - c.start.fulls,
                       resyncs: l.resyncs - c.start.resyncs};
  }
  return out;
}"""


def headless_rate(cfg, seconds):
    """Steps per second of the page's own worker with no page watching."""
    from core.live import Run

    run = Run.fresh(cfg)
    run.play()
    time.sleep(1.0)  # past the first steps (allocations, first diagnostics)
    s0, t0 = run.trainer.step_count, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        run.seen()
        time.sleep(0.1)
    s1, t1 = run.trainer.step_count, time.perf_counter()
    run.pause()
    run.wait_idle()
    return (s1 - s0) / (t1 - t0)


def drawn(png: bytes, boxes) -> list[bool]:
    """For each chart box, whether it holds a drawn plot (not a blank or half-built frame)."""
    img = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)
    out = []
    for b in boxes:
        x0, y0 = int(b["x"]), int(b["y"])
        crop = img[y0:y0 + int(b["height"]), x0:x0 + int(b["width"])]
        bg = np.bincount(crop.ravel().clip(0, 255)).argmax()
        out.append(bool(crop.size) and float((abs(crop - bg) > 8).mean()) > 0.02)
    return out


def live(seconds, shots, pinned):
    from playwright.sync_api import sync_playwright

    server = Server(prefix=on_core(0) if pinned else ())
    chromium = chromium_on_core(1) if pinned else CHROMIUM
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1300})
            page.goto(f"{server.url}/train")
            wait_idle(page)
            page.wait_for_function("(keys) => keys.every(k => { const n = document.querySelector("
                                   "'.st-key-' + k + ' .js-plotly-plot'); return n && n._fullLayout; })",
                                   arg=list(FAST), timeout=60_000)
            page.evaluate(WATCH, list(FAST))
            answers, timed = [], [False]
            page.on("response", lambda r: answers.append(len(r.body())) if timed[0] and FEED_PATH in r.url else None)
            page.get_by_role("button", name="Train").click()
            page.wait_for_timeout(3000)  # past the start (the whole-page run after the click)
            t0 = page.evaluate("() => performance.now()")
            timed[0] = True
            page.wait_for_timeout(int(seconds * 1000))
            timed[0] = False
            report = page.evaluate(REPORT, t0)
            # Screenshots: the fast charts in view, while training goes on.
            page.locator(".st-key-chart_loss").scroll_into_view_if_needed()
            blank = 0
            for i in range(shots):
                boxes = [page.locator(f".st-key-{k}").bounding_box() for k in FAST]
                png = page.screenshot()
                ok = drawn(png, boxes)
                if not all(ok):
                    blank += 1
                    os.makedirs(SHOTS, exist_ok=True)
                    with open(os.path.join(SHOTS, f"live-blank-{i}.png"), "wb") as f:
                        f.write(png)
                    print("not drawn:", [k for k, good in zip(FAST, ok) if not good], boxes, flush=True)
            browser.close()
    finally:
        server.stop()
    steps = report["steps"]
    (ta, sa), (tb, sb) = steps[0], steps[-1]
    rate = (sb - sa) / ((tb - ta) / 1000)
    return rate, report["charts"], blank, answers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seconds", nargs="?", type=float, default=20)
    ap.add_argument("--shots", type=int, default=200)
    ap.add_argument("--pinned", action="store_true")
    args = ap.parse_args()
    cfg = RunConfig.for_task("sine")
    print(f"config: {cfg}")
    if args.pinned:
        os.sched_setaffinity(0, {0})
    before = headless_rate(cfg, args.seconds / 2)
    page_rate, charts, blank, answers = live(args.seconds, args.shots, args.pinned)
    after = headless_rate(cfg, args.seconds / 2)
    headless = (before + after) / 2
    print(f"headless steps/s {before:.0f} before, {after:.0f} after the page; page steps/s {page_rate:.0f}; "
          f"ratio {page_rate / headless:.2f} (goal ≥ 0.8)")
    for key, c in charts.items():
        print(f"  {key:20} redraws/s {c['drawn'] / args.seconds:5.2f}  messages: {c['deltas']} deltas, "
              f"{c['fulls']} full, {c['resyncs']} resyncs; same node {c['same']}, removed nodes {c['removed']}")
    if answers:
        print(f"feed answers (the fast charts' updates, as the page read them): {len(answers) / args.seconds:.1f}/s, "
              f"median {statistics.median(answers) / 1024:.1f} KB")
    print(f"blank or half-drawn fast charts in {blank} of {args.shots} screenshots (goal 0)")


if __name__ == "__main__":
    main()
