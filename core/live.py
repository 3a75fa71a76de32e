"""A live run: a Trainer and its History, trained by a worker thread that the run owns. The app
keeps one in each browser session (ui/live.py); this module knows nothing of Streamlit.

Why a worker thread and not training inside the page's fragment: a browser redraws every chart
in full, and on a slow or busy client the fragment's timer fires late; training inside the tick
then idles while the browser draws (bench/live_page.py's predecessor measured 0.35 of headless
speed that way). The worker trains regardless of the browser, and the page only reads. Every
button, slider and page switch is handled at once because no script run ever blocks on training.

The run is the only code that takes its lock. Everything else goes through its operations, each
safe to call from any thread while the worker trains:
- play / pause / step / apply_settings: the controls; settings apply between two steps;
- snapshot(): a copy of the history to draw from; table(name) and to_bytes(): exports made
  from one consistent copy (every column of a table has the same length);
- between_steps(): the trainer for a view that runs the model (a task's prediction panel);
- draw(): a fragment is drawing, so the worker steps aside meanwhile (faster for both);
- the plain numbers (cfg, step_count, running, message, live_rate, slot_wait) are read as they are.

Rules that keep it safe:
- one step at a time under the lock; the budget (core/budget.py) keeps a step under ~0.5 s, so
  Pause and every click answer at once;
- a run's first record (step 0 of a new network, or a loaded run's weights) is computed by the
  worker too: the page answers at once and shows "preparing" meanwhile (a light new network's, a
  few milliseconds, is computed at once by the caller);
- a run with nobody watching (tab closed, another screen) pauses after IDLE_PAUSE_SECONDS, so no
  thread trains forever for a session that is gone; coming back shows it paused, not lost;
- the worker holds its run by a weak reference between turns: a run nobody holds is freed and
  its worker ends;
- at most TRAINING_SLOTS runs of this process step at the same instant, side by side included, so
  several classes' worth of sessions share the cores fairly (one torch thread each, set once by
  core/runtime.configure); a run keeps a slot for a turn of SLOT_TURN_SECONDS, so runs share
  the slots' time, not their steps; `slot_wait` says how much of its time a run waits for a slot.
"""
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from .budget import io_of, step_cost
from .config import RunConfig
from .history import History
from .runs import run_bytes
from .tasks import Task, make_task
from .train import Trainer

DIAGNOSE_SECONDS = 0.1  # probe states and ρ(W_xx) at most this often: new states for every chart tick (0.2 s)
IDLE_PAUSE_SECONDS = 45.0  # pause a run that no screen has looked at for this long
FIRST_WAIT_SECONDS = 2.0  # wait this long for a new run's first record, then show "preparing"
# A new network whose step is estimated under this (core/budget.py) gets its first record from the
# caller at once: handed to a new worker thread, the same ~6 ms of work took 200-280 ms while the
# server answered a new visitor's ~60 file requests, and the Train screen's script run waited for it.
INLINE_FIRST_SECONDS = 0.02
TRAINING_SLOTS = 3  # runs of this process that step at the same instant
# A run that gets a slot keeps it for a turn of this long, not for one step: with more runs than
# slots, runs take equal turns of time, so a light task (2 ms a step) is not held back to one step
# per turn while a heavy one (30 ms a step) trains at full speed (bench/class.py, "fair share").
SLOT_TURN_SECONDS = 0.03
# One semaphore for the process, made (not acquired) on import: it changes no process-wide setting,
# it is the shared resource the runs of this process take turns at (core/runtime.configure sets the
# thread count and the GIL switch interval).
_TRAINING_SLOTS = threading.BoundedSemaphore(TRAINING_SLOTS)
_LIVE = weakref.WeakSet()  # every run of this process (a dropped run drops out by itself)


@dataclass(eq=False)  # a run is itself, not its fields: hashable, kept in _LIVE
class Run:
    """Make one with Run.start (any trainer: fresh, loaded from a file, an example's) or Run.fresh.
    `trainer` and `history` are the run's own: read them only through the operations above."""
    trainer: Trainer
    history: History = field(default_factory=History)
    running: bool = False
    message: str = ""  # why the run paused by itself (explosion, nobody watching)
    live_rate: float = 0.0  # steps per wall-clock second of the worker, as the page runs it
    slot_wait: float = 0.0  # share of the worker's last second spent waiting for a free training slot
    last_seen: float = field(default_factory=time.monotonic)
    worker: threading.Thread | None = None
    drawing: int = 0  # fragments drawing right now: the worker steps aside (see draw())
    preparing: bool = False  # the worker is computing the first record (charts show "preparing")
    until: int | None = None  # pause by itself at this step (side by side trains a fixed number)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _loaded: bool = False  # a saved run: its first record adds the loaded weights' states only

    # --- beginning ----------------------------------------------------------------------------
    @classmethod
    def start(cls, trainer: Trainer, history: History | None = None) -> "Run":
        """The one way a run begins. Without a history: a new network, whose first record is its
        step 0. With one (a saved run's): the loaded weights' states and gradients are added to it
        (its scalars are already there). The worker computes it, and wait_ready() waits; a light
        new network's is computed here (see INLINE_FIRST_SECONDS)."""
        run = cls(trainer, history if history is not None else History(), _loaded=history is not None)
        _LIVE.add(run)
        run.preparing = True
        if history is None and step_cost(trainer.cfg, io_of(trainer.model)).seconds < INLINE_FIRST_SECONDS:
            try:
                with run._lock:
                    run._first()
                return run
            except (RuntimeError, ValueError):  # never a traceback in the caller's page: the worker takes it
                pass  # still preparing: _first clears it only once the record is in
        run._start()
        return run

    @classmethod
    def fresh(cls, cfg: RunConfig, source: object = None, task: Task | None = None) -> "Run":
        """A new network for `cfg` (ValueError from the task if the user's data is unusable)."""
        task = task if task is not None else make_task(cfg.task, cfg.seq_len, cfg.seed, source)
        return cls.start(Trainer(cfg, task))

    @property
    def cfg(self) -> RunConfig:
        return self.trainer.cfg

    @property
    def step_count(self) -> int:
        return self.trainer.step_count

    @property
    def task(self) -> Task:
        """The run's task: its data, sizes and names (running the model: between_steps())."""
        return self.trainer.task

    # --- playing and pausing ----------------------------------------------------------------
    def play(self, until: int | None = None) -> None:
        self.wait_ready(10)  # the first record is in: the worker's loop below is the only one
        if self.worker is not None and self.worker.is_alive() and not self.running:
            self.worker.join(10)  # paused but still finishing its last step: let it end first
        self.running, self.message, self.until, self.slot_wait = True, "", until, 0.0
        self.seen()
        self._start()

    def pause(self, settle: bool = False) -> None:
        """Stop training after the current step. `settle`: also wait for it, and record the states
        and ‖∂L/∂x_t‖ of the step it stopped at, so the charts show the step the counter shows (the
        worker records them only a few times a second)."""
        self.running = False
        if not settle:
            return
        self.wait_idle()
        with self._lock:
            rec = self.history.last
            if rec is not None and rec.probe is None and not rec.exploded:
                self.trainer.diagnose(rec)
                self.history.add_checkpoint(rec, self._labels())
                if rec.val_loss is not None:  # the diagnosis was due for a validation too
                    for key, value in (("step", rec.step), ("loss", rec.val_loss), ("metric", rec.val_metric)):
                        self.history.val[key].append(value)

    def step(self) -> None:
        """Exactly one BPTT step (the Step button)."""
        self.pause()
        self.wait_idle()
        with _TRAINING_SLOTS, self._lock:
            rec = self.trainer.step(diagnostics=True)
            self._add(rec)
            if rec.exploded:
                self.message = rec.exploded

    def apply_settings(self, cfg: RunConfig) -> None:
        """Learning rate, optimizer, batch size, truncation, clipping: taken over at once, between
        two steps (a step never sees half of a change). A new shape needs a new run (ValueError)."""
        with self._lock:
            self.trainer.apply(cfg)

    def seen(self) -> None:
        """A screen is looking at this run (keeps the worker going)."""
        self.last_seen = time.monotonic()

    def wait_ready(self, timeout: float = FIRST_WAIT_SECONDS) -> bool:
        """Wait (bounded) for the first record; True when it is in."""
        deadline = time.monotonic() + timeout
        while self.preparing and time.monotonic() < deadline:
            time.sleep(0.005)
        return not self.preparing

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until the worker has stopped (after pause()) and the first record is in."""
        if self.worker is not None:
            self.worker.join(timeout)

    # --- reading ------------------------------------------------------------------------------
    def snapshot(self) -> History:
        """A copy of the history to draw from while the worker keeps adding to the original."""
        with self._lock:
            return self.history.snapshot()

    def table(self, name: str) -> pd.DataFrame:
        """One of History.TABLES, from a consistent copy (the worker may be adding a row meanwhile)."""
        return self.snapshot().table(name)

    def to_bytes(self) -> bytes:
        """The run as a saved-run file (core/runs.py): settings, weights, optimizer, records."""
        with self._lock:
            return run_bytes(self.trainer, self.history.to_plain())

    @contextmanager
    def between_steps(self) -> Iterator[Trainer]:
        """The trainer, for a view that runs or reads the model: the worker waits until the block
        ends, so the view sees the weights of one step, never half of an update."""
        with self._lock:
            yield self.trainer

    def draw(self) -> "_Drawing":
        """Context for a fragment that draws: the worker waits meanwhile. Two threads fighting
        over the GIL make both slow; drawing first and training in between is faster for both."""
        return _Drawing(self)

    # --- the worker's side --------------------------------------------------------------------
    def _start(self):
        if self.worker is None or not self.worker.is_alive():
            # The thread gets a weak reference only: it must not keep a dropped run alive.
            self.worker = threading.Thread(target=_work, args=(weakref.ref(self),), name="rnn-explorer-train",
                                           daemon=True)
            self.worker.start()

    def _first(self):
        rec = self.trainer.inspect()
        if self._loaded:
            self.history.add_checkpoint(rec, self._labels())
            self.history.last = rec
        else:
            self._add(rec)
        self.preparing = False

    def _one(self, due: bool) -> bool:
        """The worker's unit of work, under the lock: the first record, or one step. False: stop."""
        with self._lock:
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

    def _add(self, rec):
        if rec.exploded and rec.probe is None:
            self.trainer.diagnose(rec)
        self.history.add(rec, self._labels() if rec.probe is not None else None)

    def _labels(self):
        if not hasattr(self, "_probe_labels"):
            self._probe_labels = self.trainer.task.probe(self.trainer.model).labels
        return self._probe_labels


class _Drawing:
    def __init__(self, run):
        self.run = run

    def __enter__(self):
        self.run.drawing += 1
        return self.run

    def __exit__(self, *exc):
        self.run.drawing -= 1


def watched(window: float = 3.0) -> int:
    """Runs of this process that train with a page looking at them (seen in the last `window` s)."""
    now = time.monotonic()
    return sum(1 for r in list(_LIVE) if r.running and now - r.last_seen < window)


def wanting() -> int:
    """Workers of this process that are alive (training, or waiting for a slot to train)."""
    return sum(t.name == "rnn-explorer-train" and t.is_alive() for t in threading.enumerate())


def _work(ref):
    """The worker: steps its run (held weakly between turns) while it plays, one turn at a
    training slot at a time. Diagnostics (probe, ρ(W_xx) by eigenvalues, validation) get at most ~10 % of the
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
                turn_end = time.monotonic() + SLOT_TURN_SECONDS
                while True:  # one turn: steps until the turn's time is used (one step, for a heavy one)
                    now = time.monotonic()
                    due = now - last_diag > max(DIAGNOSE_SECONDS, 9 * diag_cost)
                    before = run.trainer.step_count
                    going = run._one(due)
                    if due and run.trainer.step_count > before:
                        last_diag = time.monotonic()
                        diag_cost = max(0.0, last_diag - now - run.history.last.seconds)
                    window_steps += 1
                    if not going or run.drawing or time.monotonic() >= turn_end:
                        break
                    time.sleep(0)  # let the page's script thread take the GIL between steps
            finally:
                _TRAINING_SLOTS.release()
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
