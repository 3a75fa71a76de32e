"""The translate task: particles by batchim, SOV word order, the held-out post sentence, the
Seq2Seq network (learning, greedy decoding, states), predict, the figure, the CLI and the view."""
import csv
import importlib.util
import json
import os

import numpy as np
import pytest
import torch
from views import copy_lines, task_view_script

from core import RunConfig, Trainer, make_task, task_names
from core.charts import task_figure
from core.charts.translate import translation_figure
from core.model import RecurrentBase
from core.runs import load_run, run_bytes
from core.tasks import translate_grammar as g
from core.tasks.translate import TranslateTask
from ui.words import EN, KO

VIEW = ("translate", 8, 7)  # task, hidden size, sequence length of the panel tests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- grammar --------------------------------------------------------------------------------------
@pytest.mark.parametrize("word, topic, obj", [
    ("나", "나는", "나를"), ("학생", "학생은", "학생을"), ("선생님", "선생님은", "선생님을"),
    ("우리", "우리는", "우리를"), ("그들", "그들은", "그들을"), ("딥러닝", "딥러닝은", "딥러닝을"),
    ("사과", "사과는", "사과를"), ("물", "물은", "물을"), ("책", "책은", "책을"), ("커피", "커피는", "커피를"),
])
def test_particle_follows_batchim(word, topic, obj):
    assert g.attach(word, "topic") == topic and g.attach(word, "object") == obj


def test_batchim_from_the_syllable_code_and_non_korean_is_refused():
    assert [g.has_batchim(w) for w in ("가", "각", "힣", "하", "닭")] == [False, True, True, False, True]
    with pytest.raises(ValueError, match="Korean syllable"):
        g.has_batchim("pizza")


def test_korean_tokens_split_particles_and_glue_back():
    assert g.tokenize_ko("나는 딥러닝을 좋아한다") == ["나", "는", "딥러닝", "을", "좋아한다"]
    assert g.tokenize_ko("내 친구는 매일 사과를 먹는다") == ["내", "친구", "는", "매일", "사과", "를", "먹는다"]
    assert g.tokenize_ko("마을") == ["마을"]  # 마 has no batchim, so 을 is part of the word
    for s in ("나는 딥러닝을 좋아한다", "선생님은 오늘 물을 마신다"):
        assert g.detokenize_ko(g.tokenize_ko(s)) == s


def test_english_tokens_ignore_case_and_punctuation():
    assert g.tokenize_en("  I love Deep-Learning!! ") == ["i", "love", "deep", "learning"]
    # Digits and Korean are words too, so they can be named as unknown instead of vanishing.
    assert g.tokenize_en("'I' eat 3 사과, don't") == ["i", "eat", "3", "사과", "don't"]


# --- the bundled corpus ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rows():
    with open(g.ASSET, encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def mk():
    """The generator script in assets/tools/ as a module."""
    spec = importlib.util.spec_from_file_location("mk", os.path.join(ROOT, "assets/tools/make_translate_corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_is_what_the_generator_writes(rows, mk):
    train, val, test = mk.split(mk.all_pairs(), __import__("random").Random(mk.SEED))
    assert [(r["english"], r["korean"], r["split"]) for r in rows] == \
        [(e, k, s) for s, part in (("train", train), ("val", val), ("test", test)) for e, k in part]
    assert 600 <= len(rows) <= 1500


def test_generator_turns_svo_into_sov(mk):
    verb = {v[0]: v for v in mk.VERBS}
    subj = {s[0]: s for s in mk.SUBJECTS}
    often, every_day = mk.ADVERBS[1], mk.ADVERBS[2]
    assert mk.sentence(subj["the student"], verb["drink"], "milk", None) == \
        ("the student drinks milk", "학생은 우유를 마신다")
    assert mk.sentence(subj["I"], verb["love"], "deep learning", None) == g.POST_PAIR
    assert mk.sentence(subj["my friend"], verb["eat"], "apples", often) == \
        ("my friend often eats apples", "내 친구는 자주 사과를 먹는다")
    assert mk.sentence(subj["they"], verb["read"], "books", every_day) == \
        ("they read books every day", "그들은 매일 책을 읽는다")


def test_every_pair_is_subject_object_verb_with_the_right_particles(rows, mk):
    ko_verbs = {v[2] for v in mk.VERBS}
    en_verbs = {form for v in mk.VERBS for form in v[:2]}
    for r in rows:
        words = r["korean"].split()
        assert words[-1] in ko_verbs, r  # Korean: the verb comes last (SOV)
        obj, subj = words[-2], words[1] if words[0] == "내" else words[0]
        assert obj[-1] in "을를" and g.attach(obj[:-1], "object") == obj, r
        assert subj[-1] in "은는" and g.attach(subj[:-1], "topic") == subj, r
        en = r["english"].split()
        at = [i for i, w in enumerate(en) if w in en_verbs]
        assert len(at) == 1 and at[0] <= len(en) - 2, r  # English: the object follows the verb (SVO)


def test_the_post_sentence_is_held_out_and_its_words_are_trained(rows):
    en, ko = g.POST_PAIR
    split_of = {r["english"]: r["split"] for r in rows}
    assert split_of[en] == "test"
    train = [r for r in rows if r["split"] == "train"]
    not_test = [r for r in rows if r["split"] != "test"]
    assert all(r["korean"] != ko for r in not_test)
    # Not even with an adverb: train never holds I + love + deep learning together.
    assert not any({"i", "love", "deep"} <= set(g.tokenize_en(r["english"])) for r in not_test)
    seen = {w for r in train for w in g.tokenize_en(r["english"]) + g.tokenize_ko(r["korean"])}
    assert set(g.tokenize_en(en)) | set(g.tokenize_ko(ko)) <= seen
    held = [r for r in rows if r["split"] != "train"]
    assert all(set(g.tokenize_en(r["english"])) <= seen for r in held)
    assert not {r["english"] for r in train} & {r["english"] for r in held}


# --- the network ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained():
    torch.set_num_threads(1)
    task = make_task("translate", 7, 0)
    cfg = RunConfig(task="translate", seq_len=7, seed=0, **{**task.defaults, "hidden_size": 128, "lr": 0.005})
    trainer = Trainer(cfg, task)
    before = task.evaluate(trainer.model, "val")
    records = trainer.train(300, diagnostics_every=10_000)
    return trainer, before, records


def test_registered_with_two_recurrent_layers_and_encoder_then_decoder_gradients(trained):
    trainer, _, records = trained
    assert "translate" in task_names()
    assert [type(m).__name__ for m in trainer.model.modules() if isinstance(m, RecurrentBase)] == ["ElmanRNN"] * 2
    task = trainer.task
    assert records[0].state_grad.shape == (task.seq_len + task.out_len,)  # encoder steps, then decoder steps
    assert records[0].grad_norms["W_xx"] > 0 and records[0].grad_norms["other"] > 0  # embeddings


def test_learns_to_translate_unseen_sentences(trained):
    trainer, before, records = trained
    after = trainer.task.evaluate(trainer.model, "val")
    assert before.metric == 0.0 and before.loss > 3.5  # ≈ ln(55 Korean tokens) at the start
    assert after.loss < 0.4 * before.loss and after.metric >= 0.3  # measured 0.47 at 300 steps
    assert after.extra["pairs"] == 120


def test_batch_metric_is_greedy_exact_match(trained):
    """All teacher-forced guesses right ⇔ greedy decoding gives the reference exactly."""
    trainer = trained[0]
    task = trainer.task
    src, tgt_in, tgt_out = task.data["val"]
    with torch.no_grad():
        _, metric = task.loss(trainer.model, (src, tgt_in, tgt_out))
    assert metric == pytest.approx(task.evaluate(trainer.model, "val").metric)


def test_greedy_states_match_a_teacher_forced_run(trained):
    trainer = trained[0]
    task, model = trainer.task, trainer.model
    result = task.translate(model, "We often READ books.")
    assert result.english == ["·", "·", "·", "we", "often", "read", "books"]
    assert result.encoder_states.shape == (7, 128)
    # The tokens are greedy decoding's, up to and including the first <eos> (all out_len if none).
    with torch.no_grad():
        row = model.greedy(task.encode_english("we often read books"), task.out_len)[0][0].tolist()
    upto = row.index(2) + 1 if 2 in row else len(row)  # id 2 is <eos>
    assert result.korean == [task.tgt_vocab.itos[i] for i in row[:upto]]
    assert g.EOS not in result.korean[:-1]
    # Feeding the generated tokens back with teacher forcing reproduces the decoder states.
    ids = [1] + task.tgt_vocab.encode(result.korean[:-1])
    with torch.no_grad():
        enc = model.encode(task.encode_english("we often read books"))
        dec = model.decoder.unroll(model.tgt_embed(torch.tensor([ids])), enc[:, -1])
    np.testing.assert_allclose(dec[0].numpy(), result.decoder_states, atol=1e-5)
    np.testing.assert_allclose(result.context, enc[0, -1].numpy(), atol=1e-6)
    assert result.sentence == g.detokenize_ko(t for t in result.korean if t != g.EOS)


def test_unknown_words_are_named_not_crashed(trained):
    task, model = trained[0].task, trained[0].model
    with pytest.raises(ValueError, match=r"I don't know the words: 'banana', 'and', 'kimchi'\. Known words: .*apples"):
        task.predict(model, "I eat banana and kimchi")
    with pytest.raises(ValueError, match=r"words: 'w0', 'w1', .* 'w19' and 10 more\."):
        task.predict(model, " ".join(f"w{i}" for i in range(30)))
    with pytest.raises(ValueError, match="Type an English sentence"):
        task.predict(model, " ?! ")
    with pytest.raises(ValueError, match="at most 7"):
        task.predict(model, "I often love the movie every day today")
    with pytest.raises(ValueError, match="bundled corpus"):
        TranslateTask(7, 0, source=[["a", "b"]])


def test_probe_and_figure_show_encoder_context_and_decoder(trained):
    trainer = trained[0]
    probe = trainer.task.probe(trainer.model)
    assert probe.states.shape == (7 + 6, 128)
    assert probe.labels[3:7] == ["i", "love", "deep", "learning"] and probe.labels[7:] == \
        ["→나", "→는", "→딥러닝", "→을", "→좋아한다", "→<eos>"]
    fig = task_figure(trainer.task, trainer.model, KO)
    enc, ctx, dec = fig.data
    assert np.asarray(enc.z).shape == (128, 7) and np.asarray(ctx.z).shape == (128, 1)
    np.testing.assert_allclose(np.asarray(ctx.z)[:, 0], np.asarray(enc.z)[:, -1])
    assert list(fig.layout.xaxis.ticktext) == ["·", "·", "·", "i", "love", "deep", "learning"]
    assert fig.layout.xaxis3.ticktext[0] == "나" and "디코더" in fig.layout.annotations[2].text


def test_figure_keeps_repeated_tokens_as_separate_columns():
    from core.tasks.translate import Translation
    tr = Translation(["·", "·", "a"], ["는", "는", g.EOS], "x", np.zeros((3, 2)), np.ones((3, 2)))
    fig = translation_figure(tr, EN)
    assert list(fig.data[0].x) == [0, 1, 2] and list(fig.layout.xaxis3.ticktext) == ["는", "는", g.EOS]


# --- CLI and saved runs ---------------------------------------------------------------------------
def test_saved_run_predicts_the_same_sentence(trained, tmp_path, capsys):
    from core.cli import main
    trainer = trained[0]
    path = tmp_path / "run.pt"
    path.write_bytes(run_bytes(trainer))
    loaded, _ = load_run(str(path))
    want = trainer.task.predict(trainer.model, "they love music")
    assert loaded.task.predict(loaded.model, "they love music") == want
    assert main(["predict", str(path), "They love music."]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == want
    assert main(["predict", str(path), "they love bananas"]) == 2
    assert "'bananas'" in capsys.readouterr().err


# --- the view -------------------------------------------------------------------------------------
def test_view_translates_and_names_unknown_words():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    assert not at.exception
    assert at.text_input(key="translate_text").value == "I love deep learning"
    trainer = at.session_state.trainer
    translated = trainer.task.translate(trainer.model, "I love deep learning").sentence
    assert copy_lines(at)["copy_translation"] == (translated or "∅")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [d["type"] for d in spec["data"]] == ["heatmap"] * 3
    at.text_input(key="translate_text").set_value("<b>I love bananas</b>").run()
    assert not at.exception and "'bananas'" in at.error[0].value and not at.get("plotly_chart")
