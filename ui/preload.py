"""Start loading plotly.js with the page, not with the first live chart.

A new browser's first visit to /train spends most of its time to the first chart on plotly.js:
4.8 MB of script fetched only once Streamlit has drawn the page and mounted the first live chart
(about 2 s in), then about 0.9 s to evaluate, and only then are the charts drawn. This middleware
(serve.py) adds two lines to the page's HTML: a preload of plotly.min.js, fetched alongside
Streamlit's own bundle, and a small script that evaluates it the first time the browser is idle
(while it waits for the server's first answer) and leaves the promise where livechart.js looks
for it (`window.__livechartPlotly`).

plotly.min.js itself is made once per server: trimmed to the trace types the live charts draw
(ui/plotly_bundle.py: evaluating it takes ~0.5 s instead of ~1.2 s) and compressed (4.8 MB, ~0.12 s
of a core each time: a class opening the page at once). It carries an ETag, so a reload
revalidates with a 304 instead of fetching it again. Only these two responses are touched; every
other one passes through as it is.
"""
import gzip
import hashlib
import importlib
import logging
import os
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from .feed import base_url
from .plotly_bundle import trimmed

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

# Streamlit's own routes and files (and the feed's): never a page's HTML.
_NOT_PAGES = {"_stcore", "static", "component", "media", "api"}

# Streamlit's frontend looks for its server first under the page's own path (/train/_stcore/health,
# a 404) and only ~0.4 s later one level up, on every visit to a screen other than Home. The
# screens are one level under the server's base: where the page's own files come from ("./").
# Said only when that is the base this server has (behind a proxy that moves it, Streamlit looks).
_LOADER = """<link rel="preload" href="{url}" as="script">
<script>
if (!window.__streamlit && new URL("./", location.href).pathname === "{base}")
  window.__streamlit = {{ BACKEND_BASE_URL: new URL("./", location.href).href }};
window.__livechartPlotly = new Promise(function (resolve, reject) {{
  function load() {{
    var s = document.createElement("script");
    s.src = "{url}";
    s.async = true;
    s.onload = function () {{ resolve(window.Plotly); }};
    s.onerror = function () {{ window.__livechartPlotly = null; reject(new Error("plotly.js did not load")); }};
    document.head.appendChild(s);
  }}
  if (window.requestIdleCallback) window.requestIdleCallback(load, {{ timeout: 3000 }});
  else setTimeout(load, 500);
}});
window.__livechartPlotly.catch(function () {{}});
</script>
"""


def plotly_path() -> str:
    """Where the server serves plotly.min.js (ui/livechart declares it as a component's file)."""
    return base_url("component/ui.livechart.plotlyjs/plotly.min.js")


def inject(html: bytes) -> bytes:
    """The page's HTML with the plotly.js loader at the end of its <head>."""
    tag = _LOADER.format(url=plotly_path(), base=base_url("").rstrip("/") + "/").encode()
    at = html.find(b"</head>")
    return html if at < 0 or b"__livechartPlotly" in html else html[:at] + tag + html[at:]


def plotly_dir() -> str:
    """The installed plotly package's folder holding plotly.min.js (ui.livechart serves it)."""
    import plotly

    return os.path.join(os.path.dirname(plotly.__file__), "package_data")


_BUNDLE: tuple[bytes, bytes, bytes] | None = None  # (ETag, plotly.js, the same gzipped), made once
_MAKING = threading.Lock()


def _bundle() -> tuple[bytes, bytes, bytes]:
    global _BUNDLE
    with _MAKING:
        if _BUNDLE is None:
            with open(os.path.join(plotly_dir(), "plotly.min.js"), "rb") as f:
                data = f.read()
            small = trimmed(data)
            if small is None:
                logging.getLogger(__name__).warning("plotly.min.js not recognised: served whole (slower to load)")
            data = small or data
            etag = b'"' + hashlib.sha256(data).hexdigest()[:20].encode() + b'"'
            _BUNDLE = (etag, data, gzip.compress(data, 6, mtime=0))
    return _BUNDLE


async def _send_plotly(scope: Scope, send: Callable) -> None:
    headers = dict((k.lower(), v) for k, v in scope.get("headers", []))
    etag, data, gzipped = await anyio.to_thread.run_sync(_bundle)
    fresh = etag in headers.get(b"if-none-match", b"")
    gz = b"gzip" in headers.get(b"accept-encoding", b"").lower()
    body = b"" if fresh else gzipped if gz else data
    out = [(b"content-type", b"application/javascript"), (b"cache-control", b"public, no-cache"),
           (b"etag", etag), (b"vary", b"Accept-Encoding")]
    if not fresh:
        out += [(b"content-encoding", b"gzip")] if gz else []
        out += [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 304 if fresh else 200, "headers": out})
    await send({"type": "http.response.body", "body": body})


def _page(path: str) -> bool:
    parts = [p for p in path.split("/") if p]
    return not _NOT_PAGES.intersection(parts) and not (parts and "." in parts[-1])


# What the Train screen imports: torch, the engine and the screens' modules (about 2 s on this
# machine), which a fresh server's first visitor would otherwise wait for in their script run.
APP_MODULES = ("core.live", "core.tasks.sine", "ui.train_view", "ui.controls", "ui.compare", "ui.lecture",
               "ui.exercises", "ui.livechart")


def _quietly(work: Callable[[], None]) -> None:
    # Importing ui.livechart outside a script run makes Streamlit log "missing ScriptRunContext"
    # (its component declarations want one).
    quiet = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        work()
    finally:
        quiet.setLevel(level)


def import_app() -> None:
    """Import APP_MODULES now (serve.py calls this in a thread as the server starts): the first
    script run finds them imported, or waits only for the rest of an import under way. Also makes
    one optimizer: torch imports its compiler (torch._dynamo, ~1.3 s) at the first one made."""
    _quietly(lambda: [importlib.import_module(m) for m in APP_MODULES])
    import torch

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def _serve_plotly() -> None:
    # serve_plotly registers the file without a script run.
    _quietly(lambda: importlib.import_module("ui.livechart").serve_plotly())


class PreloadPlotly:
    """ASGI middleware: pages' HTML gets the loader (inject); other responses are untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.serving = False
        threading.Thread(target=_bundle, name="plotly.js", daemon=True).start()  # before the first page

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET" and scope.get("path") == plotly_path():
            await _send_plotly(scope, send)
            return
        if scope["type"] != "http" or scope.get("method") != "GET" or not _page(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        if not self.serving:  # a fresh server: before its first script run it serves no plotly.js
            await anyio.to_thread.run_sync(_serve_plotly)
            self.serving = True
        # The page's HTML is 3 KB: ask for it uncompressed, so it can be read and changed here.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = dict(scope, headers=headers)
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            html = inject(b"".join(body))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(html)).encode()))
            await send(dict(start, headers=headers))
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, capture)
