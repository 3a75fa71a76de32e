"""The live run (core/live.Run) owns its worker and its lock: what the page does to it while the
worker trains (export, new settings, a view that reads the model) sees one step, never half of one,
and one lifecycle serves a fresh run, a loaded run and an example's trained model."""
import os
import re
import time
from pathlib import Path

import pandas as pd
import pytest
import torch
from readback import wait_for

from core.budget import io_of, step_cost
from core.config import RunConfig
from core.history import TABLES
from core.live import INLINE_FIRST_SECONDS, Run
from core.presets import get_preset

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE = "screens/train.py"
CFG = RunConfig(task="sine", hidden_size=8, seq_len=12, batch_size=4, seed=3)


def _python_files(*tops):
    for top in tops:
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            for name in names:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    yield os.path.relpath(path, ROOT), Path(path).read_text(encoding="utf-8")


def test_nothing_outside_the_run_takes_its_lock_or_its_private_parts():
    """Structural: the lock, the probe labels and the trainer's last finite weights are used only
    by the module that owns them (a caller that forgets the lock cannot exist)."""
    owners = {r"\.lock\b|\._lock\b": {"core/live.py"}, r"\._labels\(": {"core/live.py"},
              r"\._snapshot\b": {"core/train.py"}}
    found = []
    for rel, text in _python_files("core", "ui", "screens"):
        for pattern, allowed in owners.items():
            if rel not in allowed:
                found += [f"{rel}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert found == []


@pytest.fixture
def playing():
    run = Run.fresh(CFG)
    assert run.wait_ready(30)
    run.play()
    yield run
    run.pause()
    run.wait_idle()


class _SlowColumn(list):
    """A history column that takes its time to grow: a reader without the lock would catch the
    row half written (some columns one longer than the others)."""

    def append(self, value):
        super().append(value)
        time.sleep(0.0005)


def test_export_while_training_is_one_consistent_table(playing):
    run, seen = playing, set()
    wait_for(lambda: run.step_count > 3)
    with run.between_steps():  # the worker waits: the columns are swapped between two rows
        run.history.rows = {k: _SlowColumn(v) for k, v in run.history.rows.items()}
    for _ in range(200):  # the worker appends a row per step meanwhile
        df = run.table("history")
        assert len(df) > 0 and not df.isna().drop(columns="rho").any().any()
        assert (df["step"].diff().dropna() > 0).all()  # every row whole, in order
        val = run.table("validation")
        assert list(val.columns) == ["step", "loss", "metric"] and not val.isna().any().any()
        seen.add(len(df))
    assert len(seen) > 1  # the table grew while it was being read
    run.pause()
    run.wait_idle()
    # Once paused, the export is the history itself, column for column.
    pd.testing.assert_frame_equal(run.table("history"), pd.DataFrame(run.history.rows))
    ckpt = run.history.latest()
    states = run.table("hidden_states")
    assert list(states["t"]) == list(range(1, CFG.seq_len + 1))
    assert (states[[f"x{i + 1}" for i in range(CFG.hidden_size)]].to_numpy() == ckpt.probe).all()
    grads = run.table("state_gradients")
    assert list(grads["step"]) == [c.step for c in run.history.checkpoints]
    assert set(TABLES) == {"history", "validation", "hidden_states", "state_gradients"}
    with pytest.raises(ValueError, match="No table named"):
        run.table("weights")


def test_settings_apply_between_two_steps(playing):
    run = playing
    step, seen = run.trainer.step, []

    def watched_step(**kw):  # the settings as a step starts and as it ends
        before = run.trainer.cfg
        time.sleep(0.001)  # a window for a change to land mid-step, were it not kept out
        rec = step(**kw)
        seen.append((before, run.trainer.cfg, run.trainer.opt.param_groups[0]["lr"]))
        return rec

    run.trainer.step = watched_step
    lrs = (0.01, 0.002)
    for i in range(200):
        run.apply_settings(RunConfig(**{**CFG.to_dict(), "lr": lrs[i % 2], "clip": 0.5 + i % 2}))
        if i % 7 == 0:  # after either setting
            wait_for(lambda n=len(seen): len(seen) > n)  # let a step happen between some of them
    run.pause()
    run.wait_idle()
    assert len(seen) > 5
    assert all(a == b and a.lr == lr for a, b, lr in seen)  # never a step with half a change
    assert {a.lr for a, _, _ in seen} == set(lrs)
    assert run.cfg.lr == lrs[1] and run.trainer.opt.param_groups[0]["lr"] == lrs[1]
    with pytest.raises(ValueError, match="new network"):
        run.apply_settings(RunConfig(**{**CFG.to_dict(), "hidden_size": 9}))


def test_a_view_between_steps_sees_the_weights_of_one_step(playing):
    run = playing
    wait_for(lambda: run.step_count > 2)
    with run.between_steps() as trainer:
        n, weights = trainer.step_count, [p.detach().clone() for p in trainer.params]
        time.sleep(0.05)  # the worker would step several times meanwhile
        assert trainer.step_count == n and all(torch.equal(a, p) for a, p in zip(weights, trainer.params))
    wait_for(lambda: run.step_count > n)  # and it goes on once the view is done


def test_pause_settled_shows_the_step_the_counter_shows(playing):
    run = playing
    wait_for(lambda: run.step_count > 5)
    run.pause(settle=True)
    assert not run.running and run.history.latest().step == run.step_count == run.history.last.step


def test_fresh_loaded_and_an_examples_trained_model_take_the_same_lifecycle(app):
    """Each becomes the session's run the same way (ui/live.adopt), and so does Back: ready to
    draw, the old run paused, a trained old run kept for Back, the widgets on the new run's settings."""
    at = app(PAGE)
    fresh = at.session_state["run"]
    for _ in range(2):
        at.button(key="btn_step").click().run()
    assert fresh.step_count == 2 and fresh.history.latest().step == 2
    # A saved run (the file this run would download), loaded back.
    at.file_uploader(key="upload_run").set_value(("run.pt", fresh.to_bytes(), "application/octet-stream")).run()
    loaded = at.session_state["run"]
    assert loaded is not fresh and not at.exception
    assert at.session_state["previous_run"] is fresh and not fresh.running
    assert not loaded.preparing and loaded.step_count == 2 and loaded.history.latest().step == 2
    assert loaded.history.rows["loss"] == fresh.history.rows["loss"]
    # An example: a fresh seeded run at step 0 ...
    at.selectbox(key="preset").set_value("vanishing").run()
    example = at.session_state["run"]
    preset = get_preset("vanishing")
    assert example.cfg == preset.config() and example.step_count == 0
    assert at.session_state["previous_run"] is loaded  # trained: kept for Back
    # ... and its trained model, through the same door; the untrained example does not push the
    # trained run out of "previous".
    at.button(key="btn_pretrained").click().run()
    trained = at.session_state["run"]
    assert trained is not example and not at.exception and not trained.preparing
    assert trained.step_count == preset.checkpoint_steps() and trained.history.latest().step == trained.step_count
    assert at.session_state["previous_run"] is loaded
    assert at.slider(key="seq_len").value == preset.config().seq_len
    assert any("Loaded the trained model" in i.value for i in at.info)
    # Back, through the same door: the two trained runs swap places, the widgets follow.
    at.button(key="btn_back").click().run()
    assert at.session_state["run"] is loaded and at.session_state["previous_run"] is trained
    assert not trained.running and at.slider(key="seq_len").value == loaded.cfg.seq_len


def test_a_light_new_network_is_ready_at_once_and_a_heavy_one_prepares_in_its_worker():
    """The Train screen's script run waits for a new network's first record: a light one's (a few
    ms) is computed by the caller, not handed to a new thread (200-280 ms while the server answered a
    new visitor's file requests); a heavy one's goes to the worker, and the page shows "preparing"."""
    light = Run.fresh(CFG)
    assert not light.preparing and light.worker is None and light.history.last is not None
    assert step_cost(CFG, io_of(light.trainer.model)).seconds < INLINE_FIRST_SECONDS
    heavy_cfg = RunConfig(task="sine", hidden_size=256, seq_len=200, batch_size=64, seed=3)
    heavy = Run.fresh(heavy_cfg)
    assert step_cost(heavy_cfg, io_of(heavy.trainer.model)).seconds >= INLINE_FIRST_SECONDS
    assert heavy.worker is not None
    assert heavy.wait_ready(60) and heavy.history.last is not None
    heavy.wait_idle()
