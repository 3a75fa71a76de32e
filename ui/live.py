"""The live run of one browser session: a Trainer and its History in st.session_state, trained
by a worker thread that the session owns, and drawn by fragments that rerun on a timer.

Why a worker thread and not training inside the fragment: a browser redraws every chart in
full, and on a slow or busy client the fragment's timer fires late; training inside the tick
then idles while the browser draws (bench/live_page.py's predecessor measured 0.35 of headless speed that
way). The worker trains regardless of the browser, and the fragments only read. Every button,
slider and page switch is handled at once because no script run ever blocks on training.

Rules that keep it safe:
- the worker and the page touch the trainer only under `run.lock` (one step at a time; the
  budget, core/budget.py, keeps a step under ~0.5 s, so Pause and every click answer at once);
- a new network's first record (step 0) is computed by the worker too: the page answers at once
  and shows "preparing" meanwhile;
- a run with nobody watching (tab closed, another screen) pauses after IDLE_PAUSE_SECONDS, so
  no thread trains forever for a session that is gone; coming back shows it paused, not lost;
- the worker holds its run by a weak reference between steps: a run nobody holds is freed and
  its worker ends. A session whose browser is gone (past Streamlit's reconnect window) has its
  state emptied by a small watcher thread, so its runs, uploads and models are freed at once,
  not at the next full garbage collection (runner.postScriptGC is off, .streamlit/config.toml);
- at most TRAINING_SLOTS runs step at the same instant, side by side included, so several
  classes' worth of sessions share the two cores fairly (one torch thread each, core/runtime.py);
  a run that waits for a free slot much of the time says so on its page (slot_notice), so it
  never slows down silently.
"""
import threading
import time
import weakref
from dataclasses import dataclass, field

import streamlit as st

from core.config import RunConfig
from core.history import History
from core.tasks import make_task
from core.train import Trainer

from .i18n import tr

TICK_SECONDS = 0.2  # refresh period of the loss, state and gradient charts while training
SLOW_TICK_SECONDS = 1.0  # refresh period of the per-parameter, ρ, prediction and speed charts
DIAGNOSE_SECONDS = 0.2  # probe states and ρ(W_xx) at most this often (the charts show ~2 per second)
IDLE_PAUSE_SECONDS = 45.0  # pause a run that no screen has looked at for this long
FIRST_WAIT_SECONDS = 2.0  # the page waits this long for a new run's first record, then shows "preparing"
RECONNECT_SECONDS = 150.0  # Streamlit keeps a closed tab's session 2 minutes for a reconnect
TRAINING_SLOTS = 3  # runs of this server process that step at the same instant
_TRAINING_SLOTS = threading.BoundedSemaphore(TRAINING_SLOTS)  # the GIL switch interval: core.runtime.configure
SLOT_NOTICE_SHARE = 0.3  # a run that waited this share of the last second for a slot says so on its page
FULL_RATE_WATCHERS = 2  # pages that get the full refresh rate; more share the same drawing time
_LIVE = weakref.WeakSet()  # every run of this process (a closed session's run drops out by itself)


@dataclass(eq=False)  # a run is itself, not its fields: hashable, kept in _LIVE
class Run:
    trainer: Trainer
    history: History = field(default_factory=History)
    running: bool = False
    message: str = ""  # why the run paused by itself (explosion, nobody watching)
    lock: threading.Lock = field(default_factory=threading.Lock)
    live_rate: float = 0.0  # steps per wall-clock second of the worker, as the page runs it
    slot_wait: float = 0.0  # share of the worker's last second spent waiting for a free training slot
    last_seen: float = field(default_factory=time.monotonic)
    worker: threading.Thread | None = None
    drawing: int = 0  # fragments drawing right now: the worker steps aside (see draw())
    preparing: bool = False  # the worker is computing the first record (charts show "preparing")
    until: int | None = None  # pause by itself at this step (side by side trains a fixed number)

    @property
    def cfg(self) -> RunConfig:
        return self.trainer.cfg

    # --- playing and pausing ----------------------------------------------------------------
    def play(self, until: int | None = None):
        self.wait_ready(10)  # the first record is in: the worker's loop below is the only one
        if self.worker is not None and self.worker.is_alive() and not self.running:
            self.worker.join(10)  # paused but still finishing its last step: let it end first
        self.running, self.message, self.until, self.slot_wait = True, "", until, 0.0
        self.seen()
        self._start()

    def pause(self):
        self.running = False

    def seen(self):
        """A screen is looking at this run (keeps the worker going)."""
        self.last_seen = time.monotonic()

    def prepare(self, loaded: bool = False):
        """Compute the first record in the worker: step 0 of a new network, or the loaded
        weights' states and gradients (a saved run's scalars are already in its history)."""
        self.preparing, self._loaded = True, loaded
        self._start()

    def _start(self):
        if self.worker is None or not self.worker.is_alive():
            # The thread gets a weak reference only: it must not keep a dropped run alive.
            self.worker = threading.Thread(target=_work, args=(weakref.ref(self),), name="rnn-explorer-train",
                                           daemon=True)
            self.worker.start()

    def _first(self):
        rec = self.trainer.inspect()
        if getattr(self, "_loaded", False):
            self.history.add_checkpoint(rec, self._labels())
            self.history.last = rec
        else:
            self._add(rec)
        self.preparing = False

    def _one(self, due: bool) -> bool:
        """The worker's unit of work, under the lock: the first record, or one step. False: stop."""
        with self.lock:
            if self.preparing:
                self._first()
                return self.running
            if not self.running:
                return False
            try:
                rec = self.trainer.step(diagnostics=due)
            except (RuntimeError, ValueError) as e:  # never a silent dead thread
                self.running, self.message = False, f"Training stopped: {e}"
                return False
            done = self.until is not None and self.trainer.step_count >= self.until
            if done and rec.probe is None:
                self.trainer.diagnose(rec)  # the last step is on the charts
            self._add(rec)
        if rec.exploded:
            self.running, self.message = False, rec.exploded
        elif done:
            self.running = False
        return self.running

    def draw(self):
        """Context for a fragment that draws: the worker waits meanwhile. Two threads fighting
        over the GIL make both slow; drawing first and training in between is faster for both."""
        return _Drawing(self)

    def wait_ready(self, timeout: float = FIRST_WAIT_SECONDS) -> bool:
        """Wait (bounded) for the first record; True when it is in."""
        deadline = time.monotonic() + timeout
        while self.preparing and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self.preparing

    def wait_idle(self, timeout: float = 10.0):
        """Wait until the worker has stopped (after pause()) and the first record is in."""
        if self.worker is not None:
            self.worker.join(timeout)

    # --- records ----------------------------------------------------------------------------
    def _add(self, rec):
        if rec.exploded and rec.probe is None:
            self.trainer.diagnose(rec)
        self.history.add(rec, self._labels() if rec.probe is not None else None)

    def _labels(self):
        if not hasattr(self, "_probe_labels"):
            self._probe_labels = self.trainer.task.probe(self.trainer.model).labels
        return self._probe_labels

    def step_once(self):
        """Exactly one BPTT step (the Step button)."""
        self.pause()
        self.wait_idle()
        with _TRAINING_SLOTS, self.lock:
            rec = self.trainer.step(diagnostics=True)
            self._add(rec)
            if rec.exploded:
                self.message = rec.exploded


class _Drawing:
    def __init__(self, run):
        self.run = run

    def __enter__(self):
        self.run.drawing += 1
        return self.run

    def __exit__(self, *exc):
        self.run.drawing -= 1


def new_run(cfg: RunConfig, source=None, task=None, wait: bool = True) -> Run:
    """A fresh run (ValueError from the task if the user's data is unusable). Its history starts
    with step 0, the untrained network, so the charts are never empty."""
    task = task if task is not None else make_task(cfg.task, cfg.seq_len, cfg.seed, source)
    run = Run(Trainer(cfg, task))
    _LIVE.add(run)
    run.prepare()
    watch_session()
    if wait:
        run.wait_ready()  # a light network is ready at once; a heavy one shows "preparing"
    return run


def watched(window: float = 3.0) -> int:
    """Runs of this process that train with a page looking at them (seen in the last `window` s)."""
    now = time.monotonic()
    return sum(1 for r in list(_LIVE) if r.running and now - r.last_seen < window)


def ticks() -> tuple[float, float]:
    """Refresh periods (fast charts, slow charts) for a page of this server now. Every redraw costs
    the one server process the same time whoever asks for it, and Python draws one page at a time:
    up to FULL_RATE_WATCHERS pages get TICK_SECONDS, more pages share that drawing time (8 pages
    training: every 0.8 s), so clicks and training still get through for everyone."""
    scale = max(1.0, watched() / FULL_RATE_WATCHERS)
    return TICK_SECONDS * scale, SLOW_TICK_SECONDS * scale


def get_run() -> Run | None:
    return st.session_state.get("run")


def _work(ref):
    """The worker: steps its run (held weakly between steps) while it plays, one training slot
    at a time. Diagnostics (probe, ρ(W_xx) by eigenvalues, validation) get at most ~10 % of the
    time: at H = 256 one ρ alone costs several training steps."""
    last_diag, diag_cost, window_start, window_steps, window_wait = 0.0, 0.0, time.monotonic(), 0, 0.0
    while True:
        run = ref()
        if run is None or not (run.running or run.preparing):
            return
        if run.running and time.monotonic() - run.last_seen > IDLE_PAUSE_SECONDS:
            run.running, run.message = False, "idle"
            return
        asked = time.monotonic()
        got = _TRAINING_SLOTS.acquire(timeout=0.5)
        window_wait += time.monotonic() - asked
        going = True
        if got:
            try:
                now = time.monotonic()
                due = now - last_diag > max(DIAGNOSE_SECONDS, 9 * diag_cost)
                before = run.trainer.step_count
                going = run._one(due)
                if due and run.trainer.step_count > before:
                    last_diag = time.monotonic()
                    diag_cost = max(0.0, last_diag - now - run.history.last.seconds)
            finally:
                _TRAINING_SLOTS.release()
            window_steps += 1
        elapsed = time.monotonic() - window_start
        if elapsed > 1.0:
            run.live_rate, run.slot_wait = window_steps / elapsed, min(1.0, window_wait / elapsed)
            window_start, window_steps, window_wait = time.monotonic(), 0, 0.0
        if not going:
            return
        while run.drawing and run.running:
            time.sleep(0.002)
        del run
        time.sleep(0)  # let the page's script thread take the GIL between steps


def slot_notice(run: Run):
    """While the run waits for a free training slot much of the time: say so, with the numbers."""
    if not run.running or run.slot_wait < SLOT_NOTICE_SHARE:
        return
    wanting = sum(t.name == "rnn-explorer-train" and t.is_alive() for t in threading.enumerate())
    share = f"{run.slot_wait:.0%}"
    st.info(tr(f"Waiting for a free training slot: {wanting} runs on this server want to train and "
               f"{TRAINING_SLOTS} can train at once, so this run waits {share} of the time and trains "
               "slower. It goes on by itself; nothing is lost.",
               f"학습 자리가 나기를 기다리는 중: 이 서버에서 {wanting}개의 실행이 학습하려 하고 동시에 "
               f"{TRAINING_SLOTS}개만 학습할 수 있어, 이 실행은 시간의 {share} 동안 기다리며 더 느리게 "
               "학습합니다. 저절로 계속되며 잃는 것은 없습니다."), icon=":material/hourglass_top:")


def watch_session():
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
        if state is None or not Runtime.exists():
            return
        if Runtime.instance().is_active_session(session_id):
            gone_since = None
        elif gone_since is None:
            gone_since = time.monotonic()
        elif time.monotonic() - gone_since > RECONNECT_SECONDS:
            release(state)
            return
        del state


def release(state):
    """Drop everything a session holds (a SafeSessionState): its runs stop, their workers end,
    and runs, histories, uploads and models are freed by reference counting."""
    inner, lock = getattr(state, "_state", None), getattr(state, "_lock", None)
    if inner is None or lock is None:
        return
    with lock:
        for value in inner.filtered_state.values():
            for run in (value.values() if isinstance(value, dict) else value
                        if isinstance(value, (list, tuple)) else [value]):
                if isinstance(run, Run):
                    run.pause()
        inner.clear()
