"""Reading numbers back from what a screen shows, and waiting for the training worker (shared by the tests)."""
import re
import time


def latex_numbers(latex: str) -> list[float]:
    """Every decimal number written in a LaTeX string, in order."""
    return [float(m) for m in re.findall(r"-?\d+\.\d+", latex)]


def wait_for(condition, timeout=30.0):
    """Poll until a background condition holds (bounded: a test never hangs)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the training worker"
        time.sleep(0.05)
