"""Sentiment on real text: the export of the two public corpora, loading the reviews beside the
teaching sentences, Korean inflections as shared pieces, unknown tokens marked, and teaching the
network the user's own sentences (core and the view under AppTest)."""
import csv
import importlib.util
import json
import os
import subprocess

import pytest
import torch
import torch.nn.functional as F

import core.tasks.sentiment as sentiment
from core import RunConfig, Trainer
from core.charts.sentiment import probability_figure, state_heatmap
from core.history import History
from core.tasks.sentiment import SentimentTask, load_reviews, tokens_of
from ui.words import EN

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _export_module():
    spec = importlib.util.spec_from_file_location(
        "export_sentiment_reviews", os.path.join(ROOT, "assets", "tools", "export_sentiment_reviews.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _sources(tmp_path):
    """A three-file UCI folder and a one-commit NSMC git directory with raw/*.json, small."""
    uci = tmp_path / "uci"
    uci.mkdir()
    for name in ("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt"):
        lines = [f"{name[:4]} sentence number {i} was {'great' if i % 2 else 'awful'}.\t{i % 2}" for i in range(20)]
        (uci / name).write_text("\n".join(lines + [lines[0]]) + "\n", encoding="utf-8")  # one duplicate
    work = tmp_path / "nsmc"
    (work / "raw").mkdir(parents=True)
    reviews = [{"review": f"  영화 {i}번   {'최고였다' if r >= 9 else '별로였다'} ", "rating": str(r),
                "review_id": str(i),
                "movie_id": "1"} for i, r in enumerate([1, 4, 5, 8, 9, 10] * 10)]
    reviews.append({"review": "x" * 141, "rating": "10", "review_id": "999", "movie_id": "1"})  # too long
    (work / "raw" / "1.json").write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    git = ["git", "-C", str(work), "-c", "user.email=t@t", "-c", "user.name=t"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "raw"], check=True)
    subprocess.run(git + ["commit", "-qm", "raw"], check=True)
    return str(uci), os.path.join(str(work), ".git")


@pytest.fixture(scope="module")
def reviews_csv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reviews")
    uci, nsmc = _sources(tmp)
    out = str(tmp / "reviews.csv")
    mod = _export_module()
    mod.KO_PER_LABEL = 15
    import sys
    argv, sys.argv = sys.argv, ["export", "--nsmc", nsmc, "--uci", uci, "--out", out]
    try:
        mod.main()
    finally:
        sys.argv = argv
    return out


@pytest.fixture()
def with_reviews(reviews_csv):
    kept, sentiment.REVIEWS = sentiment.REVIEWS, reviews_csv
    yield reviews_csv
    sentiment.REVIEWS = kept


@pytest.fixture()
def without_reviews():
    kept, sentiment.REVIEWS = sentiment.REVIEWS, "/nonexistent/reviews.csv"
    yield
    sentiment.REVIEWS = kept


def test_export_labels_as_the_corpora_define_them(reviews_csv):
    with open(reviews_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    en = [r for r in rows if r["lang"] == "en"]
    ko = [r for r in rows if r["lang"] == "ko"]
    assert len(en) == 60 and {r["source"] for r in en} == {"amazon", "yelp", "imdb"}  # duplicates dropped
    assert all((r["label"] == "positive") == r["text"].endswith("great.") for r in en)
    # NSMC: ratings 1-4 negative, 9-10 positive, 5-8 dropped; 15 per label; spaces collapsed.
    assert len(ko) == 30 and sum(r["label"] == "positive" for r in ko) == 15
    assert all((r["label"] == "positive") == ("최고였다" in r["text"]) for r in ko)
    assert all(r["text"] == " ".join(r["text"].split()) and len(r["text"]) <= 140 for r in ko)
    assert {r["split"] for r in rows} == {"train", "val", "test"}
    assert sum(r["split"] == "train" for r in rows) == pytest.approx(0.8 * len(rows), abs=6)


def test_reviews_join_the_teaching_sentences_with_their_share(with_reviews):
    task = SentimentTask(32, 0)
    kinds = {r["kind"] for r in task.rows["train"]}
    assert "review" in kinds and "negation" in kinds
    review = torch.tensor([r["kind"] == "review" for r in task.rows["train"]])
    assert float(task.weights[~review].sum()) == pytest.approx(sentiment.TEMPLATE_SHARE)
    assert float(task.weights.sum()) == pytest.approx(1.0)
    ev = task.evaluate(task.build_model("gru", 8, "tanh", torch.Generator().manual_seed(0)), "val")
    assert {"en_review_accuracy", "ko_review_accuracy", "negation_accuracy"} <= set(ev.extra)


def test_a_broken_reviews_file_is_a_sentence(tmp_path):
    bad = tmp_path / "reviews.csv"
    bad.write_text("text,label,lang,source,split\nfine,positive,en,x,someday\n", encoding="utf-8")
    with pytest.raises(ValueError, match="split 'someday'"):
        load_reviews(str(bad))
    assert load_reviews(str(tmp_path / "absent.csv")) == []


def test_korean_inflections_share_known_pieces(without_reviews):
    vocab = SentimentTask(32, 0).vocab
    forms = ["좋다", "좋았다", "좋지", "좋은"]
    pieces = [tokens_of(w) for w in forms]
    assert all(p[0] == "좋" for p in pieces)  # the stem is one piece in every form
    assert not vocab.unknown([t for p in pieces for t in p])  # and every piece was seen in training


def test_unknown_tokens_are_marked_and_said(without_reviews):
    task = SentimentTask(32, 0)
    model = task.build_model("gru", 8, "tanh", torch.Generator().manual_seed(0))
    tr = task.trace(model, "zzqx blorf was good")
    assert tr["is_unknown"] == [True, True, False, False] and tr["unknown_share"] == 0.5
    assert "rests mostly on unknown input" in task.predict(model, "zzqx blorf was good")
    assert "unknown input" not in task.predict(model, "the food was good")
    fig = probability_figure([("s", tr["tokens"], tr["p_pos"])], EN, tr["is_unknown"])
    marks = [d for d in fig.data if d.marker.symbol == "x"]
    assert len(marks) == 1 and list(marks[0].x) == [1, 2]
    assert list(fig.layout.xaxis.ticktext)[1].endswith("blorf?</span>") and fig.layout.xaxis.ticktext[3] == "good"
    heat = state_heatmap(tr["tokens"], tr["states"], EN, tr["is_unknown"])
    assert "zzqx?" in heat.layout.xaxis.ticktext[0] and heat.layout.xaxis.ticktext[2] == "was"


def test_taught_sentences_train_and_their_loss_is_recorded(without_reviews):
    torch.set_num_threads(1)
    task = SentimentTask(32, 0)
    trainer = Trainer(RunConfig.for_task("sentiment", seq_len=32, hidden_size=16), task, eval_every=5)
    shape = {k: v.shape for k, v in trainer.model.state_dict().items()}
    task.add_user([("the blorf was zzqx", 1), ("그 블롶은 즈즈크였다", 1)])  # into the live run
    assert {k: v.shape for k, v in trainer.model.state_dict().items()} == shape
    assert not task.vocab.unknown(tokens_of("the blorf was zzqx"))
    history = History()
    for _ in range(11):  # validation runs at steps 1, 6 and 11
        history.add(trainer.step())
    ids, lengths, labels = task.data["user"]
    with torch.no_grad():
        expected = float(F.cross_entropy(trainer.model(ids, lengths)[2], labels))
    series = history.extra_losses["user_loss"]
    assert series["step"] == [1, 6, 11] and series["loss"][-1] == pytest.approx(expected, rel=1e-6)
    with pytest.raises(ValueError, match="empty"):
        task.add_user([("   ", 0)])
    assert len(task.user) == 2 and task.source_state()[1] == ["그 블롶은 즈즈크였다", "positive"]
    # Saved and loaded with the run: the same sentences, vocabulary and weights.
    from core.runs import load_run, run_bytes
    loaded, _ = load_run(run_bytes(trainer))
    assert loaded.task.user == task.user and loaded.task.vocab.itos == task.vocab.itos
    assert all(torch.equal(a, b) for a, b in zip(loaded.model.state_dict().values(),
                                                 trainer.model.state_dict().values()))


def _teach_script():
    import streamlit as st
    import torch as _t

    from core.config import RunConfig as _C
    from core.tasks.sentiment import SentimentTask as _S
    from core.train import Trainer as _T
    from ui.task_views import sentiment as sv
    _t.set_num_threads(1)
    if "trainer" not in st.session_state:
        st.session_state.trainer = _T(_C.for_task("sentiment", seq_len=32, hidden_size=8), _S(32, 0))
    sv.view(st.session_state.trainer)


def test_teach_it_flow_in_the_view(without_reviews):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(_teach_script, default_timeout=60).run()
    at.text_input(key="sentiment_text").set_value("the blorf was zzqx").run()
    assert any("never seen in training" in w.value for w in at.warning)  # 2 of 4 tokens unknown
    at.button(key="sentiment_teach_add").click().run()  # no label chosen yet
    assert not at.exception and "Choose positive or negative" in at.error[0].value
    task = at.session_state.trainer.task
    assert task.user == []
    at.radio(key="sentiment_teach_label").set_value("positive")
    at.text_area(key="sentiment_teach_more").set_value("\n그 블롶은 좋았다\n")
    at.button(key="sentiment_teach_add").click().run()
    assert not at.exception and "Added 2" in at.success[0].value
    assert task.user == [("the blorf was zzqx", 1), ("그 블롶은 좋았다", 1)]
    assert at.session_state.sources["sentiment"] == [["the blorf was zzqx", "positive"],
                                                     ["그 블롶은 좋았다", "positive"]]
    assert not at.warning  # its tokens are known now
    at.text_input(key="sentiment_text").set_value("   ").run()
    assert "empty" in at.error[0].value and len(task.user) == 2  # nothing else lost
