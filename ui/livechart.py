"""A Plotly chart that updates in place while training: the browser keeps one chart per key and
Python sends it only what changed since the last tick.

Why not st.plotly_chart: its element id hashes the whole figure (streamlit/elements/plotly_chart.py,
`compute_and_register_element_id(..., key_as_main_identity=False, plotly_spec=...)`), so every
new point gives a new element and the browser unmounts and rebuilds the chart: a blank frame,
zoom and legend choices lost, the whole figure sent again. This component (Streamlit components
v2, keyed by `key` alone) keeps its DOM node; its JavaScript (livechart_frontend/livechart.js)
applies the messages this module builds:

- full: the whole figure, drawn with Plotly.react on the same node. `layout.uirevision` keeps
  the viewer's zoom, pan and legend clicks across it. Sent the first time a key is drawn, on
  every whole-page run (the page may have been rebuilt: another screen, a reload), when the
  figure's layout or trace styles changed, and when the browser asks (it missed a message);
- delta: per trace, the tails of arrays that grew (new points of a curve, new rows of a
  heatmap: Plotly.extendTraces) and arrays replaced whole (a new heatmap of hidden states).

plotly.js comes from the installed plotly package, served once by Streamlit as a static file
(a v1 component whose directory is plotly's package_data), so the app needs no internet.
"""
import base64
import copy
import json
import math
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components_v1
import streamlit.components.v2 as components_v2
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from .preload import plotly_dir, plotly_path

_HERE = os.path.dirname(os.path.abspath(__file__))
# Serves plotly.min.js as installed where serve.py does not run (under serve.py, ui/preload.py answers
# its address with the trimmed, compressed bundle).
_PLOTLY_FILES = components_v1.declare_component("plotlyjs", path=plotly_dir())
with open(os.path.join(_HERE, "livechart_frontend", "livechart.js"), encoding="utf-8") as _f:
    _JS = _f.read()
# Not style-isolated: plotly.js puts its modebar and hover styles into the page's <head>.
_mount = components_v2.component("rnn_explorer.livechart", js=_JS, isolate_styles=False)
_STATE = "_livecharts"  # st.session_state entry: the session's Charts


KEEP = 8  # a delta covers up to this many ticks: a browser that skipped a few still applies it


@dataclass
class _Sent:
    """What the browser holds for one key (as far as Python knows), and the recent past."""
    stream: str  # changes when a new session starts sending to this key
    seq: int  # number of the last message
    arrays: list  # per trace: {attribute: list} of the list-valued attributes last sent
    shape: str  # JSON of layout, config and every trace's other attributes
    full_seq: int  # number of the last full message (a delta never reaches back past it)
    # seq -> {(trace, attribute): (length, how it changed from seq - 1, items kept from its start)}
    past: dict = field(default_factory=dict)
    want_full: bool = False  # the browser missed a full message and asked for the whole figure
    full_at: float = field(default_factory=time.monotonic)  # when the last full message was made
    ranges: dict = field(default_factory=dict)  # axis -> range last sent


class Charts:
    """What the browser holds of each live chart of one session (key -> _Sent). Script runs and
    the feed (ui/feed.py, between script runs) both send messages: one numbering, one at a time."""

    def __init__(self):
        self.sent: dict[str, _Sent] = {}
        self.one_at_a_time = threading.Lock()


def charts() -> Charts:
    """This session's Charts."""
    return st.session_state.setdefault(_STATE, Charts())


def live_chart(fig: go.Figure, key: str, config: dict | None = None, height: int | None = None,
               feed: dict | None = None) -> dict:
    """Draw `fig` under `key`, or update the chart already drawn there in place.

    fig: a plotly Figure; key: unique on the page (shares the widget namespace, prefix it);
    config: plotly's config (modebar options); height: pixels (default: fig.layout.height or 300);
    feed: while training, where the browser asks for updates between script runs (ui/feed.py).
    Returns the message sent (what a test reads).
    """
    msg = message(fig, key, config, height)
    if feed:
        msg = {**msg, "feed": feed}
    # As JSON bytes, made here once: given a dict, Streamlit walks it for dataframes, serialises it,
    # and serialises it again with sorted keys for an element id that a keyed element does not use.
    _mount(key=key, data=json.dumps(msg, separators=(",", ":")).encode(), on_resync_change=lambda: _ask_full(key),
           width="stretch")
    return msg


def message(fig: go.Figure, key: str, config: dict | None = None, height: int | None = None,
            store: Charts | None = None, partial: bool | None = None, holds: tuple[str, int] | None = None) -> dict:
    """This run's message for `key`: the whole figure, or what changed since a recent message.
    store: the session's Charts (default: this script run's); partial: the page around the chart
    stays as the browser has it (default: this is a fragment's own rerun); holds: what the browser
    says it holds (stream, seq), when it says so (the feed): a delta reaches back to there only,
    not KEEP messages."""
    store = store or charts()
    partial = fragment_run() if partial is None else partial
    with store.one_at_a_time:
        return _message(fig, key, config, height, store.sent, partial, holds)


def _message(fig, key, config, height, sent_all, partial, holds=None) -> dict:
    # The figure's own specs (plotly keeps them as plain dicts): plain() below copies them, where
    # to_plotly_json would deep-copy them first (a third of a tick's time for the four charts).
    layout = fig._layout
    height = height or layout.get("height") or 300
    template, template_json = _template(layout.get("template"))
    layout = themed(plain({**{k: v for k, v in layout.items() if k != "template"}, "height": height,
                           "uirevision": layout.get("uirevision", key)}))
    ranges = axis_ranges(layout)
    traces = [plain(t) for t in fig._data]
    arrays = [{k: v for k, v in t.items() if isinstance(v, list)} for t in traces]
    styles = [{k: v for k, v in t.items() if not isinstance(v, list)} for t in traces]
    config = {"displaylogo": False, **(config or {}), "responsive": True}
    # The PNG file name follows the step shown; it travels with every message (below) and is not
    # a change of the figure's shape, so a new name never forces a whole figure.
    image = config.get("toImageButtonOptions", {})
    shape = json.dumps([_without_ranges(layout), {**config, "toImageButtonOptions": {**image, "filename": ""}}, styles],
                       sort_keys=True) + template_json
    if template is not None:
        layout["template"] = template
    prev = sent_all.get(key)
    seq = prev.seq + 1 if prev else 0
    head = {"key": key, "stream": prev.stream if prev else uuid.uuid4().hex[:12], "seq": seq,
            "plotly": _plotly_url(), "image": image}
    now = {(i, name): (len(v), "set", 0) for i, t in enumerate(arrays) for name, v in t.items()}
    if prev is None or prev.want_full or prev.shape != shape or not partial:
        sent = _Sent(head["stream"], seq, arrays, shape, full_seq=seq, past={seq: now}, ranges=ranges)
        msg = {**head, "full": {"data": traces, "layout": layout, "config": config}}
    else:
        for i, (old, new) in enumerate(zip(prev.arrays, arrays)):
            for name, values in new.items():
                now[i, name] = (len(values), *_change(old.get(name), values))
        past = {s: v for s, v in prev.past.items() if s > seq - KEEP - 1}
        past[seq] = now
        sent = _Sent(head["stream"], seq, arrays, shape, prev.full_seq, past, ranges=ranges, full_at=prev.full_at)
        base = max(seq - KEEP, prev.full_seq)
        known = holds is not None and holds[0] == prev.stream and base <= holds[1] < seq
        if known:
            base = holds[1]  # the browser holds it (or later): nothing older to cover
        unchanged = all(kind == "same" for _, kind, _ in now.values()) and ranges == prev.ranges
        if unchanged and (base == seq - 1 or not known):  # nothing new since the browser's message (or the last)
            msg = {**head, "base": seq - 1, "traces": []}
        else:
            msg = {**head, "base": base, "traces": _delta(arrays, past, base, seq), "ranges": ranges}
    sent_all[key] = sent
    return msg


_TEMPLATES: list[tuple[Any, dict, str]] = []  # (a template as figures hold it, plain() of it, its JSON)


def _template(raw) -> tuple[dict | None, str]:
    """A figure's template, JSON-ready, and its JSON: made once for each template the charts use
    (every figure carries its own deep copy of the same one, and every update compares it)."""
    if raw is None:
        return None, ""
    for seen, ready, text in _TEMPLATES:
        if seen == raw:
            return ready, text
    ready = plain(raw)
    entry = (copy.deepcopy(raw), ready, json.dumps(ready, sort_keys=True))
    # A few templates are in use (one for each kind of chart). Two threads adding at once may drop
    # one entry: it is made again at its next use.
    _TEMPLATES[:] = [entry, *_TEMPLATES][:8]
    return entry[1], entry[2]


# The look st.plotly_chart gives a figure (its "streamlit" theme, read off a drawn chart's
# _fullLayout), so live charts sit among the static ones without a seam. The figure's own
# settings win over these.
_FONT = '"Source Sans", sans-serif'
_GREY = "#808495"
_THEME = {"font": {"family": _FONT, "size": 12, "color": _GREY}, "paper_bgcolor": "#FFFFFF",
          "plot_bgcolor": "#FFFFFF", "legend": {"font": {"color": "#262730"}},
          "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": "#DCD8D4", "font": {"color": "#262730"}},
          "title": {"font": {"size": 16, "color": "#2F2D2B"}}}
_AXIS_THEME = {"automargin": True, "gridcolor": "#e6eaf1", "zerolinecolor": "#e6eaf1", "showline": False, "ticks": "",
               "tickfont": {"color": _GREY}, "title": {"font": {"size": 14, "color": _GREY}}}


def themed(layout: dict) -> dict:
    axes = {k for k in layout if _AXIS.match(k)} | {"xaxis", "yaxis"}
    return _under(layout, {**_THEME, **{a: _AXIS_THEME for a in axes}})


def _under(mine: dict, base: dict) -> dict:
    """`base` with `mine` laid over it, dictionaries merged key by key."""
    out = dict(base)
    for k, v in mine.items():
        out[k] = _under(v, base[k]) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


def axis_ranges(layout: dict) -> dict:
    """The axes' ranges a figure sets ({"xaxis": [0, 840], ...}). They move with the data (the
    step axis grows every tick), so they travel like data: a delta carries them and the browser
    applies them to every axis the viewer has not zoomed (livechart.js), where a whole new
    layout would undo the viewer's zoom."""
    return {k: v["range"] for k, v in layout.items() if _AXIS.match(k) and isinstance(v, dict) and "range" in v}


def _without_ranges(layout) -> dict:
    return {k: ({a: b for a, b in v.items() if a != "range"} if _AXIS.match(k) and isinstance(v, dict) else v)
            for k, v in layout.items()}


_AXIS = re.compile(r"^[xy]axis\d*$")


CUT = 4  # an array whose last few items changed (a thinned curve's moving end) travels as a cut and a tail


def _change(before, after) -> tuple[str, int]:
    """How `after` differs from `before`, and how many items from the start they share: "same",
    "extend" (it only grew), "cut" (up to CUT items at the end differ, then it goes on) or "set"."""
    if before == after:
        return "same", len(after)
    if before is None:
        return "set", 0
    n = len(before)
    if len(after) > n and after[:n] == before:
        return "extend", n
    for kept in range(min(n, len(after)) - 1, max(n - CUT, 1) - 1, -1):
        if after[:kept] == before[:kept]:
            return "cut", kept
    return "set", 0


def _delta(arrays, past, base, seq) -> list:
    """Per trace, what turns the arrays as sent at message `base` (or any message after it) into
    `arrays`: for arrays that kept their start, the tail after what every message since `base`
    kept of it ("at"), so a browser a few messages behind cuts back to that length and appends;
    others whole."""
    ops = []
    for i, t in enumerate(arrays):
        extend, at, replace = {}, {}, {}
        for name, values in t.items():
            marks = [past[s].get((i, name), (0, "set", 0)) for s in range(base + 1, seq + 1)]
            if all(kind == "same" for _, kind, _ in marks):
                continue
            if all(kind != "set" for _, kind, _ in marks) and (i, name) in past[base]:
                at[name] = min(kept for _, _, kept in marks)  # each at most the length before it
                extend[name] = values[at[name]:]
            else:
                replace[name] = values
        if extend or replace:
            ops.append({"i": i, **({"extend": extend, "at": at} if extend else {}),
                        **({"set": replace} if replace else {})})
    return ops


def _ask_full(key):
    store = st.session_state.get(_STATE)
    sent = store.sent.get(key) if store is not None else None
    if sent is not None:
        sent.want_full = True


def fragment_run() -> bool:
    """Is this a fragment's own rerun (the page around it stays as the browser has it)?"""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def serve_plotly() -> None:
    """Serve plotly.min.js from now on, also outside a script run: a fresh server's first page asks
    for it (ui/preload.py) before any script has run, and declare_component registers a file only
    from inside one."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        Runtime.instance().component_registry.register_component(_PLOTLY_FILES)


def _plotly_url() -> str:
    return plotly_path()  # the address of _PLOTLY_FILES' plotly.min.js, which pages preload


_JSON_ATOMS = {int, str, bool, type(None)}
_NUMBERS = {int, float}


def plain(obj: Any) -> Any:
    """JSON-ready copy of a plotly object: typed arrays ({dtype, bdata, shape}) as nested lists,
    numpy values as Python numbers, NaN and ±inf as None (a gap in plotly.js)."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=obj["dtype"])
            if obj.get("shape"):
                arr = arr.reshape([int(s) for s in str(obj["shape"]).split(",")])
            return plain(arr)
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "iub" or (obj.dtype.kind == "f" and np.isfinite(obj).all()):
            return obj.tolist()  # numbers all: no need to look at each
        return plain(obj.tolist())
    if isinstance(obj, (list, tuple)):
        kinds = set(map(type, obj))  # checked at C speed: a curve's points, a row of hover texts
        if kinds <= _JSON_ATOMS or (kinds <= _NUMBERS and math.isfinite(sum(obj))):
            return list(obj)  # already JSON (a sum that is finite has no NaN or ±inf in it)
        return [plain(v) for v in obj]
    if isinstance(obj, (float, np.floating)):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj
