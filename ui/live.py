"""The live run of one browser session: a Trainer and its History in st.session_state, trained
by a worker thread that the session owns, and drawn by fragments that rerun on a timer.

Why a worker thread and not training inside the fragment: a browser redraws every chart in
full, and on a slow or busy client the fragment's timer fires late; training inside the tick
then idles while the browser draws (bench/live_loop.py measured 0.35 of headless speed that
way). The worker trains regardless of the browser, and the fragments only read. Every button,
slider and page switch is handled at once because no script run ever blocks on training.

Rules that keep it safe:
- the worker and the page touch the trainer only under `run.lock` (one step at a time);
- a run with nobody watching (tab closed, another screen) pauses after IDLE_PAUSE_SECONDS, so
  no thread trains forever for a session that is gone; coming back shows it paused, not lost;
- at most _TRAINING_SLOTS sessions step at the same instant, so several classes' worth of
  sessions share the two cores fairly (one torch thread each, see ui/shell.py).
"""
import sys
import threading
import time
from dataclasses import dataclass, field

import streamlit as st

from core.config import RunConfig
from core.history import History
from core.tasks import make_task
from core.train import Trainer

TICK_SECONDS = 0.2  # refresh period of the loss, state and gradient charts while training
SLOW_TICK_SECONDS = 1.0  # refresh period of the per-parameter, ρ, prediction and speed charts
DIAGNOSE_SECONDS = 0.2  # probe states and ρ(W_xx) at most this often (the charts show ~2 per second)
IDLE_PAUSE_SECONDS = 45.0  # pause a run that no screen has looked at for this long
_TRAINING_SLOTS = threading.BoundedSemaphore(3)
# A training step hands the GIL back and forth many times (every small torch call); while the
# page builds charts, each hand-back waits a whole switch interval (5 ms by default). A short
# interval keeps the worker at speed while the page draws.
sys.setswitchinterval(0.0005)


@dataclass
class Run:
    trainer: Trainer
    history: History = field(default_factory=History)
    running: bool = False
    message: str = ""  # why the run paused by itself (explosion, nobody watching)
    lock: threading.Lock = field(default_factory=threading.Lock)
    live_rate: float = 0.0  # steps per wall-clock second of the worker, as the page runs it
    last_seen: float = field(default_factory=time.monotonic)
    worker: threading.Thread | None = None
    drawing: int = 0  # fragments drawing right now: the worker steps aside (see draw())

    @property
    def cfg(self) -> RunConfig:
        return self.trainer.cfg

    # --- playing and pausing ----------------------------------------------------------------
    def play(self):
        if self.worker is not None and self.worker.is_alive() and not self.running:
            self.worker.join(10)  # paused but still finishing its last step: let it end first
        self.running, self.message = True, ""
        self.seen()
        if self.worker is None or not self.worker.is_alive():
            self.worker = threading.Thread(target=self._work, name="rnn-explorer-train", daemon=True)
            self.worker.start()

    def pause(self):
        self.running = False

    def seen(self):
        """A screen is looking at this run (keeps the worker going)."""
        self.last_seen = time.monotonic()

    def _work(self):
        last_diag, diag_cost, window_start, window_steps = 0.0, 0.0, time.monotonic(), 0
        while self.running:
            if time.monotonic() - self.last_seen > IDLE_PAUSE_SECONDS:
                self.running = False
                self.message = "idle"
                break
            if not _TRAINING_SLOTS.acquire(timeout=0.5):
                continue
            try:
                with self.lock:
                    if not self.running:
                        break
                    now = time.monotonic()
                    # Diagnostics (probe, ρ(W_xx) by eigenvalues, validation) get at most ~10 % of
                    # the time: at H = 256 one ρ alone costs several training steps.
                    due = now - last_diag > max(DIAGNOSE_SECONDS, 9 * diag_cost)
                    try:
                        rec = self.trainer.step(diagnostics=due)
                    except (RuntimeError, ValueError) as e:  # never a silent dead thread
                        self.running, self.message = False, f"Training stopped: {e}"
                        break
                    if due:
                        last_diag = time.monotonic()
                        diag_cost = max(0.0, last_diag - now - rec.seconds)
                    self._add(rec)
            finally:
                _TRAINING_SLOTS.release()
            window_steps += 1
            elapsed = time.monotonic() - window_start
            if elapsed > 1.0:
                self.live_rate, window_start, window_steps = window_steps / elapsed, time.monotonic(), 0
            if rec.exploded:
                self.running, self.message = False, rec.exploded
            while self.drawing and self.running:
                time.sleep(0.002)
            time.sleep(0)  # let the page's script thread take the GIL between steps

    def draw(self):
        """Context for a fragment that draws: the worker waits meanwhile. Two threads fighting
        over the GIL make both slow; drawing first and training in between is faster for both."""
        return _Drawing(self)

    def wait_idle(self, timeout: float = 10.0):
        """Wait until the worker has stopped (after pause())."""
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
        with self.lock:
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


def new_run(cfg: RunConfig, source=None, task=None) -> Run:
    """A fresh run (ValueError from the task if the user's data is unusable). Its history starts
    with step 0, the untrained network, so the charts are never empty."""
    task = task if task is not None else make_task(cfg.task, cfg.seq_len, cfg.seed, source)
    run = Run(Trainer(cfg, task))
    run._add(run.trainer.inspect())
    return run


def get_run() -> Run | None:
    return st.session_state.get("run")
