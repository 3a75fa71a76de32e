"""Process-wide settings, set once by whoever starts the process: app.py for the server, the CLI
for a terminal run, tests/conftest.py for the tests. Nothing sets them on import. And the one
place that hands freed memory back to the system when a session ends."""
import ctypes
import ctypes.util
import gc
import os
import sys

import torch

# A training step hands the GIL back and forth many times (every small torch call); while the page
# builds charts each hand-back waits a whole switch interval (5 ms by default). A short interval
# keeps a session's training worker at speed while another thread draws (bench/live_page.py).
LIVE_SWITCH_INTERVAL = 0.0005


def configure(server: bool = False) -> int:
    """One torch thread per process unless RNN_EXPLORER_THREADS says otherwise: several sessions
    or runs share the machine's cores fairly that way (bench/RESULTS.md). `server`: also shorten
    the GIL switch interval for the live worker threads. Returns the thread count."""
    threads = max(1, int(os.environ.get("RNN_EXPLORER_THREADS", "1")))
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    if server:
        sys.setswitchinterval(LIVE_SWITCH_INTERVAL)
    return threads


def _libc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_TRIM = _libc_trim()


def release_memory() -> bool:
    """Collect unreachable objects and give the freed heap back to the system. Without this a
    closed session's tensors and records are freed but glibc keeps their pages: the server's RSS
    stays at its high-water mark (bench/RESULTS.md, the soak). Returns True if memory was trimmed."""
    gc.collect()
    return bool(_TRIM is not None and _TRIM(0))
