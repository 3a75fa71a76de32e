"""Replicas behind nginx, as deploy/ runs them, but as plain processes (no container daemon):
two app servers on loopback ports and Debian's nginx in front with deploy/nginx.conf, only its
ports and paths changed. Four browser sessions train through nginx, each on its own replica;
one replica stops: its pages say so in a sentence and reconnect, the others train on.
In CI (CI=true) a missing nginx or browser is a failure; locally the test skips without nginx."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from browser import ROOT, Server, assert_no_error, free_port, shot, wait_idle

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED = os.path.join(ROOT, "deploy", "nginx.conf")
SERVER_LINE = re.compile(r"^(\s*)server app\d+:8501(.*);$")
# The directives that make the replicas work: sticky cookie, hashing on it, WebSocket upgrade.
ESSENTIAL = ("map $cookie_rnnx_replica $rnnx_replica {", "map $cookie_rnnx_replica $rnnx_set_cookie {",
             "map $http_upgrade $connection_upgrade {", "hash $rnnx_replica consistent;",
             "add_header Set-Cookie $rnnx_set_cookie;", "location /_stcore/stream {",
             "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
             "proxy_http_version 1.1;")


def require_nginx():
    if os.path.exists(NGINX):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must run the replicas test, but nginx is missing (apt-get install nginx).")
    pytest.skip("nginx not installed (CI installs it; locally: apt-get install nginx)")


def nginx_config(shipped: str, listen: int, upstreams: list[int], workdir: str) -> str:
    """deploy/nginx.conf with loopback ports for its listen and upstream servers, and files in
    workdir (a non-root nginx cannot write /var/log/nginx or its default temp directories)."""
    out, params = [], None
    for line in shipped.splitlines():
        server = SERVER_LINE.match(line)
        if server:
            if params is None:  # one line per replica, with the shipped file's parameters
                indent, params = server.group(1), server.group(2)
                out += [f"{indent}server 127.0.0.1:{port}{params};" for port in upstreams]
            continue
        line = re.sub(r"^(\s*)listen 8080;", rf"\g<1>listen 127.0.0.1:{listen};", line)
        line = line.replace("/var/log/nginx/access.log", os.path.join(workdir, "access.log"))
        out.append(line)
        if line.strip() == "http {":
            out += [f"    {kind}_temp_path {os.path.join(workdir, kind)};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    return "\n".join(out) + "\n"


def test_the_test_runs_the_shipped_configuration(tmp_path):
    """The generated file is the shipped one with only ports and paths changed."""
    with open(SHIPPED, encoding="utf-8") as f:
        shipped = f.read()
    generated = nginx_config(shipped, 18080, [18501, 18502], str(tmp_path))
    kept = [ln.strip() for ln in shipped.splitlines()
            if not SERVER_LINE.match(ln) and "listen 8080" not in ln and "access.log" not in ln]
    gen = [ln.strip() for ln in generated.splitlines()]
    assert [ln for ln in gen if ln in kept] == kept  # every other line, in order
    added = [ln for ln in gen if ln not in kept]
    assert all(re.fullmatch(r"(server 127\.0\.0\.1:\d+ .*;|listen 127\.0\.0\.1:18080;|\w+_temp_path .*;|"
                            r"access_log .*access\.log sticky;)", ln) for ln in added), added
    for directive in ESSENTIAL:
        assert directive in [ln.strip() for ln in shipped.splitlines()], directive
        assert directive in gen, directive
    assert not any(ln.startswith("ip_hash") for ln in gen)  # on one NAT (or loopback): everyone on one replica
    assert sum("server 127.0.0.1:" in ln for ln in gen) == 2


class Nginx:
    def __init__(self, upstreams: list[int]):
        self.dir = tempfile.mkdtemp(prefix="rnnx-nginx-")
        os.chmod(self.dir, 0o755)  # started as root, nginx's workers run as nobody
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with open(SHIPPED, encoding="utf-8") as f:
            conf = nginx_config(f.read(), self.port, upstreams, self.dir)
        path = os.path.join(self.dir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(conf)
        self.log = os.path.join(self.dir, "access.log")
        self.proc = subprocess.Popen(
            [NGINX, "-p", self.dir, "-c", path, "-e", os.path.join(self.dir, "error.log"),
             "-g", f"daemon off; pid {os.path.join(self.dir, 'nginx.pid')};"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start:\n" + self.errors())

    def errors(self) -> str:
        try:
            with open(os.path.join(self.dir, "error.log"), encoding="utf-8") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def new_cookie(self) -> tuple[str, str]:
        """A first visit's sticky cookie and the upstream nginx sent it to (from its access log)."""
        with urllib.request.urlopen(self.url + "/_stcore/health", timeout=10) as r:
            cookie = re.search(r"rnnx_replica=([^;]+)", " ".join(r.headers.get_all("Set-Cookie") or [])).group(1)
        # nginx logs a request after answering it: on a busy machine the line comes a moment later.
        deadline = time.monotonic() + 10
        while not (lines := self._logged(f"replica={cookie}")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lines, f"nginx never logged the visit with cookie {cookie}"
        return cookie, re.search(r"upstream=(\S+)", lines[-1]).group(1)

    def _logged(self, text: str) -> list[str]:
        with open(self.log, encoding="utf-8") as f:
            return [ln for ln in f if text in ln]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


# What a test reads off a training page, in one round trip (a busy page answers each call late).
READ = """() => ({
  step: Number((document.querySelector("[data-testid='stMetricValue']") || {innerText: ''}).innerText
               .replace(/[^0-9]/g, '')),
  link: [...document.querySelectorAll(".copyline code")].map(e => e.innerText).join(' '),
  errors: document.querySelectorAll("[data-testid='stException'], [data-testid='stAlertContentError']").length,
})"""


def _read(page) -> dict:
    return page.evaluate(READ)


WATCH_CONNECTION = """() => {
  const app = document.querySelector('[data-test-connection-state]');
  window.__lost = [];
  new MutationObserver(() => {
    const note = document.querySelector('.rnnx-offline');
    window.__lost.push([app.getAttribute('data-test-connection-state'),
                        note ? getComputedStyle(note).display : 'missing', note ? note.innerText : '']);
  }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
}"""


def test_four_sessions_on_two_replicas_behind_nginx(chromium):
    require_nginx()
    with ThreadPoolExecutor(2) as pool:
        replicas = list(pool.map(lambda _: Server(), range(2)))
    proxy, contexts = None, []
    try:
        proxy = Nginx([r.port for r in replicas])
        by_upstream = {f"127.0.0.1:{r.port}": [] for r in replicas}
        for _ in range(40):  # first visits until two sessions sit on each replica (bounded)
            cookie, upstream = proxy.new_cookie()
            if len(by_upstream[upstream]) < 2:
                by_upstream[upstream].append(cookie)
            if all(len(c) == 2 for c in by_upstream.values()):
                break
        assert all(len(c) == 2 for c in by_upstream.values()), by_upstream  # really spread over both

        sessions = []  # (replica, page, hidden size)
        for n, (replica, cookies) in enumerate(zip(replicas, by_upstream.values())):
            for k, cookie in enumerate(cookies):
                ctx = chromium.new_context(viewport={"width": 1000, "height": 700}, locale="en-US")
                ctx.add_cookies([{"name": "rnnx_replica", "value": cookie, "url": proxy.url}])
                contexts.append(ctx)
                hidden = 5 + 2 * n + k  # every session's own run: H = 5, 6, 7, 8
                page = ctx.new_page()
                page.goto(f"{proxy.url}/train?hidden_size={hidden}&seed={hidden}")
                sessions.append((replica, page, hidden))
        for _, page, hidden in sessions:
            wait_idle(page)
            # The link box is drawn by the page's last part; a busy machine may still be drawing it.
            page.wait_for_function(f"() => ({READ})().link.includes('hidden_size={hidden}')", timeout=60_000)
            page.get_by_role("button", name="Train", exact=True).click()
        for _, page, _ in sessions:
            page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=60_000)

        # Each session trains on its own replica: its counter only grows, and its page keeps its run.
        first = [_read(page) for _, page, _ in sessions]
        time.sleep(3)
        second = [_read(page) for _, page, _ in sessions]
        assert all(b["step"] > a["step"] for a, b in zip(first, second)), (first, second)
        for (_, _, hidden), seen in zip(sessions, second):
            assert f"hidden_size={hidden}" in seen["link"] and f"seed={hidden}" in seen["link"], seen["link"]
            assert seen["errors"] == 0

        # One replica stops (a crash, a redeploy): its pages show Streamlit's reconnect state with
        # the app's sentence; the other replica's sessions train on.
        gone, kept = replicas[0], replicas[1]
        lost = [(page, hidden) for replica, page, hidden in sessions if replica is gone]
        alive = [page for replica, page, _ in sessions if replica is kept]
        for page, _ in lost:
            page.evaluate(WATCH_CONNECTION)
        before_alive = [_read(page)["step"] for page in alive]
        before_lost = [_read(page)["step"] for page, _ in lost]
        gone.stop()
        deadline = time.time() + 30
        while time.time() < deadline and not all(page.evaluate("() => window.__lost.length") for page, _ in lost):
            time.sleep(0.2)
        for i, (page, _) in enumerate(lost):
            seen = page.evaluate("() => window.__lost")
            shown = [s for s in seen if s[0] != "CONNECTED"]
            assert shown, f"session {i}: no reconnect state after the replica stopped ({seen})"
            assert all(s[1] == "block" and "connection to the server is lost" in s[2] for s in shown), seen
            assert page.locator("[data-testid='stException']").count() == 0
        time.sleep(2)
        after_alive = [_read(page)["step"] for page in alive]
        assert all(b > a for a, b in zip(before_alive, after_alive)), (before_alive, after_alive)

        # nginx hands the lost sessions to the replica that is left: the page comes back by itself,
        # with the link's settings and a new run (the old one lived in the stopped process).
        for i, (page, hidden) in enumerate(lost):
            page.wait_for_selector("[data-test-connection-state='CONNECTED']", timeout=40_000)
            wait_idle(page)
            shot(page, f"replicas-reconnected-{i}")
            seen = _read(page)
            assert f"hidden_size={hidden}" in seen["link"] and seen["step"] < before_lost[i]
            assert_no_error(page, "after the replica stopped")
    finally:
        for ctx in contexts:
            ctx.close()
        if proxy is not None:
            proxy.stop()
        for r in replicas:
            r.stop()
