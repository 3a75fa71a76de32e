"""A closed session releases everything: no Run, Trainer, History or model of it survives a
garbage collection, and its worker thread ends (Streamlit keeps a session's state until its
websocket closes; under AppTest the session goes away with the AppTest object)."""
import gc
import time
import weakref

from views import train_button

from core import RunConfig, Trainer

PAGE = "screens/train.py"


def _dead(refs, timeout=20.0) -> list:
    deadline = time.monotonic() + timeout
    while any(r() is not None for r in refs) and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.1)
    return [r for r in refs if r() is not None]


def test_closed_sessions_leave_no_run_behind(app):
    refs, workers = [], []
    for _ in range(2):
        at = app(PAGE)
        at.button(key="btn_step").click().run()
        train_button(at).click().run()  # its worker is training when the session goes
        run = at.session_state["run"]
        assert run.running
        refs += [weakref.ref(o) for o in (run, run.trainer, run.history, run.trainer.model, run.trainer.task)]
        workers.append(run.worker)
        del run, at
    assert _dead(refs) == []
    for w in workers:
        w.join(5)
        assert not w.is_alive()  # nothing trains for a session that is gone


def test_a_dropped_run_is_freed_without_a_full_collection():
    """Reference counting alone frees a run (no cycles): with runner.postScriptGC off a cycle
    would wait for the next full collection, holding the model's memory meanwhile."""
    from core.live import Run

    Trainer(RunConfig(hidden_size=4, seq_len=5)).train(1)  # torch's one-time caches on the first optimizer step
    gc.collect()
    gc.disable()
    try:
        run = Run.start(Trainer(RunConfig(hidden_size=4, seq_len=5)))
        run.wait_ready(10)
        run.step()
        run.play()
        time.sleep(0.2)
        run.pause()
        run.wait_idle()
        refs = [weakref.ref(o) for o in (run, run.trainer, run.history, run.trainer.model)]
        del run
        time.sleep(0.1)
        assert [r for r in refs if r() is not None] == []
    finally:
        gc.enable()


def test_release_stops_and_drops_everything_a_session_holds():
    from streamlit.runtime.state import SafeSessionState, SessionState

    from core.live import Run
    from ui.live import release

    state = SafeSessionState(SessionState(), lambda: None)
    run = Run.start(Trainer(RunConfig(hidden_size=4, seq_len=5)))
    run.play()
    state["run"], state["compare"] = run, {"runs": (Run(Trainer(RunConfig(seq_len=5))),)}
    state["sources"] = {"generate": "x" * 1000}
    ref = weakref.ref(run)
    worker = run.worker
    del run
    release(state)
    assert "run" not in state and "sources" not in state and "compare" not in state
    worker.join(5)
    assert not worker.is_alive() and _dead([ref]) == []


def test_a_session_streamlit_closed_itself_still_hands_its_memory_back(monkeypatch):
    """Streamlit may drop a disconnected session once server.disconnectedSessionTTL (120 s) has
    passed, before the watcher's own window (150 s) is over: the watcher then finds the session's state gone and
    must still collect and trim (the soak's RSS stayed at its peak when it only returned)."""
    from streamlit.runtime.state import SafeSessionState, SessionState

    from ui import live

    trims = []
    monkeypatch.setattr(live, "release_memory", lambda: trims.append("trim") or True)
    state = SafeSessionState(SessionState(), lambda: None)
    ref = weakref.ref(state)
    del state
    assert ref() is None
    live._watch("closed-by-streamlit", ref, every=0)  # returns at once: nothing left to watch
    assert trims == ["trim"]


def test_a_run_survives_switching_screens_with_its_settings(app):
    """/train?preset=sentiment, train, 'The cell', then 'Train live': the same run, the same step."""
    at = app(PAGE, query={"preset": "sentiment"})
    for _ in range(3):
        at.button(key="btn_step").click().run()
    run = at.session_state["run"]
    cfg = run.cfg
    assert cfg.task == "sentiment" and run.trainer.step_count == 3
    for page in ("screens/cell.py", "screens/home.py"):
        at.switch_page(page).run()
        assert not at.exception
        at.switch_page(PAGE).run()
        assert not at.exception
        assert at.session_state["run"] is run and run.trainer.step_count == 3 and run.cfg == cfg
        assert at.slider(key="hidden_size").value == cfg.hidden_size == 64
        assert at.selectbox(key="task").value == "sentiment" and at.selectbox(key="preset").value == "sentiment"


# Fragmented heap: 200 MB in 20 kB blocks (below glibc's mmap threshold), every 200th kept alive,
# so the heap's top cannot shrink. RSS is read from /proc after freeing the rest, then after
# release_memory(). The oracle is the kernel's count of resident pages.
_FRAGMENTED = """
import sys
from core.runtime import release_memory
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
blocks = [bytearray(20_000) for _ in range(10_000)]
kept = blocks[::200] + [blocks[-1]]
del blocks
freed = rss()
trimmed = release_memory()
print(freed, rss(), trimmed)
"""


def test_release_memory_hands_freed_pages_back_to_the_system():
    import os
    import subprocess
    import sys

    import pytest

    if not os.path.exists("/proc/self/statm"):
        pytest.skip("needs Linux's /proc to read the resident set")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", _FRAGMENTED], cwd=root, capture_output=True, text=True, check=True)
    freed, after, trimmed = out.stdout.split()
    if trimmed != "True":
        pytest.skip("this C library has no malloc_trim (not glibc)")
    assert float(freed) > 150 and float(after) < float(freed) - 150, out.stdout
