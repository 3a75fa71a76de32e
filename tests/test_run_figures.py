"""The figures of a training run (core/charts/training.py, compare.py) in both languages: every
label comes from the catalogue, with its values filled in."""
import re

import numpy as np
import pytest

from core.charts import compare, training
from core.history import History
from core.train import StepRecord
from ui.words import EN, KO


def history(steps=60, blow_at=55):
    h = History()
    for s in range(1, steps + 1):
        val = s % 20 == 0
        h.add(StepRecord(step=s, loss=np.inf if s == blow_at else 1.0 / s, metric=0.5,
                         grad_norms={"W_xx": 1.0, "W_xu": 2.0, "b_x": 0.5, "W_yx": 0.1, "b_y": 0.2}, grad_total=2.3,
                         clipped=s == 7, state_grad=np.linspace(1, 2, 12), seconds=0.002, rho=0.9,
                         probe=np.zeros((12, 4)), val_loss=0.5 if val else None, val_metric=0.7 if val else None,
                         extra={"user_loss": 0.6} if val else {}), labels=list("abcdefghijkl"))
    return h


def _texts(fig):
    """Trace names, annotations and axis titles."""
    layout = fig.layout.to_plotly_json()
    axes = [v.get("title") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))]
    return ([t.name for t in fig.data] + [a["text"] for a in layout.get("annotations", [])]
            + [a["text"] if isinstance(a, dict) else a for a in axes if a])


@pytest.mark.parametrize("words, expected", [
    (EN, {"loss (train)", "loss (validation)", "accuracy (validation)", "loss (your sentences)", "training step",
          "loss", "blew up (55)", "time step t (u_t)", "hidden unit", "time step t", "truncation window k=4",
          "clipping acted", "‖∂L/∂θ‖ per parameter", "spectral radius ρ(W_xx)", "ρ = 1", "ms per BPTT pass",
          "steps per second", "‖∂L/∂x_t‖"}),
    (KO, {"손실 (학습)", "손실 (검증)", "accuracy (검증)", "손실 (내 문장)", "학습 스텝", "손실", "폭주 (55)",
          "시간 스텝 t (u_t)", "은닉 유닛", "시간 스텝 t", "절단 구간 k=4", "클리핑 적용", "파라미터별 ‖∂L/∂θ‖",
          "스펙트럼 반경 ρ(W_xx)", "ρ = 1", "BPTT 1회 ms", "초당 스텝", "‖∂L/∂x_t‖"}),
], ids=["en", "ko"])
def test_every_training_figure_is_worded(words, expected):
    h = history()
    finite = training.finite_checkpoints(h)
    figs = [training.loss_figure(h, "accuracy (higher is better)", words), training.states_figure(finite[-1], words),
            training.state_grad_figure(finite[-1].state_grad, 4, words),
            training.grad_history_figure(finite, words, exploded=training.explosion_steps(h)),
            training.param_grad_figure(h, words), training.rho_figure(h, words), training.speed_figure(h, words)]
    texts = {t for fig in figs for t in _texts(fig)}
    assert expected <= texts


@pytest.mark.parametrize("words, expected", [
    (EN, {"train · A: H=4", "validation · A: H=4", "A: H=4 (step 60)", "training step", "loss", "time step t"}),
    (KO, {"학습 · A: H=4", "검증 · A: H=4", "A: H=4 (스텝 60)", "학습 스텝", "손실", "시간 스텝 t"}),
], ids=["en", "ko"])
def test_both_overlays_are_worded(words, expected):
    ha, hb = history(blow_at=0), history(blow_at=0)
    figs = [compare.loss_overlay(ha, hb, "A: H=4", "B: H=8", words),
            compare.state_grad_overlay(ha, hb, "A: H=4", "B: H=8", words)]
    texts = {t for fig in figs for t in _texts(fig)}
    assert expected <= texts


def _hovers(fig) -> list[str]:
    return [t.hovertemplate for t in fig.data if getattr(t, "hovertemplate", None)]


def test_hover_texts_speak_the_screens_language():
    """What a mouse-over shows is worded like the axes: 'unit'/'step' in English, 유닛/스텝 in Korean."""
    from core.charts import sentiment, translate
    from core.tasks.translate import Translation
    h = history(blow_at=0)
    finite = training.finite_checkpoints(h)
    tr = Translation(english=["I", "love", "you"], korean=["나는", "너를", "<eos>"], sentence="나는 너를",
                     encoder_states=np.zeros((3, 4)), decoder_states=np.zeros((3, 4)))
    hovers = {}
    for name, words in (("en", EN), ("ko", KO)):
        figs = [training.states_figure(finite[-1], words), training.grad_history_figure(finite, words),
                sentiment.probability_figure([("s", ["good", "film"], [0.6, 0.8])], words),
                sentiment.state_heatmap(["good", "film"], np.zeros((2, 4)), words),
                translate.translation_figure(tr, words)]
        hovers[name] = " ".join(s for fig in figs for s in _hovers(fig))
    assert {"unit", "step", "positive"} <= set(re.findall(r"[A-Za-z]+", hovers["en"]))
    assert "유닛" in hovers["ko"] and "스텝" in hovers["ko"] and "P(긍정)" in hovers["ko"]
    words_left = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"%\{[^}]*\}|<[^>]*>", "", hovers["ko"])))
    assert words_left <= {"log"}, words_left  # log10 stays a formula


def test_a_long_curve_keeps_the_points_it_drew_as_the_run_grows():
    """Past 600 rows the loss and gradient curves are thinned to every 2^k-th row and the last: a
    few more steps add points at the end and move the last one, the rest stay where they were
    (so the live chart sends only the new tail), every row's step is a recorded step, and the
    curve ends at the latest."""
    h = history(steps=1900, blow_at=0)
    before = [np.asarray(training.loss_figure(h, "m", EN).data[0].x),
              np.asarray(training.param_grad_figure(h, EN).data[0].x)]
    for s in range(1901, 1906):
        h.add(StepRecord(step=s, loss=1.0 / s, metric=0.5, grad_norms={"W_xx": 1.0}, grad_total=1.0, clipped=False,
                         state_grad=np.ones(12), seconds=0.002))
    after = [np.asarray(training.loss_figure(h, "m", EN).data[0].x),
             np.asarray(training.param_grad_figure(h, EN).data[0].x)]
    for a, b in zip(before, after):
        assert 300 <= len(a) <= 600 and 300 <= len(b) <= 600
        assert a[-1] == 1900 and b[-1] == 1905 and a[0] == b[0] == 1
        assert list(b[:len(a) - 1]) == list(a[:-1])  # only the end moved
        assert set(b) <= set(h.rows["step"])
    loss = training.loss_figure(h, "m", EN).data[0]
    assert list(loss.y) == [h.rows["loss"][h.rows["step"].index(s)] for s in loss.x]


def test_heatmaps_carry_the_decimals_their_hover_shows_and_one_more():
    """Chart 2 carries x_t to 4 decimals (its hover shows 3) and chart 3b log10 ‖∂L/∂x_t‖ to 3 (it
    shows 2): what a person can read is unchanged, and each value travels in 6-8 characters, not 19."""
    h = history(blow_at=0)
    rng = np.random.default_rng(0)
    ckpt = training.finite_checkpoints(h)[-1]
    ckpt.probe = np.tanh(rng.normal(size=ckpt.probe.shape))
    z = np.asarray(training.states_figure(ckpt, EN).data[0].z)
    np.testing.assert_allclose(z, ckpt.probe.T, atol=5e-5, rtol=0)
    assert np.array_equal(z, z.round(4))
    assert "%{z:.3f}" in training.states_figure(ckpt, EN).data[0].hovertemplate
    finite = training.finite_checkpoints(h)
    g = np.asarray(training.grad_history_figure(finite, EN).data[0].z)
    exact = np.log10([c.state_grad for c in finite])
    np.testing.assert_allclose(g, exact, atol=5e-4, rtol=0)
    assert np.array_equal(g, g.round(3))
    assert "%{z:.2f}" in training.grad_history_figure(finite, EN).data[0].hovertemplate
