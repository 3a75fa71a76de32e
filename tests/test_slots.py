"""Training slots (core/live.py): when every slot of the server is busy, a run that wants to train
says on its page that it waits for a free slot, in both languages, and trains again by itself."""
import time

import pytest
from readback import wait_for
from views import train_button

from core import live as run_module
from core.config import RunConfig
from ui import live

PAGE = "screens/train.py"



class _AllSlotsTaken:
    """Hold every training slot of this process, as TRAINING_SLOTS other runs would."""

    def __enter__(self):
        for _ in range(run_module.TRAINING_SLOTS):
            assert run_module._TRAINING_SLOTS.acquire(timeout=30)
        return self

    def __exit__(self, *exc):
        for _ in range(run_module.TRAINING_SLOTS):
            run_module._TRAINING_SLOTS.release()


def _infos(at) -> str:
    return " ".join(i.value for i in at.info)


def test_a_run_without_a_free_slot_says_it_waits(app):
    words = "Waiting for a free training slot"
    at = app(PAGE)
    train_button(at).click().run()
    run = at.session_state["run"]
    assert run.running
    try:
        with _AllSlotsTaken():
            wait_for(lambda: run.slot_wait >= live.SLOT_NOTICE_SHARE)
            held = run.trainer.step_count
            at.run()
            assert words in _infos(at)
            assert f"{run_module.TRAINING_SLOTS}" in _infos(at)
            time.sleep(0.6)
            assert run.trainer.step_count == held  # it really waits: no slot, no step
        # Slots free again: it trains on by itself, and the notice goes once the worker's next
        # second had its slot.
        wait_for(lambda: run.trainer.step_count > held + 5 and run.slot_wait < live.SLOT_NOTICE_SHARE)
        at.run()
        assert words not in _infos(at)
        assert run.running
    finally:
        run.pause()
        run.wait_idle()


def _korean_notice():
    from types import SimpleNamespace

    import streamlit as st

    from ui import live

    st.session_state["lang"] = "ko"
    live.slot_notice(SimpleNamespace(running=True, slot_wait=0.8))


def test_the_notice_in_korean():
    """(The whole Train screen cannot rerun in Korean under AppTest: its radio of side-by-side
    settings trips AppTest's own format_func lookup. The notice itself is drawn here.)"""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_korean_notice).run()
    assert not at.exception
    text = _infos(at)
    assert "학습 자리가 나기를 기다리는 중" in text and "80%" in text and f"{run_module.TRAINING_SLOTS}개만" in text


def test_a_run_that_gets_its_slots_shows_no_notice(app):
    at = app(PAGE)
    train_button(at).click().run()
    run = at.session_state["run"]
    try:
        wait_for(lambda: run.trainer.step_count > 20 and run.live_rate > 0)
        at.run()
        assert run.slot_wait < live.SLOT_NOTICE_SHARE
        assert "Waiting for a free training slot" not in _infos(at)
    finally:
        run.pause()
        run.wait_idle()


def test_refresh_slows_down_as_more_pages_train_at_once(monkeypatch):
    """Up to FULL_RATE_WATCHERS training pages refresh every TICK_SECONDS; more share that drawing
    time (8 pages: 4× the period); a run nobody looked at lately, or a paused one, does not count."""
    import time
    from types import SimpleNamespace

    from core import live as run_module
    from ui import live

    now = time.monotonic()
    runs = [SimpleNamespace(running=True, last_seen=now) for _ in range(8)]
    runs += [SimpleNamespace(running=True, last_seen=now - 60), SimpleNamespace(running=False, last_seen=now)]
    monkeypatch.setattr(run_module, "_LIVE", runs)
    assert run_module.watched() == 8
    assert live.ticks() == (live.TICK_SECONDS * 8 / live.FULL_RATE_WATCHERS, live.SLOW_TICK_SECONDS * 4)
    monkeypatch.setattr(run_module, "_LIVE", runs[:2])
    assert live.ticks() == (live.TICK_SECONDS, live.SLOW_TICK_SECONDS)


def test_slow_charts_are_built_once_a_slow_tick(monkeypatch):
    """The slow charts share the fast charts' fragment (ui/train_view.live_panel): while a run
    trains, what was built for it less than a slow tick ago is shown again, not built again; a
    paused run, another run, a slow tick later or a whole-page run builds anew."""
    class FakeRun:  # what every_slow_tick reads of a Run (and a weak reference to it)
        def __init__(self):
            self.running = True

    monkeypatch.setattr(live.st, "session_state", {})
    fragment = [True]
    monkeypatch.setattr(live.livechart, "fragment_run", lambda: fragment[0])
    period = [10.0]
    monkeypatch.setattr(live, "ticks", lambda: (period[0] / 7, period[0]))
    builds = []

    def build():
        builds.append(object())
        return builds[-1]

    run, other = FakeRun(), FakeRun()
    first = live.every_slow_tick(run, "chart_rho", build)
    assert live.every_slow_tick(run, "chart_rho", build) is first and len(builds) == 1
    assert live.every_slow_tick(run, "chart_speed", build) is not first  # each chart its own
    assert live.every_slow_tick(other, "chart_rho", build) is builds[-1] is not first  # another run
    run.running = False
    assert live.every_slow_tick(run, "chart_rho", build) is builds[-1] and len(builds) == 4  # paused: always
    run.running, period[0] = True, 0.01
    time.sleep(0.02)
    live.every_slow_tick(run, "chart_rho", build)
    assert len(builds) == 5  # a slow tick later
    period[0], fragment[0] = 10.0, False
    live.every_slow_tick(run, "chart_rho", build)
    assert len(builds) == 6  # a whole-page run (another language, new settings): always


class _CountingSlots:
    """The process's slots, counting how often a worker takes one."""

    def __init__(self, slots):
        self.slots, self.taken = slots, 0

    def acquire(self, *args, **kwargs):
        got = self.slots.acquire(*args, **kwargs)
        self.taken += got
        return got

    def release(self):
        self.slots.release()


@pytest.mark.parametrize("turn", [0.0, 0.5])
def test_a_run_keeps_its_slot_for_a_turn_of_time_not_one_step(monkeypatch, turn):
    """With more runs than slots, each gets turns of SLOT_TURN_SECONDS: a light task's 2 ms steps
    train many to a turn, as a heavy task's one 30 ms step does (bench/class.py: the fair share).
    A turn of no time is one step per slot, the behaviour this replaced."""
    counting = _CountingSlots(run_module._TRAINING_SLOTS)
    monkeypatch.setattr(run_module, "_TRAINING_SLOTS", counting)
    monkeypatch.setattr(run_module, "SLOT_TURN_SECONDS", turn)
    run = run_module.Run.fresh(RunConfig(task="sine", hidden_size=8, seq_len=12, batch_size=4, seed=3))
    assert run.wait_ready(30)
    counting.taken = 0
    run.play(until=60)
    run.wait_idle(30)
    assert run.trainer.step_count == 60
    if turn:
        assert counting.taken <= 60 / 4  # a light step takes ~2 ms; a turn of 0.5 s holds many
    else:
        assert counting.taken == 60
