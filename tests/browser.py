"""Shared pieces of the real-browser tests: a Streamlit server on a free port and headless
Debian chromium driven by Playwright. In CI (CI=true) a missing browser is a failure, not a skip."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
SHOTS = os.environ.get("SCREENSHOT_DIR") or os.path.join(tempfile.gettempdir(), "rnn-explorer-screenshots")


def page_paths() -> list[str]:
    """The address of every screen in the menu (read from ui/shell.py); Home is at "/"."""
    with open(os.path.join(ROOT, "ui", "shell.py"), encoding="utf-8") as f:
        return [""] + re.findall(r'url_path="([^"]+)"', f.read())


def require_browser():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser test, but {CHROMIUM} is missing (apt-get install chromium).")
    pytest.skip(f"{CHROMIUM} not installed (CI installs it; locally: apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def on_core(core: int) -> tuple[str, ...]:
    """A command prefix that runs a program on one CPU core only (Server(prefix=...))."""
    return ("taskset", "-c", str(core))


def chromium_on_core(core: int) -> str:
    """A chromium that runs on one CPU core only (a wrapper script under taskset), for benchmarks
    that give the server and the browsers a core each."""
    path = os.path.join(tempfile.mkdtemp(), f"chromium-core{core}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f'#!/bin/sh\nexec {" ".join(on_core(core))} {CHROMIUM} "$@"\n')
    os.chmod(path, 0o755)
    return path


class Server:
    def __init__(self, prefix=()):
        """prefix: a command to start the server under (the benchmark pins it with taskset)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (read after the server stops, for the failure message)
        self.proc = subprocess.Popen(
            [*prefix, sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
             "--server.port", str(self.port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError("The Streamlit server did not start:\n" + self.output())

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def wait_idle(page, timeout=90_000):
    """Wait until the app has finished its script run (Streamlit's own test suite does this)."""
    idle = "[data-testid='stApp'][data-test-script-state='notRunning']"
    # Before the first script run has started the app also reads "notRunning": wait for the
    # page's title first, so "idle" means a run has drawn the page and finished.
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_selector(idle, timeout=timeout)
    # A deep link on a fresh server reruns once through app.py: wait for that run too.
    page.wait_for_timeout(700)
    page.wait_for_selector(idle, timeout=timeout)
    page.wait_for_selector("h1", timeout=timeout)


def shot(page, name: str) -> str:
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


def assert_no_error(page, where: str):
    exc = page.locator("[data-testid='stException']")
    assert exc.count() == 0, f"{where}: a traceback is shown: {exc.first.inner_text()[:500]}"
    assert page.get_by_text("Page not found").count() == 0, f"{where}: Streamlit says the page does not exist"
    err = page.locator("[data-testid='stAlertContentError']")
    assert err.count() == 0, f"{where}: an error box is shown: {err.first.inner_text()[:300]}"
