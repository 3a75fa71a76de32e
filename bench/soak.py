"""A class on one server for a few minutes: does any one visitor make the others wait, does memory
come back when everyone leaves, and is every run intact at the end?

    nice -n 5 .venv/bin/python bench/soak.py [seconds]          # default 300; loopback only

One Streamlit server, one Debian chromium (Playwright), one browser context (a session) each for:
- six sessions that train different tasks (/train?task=...) and keep training;
- one session on the costliest link the budget allows (sine, LSTM, T 200, B 64 and the largest H
  that core.budget lets through), training;
- one session that uploads the largest price file the limits allow (core.csvtext.MAX_ROWS rows of
  daily OHLCV, just under MAX_BYTES), steps on it, then trains.
While they train, one session at a time (round robin) is clicked: Pause, then Train. The time from
the click to the page answering (the button has turned) is the click-to-answer time. Every 5 s the
server's RSS is read from /proc. At the end each session's step counter and its CLI line (task, H)
are read again: the run must still be the one it started. Then every context closes and RSS is
followed until a minute past the moment the app releases a closed session's state
(ui/live.py: gone longer than Streamlit's reconnect window, then its runs, uploads and models are
freed and the heap is handed back to the system).
Prints a Markdown report for bench/RESULTS.md.
"""
import argparse
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from browser import CHROMIUM, FLAGS, Server, wait_idle

TASKS = ("sine", "price", "sentiment", "generate", "translate", "weather")
AFTER_RELEASE_SECONDS = 60  # RSS is followed this long past the moment a closed session is released

COUNT = """() => {  // the step counter as the page shows it, read 10 times a second (a redraw may replace its node)
  window.__seen = [];
  setInterval(() => { const m = document.querySelector("[data-testid='stMetricValue']");
    if (m) window.__seen.push([performance.now(), Number(m.innerText.replace(/[^0-9]/g, ''))]); }, 100);
}"""
UPDATES = """(t0) => { const s = window.__seen.filter(x => x[0] >= t0); const out = [];
  for (const x of s) if (!out.length || out[out.length - 1][1] !== x[1]) out.push(x); return out; }"""


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def costliest_link() -> tuple[str, int]:
    """The most expensive Train link the budget lets through unchanged: LSTM on sine, T 200, B 64."""
    from core import RunConfig
    from core.budget import io_of_task, largest
    from core.tasks import make_task

    cfg = RunConfig.for_task("sine", cell="lstm", seq_len=200, batch_size=64, hidden_size=512)
    H = largest(cfg, io_of_task(make_task("sine", 200)), "hidden_size")
    return f"/train?task=sine&cell=lstm&seq_len=200&batch_size=64&hidden_size={H}", H


def largest_price_file() -> bytes:
    """A daily OHLCV series of MAX_ROWS rows (a random walk from 100), kept under MAX_BYTES."""
    import numpy as np
    import pandas as pd

    from core.csvtext import MAX_BYTES, MAX_ROWS

    rng = np.random.default_rng(0)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, MAX_ROWS)))
    days = pd.bdate_range("1700-01-01", periods=MAX_ROWS)
    frame = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "Open": close * 0.999, "High": close * 1.01,
                          "Low": close * 0.99, "Close": close, "Volume": rng.integers(1e5, 1e7, MAX_ROWS)})
    data = frame.to_csv(index=False, float_format="%.4f").encode()
    assert len(data) <= MAX_BYTES, len(data)
    return data


def open_session(browser, url, timeout=120_000):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = ctx.new_page()
    page.goto(url, timeout=timeout)
    wait_idle(page, timeout=timeout)
    return ctx, page


def cli_line(page) -> str:
    code = page.locator("code", has_text="python -m core train").first
    return code.inner_text() if code.count() else ""


def steps_shown(page) -> int:
    return int("".join(c for c in page.locator("[data-testid='stMetricValue']").first.inner_text() if c.isdigit()))


def click_and_wait(page, press: str, answer: str, timeout=30_000) -> float:
    """Seconds from clicking `press` until the button `answer` is on the page; infinity (and a
    screenshot in /tmp) if it never answered within `timeout` ms."""
    from playwright.sync_api import TimeoutError as Timeout

    t0 = time.perf_counter()
    try:
        page.get_by_role("button", name=press, exact=True).click(timeout=timeout)
        page.get_by_role("button", name=answer, exact=True).wait_for(timeout=timeout)
    except Timeout:
        page.screenshot(path=f"/tmp/soak-no-answer-{press}-{int(t0)}.png")
        return float("inf")
    return time.perf_counter() - t0


def main():
    from playwright.sync_api import sync_playwright

    from ui.live import RECONNECT_SECONDS  # a closed session is released after this (checked every 5 s)

    ap = argparse.ArgumentParser()
    ap.add_argument("seconds", nargs="?", type=float, default=300)
    args = ap.parse_args()
    link, H = costliest_link()
    upload = largest_price_file()
    server = Server()
    pid = server.proc.pid
    rss = []  # (seconds since start, MB)
    t_start = time.perf_counter()

    def sample():
        rss.append((time.perf_counter() - t_start, rss_mb(pid)))

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            ctx, page = open_session(browser, f"{server.url}/train")  # warm the server (imports, caches)
            ctx.close()
            time.sleep(2)
            sample()
            baseline = rss[-1][1]
            sessions = []  # (name, ctx, page, expected task, expected H or None)
            for task in TASKS:
                ctx, page = open_session(browser, f"{server.url}/train?task={task}")
                sessions.append((task, ctx, page, task, None))
            ctx, page = open_session(browser, server.url + link)
            sessions.append((f"costliest link (LSTM H {H})", ctx, page, "sine", H))
            ctx, page = open_session(browser, f"{server.url}/train?task=price")
            page.get_by_text("Your own data").click()
            t0 = time.perf_counter()
            page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(
                files=[{"name": "largest.csv", "mimeType": "text/csv", "buffer": upload}])
            wait_idle(page, timeout=180_000)
            upload_s = time.perf_counter() - t0
            sessions.append((f"largest upload ({len(upload) / 2**20:.1f} MB)", ctx, page, "price", None))
            sample()
            first, marks = {}, {}
            for name, _, page, _, _ in sessions:
                page.evaluate(COUNT)
                first[name] = steps_shown(page)
                page.get_by_role("button", name="Train", exact=True).click()
            time.sleep(3)  # past each run's start
            marks = {name: page.evaluate("() => performance.now()") for name, _, page, _, _ in sessions}
            t_train = time.perf_counter()
            clicks = []  # (session, action, seconds)
            i = 0
            while not clicks or time.perf_counter() - t_train < args.seconds:
                name, _, page, _, _ = sessions[i % len(sessions)]
                clicks.append((name, "Pause", click_and_wait(page, "Pause", "Train")))
                clicks.append((name, "Train", click_and_wait(page, "Train", "Pause")))
                sample()
                i += 1
                time.sleep(max(0.0, min(5.0, args.seconds - (time.perf_counter() - t_train))))
            rows = []
            for name, _, page, task, want_h in sessions:
                ups = page.evaluate(UPDATES, marks[name])
                span = (ups[-1][0] - ups[0][0]) / 1000 if len(ups) > 1 else 0.0
                now = steps_shown(page)
                line = cli_line(page)
                intact = f"--task {task}" in line and (want_h is None or f"--hidden-size {want_h}" in line)
                rate = (ups[-1][1] - ups[0][1]) / span if span else 0.0
                rows.append((name, first[name], now, rate, (len(ups) - 1) / span if span else 0.0,
                             intact and now > first[name]))
            sample()
            for _, ctx, _, _, _ in sessions:
                ctx.close()
            t_closed = time.perf_counter()
            while time.perf_counter() - t_closed < RECONNECT_SECONDS + AFTER_RELEASE_SECONDS:
                time.sleep(5)
                sample()
            browser.close()
    finally:
        server.stop()
    report(args.seconds, baseline, rss, t_closed - t_start, rows, clicks, upload_s, link)


def report(seconds, baseline, rss, closed_at, rows, clicks, upload_s, link):
    print(f"Soak of {seconds:.0f} s, 8 sessions. Costliest link: `{link}`; largest upload parsed and drawn "
          f"in {upload_s:.1f} s.\n")
    print("| session | step at Train | step at end | steps/s | visible updates/s | run intact |")
    print("|---|---|---|---|---|---|")
    for name, a, b, rate, ups, ok in rows:
        print(f"| {name} | {a:,} | {b:,} | {rate:.0f} | {ups:.2f} | {'yes' if ok else 'NO'} |")
    times = [s for _, _, s in clicks]
    worst = max(clicks, key=lambda c: c[2])
    print(f"\nClicks (Pause, then Train, round robin): {len(clicks)}; click to answer median "
          f"{statistics.median(times):.2f} s, 90th percentile {sorted(times)[int(0.9 * len(times))]:.2f} s, "
          f"slowest {worst[2]:.2f} s ({worst[1]} in {worst[0]}).")
    during = [mb for t, mb in rss if t <= closed_at]
    after = [mb for t, mb in rss if t > closed_at]
    print(f"\nServer RSS: baseline {baseline:.0f} MB (one warm visit, closed); peak {max(during):.0f} MB while "
          f"training; after every tab closed: {', '.join(f'{mb:.0f}' for mb in after[::3])} MB "
          f"(every 15 s), last {after[-1]:.0f} MB.")
    print("\nRSS over time (s, MB): " + ", ".join(f"{t:.0f}:{mb:.0f}" for t, mb in rss))


if __name__ == "__main__":
    main()
