"""Every exercise's answer is what the engine computes for its settings, recomputed here
independently (closed forms, plain torch, autograd); the widget commits before it reveals, in
English and Korean; a link opens one exercise."""
import dataclasses
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core import exercises as E
from core.concepts import gradients as lab_core
from core.config import RunConfig
from core.tasks.recall import RecallTask
from core.tasks.sine import SineTask
from core.train import Trainer
from ui.exercises import CHOICE_TEXT, TEXT


def _elman_count(I, H, O):
    return H * H + H * I + H + O * H + O  # W_xx, W_xu, b_x, W_yx, b_y


def test_there_are_enough_exercises_on_every_screen_in_both_languages():
    assert len(E.EXERCISES) >= 10 and len(E.BY_ID) == len(E.EXERCISES)
    assert {e.screen for e in E.EXERCISES} == set(E.SCREENS)
    for e in E.EXERCISES:
        assert set(TEXT[e.id]) == {"title", "q", "why"}
        assert all(len(TEXT[e.id][k]) == 2 and all(TEXT[e.id][k]) for k in TEXT[e.id])
        assert e.kind in ("choice", "number") and (e.kind == "number" or len(e.choices) >= 2)
        assert all(c in CHOICE_TEXT or not isinstance(c, str) or "×" in c or c in ("tanh", "sigmoid", "relu",
                                                                                   "identity")
                   for c in e.choices)


def test_parameter_counts():
    a = E.BY_ID["params-h32"].answer()
    assert a.value == _elman_count(1, 32, 1) == 1121
    lstm = E.BY_ID["lstm-params"].answer()
    ref = sum(p.numel() for p in torch.nn.LSTM(1, 16).parameters()) + 16 * 1 + 1
    assert lstm.value == ref
    s = E.BY_ID["shared-count"].settings
    assert E.BY_ID["shared-count"].answer().value == _elman_count(s["I"], s["H"], s["O"])
    s = E.BY_ID["unshared-count"].settings
    assert E.BY_ID["unshared-count"].answer().value == s["T"] * _elman_count(s["I"], s["H"], s["O"])
    s = E.BY_ID["shape-wxu"].settings
    assert E.BY_ID["shape-wxu"].answer().value == f"{s['H']}×{s['I']}"


def test_first_loss_is_the_untrained_networks_mse():
    ex = E.BY_ID["first-loss"]
    s = ex.settings
    # The Trainer's step-0 record: one batch of 32 from a generator seeded seed + 1, by a plain loop.
    task = SineTask(s["T"], s["seed"])
    model = task.build_model("elman", s["H"], "tanh", torch.Generator().manual_seed(s["seed"]))
    u, y = task.sample_batch(32, torch.Generator().manual_seed(s["seed"] + 1))
    x = torch.zeros(32, s["H"])
    outs = []
    with torch.no_grad():
        for t in range(s["T"]):
            x = torch.tanh(x @ model.W_xx.T + u[:, t] @ model.W_xu.T + model.b_x)
            outs.append(x @ model.W_yx.T + model.b_y)
        mse = float(((torch.stack(outs, 1) - y) ** 2).mean())
    a = ex.answer()
    assert a.detail["loss"] == pytest.approx(mse, rel=1e-5)
    assert a.value == min(ex.choices, key=lambda c: abs(math.log(c / mse)))


def test_lru_eigenvalues_stay_inside_by_the_closed_form():
    ex = E.BY_ID["lru-inside"]
    s = ex.settings
    tr = Trainer(RunConfig(task="sine", cell="lru", hidden_size=s["H"], lr=s["lr"], seed=s["seed"]))
    for _ in range(s["steps"]):
        tr.step(diagnostics=False)
    r = np.exp(-np.exp(tr.model.nu_log.detach().double().numpy()))  # |λ| = exp(−exp(ν))
    a = ex.answer()
    assert a.value == int((r >= 1).sum()) and a.detail["max"] == pytest.approx(r.max(), rel=1e-6)


def test_fixed_points_and_memory_steps_by_closed_forms():
    s = E.BY_ID["fixed-points"].settings
    xs = np.linspace(-1.5, 1.5, 30001) + 1e-9  # off the grid's exact zero
    g = np.tanh(s["w"] * xs + s["b"]) - xs
    assert E.BY_ID["fixed-points"].answer().value == int((np.sign(g[:-1]) != np.sign(g[1:])).sum())
    lam = E.BY_ID["memory-steps"].settings["lam"]
    assert E.BY_ID["memory-steps"].answer().value == math.ceil(-1 / math.log(lam))  # λ^t < 1/e


def test_two_steps_and_unit_range_by_hand():
    s = E.BY_ID["two-steps"].settings
    x1 = math.tanh(s["W_xx"] * 0 + s["W_xu"] * s["u"][0] + s["b_x"])
    x2 = math.tanh(s["W_xx"] * x1 + s["W_xu"] * s["u"][1] + s["b_x"])
    a = E.BY_ID["two-steps"].answer()
    assert a.value == pytest.approx(x2, abs=1e-6) and a.detail["x1"] == pytest.approx(x1, abs=1e-6)
    a_t = torch.tensor([-10.0, 10.0])
    ranges = {"tanh": torch.tanh(a_t), "sigmoid": torch.sigmoid(a_t), "relu": torch.relu(a_t), "identity": a_t}
    inside = [k for k, v in ranges.items() if float(v.min()) >= 0 and float(v.max()) <= 1]
    assert E.BY_ID["unit-range"].answer().value == inside[0] and len(inside) == 1


@pytest.mark.parametrize("ex_id", ["rho-decay", "tanh-explode"])
def test_lab_answers_by_autograd(ex_id):
    ex = E.BY_ID[ex_id]
    s = ex.settings
    lab = lab_core.make_lab(1.0, s["sigma"], s["H"], s["T"], s["seed"])
    scale = s["rho"] / float(torch.linalg.eigvals(lab.model.W_xx.detach()).abs().max()) if "rho" in s else s["scale"]
    lab = lab_core.make_lab(scale, s["sigma"], s["H"], s["T"], s["seed"])
    if "rho" in s:
        assert float(torch.linalg.eigvals(lab.model.W_xx.detach()).abs().max()) == pytest.approx(s["rho"])
    dx = lab_core.autograd_reference(lab)["dL_dx"]  # an independent loop over the cell, autograd
    ratio = float(dx[0].norm() / dx[-1].norm())
    a = ex.answer()
    assert a.detail["ratio"] == pytest.approx(ratio, rel=1e-6)
    if ex_id == "rho-decay":
        assert a.value == ("above" if ratio > s["threshold"] else "below")
    else:
        assert a.value == ("larger" if ratio > 1 else "smaller")


def test_recall_winner_is_the_best_of_an_independent_training():
    """The same question at a small T and few steps (the real one trains for half a minute):
    each cell trained here by a plain Adam loop, its test accuracy measured by hand."""
    ex = dataclasses.replace(E.BY_ID["recall-200"], settings={**E.BY_ID["recall-200"].settings,
                                                             "T": 6, "steps": 30, "H": 8})
    s = ex.settings
    task = RecallTask(s["T"], s["seed"])
    acc = {}
    for cell in s["choices"]:
        model = task.build_model(cell, s["H"], "tanh", torch.Generator().manual_seed(s["seed"]))
        opt = torch.optim.Adam(model.parameters(), lr=0.003)
        gen = torch.Generator().manual_seed(s["seed"])
        for _ in range(s["steps"]):
            u, target = task.make(64, gen)
            loss = F.cross_entropy(model(u)[1][:, -1], target)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        with torch.no_grad():
            acc[cell] = float((model(task.test_u)[1][:, -1].argmax(1) == task.test_y).float().mean())
    a = ex.answer()
    assert a.detail["accuracy"] == pytest.approx(acc)
    assert a.value == max(acc, key=acc.get)


def test_numbers_are_checked_within_their_tolerance():
    ex = E.BY_ID["memory-steps"]
    ans = E.Answer(20)
    assert ex.is_right(21, ans) and ex.is_right(18, ans) and not ex.is_right(25, ans) and not ex.is_right(None, ans)
    assert E.BY_ID["params-h32"].is_right(1121, E.Answer(1121)) and not E.BY_ID["params-h32"].is_right(1120,
                                                                                                       E.Answer(1121))


# --- the widget ----------------------------------------------------------------------------------
def _texts(at, kind):
    return [e.value for e in getattr(at, kind)]


def test_commit_then_reveal_in_english(app):
    at = app("screens/home.py")
    assert not at.exception
    assert not _texts(at, "success") and not _texts(at, "error")  # nothing revealed yet
    assert at.button(key="ex_commit_params-h32").disabled  # no answer, no commit
    at.number_input(key="ex_in_params-h32").set_value(1000).run()
    assert not _texts(at, "error")  # typing an answer reveals nothing either
    at.button(key="ex_commit_params-h32").click().run()
    assert not at.exception
    truth = _elman_count(1, 32, 1)
    assert _texts(at, "error") == [f"Not quite. Your answer: 1000 · the engine computed: {truth}"]
    assert any("H×H = 1024" in m and f"{truth} in all" in m for m in _texts(at, "markdown"))
    assert at.number_input(key="ex_in_params-h32").disabled  # the committed answer stays as given
    assert any("1 of 2 answered, 0 right" in c for c in _texts(at, "caption"))
    at.button(key="ex_retry_params-h32").click().run()
    at.number_input(key="ex_in_params-h32").set_value(truth).run()
    at.button(key="ex_commit_params-h32").click().run()
    assert _texts(at, "success") == [f"Right. Your answer: {truth} · the engine computed: {truth}"]
    at.switch_page("screens/cell.py").run()  # progress stays in the session, across screens
    assert any("all screens: 1 of" in c for c in _texts(at, "caption"))


def test_commit_then_reveal_in_korean(app):
    at = app("screens/cell.py", lang="ko")
    assert not _texts(at, "success")
    at.radio(key="ex_in_unit-range").set_value("sigmoid").run()
    at.button(key="ex_commit_unit-range").click().run()
    assert not at.exception
    assert _texts(at, "success") == ["맞았습니다. 내 답: sigmoid · 엔진이 계산한 답: sigmoid"]
    assert any(m.startswith("sigmoid뿐입니다") for m in _texts(at, "markdown"))
    at.number_input(key="ex_in_two-steps").set_value(0.5).run()
    at.button(key="ex_commit_two-steps").click().run()
    x2 = math.tanh(0.9 * math.tanh(1.1) + 0.1)
    assert _texts(at, "error") == [f"아쉽습니다. 내 답: 0.5 · 엔진이 계산한 답: {x2:.4g}"]


def test_a_link_opens_one_exercise(app):
    at = app("screens/bptt_lab.py", query={"exercise": "rho-decay"})
    assert not at.exception
    opened = {e.proto.label: e.proto.expanded for e in at.expander if e.proto.label in
              [t["title"][0] for t in TEXT.values()]}
    assert opened[TEXT["rho-decay"]["title"][0]] is True
    assert opened[TEXT["tanh-explode"]["title"][0]] is False
    assert not _texts(at, "info") or all("exercise" not in i for i in _texts(at, "info"))  # not an unknown setting
    at = app("screens/bptt_lab.py", query={"exercise": "no-such"})
    assert any("no exercise 'no-such'" in i for i in _texts(at, "info"))
