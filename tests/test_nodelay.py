"""ui/nodelay: the connections the server accepts on the socket Streamlit binds (proto 0) have
Nagle's algorithm off, as asyncio means every TCP connection it serves to have (read back with
getsockopt, not timed)."""
import asyncio
import asyncio.base_events
import socket
import subprocess
import sys

from browser import ROOT

from ui import nodelay


def accepted_nodelay() -> int:
    """TCP_NODELAY of a connection asyncio accepts on a listener bound the way Streamlit binds it."""
    async def main():
        listener = socket.socket(family=socket.AF_INET)  # proto 0, as streamlit's _bind_socket makes it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        loop = asyncio.get_running_loop()
        seen = loop.create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        server = await loop.create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        value = await asyncio.wait_for(seen, 10)
        writer.close()
        server.close()
        return value

    return asyncio.run(main())


def test_a_connection_on_a_proto_0_listener_gets_no_nagle(monkeypatch):
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", nodelay._stdlib)
    assert accepted_nodelay() == 0  # what asyncio alone does with Streamlit's socket
    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", nodelay._set_nodelay)
    assert accepted_nodelay() != 0


def test_the_server_script_installs_it():
    code = "import serve, asyncio.base_events as b, ui.nodelay as n; print(b._set_nodelay is n._set_nodelay)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.split()[-1:] == ["True"], out.stderr[-2000:]
