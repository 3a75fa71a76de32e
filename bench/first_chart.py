"""Time to first chart on /train: from the browser asking for the page to the loss chart drawn
with data. Median of 5 from a warm server (it has served the app before; a new browser session
each time, with nothing cached), of 5 returning visits (one browser session that has opened /train
before: its cache holds the app's files, as for a student reopening the page) and of 5 from a
fresh server (started anew each time; the link is the first it serves).

    .venv/bin/python bench/first_chart.py [repeats]

Needs Debian's chromium (as the browser tests do). Prints each time and the medians.
"""
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from browser import CHROMIUM, FLAGS, Server, wait_idle

CHART = ("() => { const gd = document.querySelector('.st-key-chart_loss .js-plotly-plot');"
         " return !!(gd && gd._fullLayout && gd.data && gd.data.length); }")


def timed(page, url) -> float:
    start = time.perf_counter()
    page.goto(url + "/train", wait_until="commit")
    page.wait_for_function(CHART, timeout=120_000, polling=25)
    return time.perf_counter() - start


def first_chart(browser, url) -> float:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        return timed(ctx.new_page(), url)
    finally:
        ctx.close()


def returning(browser, url, repeats) -> list:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.goto(url + "/train")
        wait_idle(page)
        times = []
        for _ in range(repeats):
            page.goto("about:blank")
            time.sleep(1)  # the closed page's session goes; its files stay in this browser's cache
            times.append(timed(page, url))
            wait_idle(page)
        return times
    finally:
        ctx.close()


def main():
    from playwright.sync_api import sync_playwright

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        server = Server()
        try:  # warm: the server has drawn /train once before
            ctx = browser.new_context()
            page = ctx.new_page()
            page.goto(server.url + "/train")
            wait_idle(page)
            ctx.close()
            warm = [first_chart(browser, server.url) for _ in range(repeats)]
            again = returning(browser, server.url, repeats)
        finally:
            server.stop()
        fresh = []
        for _ in range(repeats):
            server = Server()  # returns once /_stcore/health answers
            try:
                fresh.append(first_chart(browser, server.url))
            finally:
                server.stop()
        browser.close()
    print("warm  s:", " ".join(f"{t:.2f}" for t in warm), f"  median {statistics.median(warm):.2f}  (goal ≤ 2)")
    print("again s:", " ".join(f"{t:.2f}" for t in again), f"  median {statistics.median(again):.2f}  (goal ≤ 2)")
    print("fresh s:", " ".join(f"{t:.2f}" for t in fresh), f"  median {statistics.median(fresh):.2f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
