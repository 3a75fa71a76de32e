"""plotly.js with only the trace types the live charts draw.

The plotly package ships one bundle, plotly.min.js, which registers all 46 trace types (3-D,
maps, sankey, ...) as it loads. Building them is most of the ~1.2 s a new browser spends
evaluating the file, one long task on the page's main thread before its first chart. The live
charts draw three of them. `trimmed` rewrites the bundle's one registration call to build only
those; the other modules' code stays in the file, is parsed lazily and never runs.

The bundle is esbuild output: every module is a lazy wrapper, `var A=W((e,t)=>{...})`, run the
first time `A()` is called, and the registration reads `Plotly.register([A(),B(),...])` where
each item is `var A=W((e,t)=>{"use strict";t.exports=B()})` over a module whose exports say
`moduleType:"trace",name:"bar"`. Anything else (another plotly.js, another build) is not
recognised and `trimmed` returns None: the caller serves the file as it is.
"""
import re

# What ui/livechart's figures use (scatter is in plotly.js's core and always registered);
# tests/test_plotly_bundle.py checks every live figure against it.
LIVE_TRACES = frozenset({"scatter", "heatmap", "bar"})

_ID = r"[\w$]+"
_IDB = _ID.encode()
_REGISTER = re.compile(rf"({_ID})\.register\(\[((?:{_ID}\(\),)*{_ID}\(\))\]\)".encode())
_KIND = re.compile(rb'moduleType:"(trace|component)",name:"(\w+)"')
_NEXT = re.compile(rb"\}\);var " + _IDB + rb"=" + _IDB + rb"\(")
_CALL = re.compile(rb"=(" + _IDB + rb")\(\)")


def _module(source: bytes, name: bytes) -> bytes | None:
    """Module `name`'s definition, `var name=W((e,t)=>{...` up to its closing `});`, or None."""
    start = re.search(rb"var " + re.escape(name) + rb"=" + _IDB + rb"\(", source)
    if start is None:
        return None
    end = _NEXT.search(source, start.end())
    return source[start.start():end.start() if end else len(source)]


def _kind(source: bytes, item: bytes, depth: int = 3) -> tuple[str, str] | None:
    """("trace", "bar") for a registration item, or None if it is not the expected shape: the
    module says its moduleType and name, or builds on the first module it calls (which does)."""
    body = _module(source, item)
    found = _KIND.search(body) if body else None
    if found:
        return found.group(1).decode(), found.group(2).decode()
    first = _CALL.search(body) if body else None
    return _kind(source, first.group(1), depth - 1) if first and depth else None


def _registration(source: bytes) -> tuple[re.Match, list[tuple[str, str]]] | None:
    """The bundle's one registration call and the (kind, name) of each item in it, or None."""
    calls = list(_REGISTER.finditer(source))
    if len(calls) != 1:
        return None
    kinds = [_kind(source, item[:-2]) for item in calls[0].group(2).split(b",")]
    return None if None in kinds else (calls[0], kinds)


def registered(source: bytes) -> list[tuple[str, str]] | None:
    """The (kind, name) of each module the bundle registers as it loads, in order, or None."""
    found = _registration(source)
    return found[1] if found else None


def trimmed(source: bytes, traces: frozenset[str] = LIVE_TRACES) -> bytes | None:
    """The bundle registering only `traces` (and every component, e.g. calendars), or None if the
    bundle is not one this recognises or lacks one of `traces` (other than core scatter)."""
    found = _registration(source)
    if found is None:
        return None
    call, kinds = found
    if not (traces - {"scatter"}) <= {name for kind, name in kinds if kind == "trace"}:
        return None
    items = call.group(2).split(b",")
    kept = [item for item, (kind, name) in zip(items, kinds) if kind == "component" or name in traces]
    new = call.group(1) + b".register([" + b",".join(kept) + b"])"
    return source[:call.start()] + new + source[call.end():]
