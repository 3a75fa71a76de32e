"""ui/preload: the app's pages start fetching plotly.js with the page, and a fresh server serves it
before any script has run; every other response is left as it was."""
import gzip
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import streamlit
from browser import ROOT, Server, wait_idle

from ui.preload import inject, plotly_path

HEAD = b"<html><head><title>x</title></head><body></body></html>"


def get(url, gz=False, etag=None):
    headers = {"Accept-Encoding": "gzip"} if gz else {}
    if etag:
        headers["If-None-Match"] = etag
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:  # urllib raises on a 304
        return e.code, e.headers, e.read()


def test_inject_adds_the_loader_once_at_the_end_of_head():
    out = inject(HEAD)
    assert out.count(b"__livechartPlotly = new Promise") == 1
    assert out.index(b'rel="preload"') < out.index(b"</head>")
    assert f'href="{plotly_path()}"'.encode() in out
    assert 'pathname === "/")' in out.decode() and "BACKEND_BASE_URL" in out.decode()
    assert inject(out) == out  # already there
    assert inject(b"<p>no head</p>") == b"<p>no head</p>"


def imported_torch(pid: int) -> bool:
    with open(f"/proc/{pid}/maps") as f:
        return "libtorch_cpu" in f.read()


def test_import_app_leaves_nothing_for_the_first_script_run_to_import():
    """The screens' modules, and the compiler torch imports at the first optimizer made (~1.3 s)."""
    code = ("import sys; from ui.preload import APP_MODULES, import_app; import_app(); "
            "print(all(m in sys.modules for m in APP_MODULES), 'torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]


def test_a_fresh_server_imports_the_app_before_its_first_visitor_asks():
    """Nothing but the health check has been asked: torch (and the screens' modules) come in anyway."""
    server = Server()
    try:
        deadline = time.monotonic() + 60
        while not imported_torch(server.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert imported_torch(server.proc.pid)
    finally:
        server.stop()


def test_a_fresh_server_serves_plotly_js_to_its_first_page_and_leaves_other_files_alone():
    server = Server()
    try:
        status, headers, html = get(server.url + "/train", gz=True)  # before any script has run
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert int(headers["Content-Length"]) == len(html)
        url = re.search(rb'<link rel="preload" href="([^"]+)" as="script">', html).group(1).decode()
        status, headers, js = get(server.url + url)
        assert status == 200 and js.lstrip().startswith(b"/**\n* plotly.js v")
        # Compressed once for every page, the bytes of the installed file; a reload revalidates.
        status, headers, gz = get(server.url + url, gz=True)
        assert status == 200 and headers["Content-Encoding"] == "gzip" and gzip.decompress(gz) == js
        assert int(headers["Content-Length"]) == len(gz) and get(server.url + url, gz=True)[2] == gz
        status, again, body = get(server.url + url, gz=True, etag=headers["ETag"])
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
        assert get(server.url + url, gz=True, etag='"other"')[0] == 200
        # Streamlit's own files come as they are on disk.
        bundle = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', html).group(1).decode()
        with open(os.path.join(os.path.dirname(streamlit.__file__), "static", bundle), "rb") as f:
            assert get(server.url + "/" + bundle, gz=True)[2] == f.read()
        assert get(server.url + "/_stcore/health")[2] == b"ok"
    finally:
        server.stop()


# When each live chart was mounted (its node has the class "livechart") and first drawn (plotly's
# own class and layout on it), in the page's clock.
ORDER = """const keyOf = (gd) => [...gd.closest('[class*="st-key-"]').classList]
  .find((k) => k.startsWith('st-key-')).slice(7);
const at = (window.__at = { mounted: {}, drawn: {} });
new MutationObserver((changes) => {
  for (const gd of document.querySelectorAll('.livechart')) {
    const key = keyOf(gd);
    if (!(key in at.mounted)) at.mounted[key] = performance.now();
    if (gd._fullLayout && !(key in at.drawn)) at.drawn[key] = performance.now();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });"""


def test_the_page_fetches_plotly_js_once_and_draws_the_charts_in_view_first(server, page):
    """A chart below the first screen is never drawn while a chart in view waits to be (one in view
    mounted later, e.g. once a new network is ready, may come after the ones already drawn)."""
    asked, pinged = [], []
    page.on("request", lambda r: asked.append(r.url) if "plotly.min.js" in r.url else None)
    page.on("request", lambda r: pinged.append(r.url) if "_stcore/health" in r.url else None)
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => {" + ORDER + "});")
    page.goto(f"{server.url}/train")
    wait_idle(page)
    page.wait_for_function("() => Object.keys((window.__at || {drawn: {}}).drawn).length >= 9", timeout=60_000)
    assert len(asked) == 1, asked
    # Streamlit's frontend was told where its server is: it did not first try /train/_stcore/health.
    assert pinged == [f"{server.url}/_stcore/health"], pinged
    at = page.evaluate("window.__at")
    in_view = page.evaluate("""(keys) => keys.filter((k) => {
      const r = document.querySelector('.st-key-' + k).getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0; })""", list(at["drawn"]))
    below = set(at["drawn"]) - set(in_view)
    assert in_view and below, at
    for k in in_view:
        for j in below:
            if at["mounted"][k] < at["drawn"][j]:  # k was waiting when j was drawn
                assert at["drawn"][k] < at["drawn"][j], (k, j, at)
