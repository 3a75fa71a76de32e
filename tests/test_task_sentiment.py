"""The sentiment task: tokeniser, corpus, padding, learning (with negation), predict, figures, view."""
import csv
import json
import math
import re
import unicodedata

import numpy as np
import pytest
import torch
from views import task_view_script

from core import RunConfig, Trainer, make_task, task_names
from core.charts import task_figure
from core.charts.sentiment import probability_figure, state_heatmap
from core.runs import load_run, run_bytes
from core.tasks.sentiment import CORPUS, SentimentTask, parse_lines, parse_source
from core.text import Vocab, clip_tokens, require_text, tokenize
from ui.words import EN, KO

VIEW = ("sentiment", 8, 32)  # task, hidden size, sequence length of the panel tests


@pytest.fixture(autouse=True, scope="module")
def _teaching_sentences_only():
    """These tests read the teaching sentences alone, as a checkout without the real reviews does
    (assets/sentiment/reviews.csv is made by assets/tools/export_sentiment_reviews.py); the
    real-review path is tested on a small file the test writes (test_task_sentiment_reviews.py)."""
    import core.tasks.sentiment as s
    kept, s.REVIEWS = s.REVIEWS, "/nonexistent/reviews.csv"
    yield
    s.REVIEWS = kept


# --- tokeniser ------------------------------------------------------------------------------------
def test_english_words_and_negation_token():
    assert tokenize("This movie ISN'T bad!") == ["this", "movie", "is", "not", "bad", "!"]
    assert tokenize("I can’t, won't") == ["i", "can", "not", ",", "will", "not"]


def test_korean_syllables_make_negation_and_contrast_tokens():
    assert tokenize("좋지 않다") == ["좋", "지", "않", "다"]
    assert tokenize("나쁘지 않았지만 별로") == ["나", "쁘", "지", "않", "았", "지", "만", "별", "로"]
    decomposed = unicodedata.normalize("NFD", "않다")  # jamo typed one by one
    assert tokenize(decomposed) == ["않", "다"]
    assert tokenize("good좋아ㅋㅋ") == ["good", "좋", "아", "ㅋ", "ㅋ"]


def test_emoji_and_html_are_plain_tokens():
    assert tokenize("love it 😀👍\u200d") == ["love", "it", "😀", "👍"]  # zero-width joiner dropped
    assert tokenize("<script>alert(1)</script>") == ["<", "script", ">", "alert", "(", "1", ")",
                                                     "<", "/", "script", ">"]


def test_empty_and_long_input():
    assert tokenize("") == [] and tokenize(None) == []
    for bad in ("", "   \n\t", "\u200b\u200d", None):
        with pytest.raises(ValueError, match="empty|text"):
            require_text(bad)
    tokens, dropped = clip_tokens(tokenize("a b c d e"), 3)
    assert tokens == ["c", "d", "e"] and dropped == 2
    assert len(tokenize("좋아 " * 50_000)) == 100_000


def test_vocab_is_deterministic_and_maps_unknown_to_unk():
    v = Vocab([["b", "a", "b"], ["c"]])
    assert v.itos == ["<pad>", "<unk>", "b", "a", "c"]
    assert v.encode(["a", "zzz", "🙂"]) == [3, 1, 1] and v.unknown(["a", "zzz"]) == ["zzz"]


# --- corpus ---------------------------------------------------------------------------------------
def test_corpus_is_bilingual_balanced_and_held_out_is_new():
    with open(CORPUS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 1000
    for lang in ("en", "ko"):
        labels = [r["label"] for r in rows if r["lang"] == lang]
        assert labels.count("positive") == labels.count("negative") >= 250
    texts = " ".join(r["text"] for r in rows)
    for marker in ("not bad", "not good", "좋지 않", "나쁘지 않", " but ", "하지만", "지만"):
        assert marker in texts
    key = lambda r: " ".join(tokenize(r["text"]))  # noqa: E731
    train = {key(r) for r in rows if r["split"] == "train"}
    held = [key(r) for r in rows if r["split"] != "train"]
    assert not train & set(held) and len(held) == len(set(held))
    assert 0.12 < sum(r["split"] == "test" for r in rows) / len(rows) < 0.18


# --- model and padding ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained():
    torch.set_num_threads(1)
    task = make_task("sentiment", 32, 0)
    cfg = RunConfig(task="sentiment", seq_len=32, seed=0, **task.defaults)
    trainer = Trainer(cfg, task)
    trainer.train(800, diagnostics_every=10_000)
    return trainer


def test_untrained_network_is_at_chance():
    assert "sentiment" in task_names()
    task = make_task("sentiment", 32, 0)
    torch.manual_seed(0)
    ev = task.evaluate(task.build_model("elman", 16, "tanh"), "val")
    assert ev.extra["majority_baseline"] == 0.5
    assert abs(ev.metric - 0.5) < 0.15 and ev.loss == pytest.approx(math.log(2), abs=0.1)


def test_padding_does_not_change_the_answer():
    short, long_ = SentimentTask(32, 0), SentimentTask(64, 0)
    assert short.vocab.itos == long_.vocab.itos
    torch.manual_seed(1)
    model = short.build_model("elman", 8, "tanh")
    ids32, len32, _ = short.data["val"]
    ids64, len64, _ = long_.data["val"]
    with torch.no_grad():
        a = model(ids32, len32)[2]
        b = model(ids64, len64)[2]
        # One sentence alone (no padding at all) gives the same logits as inside the padded batch.
        n = int(len32[0])
        alone = model(ids32[:1, :n], len32[:1])[2]
    assert torch.allclose(a, b, atol=1e-6) and torch.allclose(alone, a[:1], atol=1e-6)


def test_running_probability_is_the_softmax_of_each_prefix(trained):
    task, model = trained.task, trained.model
    tr = task.trace(model, "the soup was not bad")
    assert tr["tokens"] == ["the", "soup", "was", "not", "bad"] and tr["states"].shape == (5, 64)
    for t in (1, 3, 5):  # P after t tokens == the answer for the sentence cut after t tokens
        ids = torch.tensor([task.vocab.encode(tr["tokens"][:t])])
        with torch.no_grad():
            last = model(ids, torch.tensor([t]))[2]
        assert tr["p_pos"][t - 1] == pytest.approx(float(torch.softmax(last, -1)[0, 1]), abs=1e-6)


def test_trained_network_beats_chance_and_reads_negation(trained):
    task, model = trained.task, trained.model
    ev = task.evaluate(model, "test")
    assert ev.metric > 0.8  # measured 0.85 at 800 steps (seed 0); chance is 0.5
    assert ev.extra["en_accuracy"] > 0.75 and ev.extra["ko_accuracy"] > 0.75
    # Held-out sentences (forced into the test split): the same words, opposite answers.
    for text, label in (("this movie was not bad", "positive"), ("this movie was not good", "negative"),
                        ("이 영화는 나쁘지 않았다", "positive"), ("이 영화는 좋지 않았다", "negative")):
        assert task.predict(model, text).splitlines()[-1].split()[0] == label, text


def test_predict_last_line_and_hostile_input(trained):
    task, model = trained.task, trained.model
    out = task.predict(model, "this movie was not bad")
    assert re.fullmatch(r"(positive|negative) (0\.\d\d|1\.00)", out.splitlines()[-1])
    assert out.splitlines()[0] == "tokens: this | movie | was | not | bad"
    out = task.predict(model, "<script>alert('x')</script> 🙂🙂")
    assert "<unk>" in out and re.fullmatch(r"(positive|negative) [01]\.\d\d", out.splitlines()[-1])
    out = task.predict(model, "좋아요 " * 34_000)  # ~100,000 characters
    assert "only the last 2,000" in out and f"only the last {task.seq_len}" in out
    with pytest.raises(ValueError, match="empty"):
        task.predict(model, "  \n ")


def test_cli_predict_prints_label_and_probability_last(trained, tmp_path, capsys):
    from core.cli import main
    from core.runs import save_run
    path = str(tmp_path / "run.pt")
    save_run(path, trained)
    assert main(["predict", path, "this movie was not bad"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"positive (0\.\d\d|1\.00)", last)
    assert main(["predict", path, " "]) == 2 and "empty" in capsys.readouterr().err


# --- user sentences -------------------------------------------------------------------------------
def test_user_sentences_join_training_and_round_trip(trained):
    base = len(trained.task.rows["train"])
    source = [["the soup was not too salty", "positive"], ["국물이 너무 짰다 🙁", "부정"]]
    task = make_task("sentiment", 32, 0, source)
    assert len(task.rows["train"]) == base + 2 and "🙁" in task.vocab.stoi  # a spare embedding row
    assert task.vocab_size == trained.task.vocab_size  # the network's shape does not depend on them
    assert task.source_state() == [["the soup was not too salty", "positive"], ["국물이 너무 짰다 🙁", "negative"]]
    trainer = Trainer(RunConfig(task="sentiment", seq_len=32, hidden_size=8), task)
    loaded, _ = load_run(run_bytes(trainer))
    assert loaded.task.vocab.itos == task.vocab.itos and loaded.task.source_state() == task.source_state()


def test_bad_user_sentences_are_refused_with_a_sentence():
    for bad, match in (("not a list", "list"), ([["ok", "maybe"]], "not a label"), ([["  ", "positive"]], "empty"),
                       ([["x" * 3000, "positive"]], "longer"), ([("only one",)], "pair")):
        with pytest.raises(ValueError, match=match):
            SentimentTask(32, 0, bad)
    assert parse_lines("a good day\n\n좋은 날", "positive") == [["a good day", "positive"], ["좋은 날", "positive"]]
    assert parse_lines("neg\tawful\n긍정,괜찮았다") == [["awful", "negative"], ["괜찮았다", "positive"]]
    with pytest.raises(ValueError, match="Line 1"):
        parse_lines("no label here")
    assert parse_source(None) == []


# --- figures --------------------------------------------------------------------------------------
def test_figures_show_tokens_probabilities_and_states():
    fig = probability_figure([("s", ["this", "<b>", "not"], [0.2, 0.5, 0.9])], EN)
    assert list(fig.data[0].y) == [0.2, 0.5, 0.9] and list(fig.layout.xaxis.ticktext) == ["this", "&lt;b&gt;", "not"]
    states = np.arange(6, dtype=float).reshape(3, 2) - 2  # (T=3, H=2)
    hm = state_heatmap(["지", "않", "지"], states, KO)
    z = np.asarray(hm.data[0].z)
    assert z.shape == (2, 3) and np.array_equal(z, states.T)
    assert list(hm.layout.xaxis.ticktext) == ["지", "않", "지"] and list(hm.data[0].x) == [1, 2, 3]


def test_task_figure_and_probe(trained):
    fig = task_figure(trained.task, trained.model, KO)
    assert len(fig.data) == 2 and list(fig.data[0].text) == tokenize("이 영화는 나쁘지 않았다")
    probe = trained.task.probe(trained.model)
    assert probe.states.shape == (5, 64) and probe.labels == ["this", "movie", "was", "not", "bad"]


# --- the view -------------------------------------------------------------------------------------
def test_view_shows_probability_per_token_and_state_heatmap():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    assert not at.exception
    at.text_input(key="sentiment_text").set_value("<b>not</b> bad 😀").run()
    assert not at.exception and at.metric[0].value.split()[0] in ("positive", "negative")
    prob = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    heat = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]
    assert len(prob["y"]) == 10 and all(0 <= p <= 1 for p in prob["y"])
    assert np.asarray(heat["z"]).shape == (8, 10)
    at.text_input(key="sentiment_text").set_value("   ").run()
    assert not at.exception and "empty" in at.error[0].value


def test_data_panel_returns_a_valid_source_only_on_apply():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.text_area(key="sentiment_user_text").set_value("the soup was not too salty\n\n국물이 짜지 않았다")
    assert at.session_state.new_source is None
    at.button(key="sentiment_apply").click().run()
    assert at.session_state.new_source == [["the soup was not too salty", "positive"],
                                           ["국물이 짜지 않았다", "positive"]]
    at.radio(key="sentiment_user_label").set_value("lines")
    at.text_area(key="sentiment_user_text").set_value("maybe\tso so")
    at.button(key="sentiment_apply").click().run()
    assert not at.exception and "not a label" in at.error[0].value and at.session_state.new_source is None
