"""A class on one server: N browser sessions (N = 1, 2, 4, 8) train different tasks at once on one
app process, all on this 2-core machine. For each session: training steps per second read from
its page, visible chart updates per second (changes of the loss chart's data seen in the browser,
sampled every 50 ms; beside them the messages chart 2, the hidden states, drew), the feed's answers
per second that page received (the server's side of an update: an answer is drawn only if the
page's main thread gets to it), and its speed as a share of the same task trained alone and
headless in this process (one torch thread); for the server: RSS with the N pages drawn (before
training) and after training (the cost of a session: compare the rows for different N). A fresh
server for every N.

    .venv/bin/python bench/class.py [seconds] [--sizes 1 2 4 8] [--pinned]

--pinned: the server on core 0, every browser on core 1: the runs' speeds with a core of server of
their own, as when students' browsers run on their own machines. The updates are then bounded by
the N browsers sharing core 1, not by the server (bench/RESULTS.md).

Needs Debian's chromium (as the browser tests do). "fair share" is the mean of the N sessions'
shares (each task's own solo speed differs by 100×); goals (issue 13): every session ≥ 1 update/s,
none below half the fair share.
"""
import argparse
import os
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from browser import CHROMIUM, FLAGS, Server, chromium_on_core, on_core, wait_idle

TASKS = ("sine", "weather", "price", "sentiment", "recall", "caption", "generate", "translate")

WATCH = """() => {
  window.__updates = 0; window.__state_updates = 0; let last = null, lastState = null;
  const plot = (key) => document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const sig = () => { const gd = plot('chart_loss');
    if (!gd || !gd.data || !gd.data.length) return null;
    const x = gd.data[0].x; return x ? x.length + ':' + x[x.length - 1] : null; };
  const stateSig = () => { const gd = plot('chart_states'); return gd ? gd.dataset.seq || null : null; };
  last = sig(); lastState = stateSig();
  window.__watch = setInterval(() => { const s = sig(), t = stateSig();
    if (s !== null && s !== last) { window.__updates += 1; last = s; }
    if (t !== null && t !== lastState) { window.__state_updates += 1; lastState = t; } }, 50);
}"""


def solo_rate(task: str, seconds: float = 3.0) -> float:
    """Steps/s of the task's defaults trained alone, headless, diagnostics every 10th step as the page."""
    import torch

    from core import RunConfig, Trainer

    torch.set_num_threads(1)
    trainer = Trainer(RunConfig.for_task(task))
    trainer.step()
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        trainer.step(diagnostics=(n + 1) % 10 == 0)
        n += 1
    return n / (time.perf_counter() - start)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def step(page) -> int:
    """The page's step counter."""
    return int(re.sub(r"[^0-9]", "", page.locator("[data-testid='stMetricValue']").first.inner_text()) or 0)


ASKS = "() => window.__livefeed ? window.__livefeed.asks : 0"


def one_class(browser, n: int, seconds: float, solo: dict, pinned: bool = False):
    server = Server(prefix=on_core(0) if pinned else ())
    contexts = []
    try:
        pages = []
        for task in TASKS[:n]:
            ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
            contexts.append(ctx)
            page = ctx.new_page()
            page.goto(f"{server.url}/train?task={task}")
            pages.append((task, page))
        for _, page in pages:
            wait_idle(page)
        rss_open = rss_mb(server.proc.pid)  # every session's page drawn and its network built
        for _, page in pages:
            page.get_by_role("button", name="Train", exact=True).click()
        for _, page in pages:
            page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=60_000)
        time.sleep(3)  # past the start (the whole-page run after each click)
        start = []
        for _, page in pages:
            page.evaluate(WATCH)
            start.append((time.perf_counter(), step(page), page.evaluate(ASKS)))
        time.sleep(seconds)
        rows, waiting = [], 0
        for (task, page), (t0, s0, a0) in zip(pages, start):
            s1, elapsed = step(page), time.perf_counter() - t0
            updates = page.evaluate("() => window.__updates")
            state_updates = page.evaluate("() => window.__state_updates")
            answers = page.evaluate(ASKS) - a0
            waiting += page.get_by_text("Waiting for a free training slot").count() > 0
            rate = (s1 - s0) / elapsed
            rows.append((task, rate, updates / elapsed, rate / solo[task], answers / elapsed, state_updates / elapsed))
        rss_after = rss_mb(server.proc.pid)
    finally:
        for ctx in contexts:
            ctx.close()
        server.stop()
    return rows, rss_open, rss_after, waiting


def main():
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("seconds", nargs="?", type=float, default=30)
    ap.add_argument("--sizes", nargs="+", type=int, default=[1, 2, 4, 8])
    ap.add_argument("--pinned", action="store_true", help="the server on core 0, the browsers on core 1")
    args = ap.parse_args()
    if args.pinned:
        os.sched_setaffinity(0, {0})  # the solo speeds on the server's core
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_on_core(1) if args.pinned else CHROMIUM, args=FLAGS)
        for n in args.sizes:
            solo = {task: solo_rate(task) for task in TASKS[:n]}  # just before: the machine is shared
            print("alone, headless, steps/s:", ", ".join(f"{t} {r:.0f}" for t, r in solo.items()), flush=True)
            load = os.getloadavg()[0]
            rows, before, after, waiting = one_class(browser, n, args.seconds, solo, args.pinned)
            fair = statistics.mean(r[3] for r in rows)
            print(f"N = {n}: server RSS {before:.0f} MB with the pages drawn, {after:.0f} MB after training; "
                  f"fair share {fair:.2f} of solo speed; "
                  f"{waiting} pages said they wait for a slot; load average {load:.1f}", flush=True)
            for task, rate, updates, share, answers, state_updates in rows:
                print(f"    {task:10} {rate:7.1f} steps/s  {updates:5.2f} updates/s  ({state_updates:5.2f} of chart 2)"
                      f"  {answers:5.2f} answers/s"
                      f"  {share:.2f} of solo"
                      f" ({share / fair if fair else float('nan'):.2f} of fair)", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
