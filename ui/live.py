"""The live run of one browser session: a Trainer and its History in st.session_state, trained
in short chunks by a fragment that reruns on a timer while the run is playing.

Why chunks in a fragment (and not a thread): a fragment tick trains for ~0.35 s and redraws the
charts, then returns, so every button, slider and page switch is handled between ticks, the
run lives in session_state across reruns and pages, and AppTest can drive it tick by tick.
bench/live_loop.py measures what this costs against headless training.
"""
import threading
import time
from dataclasses import dataclass, field

import streamlit as st

from core.config import RunConfig
from core.history import History
from core.tasks import make_task
from core.train import Trainer

TICK_SECONDS = 0.5  # chart refresh period while training
CHUNK_SECONDS = 0.35  # training time per tick; the rest is left for drawing
# Sessions share two cores: at most this many train at the same moment, the rest wait a tick.
_TRAINING_SLOTS = threading.BoundedSemaphore(3)


@dataclass
class Run:
    trainer: Trainer
    history: History = field(default_factory=History)
    running: bool = False
    message: str = ""  # why the run paused by itself (explosion), shown until the next action
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = field(default_factory=time.perf_counter)
    live_rate: float = 0.0  # steps per wall-clock second over the last ticks, as the page runs them

    @property
    def cfg(self) -> RunConfig:
        return self.trainer.cfg

    def train_for(self, seconds: float, max_steps: int = 100_000) -> int:
        """Train until `seconds` have passed; the last step of the chunk carries diagnostics."""
        if not self.lock.acquire(blocking=False):
            return 0  # another script thread of this session is stepping this run
        try:
            if not _TRAINING_SLOTS.acquire(timeout=seconds):
                return 0
            try:
                return self._chunk(seconds, max_steps)
            finally:
                _TRAINING_SLOTS.release()
        finally:
            self.lock.release()

    def _chunk(self, seconds, max_steps) -> int:
        start, n = time.perf_counter(), 0
        while n < max_steps:
            last = n + 1 == max_steps or time.perf_counter() - start > seconds * 0.9
            rec = self.trainer.step(diagnostics=last)
            n += 1
            if rec.exploded:
                self.trainer.diagnose(rec)
                self._add(rec)
                self.running, self.message = False, rec.exploded
                break
            self._add(rec)
            if last:
                break
        elapsed = time.perf_counter() - start
        self.live_rate = n / max(elapsed, 1e-9)
        return n

    def _add(self, rec):
        labels = self._labels() if rec.probe is not None else None
        self.history.add(rec, labels)

    def _labels(self):
        if not hasattr(self, "_probe_labels"):
            self._probe_labels = self.trainer.task.probe(self.trainer.model).labels
        return self._probe_labels

    def step_once(self):
        with self.lock:
            rec = self.trainer.step(diagnostics=True)
            self._add(rec)
            if rec.exploded:
                self.running, self.message = False, rec.exploded


def new_run(cfg: RunConfig, source=None, task=None) -> Run:
    """A fresh run (ValueError from the task if the user's data is unusable). Its history starts
    with step 0, the untrained network, so the charts are never empty."""
    task = task if task is not None else make_task(cfg.task, cfg.seq_len, cfg.seed, source)
    run = Run(Trainer(cfg, task))
    run._add(run.trainer.inspect())
    return run


def get_run() -> Run | None:
    return st.session_state.get("run")
