"""Process-wide settings, set once by whoever starts the process: app.py for the server, the CLI
for a terminal run, tests/conftest.py for the tests. Nothing sets them on import."""
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
