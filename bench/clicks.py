"""Clicks while a class trains: N browser sessions (N = 1, 2, 4 by default) train different tasks
on one app process, all on this 2-core machine, and one session at a time (round robin) is
clicked Pause, then Train, from inside the page (the events a mouse sends, pointerdown to click,
dispatched in the page: no Playwright actionability waits). For every click:

- click to answer: from the click until the page's button has turned (Pause -> Train, Train -> Pause);
- held: the button still reads the answer 3 s later (a click applied twice would turn it back);

and for every page its main thread's busy share while training (Chrome's TaskDuration over wall
time, read over CDP): a page that needs more than its share of the machine falls behind the
messages the server sends it, and a click's answer waits behind them.

    .venv/bin/python bench/clicks.py [--sizes 1 2 4] [--rounds 4]

Prints a Markdown table for bench/RESULTS.md.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from browser import CHROMIUM, FLAGS, Server
from soak import open_session

TASKS = ("sine", "price", "sentiment", "generate", "translate", "weather", "recall", "caption")
BUTTON = "[class*=st-key-btn_train_] button"  # ui/train_view.buttons: the key carries the click count
CLICK = """(sel) => { window.__answer = null; const before = document.querySelector(sel).innerText;
  window.__obs && window.__obs.disconnect();
  window.__obs = new MutationObserver(() => { const b = document.querySelector(sel);
    if (b && b.innerText !== before && window.__answer === null) window.__answer = performance.now(); });
  window.__obs.observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__clicked = performance.now(); const b = document.querySelector(sel);
  // What a mouse sends: pointerdown and mousedown, pointerup and mouseup, then the click.
  for (const [E, t] of [[PointerEvent, 'pointerdown'], [MouseEvent, 'mousedown'], [PointerEvent, 'pointerup'],
                        [MouseEvent, 'mouseup']]) b.dispatchEvent(new E(t, {bubbles: true, cancelable: true}));
  b.click(); return before; }"""

# The text of the newest Train/Pause button (the highest click count in its key), and how many there are.
NEWEST = """(sel) => { const bs = [...document.querySelectorAll(sel)];
  const n = (b) => Number((b.closest('[class*=st-key-btn_train_]').className
    .match(/st-key-btn_train_(\\d+)/) || [0, -1])[1]);
  bs.sort((a, b) => n(a) - n(b)); return [bs.length ? bs[bs.length - 1].innerText : '', bs.length]; }"""


def busy(cdp) -> float:
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")


def one_class(browser, n, rounds, timeout=60.0):
    server = Server()
    try:
        pages = []
        for i in range(n):
            ctx, page = open_session(browser, f"{server.url}/train?task={TASKS[i % len(TASKS)]}")
            cdp = ctx.new_cdp_session(page)
            cdp.send("Performance.enable")
            pages.append((page, cdp))
        for page, _ in pages:
            page.locator(BUTTON).click()
        time.sleep(5)
        start = [(busy(cdp), time.perf_counter()) for _, cdp in pages]
        clicks = []  # (seconds to answer, held)
        for r in range(rounds):
            page = pages[r % n][0]
            for want in ("Train", "Pause"):  # Pause answers with Train, Train with Pause
                page.evaluate(CLICK, BUTTON)
                t0 = time.perf_counter()
                while page.evaluate("() => window.__answer") is None and time.perf_counter() - t0 < timeout:
                    time.sleep(0.05)
                took = page.evaluate("() => window.__answer === null ? null"
                                     " : (window.__answer - window.__clicked) / 1000")
                if took is None:
                    page.screenshot(path=f"/tmp/clicks-no-answer-N{n}-{r}-{want}.png")
                time.sleep(3)
                held, seen = page.evaluate(NEWEST, BUTTON)
                held = held.strip().endswith(want)
                if seen > 1:  # the button of an older click still on the page beside the new one
                    print(f"N = {n}: {seen} Train/Pause buttons on the page 3 s after a click", flush=True)
                clicks.append((float("inf") if took is None else took, held))
        shares = [(busy(cdp) - busy0) / (time.perf_counter() - since)
                  for (_, cdp), (busy0, since) in zip(pages, start)]
        for page, _ in pages:
            page.context.close()
        return clicks, shares
    finally:
        server.stop()


def main():
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    print("| N | clicks | click to answer, median | slowest | answers that held 3 s | page main thread busy |")
    print("|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for n in args.sizes:
            clicks, shares = one_class(browser, n, args.rounds)
            times = [t for t, _ in clicks]
            slowest = max(times)
            print(f"| {n} | {len(clicks)} | {statistics.median(times):.2f} s | "
                  f"{'no answer in 60 s' if slowest == float('inf') else f'{slowest:.2f} s'} | "
                  f"{sum(h for _, h in clicks)} of {len(clicks)} | "
                  f"{min(shares):.0%}–{max(shares):.0%} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
