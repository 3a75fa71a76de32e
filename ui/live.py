"""The live run of one browser session (core/live.Run, in st.session_state) and what the page
needs around it: the one way a run becomes the session's run (adopt), refresh periods for the
fragments that draw it, the training-slot notice, and freeing a session whose browser is gone.

A session whose browser is gone (past Streamlit's reconnect window) has its state emptied by a
small watcher thread, so its runs, uploads and models are freed at once, not at the next full
garbage collection (runner.postScriptGC is off, .streamlit/config.toml).
"""
import threading
import time
import weakref
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from core.live import TRAINING_SLOTS, Run, wanting, watched
from core.runtime import release_memory

from . import livechart
from .i18n import tr

T = TypeVar("T")

TICK_SECONDS = 0.14  # refresh period of the loss, state and gradient charts while training (≥ 5 a second)
SLOW_TICK_SECONDS = 1.0  # refresh period of the per-parameter, ρ, prediction, speed and eigenvalue charts
CLI_TICKS = 5  # the headless command's step count follows the run every this many slow ticks
RECONNECT_SECONDS = 150.0  # Streamlit keeps a closed tab's session 2 minutes for a reconnect
SLOT_NOTICE_SHARE = 0.3  # a run that waited this share of the last second for a slot says so on its page
FULL_RATE_WATCHERS = 2  # pages that get the full refresh rate; more share the same drawing time


def get_run() -> Run | None:
    return st.session_state.get("run")


def adopt(run: Run, notice: str = "", settings: bool = False) -> Run:
    """Make `run` the session's run, whatever made it: new settings, Reset, the user's own data,
    a saved file, an example's trained model, or Back to the previous run. The old run pauses and
    stays as "previous" (Back, side by side), except that an untrained one never replaces a trained
    previous one: arrow keys through H = 17, 18, 19 keep Back to the network that learned. `notice` is shown once above
    the charts (a notice already waiting, e.g. the example that was picked, says more). `settings`:
    the widgets take the run's settings before they are drawn (a run that did not come from them)."""
    watch_session()
    run.wait_ready()  # a light network is ready at once; a heavy one shows "preparing"
    ss = st.session_state
    old = get_run()
    if old is not None and old is not run:
        old.pause()
        if old.step_count > 0 or ss.get("previous_run") in (None, run):  # Back: the two swap places
            ss["previous_run"] = old
    ss["run"] = run
    if settings:
        ss["pending_config"] = run.cfg.to_dict()
    ss["run_notice"] = ss.get("run_notice") or notice
    return run


def ticks() -> tuple[float, float]:
    """Refresh periods (fast charts, slow charts) for a page of this server now. Every redraw costs
    the one server process the same time whoever asks for it, and Python draws one page at a time:
    up to FULL_RATE_WATCHERS pages get TICK_SECONDS, more pages share that drawing time (8 pages
    training: every 0.56 s, the slow charts every 4 s), so clicks and training still get through
    for everyone."""
    scale = max(1.0, watched() / FULL_RATE_WATCHERS)
    return TICK_SECONDS * scale, SLOW_TICK_SECONDS * scale


def every_slow_tick(run: Run, key: str, build: Callable[[], T]) -> T:
    """build(), or in a fragment's own rerun while `run` trains what it built for `run` less than a
    slow tick ago (ticks()[1]): the slow charts share the fast charts' fragment, which reruns every
    fast tick where the feed is not served (ui/feed.py), and are built again only every slow tick.
    A whole-page run always builds (a new language, new settings)."""
    built = st.session_state.setdefault("_slow_built", {})
    now = time.monotonic()
    owner, at, value = built.get(key, (None, 0.0, None))
    if run.running and livechart.fragment_run() and owner is not None and owner() is run \
            and now - at < 0.8 * ticks()[1]:  # 0.8: a timer fires a little early
        return value
    value = build()
    built[key] = (weakref.ref(run), now, value)
    return value


def slot_notice(run: Run) -> None:
    """While the run waits for a free training slot much of the time: say so, with the numbers."""
    if not run.running or run.slot_wait < SLOT_NOTICE_SHARE:
        return
    n = wanting()
    share = f"{run.slot_wait:.0%}"
    st.info(tr(f"Waiting for a free training slot: {n} runs on this server want to train and "
               f"{TRAINING_SLOTS} can train at once, so this run waits {share} of the time and trains "
               "slower. It goes on by itself; nothing is lost.",
               f"학습 자리가 나기를 기다리는 중: 이 서버에서 {n}개의 실행이 학습하려 하고 동시에 "
               f"{TRAINING_SLOTS}개만 학습할 수 있어, 이 실행은 시간의 {share} 동안 기다리며 더 느리게 "
               "학습합니다. 저절로 계속되며 잃는 것은 없습니다."), icon=":material/hourglass_top:")


def watch_session() -> None:
    """Start, once per browser session, the watcher that empties the session's state when its
    browser has been gone longer than Streamlit's reconnect window (no-op outside a server)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists() or st.session_state.get("_watched"):
        return
    st.session_state["_watched"] = True
    threading.Thread(target=_watch, args=(ctx.session_id, weakref.ref(ctx.session_state)),
                     name="rnn-explorer-session-watch", daemon=True).start()


def _watch(session_id, state_ref, every=5.0):
    from streamlit.runtime import Runtime

    gone_since = None
    while True:
        time.sleep(every)
        state = state_ref()
        if state is None:  # Streamlit closed the session itself (server.disconnectedSessionTTL)
            release_memory()  # its runs are unreachable now: hand their memory back all the same
            return
        if not Runtime.exists():
            return
        if Runtime.instance().is_active_session(session_id):
            gone_since = None
        elif gone_since is None:
            gone_since = time.monotonic()
        elif time.monotonic() - gone_since > RECONNECT_SECONDS:
            release(state)
            del state
            release_memory()  # the session's runs are unreachable now: hand their memory back
            return
        del state


def release(state: object) -> None:
    """Drop everything a session holds (a SafeSessionState): its runs stop, their workers end,
    and runs, histories, uploads and models are freed by reference counting."""
    inner, lock = getattr(state, "_state", None), getattr(state, "_lock", None)
    if inner is None or lock is None:
        return
    workers = []
    with lock:
        for value in inner.filtered_state.values():
            for run in (value.values() if isinstance(value, dict) else value
                        if isinstance(value, (list, tuple)) else [value]):
                if isinstance(run, Run):
                    run.pause()
                    workers.append(run.worker)
        inner.clear()
    for worker in workers:  # a worker ends after its current step; then nothing holds the run
        if worker is not None and worker is not threading.current_thread():
            worker.join(30)
