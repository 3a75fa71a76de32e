"""Live charts fed between script runs. While a run trains, its page's live charts ask the server
for what changed (GET FEED_PATH, livechart.js) every tick, and the server answers with the same
messages a script run would send (ui/livechart.message). Streamlit then reruns the page's fragment
about once a second (the numbers above the charts), not at every tick: a fragment run costs the
browser a re-render of the page and the server a script run, which is most of a tick's cost.

Only the page that drew the charts knows its feed's token (a random string, sent with the
charts); a feed holds its run and its charts weakly, so a closed session leaves nothing here.
`serve.py` mounts the route (`make run`); under AppTest or a plain `streamlit run app.py` the
route is not there and the fragment's own timer keeps the charts going, as it always has.
"""
import logging
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    # serve.py imports this module before Streamlit's runtime exists: ui.livechart (which declares
    # a component, and needs the runtime for that) and torch are imported when a page first draws.
    from core.live import Run

    from .livechart import Charts

FEED_PATH = "/api/rnnx/feed"  # not under /_stcore, /component or /media: Streamlit's own routes
_TOKEN = "_feed_token"  # st.session_state entry: this session's token
FULL_ON_ITS_WAY = 1.0  # seconds a whole figure sent by a script run may take to reach the browser

# What a feed draws: run -> {key: (figure, plotly config)}, with no Streamlit call in it (it also
# runs outside any script run, in the server's thread pool).
Build = Callable[["Run"], dict]


@dataclass
class Feed:
    run: weakref.ref
    charts: weakref.ref
    build: Build
    every: float  # seconds between the browser's asks
    failed: bool = False  # build raised: the page's fragment runs draw the charts from here on


_FEEDS: dict[str, Feed] = {}
_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)
served = False  # routes() was called: this server answers FEED_PATH


def offer(run: "Run", build: Build, every: float) -> dict:
    """Let this session's page ask for `build`'s charts of `run` while it trains; what the page's
    charts need to ask (their message's `feed`)."""
    from .livechart import charts

    token = st.session_state.setdefault(_TOKEN, secrets.token_urlsafe(18))
    with _LOCK:
        for t in [t for t, f in _FEEDS.items() if f.run() is None or f.charts() is None]:
            del _FEEDS[t]  # sessions that are gone
        prev = _FEEDS.get(token)
        failed = prev is not None and prev.failed and prev.run() is run  # stays stopped for this run
        _FEEDS[token] = Feed(weakref.ref(run), weakref.ref(charts()), build, every, failed)
    return {"url": base_url(FEED_PATH), "token": token, "every": every}


def poll(token: str, have: dict[str, tuple[str, int]]) -> dict:
    """The messages for the charts of feed `token`, given what the browser holds of each
    (key -> (stream, seq)); {"stop": True} once there is nothing to follow (paused, or gone)."""
    from .livechart import message

    with _LOCK:
        feed = _FEEDS.get(token)
    run = feed.run() if feed else None
    store = feed.charts() if feed else None
    if run is None or store is None or not run.running or feed.failed:
        return {"stop": True}
    try:
        with run.draw():
            figures = feed.build(run)
    except Exception:  # one log entry, not a 500 and a traceback at every ask; the run trains on
        feed.failed = True
        _LOG.exception("The live charts' feed stopped: building its figures failed")
        return {"stop": True}
    wait = _resync(store, have, figures)
    msgs = {key: message(fig, key, config, store=store, partial=True, holds=have.get(key))
            for key, (fig, config) in figures.items() if key not in wait}
    return {"every": feed.every, "charts": msgs}


def _resync(store: "Charts", have: dict[str, tuple[str, int]], keys) -> set:
    """A chart of `keys` whose browser holds too old a message (or none) gets the whole figure,
    unless a whole figure left less than FULL_ON_ITS_WAY s ago (a script run's, on its way over
    the websocket): those charts get nothing this time (the keys returned), rather than one
    whole figure after another while a busy browser is still receiving the first."""
    from .livechart import KEEP

    wait = set()
    with store.one_at_a_time:
        for key in keys:
            sent = store.sent.get(key)
            if sent is None:
                continue
            stream, seq = have.get(key, ("", -1))
            if stream == sent.stream and sent.seq - KEEP <= seq < sent.full_seq \
                    and time.monotonic() - sent.full_at < FULL_ON_ITS_WAY:
                wait.add(key)
            elif stream != sent.stream or seq < max(sent.seq - KEEP, sent.full_seq):
                sent.want_full = True
    return wait


def base_url(path: str) -> str:
    """`path` under the server's base URL path (server.baseUrlPath)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (base, path.strip("/")) if p)


def parse_have(text: str) -> dict[str, tuple[str, int]]:
    """The browser's "key:stream:seq,..." (what it holds); malformed parts are left out."""
    have = {}
    for part in text.split(","):
        key, _, rest = part.partition(":")
        stream, _, seq = rest.partition(":")
        if key and stream and seq.lstrip("-").isdigit():
            have[key] = (stream, int(seq))
    return have


def routes() -> list:
    """The feed's route, for st.App(routes=...) in serve.py."""
    global served
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    def endpoint(request):  # a plain function: Starlette runs it in its thread pool
        token = request.query_params.get("t", "")
        body = poll(token, parse_have(request.query_params.get("have", "")))
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    served = True
    return [Route(base_url(FEED_PATH), endpoint, methods=["GET"])]
