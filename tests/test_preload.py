"""ui/preload: the app's pages start fetching plotly.js with the page, and a fresh server serves it
before any script has run; every other response is left as it was."""
import os
import re
import urllib.request

import streamlit
from browser import Server, wait_idle

from ui.preload import inject, plotly_path

HEAD = b"<html><head><title>x</title></head><body></body></html>"


def get(url, gz=False):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gz else {})
    with urllib.request.urlopen(req, timeout=30) as res:
        return res.status, res.headers, res.read()


def test_inject_adds_the_loader_once_at_the_end_of_head():
    out = inject(HEAD)
    assert out.count(b"__livechartPlotly = new Promise") == 1
    assert out.index(b'rel="preload"') < out.index(b"</head>")
    assert f'href="{plotly_path()}"'.encode() in out
    assert inject(out) == out  # already there
    assert inject(b"<p>no head</p>") == b"<p>no head</p>"


def test_a_fresh_server_serves_plotly_js_to_its_first_page_and_leaves_other_files_alone():
    server = Server()
    try:
        status, headers, html = get(server.url + "/train", gz=True)  # before any script has run
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert int(headers["Content-Length"]) == len(html)
        url = re.search(rb'<link rel="preload" href="([^"]+)" as="script">', html).group(1).decode()
        status, headers, js = get(server.url + url)
        assert status == 200 and js.lstrip().startswith(b"/**\n* plotly.js v")
        # Streamlit's own files come as they are on disk.
        bundle = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', html).group(1).decode()
        with open(os.path.join(os.path.dirname(streamlit.__file__), "static", bundle), "rb") as f:
            assert get(server.url + "/" + bundle, gz=True)[2] == f.read()
        assert get(server.url + "/_stcore/health")[2] == b"ok"
    finally:
        server.stop()


# The order in which the live charts get drawn (a chart node gets plotly's class when drawn).
ORDER = """new MutationObserver((changes) => { for (const c of changes) {
  const gd = c.target; if (!gd.classList || !gd.classList.contains('livechart') || !gd._fullLayout) continue;
  const key = [...gd.closest('[class*="st-key-"]').classList].find((k) => k.startsWith('st-key-')).slice(7);
  const order = (window.__drawn = window.__drawn || []); if (!order.includes(key)) order.push(key); }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });"""


def test_the_page_fetches_plotly_js_once_and_draws_the_charts_in_view_first(server, page):
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "plotly.min.js" in r.url else None)
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => {" + ORDER + "});")
    page.goto(f"{server.url}/train")
    wait_idle(page)
    page.wait_for_function("() => (window.__drawn || []).length >= 9", timeout=60_000)
    assert len(asked) == 1, asked
    drawn = page.evaluate("window.__drawn")
    in_view = page.evaluate("""(keys) => keys.filter((k) => {
      const r = document.querySelector('.st-key-' + k).getBoundingClientRect();
      return r.top < window.innerHeight && r.bottom > 0; })""", drawn)
    assert in_view and set(drawn[:len(in_view)]) == set(in_view), (drawn, in_view)
