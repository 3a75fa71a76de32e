"""The Train screen under AppTest: what a person clicks and what they then see."""
import base64
import io
import json
import os
import time
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
import torch
from readback import wait_for
from views import chart_message, copy_lines, live_charts, train_button

from core import task_names
from core.charts.training import STATE_DECIMALS
from core.presets import get_preset
from core.runs import run_bytes

PAGE = "screens/train.py"



def run_of(at):
    return at.session_state["run"]


def plotly_array(value) -> np.ndarray:
    """A plotly JSON array: nested lists, or Plotly's typed form {'dtype', 'bdata', 'shape'}."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return flat.reshape([int(n) for n in str(value.get("shape", len(flat))).split(",")])
    return np.array(value, dtype=float)


def charts(at) -> dict:
    """Plotly figures on the page by their key (chart_loss, chart_states, ...)."""
    out = {}
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        out[el.proto.id.split("-")[-1] if not el.key else el.key] = spec
    for el in live_charts(at):  # the live charts (ui/livechart.py): a whole run sends them whole
        out[el.key] = chart_message(el)["full"]
    return out


def test_step_train_pause_reset_and_a_shape_change(app):
    at = app(PAGE)
    assert not at.exception
    run = run_of(at)
    assert run.trainer.step_count == 0 and len(charts(at)) >= 8
    at.button(key="btn_step").click().run()
    assert run_of(at).trainer.step_count == 1  # exactly one BPTT step
    train_button(at).click().run()
    run = run_of(at)
    wait_for(lambda: run.trainer.step_count > 5)  # the session's worker trains in the background
    at.run()  # a fragment tick draws what it has
    assert run.running and run.trainer.step_count > 5
    losses = run.history.rows["loss"]
    assert len(losses) == len(run.history.rows["step"]) > 3
    train_button(at).click().run()  # Pause
    run.wait_idle()
    paused_at = run.trainer.step_count
    time.sleep(0.3)
    at.run()
    assert not run.running and run.trainer.step_count == paused_at
    # A setting that keeps the shape applies to the running model at once.
    at.select_slider(key="lr").set_value(0.001).run()
    assert run_of(at) is run and run.trainer.opt.param_groups[0]["lr"] == 0.001
    # A new hidden size is a new network, and the screen says so.
    at.slider(key="hidden_size").set_value(24).run()
    new = run_of(at)
    assert new is not run and new.trainer.step_count == 0 and new.trainer.model.W_xx.shape == (24, 24)
    assert any("Hidden size H = 24" in i.value for i in at.info)  # named as the sidebar names it
    assert at.session_state["previous_run"] is run
    # The next key press (H = 25) makes another fresh network; the trained one stays "previous".
    at.slider(key="hidden_size").set_value(25).run()
    said = " ".join(i.value for i in at.info)
    assert "Hidden size H = 25" in said and f"The trained network (step {paused_at}) is kept" in said
    assert at.session_state["previous_run"] is run
    # Nothing is lost: the replaced network comes back with its steps and settings.
    at.button(key="btn_back").click().run()
    assert run_of(at) is run and run.trainer.step_count == paused_at
    assert at.slider(key="hidden_size").value == 16 and run.trainer.model.W_xx.shape == (16, 16)
    at.button(key="btn_reset").click().run()
    assert run_of(at) is not run and run_of(at).trainer.step_count == 0


def _place(node, key_start, path=()):
    """Where the element whose key starts with `key_start` sits in the page's tree (child indices)."""
    for i, child in getattr(node, "children", {}).items():
        if str(getattr(child, "key", "") or "").startswith(key_start):
            return (*path, i)
        found = _place(child, key_start, (*path, i))
        if found:
            return found
    return None


def test_the_buttons_and_charts_keep_their_place_when_notices_come_and_go(app):
    """A notice shown in one run and gone in the next must not move what follows it: a moved
    element is a new one to the browser, which shows the old buttons beside the new ones until a
    slow run has written past them (seen with four pages training on two cores, bench/clicks.py)."""
    at = app(PAGE, query={"hidden_size": "100000"}, deep=True)  # a link the sidebar clamps: a notice
    assert any("100000" in i.value for i in at.info), [i.value for i in at.info]
    keys = ["btn_train_", *(el.key for el in live_charts(at))]

    def where():
        return [_place(at.main, key) for key in keys]

    places = [where()]
    at.slider(key="hidden_size").set_value(24).run()  # a new network: a notice and a Back button
    assert any("Hidden size H = 24" in i.value for i in at.info)
    places.append(where())
    at.button(key="btn_step").click().run()  # the notice has been read: gone
    assert not any("Hidden size H = 24" in i.value for i in at.info)
    places.append(where())
    at.button(key="btn_step").click().run()  # two recorded steps: paused, the scrub slider shows
    assert at.select_slider(key="scrub")
    places.append(where())
    train_button(at).click().run()  # training: the slider is gone
    assert not [s for s in at.select_slider if s.key == "scrub"]
    places.append(where())
    train_button(at).click().run()
    assert len(keys) == 10 and None not in places[0], keys  # the button and the nine live charts
    assert places == [places[0]] * 5, places


def test_a_click_on_pause_never_starts_a_run_that_stopped_meanwhile(app):
    """The page said Pause; by the time the click arrives the run has stopped on its own (its last
    step, an explosion): the click pauses, it does not start training again."""
    at = app(PAGE)
    train_button(at).click().run()
    run = run_of(at)
    assert run.running and train_button(at).label == "Pause"
    run.pause()  # behind the page's back, before it redraws
    run.wait_idle()
    train_button(at).click().run()
    assert not run_of(at).running and train_button(at).label == "Train"
    train_button(at).click().run()  # and Train still trains
    assert run_of(at).running
    run_of(at).pause()


def test_one_click_counts_once_when_its_trigger_comes_again(app):
    """With many pages training, Streamlit delivered one click's trigger again in later script runs
    (measured: a Pause click ran its callback three times: paused, trained on, paused). The same
    button's trigger sent a second time must change nothing; the button drawn now still works."""
    at = app(PAGE)
    train = train_button(at)
    train.click().run()
    run = run_of(at)
    assert run.running and train_button(at).label == "Pause"
    pause = train_button(at)
    assert pause.key != train.key  # each state of the button is its own widget
    train.click().run()  # the Train click once more: still training, not paused by a stale callback
    assert run.running and train_button(at).label == "Pause"
    pause.click().run()
    assert not run.running and train_button(at).label == "Train"
    pause.click().run()  # the Pause click once more: still paused
    assert not run.running and train_button(at).label == "Train"
    train_button(at).click().run()  # and the button as drawn now trains
    assert run.running
    run.pause()


@pytest.mark.parametrize("task", task_names())
def test_every_task_trains_on_the_screen(app, task):
    at = app(PAGE)
    at.selectbox(key="task").set_value(task).run()
    assert not at.exception, at.exception
    run = run_of(at)
    assert run.cfg.task == task
    before = [p.detach().clone() for p in run.trainer.params]
    at.button(key="btn_step").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert run_of(at).trainer.step_count == 1
    assert any(not torch.equal(a, p.detach()) for a, p in zip(before, run.trainer.params))
    shown = charts(at)
    assert {"chart_loss", "chart_states", "chart_state_grad", "chart_task"} <= set(shown)
    # The state heatmap shows this task's probe: H rows (units) by T columns (steps), the states
    # of the checkpoint the chart is titled with.
    z = plotly_array(shown["chart_states"]["data"][0]["z"])
    T = run.trainer.task.probe(run.trainer.model).states.shape[0]
    assert z.shape == (run.cfg.hidden_size, T)
    # To the decimals the chart carries (core/charts/training.STATE_DECIMALS: its hover shows one fewer).
    np.testing.assert_allclose(z, run.history.latest().probe.T, rtol=0, atol=0.5 * 10 ** -STATE_DECIMALS + 1e-12)


def test_explosion_pauses_says_where_and_keeps_finite_weights(app):
    at = app(PAGE)
    at.selectbox(key="preset").set_value("exploding").run()
    train_button(at).click().run()
    run = run_of(at)
    wait_for(lambda: not run.running, timeout=60)
    at.run()
    assert not run.running and "blew up" in run.message and "time step" in run.message
    assert any("blew up" in e.value for e in at.error) and not at.exception
    assert all(torch.isfinite(p).all() for p in run.trainer.params)


def test_presets_reproduce_the_same_losses(app):
    first = []
    for _ in range(2):
        at = app(PAGE)
        at.selectbox(key="preset").set_value("weather").run()
        for _ in range(5):
            at.button(key="btn_step").click().run()
        first.append(run_of(at).history.rows["loss"])
        assert run_of(at).cfg == get_preset("weather").config()
    assert first[0] == first[1] and len(first[0]) == 6


def test_link_round_trip_and_bad_links(app):
    at = app(PAGE, query={"task": "sine", "hidden_size": "24", "cell": "gru", "lr": "0.003", "truncate": "5"})
    cfg = run_of(at).cfg
    assert (cfg.hidden_size, cfg.cell, cfg.lr, cfg.truncate) == (24, "gru", 0.003, 5)
    link = copy_lines(at)["copy_link"]
    query = dict(parse_qsl(urlsplit(link).query))
    again = app(PAGE, query=query)
    assert run_of(again).cfg == cfg
    bad = app(PAGE, query={"hidden_size": "9999", "colour": "red", "seed": "x"})
    assert not bad.exception
    notes = " ".join(i.value for i in bad.info)
    assert "colour" in notes and "512" in notes and "seed" in notes
    assert run_of(bad).cfg.hidden_size == 512
    # A preset's link checks T against the preset's task (translate: 4–12), not the first task's.
    short = app(PAGE, query={"preset": "translate", "seq_len": "99"})
    said = " ".join(i.value for i in short.info)
    assert "outside 4–12 for translate; used 12" in said and "1000" not in said
    assert run_of(short).cfg.task == "translate" and run_of(short).cfg.seq_len == 12


def test_korean_screen(app):
    at = app(PAGE, lang="ko")
    assert not at.exception
    assert at.title[0].value == "RNN 실시간 학습"
    assert train_button(at).label == "학습"


def test_saved_run_upload_and_a_hostile_file(app, tmp_path):
    at = app(PAGE)
    for _ in range(3):
        at.button(key="btn_step").click().run()
    run = run_of(at)
    blob = run_bytes(run.trainer, run.history.to_plain())

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))
    buf = io.BytesIO()
    torch.save({"format": "rnn-explorer-run", "x": Evil()}, buf)
    at.file_uploader(key="upload_run").set_value(("evil.pt", buf.getvalue(), "application/octet-stream")).run()
    assert any("not a saved RNN Explorer run" in e.value for e in at.error)
    assert run_of(at) is run and not (tmp_path / "pwned").exists()  # nothing lost, nothing run
    # A real saved run is adopted: same weights, same step, its history.
    at.file_uploader(key="upload_run").set_value(("run.pt", blob, "application/octet-stream")).run()
    loaded = run_of(at)
    assert loaded is not run and loaded.trainer.step_count == 3 and not at.exception
    assert loaded.history.rows["loss"] == run.history.rows["loss"]
    for a, b in zip(loaded.trainer.params, run.trainer.params):
        assert torch.equal(a, b)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_whole_model_file_is_named_for_what_it_is_not(app, lang):
    buf = io.BytesIO()
    torch.save(torch.nn.Linear(2, 2), buf)  # a whole module, as many tutorials save one
    at = app(PAGE, lang=lang)
    run = run_of(at)
    at.file_uploader(key="upload_run").set_value(("model.pt", buf.getvalue(), "application/octet-stream")).run()
    said = " ".join(e.value for e in at.error)
    words = {"en": ("not a saved RNN Explorer run", "Python objects", "Your current run is unchanged"),
             "ko": ("저장된 RNN Explorer 실행이 아닙니다", "파이썬 객체", "지금 실행은 그대로입니다")}[lang]
    assert all(w in said for w in words), said
    assert "weights_only" not in said and "torch." not in said and "Error" not in said
    assert lang == "en" or "saved run" not in said  # the Korean screen says it all in Korean
    assert run_of(at) is run
