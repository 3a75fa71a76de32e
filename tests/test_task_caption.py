"""The caption task: its data, its caption grammar, its decoding, that it learns, its CLI, its
figures and its view."""
import base64
import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from views import copy_lines

from core.charts import caption as charts
from core.config import RunConfig
from core.tasks import make_task
from core.tasks.caption import (
    BOS,
    IGNORE,
    NAMES,
    CaptionTask,
    caption_words,
    load_digits,
    vocabulary,
)
from core.train import Trainer
from ui.words import EN, KO


@pytest.fixture(scope="module")
def task():
    return make_task("caption")


@pytest.fixture(scope="module")
def trained(task):
    """The preset (Elman), seed 0, 500 of its 800 steps: enough to caption most unseen images."""
    cfg = RunConfig(task="caption", seq_len=task.seq_len, seed=0, **CaptionTask.defaults)
    trainer = Trainer(cfg, task)
    for _ in range(500):
        trainer.step(diagnostics=False)
    return trainer


def test_bundled_digits_are_the_uci_test_set():
    pixels, labels = load_digits()
    assert pixels.shape == (1797, 64) and pixels.dtype == np.uint8
    assert pixels.min() == 0 and pixels.max() == 16  # ink counts of 4×4 blocks
    assert labels.shape == (1797,) and np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182,
                                                                        181, 179, 174, 180]


def test_split_is_fixed_disjoint_complete_and_stratified(task):
    s = task.splits
    assert not set(s["train"]) & set(s["val"]) and not set(s["train"]) & set(s["test"])
    assert not set(s["val"]) & set(s["test"])
    assert sorted(np.concatenate(list(s.values()))) == list(range(1797))
    for part in ("val", "test"):
        per_digit = np.bincount(task.labels[s[part]], minlength=10)
        assert np.all(np.abs(per_digit - 0.15 * np.bincount(task.labels)) <= 0.5)
    other_seed = CaptionTask(task.seq_len, seed=7)
    assert all(np.array_equal(s[k], other_seed.splits[k]) for k in s)  # not a property of the run
    assert len(s["test"]) == 269 and str(len(s["test"]) - 1) in CaptionTask.predict_help


def test_caption_grammar():
    assert " ".join(caption_words(7)) == "a handwritten seven , an odd prime number"
    assert " ".join(caption_words(6)) == "a handwritten six , an even number"
    assert " ".join(caption_words(0)) == "a handwritten zero , an even square number"
    captions = {" ".join(caption_words(d)) for d in range(10)}
    assert len(captions) == 10  # the caption tells the digit
    for d in range(10):
        w = caption_words(d)
        assert w[2] == NAMES[d] and w[5] == ("even" if d % 2 == 0 else "odd")
        assert ("prime" in w) == (d in (2, 3, 5, 7)) and ("square" in w) == (d in (0, 1, 4, 9))
    assert vocabulary()[:2] == ["<bos>", "<eos>"] and len(vocabulary()) == 21
    assert CaptionTask.seq_len_bounds[2] == 9  # 8 words + <eos>


def test_batches_pair_each_image_with_its_own_caption(task):
    pixels, u, target = task.sample_batch(32, torch.Generator().manual_seed(1))
    assert pixels.shape == (32, 64) and u.shape == (32, 9, 21) and target.shape == (32, 9)
    assert pixels.min() >= 0 and pixels.max() <= 1
    train = task.splits["train"]
    for p, ui, ti in zip(pixels, u, target):
        rows = np.flatnonzero((task.pixels == p).all(dim=1).numpy())
        assert set(rows) & set(train)  # drawn from the training images
        d = int(task.labels[rows[0]])
        words = [task.vocab[i] for i in ti[ti != IGNORE].tolist()]
        assert words == caption_words(d) + ["<eos>"]
        fed = ui.argmax(-1)[:len(words)].tolist()  # teacher forcing: <bos>, then the true words
        assert fed == [BOS] + [task.word_id[w] for w in caption_words(d)]
        assert float(ui[len(words):].abs().sum()) == 0  # padding feeds nothing


def test_loss_is_cross_entropy_over_the_caption_tokens(task):
    torch.manual_seed(0)
    model = task.build_model("elman", 8, "tanh")
    batch = task.sample_batch(4, torch.Generator().manual_seed(2))
    loss, _ = task.loss(model, batch)
    with torch.no_grad():
        _, y = model(batch[0], batch[1])
    logp = F.log_softmax(y, -1)
    terms = [-logp[b, t, batch[2][b, t]] for b in range(4) for t in range(9) if batch[2][b, t] != IGNORE]
    assert float(loss.detach()) == pytest.approx(float(torch.stack(terms).mean()), rel=1e-5)


@pytest.mark.parametrize("cell", ["elman", "lstm", "lru"])
def test_greedy_decoding_equals_one_pass_over_its_own_words(task, cell):
    """Feeding the greedily chosen words back in one teacher-forced pass gives the same words,
    probabilities and states: step t only ever sees u_1..u_t."""
    torch.manual_seed(3)
    model = task.build_model(cell, 16, "tanh")
    pixels = task.pixels[task.splits["test"][:5]]
    ids, probs, x = task.greedy(model, pixels)
    u = torch.zeros(5, 9, 21)
    u[:, 0, BOS] = 1
    u[torch.arange(5)[:, None], torch.arange(1, 9), ids[:, :-1]] = 1
    with torch.no_grad():
        x1, y1 = model(pixels, u)
    p1 = torch.softmax(y1, -1)
    assert torch.equal(p1.argmax(-1), ids)
    assert torch.allclose(p1.max(-1).values, probs, atol=1e-6) and torch.allclose(x1, x, atol=1e-6)


def test_preset_learns_to_caption_unseen_images(task, trained):
    ev = task.evaluate(trained.model, "test")
    assert ev.extra["baseline_exact"] == pytest.approx(0.1, abs=0.01)
    assert ev.metric >= 0.8  # measured 0.93 with seed 0; an image-blind decoder gets ≤ 0.1
    c = task.caption(trained.model, 17)
    assert c.words[-1] == "<eos>" and len(c.probs) == len(c.words) == c.states.shape[0]
    assert c.states.shape[1] == 64 and np.all((c.probs > 0) & (c.probs <= 1))
    acc = task.per_digit_accuracy(trained.model, "val")
    assert acc.shape == (10,) and acc.mean() >= 0.8


def test_cli_predict_prints_the_caption_last(task, trained, tmp_path, capsys):
    from core.cli import main
    from core.runs import save_run
    path = tmp_path / "run.pt"
    save_run(str(path), trained)
    assert main(["predict", str(path), "17"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    c = task.caption(trained.model, 17)
    assert lines[-1] == " ".join(c.words[:-1])
    assert lines[1].split(":", 1)[1].strip() == " ".join(caption_words(c.digit))
    for bad in ("seventeen", "269", "-1"):
        with pytest.raises(ValueError):
            task.predict(trained.model, bad)


def test_task_refuses_user_data():
    with pytest.raises(ValueError):
        CaptionTask(9, source={"pixels": [1, 2]})
    with pytest.raises(ValueError):
        CaptionTask(8)  # shorter than the longest caption


def test_figures_show_the_data_they_are_given():
    img = np.arange(64).reshape(8, 8) % 17
    fig = charts.image_figure(img, "t", EN)
    assert np.array_equal(np.array(fig.data[0].z), img) and fig.layout.yaxis.autorange == "reversed"
    words, probs = ["a", "a", "<eos>"], np.array([0.5, 0.25, 0.9])
    bars = charts.word_prob_figure(words, probs, EN)
    assert list(bars.data[0].x) == ["1. a", "2. a", "3. &lt;eos&gt;"] and list(bars.data[0].y) == [0.5, 0.25, 0.9]
    states = np.random.default_rng(0).normal(size=(3, 5))
    heat = charts.states_figure(states, words, KO)
    assert np.array_equal(np.array(heat.data[0].z), states.T) and "디코더" in heat.layout.title.text
    per = charts.per_digit_figure(np.linspace(0, 1, 10), [" ".join(caption_words(d)) for d in range(10)], EN)
    assert list(per.data[0].y) == list(np.linspace(0, 1, 10))


def _array(value):
    """A plotly JSON array: a plain list, or Plotly's typed form {'dtype', 'bdata', 'shape'}."""
    if isinstance(value, dict):
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return flat.reshape([int(n) for n in str(value.get("shape", len(flat))).split(",")])
    return np.array(value)


def _view_app():
    import streamlit as st

    from core.config import RunConfig
    from core.tasks import make_task
    from core.train import Trainer
    from ui.task_views.caption import view

    if "trainer" not in st.session_state:
        task = make_task("caption")
        st.session_state.trainer = Trainer(RunConfig(task="caption", seq_len=9, hidden_size=8), task)
    view(st.session_state.trainer)


def test_view_shows_the_chosen_held_out_image_and_its_caption():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_view_app, default_timeout=30)
    at.run()
    assert not at.exception and not at.error
    task = at.session_state.trainer.task

    def shown_image():
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return _array(spec["data"][0]["z"])

    assert np.array_equal(shown_image(), task.raw_pixels[task.splits["test"][0]].reshape(8, 8))
    at.number_input(key="caption_index").set_value(42).run()
    assert np.array_equal(shown_image(), task.raw_pixels[task.splits["test"][42]].reshape(8, 8))
    c = task.caption(at.session_state.trainer.model, 42)
    assert copy_lines(at)["copy_caption_written"] == " ".join(w for w in c.words if w != "<eos>")
    assert copy_lines(at)["copy_caption_truth"] == " ".join(caption_words(c.digit))
    bars = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]
    assert len(bars["x"]) == len(c.words)
    assert np.allclose(_array(bars["y"]), c.probs, atol=1e-6)
    at.button(key="caption_random").click().run()
    i = at.session_state["caption_index"]
    assert 0 <= i < 269 and not at.exception
    assert np.array_equal(shown_image(), task.raw_pixels[task.splits["test"][i]].reshape(8, 8))
