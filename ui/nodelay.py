"""Small HTTP answers without a 40 ms wait: TCP_NODELAY on every connection the server accepts.

asyncio turns Nagle's algorithm off for each TCP connection it serves, but only for sockets
whose `proto` is IPPROTO_TCP, and Streamlit binds its listening socket as
`socket.socket(family)`, proto 0, which the accepted connections inherit. uvicorn then writes
an answer's headers and body in two writes; with Nagle on, the body waits for the browser to
acknowledge the headers, which it delays by 40 ms. Every file after the first on a kept-alive
connection took ~44 ms instead of ~1 ms: Streamlit's ~120 script files, and the live charts'
feed at every update.
"""
import asyncio.base_events
import socket

_stdlib = getattr(asyncio.base_events, "_set_nodelay", None)  # a private function of asyncio's


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM \
            and sock.proto in (0, socket.IPPROTO_TCP):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    elif _stdlib is not None:
        _stdlib(sock)


def install() -> None:
    """From now on, every TCP connection asyncio's transports serve in this process has no Nagle
    (a Python whose asyncio no longer has the function is left as it is)."""
    if _stdlib is not None:
        asyncio.base_events._set_nodelay = _set_nodelay
