"""Memory of sessions that come and go: rounds of six sessions (six tasks, the whole app under
AppTest, all in this one process) train for a while and close; after each round, the process's RSS
once every session is released (core.runtime.release_memory: a collection and malloc_trim), and
the bytes of torch tensors still alive. A server that kept something of every closed session
would grow round after round; one that only keeps its allocator's high-water mark levels off.

    .venv/bin/python bench/release.py [rounds] [seconds]
"""
import gc
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests"))

import torch
from streamlit.testing.v1 import AppTest
from views import train_button

from core.runtime import configure, release_memory

TASKS = ("sine", "price", "sentiment", "weather", "translate", "generate")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def tensors_mb() -> float:
    total = 0
    for o in gc.get_objects():
        if isinstance(o, torch.Tensor) and not o.is_meta:
            total += o.untyped_storage().nbytes()
    return total / 2**20


def session(task):
    at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=120)
    at.query_params["task"] = task
    at.run()
    at.switch_page("screens/train.py").run()
    train_button(at).click().run()
    assert at.session_state["run"].cfg.task == task
    return at


def main(rounds=4, seconds=15.0):
    configure()
    print(f"before any session: {rss_mb():.0f} MB", flush=True)
    for r in range(rounds):
        sessions = [session(t) for t in TASKS]
        time.sleep(seconds)
        peak = rss_mb()
        steps = [at.session_state["run"].step_count for at in sessions]
        for at in sessions:
            at.session_state["run"].pause()
        del sessions, at
        for _ in range(3):
            release_memory()
            time.sleep(0.5)
        print(f"round {r + 1}: {len(TASKS)} sessions, steps {min(steps)}-{max(steps)}, RSS {peak:.0f} MB while "
              f"training, {rss_mb():.0f} MB after they closed; torch tensors alive {tensors_mb():.1f} MB", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 4, float(args[1]) if len(args) > 1 else 15.0)
