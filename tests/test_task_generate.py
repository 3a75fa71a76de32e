"""The `generate` task: text handling, baselines against closed forms, learning, sampling, the CLI
path, the figures and the view."""
import json
import math
from collections import Counter

import pytest
import torch
from views import copy_lines, task_view_script

from core.charts import task_figure
from core.charts.generate import label, topk_figure
from core.config import RunConfig
from core.runs import load_run, run_bytes
from core.tasks import make_task
from core.tasks.generate import MAX_CHARS, MAX_VOCAB, PLACEHOLDER, GenerateTask, generate, read_bundled, tempered
from core.train import Trainer
from ui.words import EN, KO

VIEW = ("generate", 16, 16)  # task, hidden size, sequence length of the panel tests

POEM = ("Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n" * 8)


def trained(steps=200, seed=0):
    task = GenerateTask(32, seed)
    cfg = RunConfig(task="generate", hidden_size=64, lr=0.02, batch_size=32, seq_len=32, clip=5.0, seed=seed)
    trainer = Trainer(cfg, task)
    trainer.train(steps, diagnostics_every=10**9)
    return trainer


@pytest.fixture(scope="module")
def run():
    return trained()


# --- text, vocabulary, split ----------------------------------------------------------------------
def test_default_text_is_the_sonnets_split_in_time_order():
    task = make_task("generate")
    text = read_bundled("sonnets")
    assert task.seq_len == 50 and len(set(text)) == task.V
    assert task.decode(torch.cat([task.train_ids, task.val_ids, task.test_ids])) == text
    assert task.decode(task.train_ids[:11]) == "THE SONNETS"
    assert len(task.val_ids) == len(task.test_ids) == int(len(text) * 0.05)


def test_every_bundled_text_builds():
    for key in ("sonnets", "macbeth", "post"):
        task = GenerateTask(50, 0, {"bundled": key})
        assert task.source_state() == {"bundled": key}
    assert "은" in GenerateTask(50, 0, {"bundled": "post"}).chars


def test_user_characters_are_just_characters():
    text = "<b>안녕</b> 🙂 " * 20
    task = GenerateTask(8, 0, text)
    assert set(task.chars) == set(text)
    assert task.decode(task.encode("<b>🙂")) == "<b>🙂"
    assert label("<") == "&lt;" and label(" ") == "␣" and label("\n") == "↵"


@pytest.mark.parametrize("bad", ["", "   \n\t  ", None, 42, {"text": 3}, {"bundled": "nope"}])
def test_unusable_sources_are_refused_with_a_sentence(bad):
    with pytest.raises(ValueError) as e:
        GenerateTask(50, 0, {"text": bad} if bad is None else bad)
    assert len(str(e.value).split()) >= 5


def test_too_short_text_says_how_many_characters_are_needed():
    with pytest.raises(ValueError, match="needs at least 153"):
        GenerateTask(50, 0, "x" * 152)
    assert GenerateTask(50, 0, "xy" * 77).V == 2  # 154 characters are enough


def test_long_pastes_work_and_are_cut_with_a_notice():
    task = GenerateTask(50, 0, POEM * 160)  # 103,680 characters
    assert task.text_len == len(POEM * 160) and not task.notices
    big = GenerateTask(50, 0, POEM * 400)
    assert big.text_len == MAX_CHARS and "200,000" in big.notices[0]
    assert big.source_state()["text"] == (POEM * 400)[:MAX_CHARS]


def test_too_many_distinct_characters_share_a_placeholder():
    text = "".join(chr(0xAC00 + i) for i in range(600)) * 2 + "가" * 100
    task = GenerateTask(8, 0, text)
    assert task.V == MAX_VOCAB and PLACEHOLDER in task.chars and "가" in task.chars
    assert "600 different characters" in task.notices[0]


def test_baselines_match_closed_form_counts():
    task = GenerateTask(16, 0, POEM * 20)
    ev = task.evaluate(task.build_model("elman", 8, "tanh"), "val")
    train = task.decode(task.train_ids)
    counts, V, N = Counter(train), task.V, len(train)
    w = task._eval["val"]
    targets = task.decode(w[:, 1:].reshape(-1))
    want = -sum(math.log2((counts[c] + 1) / (N + V)) for c in targets) / len(targets)
    assert ev.extra["unigram_bpc"] == pytest.approx(want, rel=1e-9)
    assert ev.extra["bigram_bpc"] < ev.extra["unigram_bpc"]  # a repeated poem: the previous letter helps


def test_loss_is_cross_entropy_in_nats_and_metric_in_bits():
    task = GenerateTask(16, 0, POEM * 20)
    model = task.build_model("elman", 8, "tanh")
    u, target = task.sample_batch(4, torch.Generator().manual_seed(1))
    with torch.no_grad():
        loss, bpc = task.loss(model, (u, target))
        _, y = model(u)
    want = -torch.log_softmax(y, -1).gather(-1, target[..., None]).mean()
    assert float(loss) == pytest.approx(float(want), rel=1e-6) and bpc == pytest.approx(float(loss) / math.log(2))
    assert u.shape == (4, 16, task.V) and torch.equal(u.argmax(-1)[:, 1:], target[:, :-1])


# --- learning ---------------------------------------------------------------------------------------
def test_training_beats_unigram_and_bigram_baselines(run):
    ev = run.task.evaluate(run.model, "val")
    # Untrained: about log2(62) = 5.95 bits. 200 steps must beat both count baselines clearly.
    assert ev.metric < ev.extra["unigram_bpc"] - 1.2
    assert ev.metric < ev.extra["bigram_bpc"] - 0.2
    assert ev.extra["accuracy"] > 0.3


# --- sampling ---------------------------------------------------------------------------------------
def test_probabilities_are_the_tempered_softmax_and_sum_to_one(run):
    # `tempered` is what `generate` samples from: exp(y_c / τ) / Σ_k exp(y_k / τ), written out here.
    task, model = run.task, run.model
    with torch.no_grad():
        _, y = model(task.one_hot(task.encode("From fairest creatures"))[None])
    scores = y[0, -1]
    for tau in (0.5, 1.0, 2.0):
        p = tempered(scores, tau)
        e = [math.exp(float(v) / tau) for v in scores]
        assert float(p.sum()) == pytest.approx(1.0, abs=1e-12)
        assert p.tolist() == pytest.approx([v / sum(e) for v in e], abs=1e-9)
    assert tempered(scores, 0.5).max() > tempered(scores, 2.0).max()
    assert tempered(scores, 0).tolist() == [float(i == int(scores.argmax())) for i in range(task.V)]


def argmax_chain(model, task, start, n):
    """The oracle: re-read the whole text from x_0 = 0 before every character, take the argmax."""
    ids, out = task.encode(start), ""
    for _ in range(n):
        with torch.no_grad():
            _, y = model(task.one_hot(ids)[None])
        nxt = int(y[0, -1].argmax())
        out += task.chars[nxt]
        ids = torch.cat([ids, torch.tensor([nxt])])
    return out


def test_temperature_zero_is_the_argmax_chain(run):
    task, model = run.task, run.model
    text, steps = generate(model, task, "Thou ", 80, 0.0, torch.Generator().manual_seed(5))
    assert text == argmax_chain(model, task, "Thou ", 80)
    assert all(s[0] == (c, 1.0) for s, c in zip(steps, text))
    # a tiny temperature is the same chain
    assert generate(model, task, "Thou ", 80, 1e-4, torch.Generator().manual_seed(9))[0] == text


@pytest.mark.parametrize("cell", ["lstm", "gru", "lru"])
def test_gated_cells_carry_their_whole_state_while_writing(cell):
    task = GenerateTask(16, 0, POEM * 20)
    torch.manual_seed(0)
    model = task.build_model(cell, 16, "tanh")
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(4)  # an untrained net with some memory, so a lost cell state would show
    text, _ = generate(model, task, "Shall I", 60, 0.0, torch.Generator())
    assert text == argmax_chain(model, task, "Shall I", 60)


def test_same_seed_same_text_and_top_k_in_order(run):
    task, model = run.task, run.model
    a, steps = generate(model, task, "Love", 120, 1.0, torch.Generator().manual_seed(3))
    b, _ = generate(model, task, "Love", 120, 1.0, torch.Generator().manual_seed(3))
    c, _ = generate(model, task, "Love", 120, 1.0, torch.Generator().manual_seed(4))
    assert a == b and a != c and len(a) == 120 and len(steps) == 120
    for s in steps:
        probs = [p for _, p in s]
        assert len(s) == 5 and probs == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-9


@pytest.mark.parametrize("start,n,tau,msg", [("Love", 0, 1.0, "between 1 and 5000"),
                                            ("Love", 10, -1.0, "temperature"),
                                            ("Love", 10, float("nan"), "temperature"),
                                            ("", 10, 1.0, "at least one character"),
                                            ("Love 🙂", 10, 1.0, "🙂")])
def test_bad_generation_inputs_are_sentences(run, start, n, tau, msg):
    with pytest.raises(ValueError, match=msg):
        generate(run.model, run.task, start, n, tau, torch.Generator())


def test_predict_drops_unknown_characters_and_prints_the_continuation_last(run):
    out = run.task.predict(run.model, "RNN은")
    lines = out.split("\n")
    assert "'은'" in lines[0] and len(lines[-1]) == 200 and "\n" not in lines[-1]
    assert out == run.task.predict(run.model, "RNN은")  # deterministic
    with pytest.raises(ValueError, match="None of the characters"):
        run.task.predict(run.model, "은는")


def test_saved_run_with_pasted_text_round_trips():
    text = "<p>가나다 라마 🙂</p>\n" * 30
    task = GenerateTask(8, 0, {"text": text, "name": "mine"})
    trainer = Trainer(RunConfig(task="generate", hidden_size=8, seq_len=8), task)
    trainer.train(3, diagnostics_every=10**9)
    again, _ = load_run(run_bytes(trainer))
    assert again.task.chars == task.chars
    assert again.task.predict(again.model, "가나") == task.predict(trainer.model, "가나")


# --- figures ----------------------------------------------------------------------------------------
def test_topk_figure_holds_the_probabilities_and_escapes_text():
    steps = [[("<", 0.7), ("a", 0.2)], [("\n", 0.5), ("b", 0.4)]]
    fig = topk_figure("<\n", steps, 0.8, EN)
    hm = fig.data[0]
    assert hm.z[0][0] == 0.7 and hm.z[1][1] == 0.4
    assert hm.text[0][0] == "&lt;" and hm.text[0][1] == "↵"
    assert list(fig.layout.xaxis.ticktext) == ["&lt;", "↵"]


def test_task_figure_and_probe_follow_the_validation_window(run):
    task = run.task
    fig = task_figure(task, run.model, KO)
    p = fig.data[0].y
    assert len(p) == task.seq_len and all(0 <= v <= 1 for v in p)
    probe = task.probe(run.model)
    assert probe.states.shape == (task.seq_len, 64) and len(probe.labels) == task.seq_len


# --- the view ---------------------------------------------------------------------------------------
def test_view_generates_escaped_text_and_a_heatmap():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    assert not at.exception and at.text_input(key="generate_start").value == "From fairest creatures"
    at.button(key="generate_go").click().run()  # 300 characters: a slider picks the 48 steps shown
    shown = copy_lines(at)["copy_generated"]
    assert shown.startswith("From fairest creatures") and len(shown) == 322
    at.slider(key="generate_first_step").set_value(100).run()
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heat["x"][0] == 100 and len(heat["x"]) == 48
    at.slider(key="generate_length").set_value(30)
    at.text_input(key="generate_start").set_value("Love 🙂")
    at.button(key="generate_go").click().run()
    assert not at.exception and any("🙂" in w.value for w in at.warning)
    code = copy_lines(at)["copy_generated"]
    assert code.startswith("Love ") and len(code) == 35
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = spec["data"][0]
    assert len(heat["x"]) == 30 and len(heat["text"]) == 5 and len(heat["text"][0]) == 30
    at.text_input(key="generate_start").set_value("🙂")
    at.button(key="generate_go").click().run()
    assert not at.exception and "None of the characters" in at.error[0].value
    # A new run on another text: the old output goes, the start string comes from the new text.
    at.text_input(key="generate_start").set_value("Love")
    at.button(key="generate_go").click().run()
    assert "copy_generated" in copy_lines(at)
    at.session_state.trainer = Trainer(RunConfig(task="generate", hidden_size=8, seq_len=16),
                                       GenerateTask(16, 0, {"bundled": "post"}))
    at.run()
    assert not at.exception and "copy_generated" not in copy_lines(at)
    assert at.text_input(key="generate_start").value == "RNN(Recurrent Neural Network)"


def test_data_panel_validates_before_returning_a_source():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.radio(key="generate_source").set_value("macbeth")
    at.button(key="generate_apply").click().run()
    assert at.session_state.new_source == {"bundled": "macbeth"}
    at.radio(key="generate_source").set_value("own").run()
    at.text_area(key="generate_paste").set_value("   ")
    at.button(key="generate_apply").click().run()
    assert not at.exception and "empty" in at.error[0].value and at.session_state.new_source is None
    at.text_area(key="generate_paste").set_value("안녕 <b>RNN</b> 🙂 " * 5)
    at.button(key="generate_apply").click().run()
    assert at.session_state.new_source == {"text": "안녕 <b>RNN</b> 🙂 " * 5, "name": "pasted text"}


def test_data_panel_reads_an_uploaded_text_file_and_refuses_non_utf8():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.radio(key="generate_source").set_value("own").run()
    at.get("file_uploader")[0].set_value(("bad.txt", "Мороз и солнце; день чудесный! ".encode("cp1251") * 50,
                                          "text/plain"))
    at.button(key="generate_apply").click().run()
    assert not at.exception and "not UTF-8" in at.error[0].value and at.session_state.new_source is None
    french = "Le café crème est prêt. Où êtes-vous ?\n" * 20  # saved by Windows in Western Europe
    at.get("file_uploader")[0].set_value(("café.txt", french.encode("cp1252"), "text/plain"))
    at.button(key="generate_apply").click().run()
    assert at.session_state.new_source == {"text": french, "name": "café.txt"}
    assert any("Windows-1252" in i.value for i in at.info)
    text = "Tyger Tyger, burning bright,\nIn the forests of the night;\n" * 5
    at.get("file_uploader")[0].set_value(("blake.txt", text.encode(), "text/plain"))
    at.button(key="generate_apply").click().run()
    assert at.session_state.new_source == {"text": text, "name": "blake.txt"}


@pytest.mark.parametrize("name, data, said", [
    ("bad.txt", "Мороз и солнце; день чудесный! ".encode("cp1251") * 50, "UTF-8 텍스트가 아닙니다"),
    ("essay.pdf.txt", b"%PDF-1.7\n" + bytes(range(256)) * 4, "텍스트 파일이 아닙니다"),
    ("big.txt", b"a" * (4 * 2**20 + 1), "텍스트 파일은 최대")])
def test_a_file_the_panel_cannot_use_is_said_in_korean_on_the_korean_screen(name, data, said):
    from streamlit.testing.v1 import AppTest

    from ui.task_views import generate as gv
    if name == "big.txt":
        data = b"a" * (gv.MAX_UPLOAD + 1)
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60)
    at.session_state["lang"] = "ko"
    at.run()
    at.radio(key="generate_source").set_value("own").run()
    at.get("file_uploader")[0].set_value((name, data, "text/plain")).run()
    errors = " ".join(e.value for e in at.error)
    assert not at.exception and said in errors and "This file" not in errors, errors


def test_korean_windows_text_is_read_with_a_note():
    """Notepad on a Korean Windows long saved CP949 ("ANSI"): read as Korean, not refused."""
    from streamlit.testing.v1 import AppTest
    text = "나는 사과를 좋아한다. 너는 배를 좋아한다.\n" * 10
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.radio(key="generate_source").set_value("own").run()
    at.get("file_uploader")[0].set_value(("korean.txt", text.encode("cp949"), "text/plain"))
    at.button(key="generate_apply").click().run()
    assert not at.exception and at.session_state.new_source == {"text": text, "name": "korean.txt"}
    assert any("CP949" in i.value for i in at.info)


def test_an_uploaded_text_is_read_once_across_reruns_and_a_too_large_one_is_refused_unread(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from ui.task_views import generate as gv
    calls = []
    real = gv._read_upload
    monkeypatch.setattr(gv, "_read_upload", lambda data: calls.append(len(data)) or real(data))
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.radio(key="generate_source").set_value("own").run()
    text = "Tyger Tyger, burning bright,\nIn the forests of the night;\n" * 5
    at.get("file_uploader")[0].set_value(("blake.txt", text.encode(), "text/plain")).run()
    for _ in range(3):
        at.run()
    at.button(key="generate_apply").click().run()
    assert at.session_state.new_source == {"text": text, "name": "blake.txt"} and len(calls) == 1
    # A long file: the session keeps the characters the task uses, not the file, and says so.
    long = ("ab" * (MAX_CHARS // 2 + 5000)).encode()
    at.get("file_uploader")[0].set_value(("long.txt", long, "text/plain")).run()
    at.run()
    assert len(calls) == 2 and len(at.session_state["generate_upload_parsed"]["value"][0]) == MAX_CHARS
    at.button(key="generate_apply").click().run()
    assert f"only the first {MAX_CHARS:,} are used" in " ".join(i.value for i in at.info)
    big = b"a" * (gv.MAX_UPLOAD + 1)
    at.get("file_uploader")[0].set_value(("big.txt", big, "text/plain")).run()
    assert len(calls) == 2 and f"at most {gv.MAX_UPLOAD // 2**20} MB" in at.error[0].value
