"""Sentiment (many-to-one): read a sentence token by token, say positive or negative at the end.

    u_t = E[token_t]                                   embedding of the t-th token   (E,)
    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)             the post's RNN                (H,)
    y_t = W_yx x_t + b_y                               two logits (negative, positive)
    P(positive after t tokens) = softmax(y_t)[1];  the sentence's answer is y at its LAST token.

Data: real reviews, assets/sentiment/reviews.csv (UCI Sentiment Labelled Sentences in English,
the Naver sentiment movie corpus in Korean; assets/tools/export_sentiment_reviews.py), mixed with
the teaching sentences of assets/sentiment/corpus.csv (negation, contrast...; written for the
project), each with a fixed train/val/test split. A batch draws TEMPLATE_SHARE of its sentences
from the teaching sentences, so negation and contrast stay learned beside ~15k reviews.
`source` is an optional list of [sentence, label] pairs the user adds to the training set; while
there are any, USER_SHARE of every batch comes from them (a few sentences among thousands would
otherwise be seen once a minute), and evaluate() reports the loss on them.
Sentences are right-padded to seq_len tokens; the answer is read at each sentence's true last
token, so the padding after it changes nothing. Longer inputs keep their last seq_len tokens
(the verdict usually comes last: "..., but it was great").
"""
import csv
import os
from collections.abc import Iterable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..datasets import bundled_path
from ..model import embedding, make_rnn
from ..said import InputError, Said
from ..text import Vocab, clip_tokens, require_text, tokenize
from .base import Evaluation, Probe, Task
from .sentiment_input import LABELS, MAX_INPUT_CHARS, MAX_USER_SENTENCES, parse_label, parse_lines, parse_source  # noqa: F401

CORPUS = bundled_path("sentiment", "corpus.csv")
REVIEWS = bundled_path("sentiment", "reviews.csv")
HELDOUT_WRITTEN = bundled_path("sentiment", "heldout_written.csv")
TEMPLATE_SHARE = 0.25  # of each training batch: the teaching sentences (negation, contrast...)
USER_SHARE = 0.25  # of each training batch, while the user has added sentences
UNKNOWN_WARNING = 0.5  # share of never-seen tokens from which an answer is said to rest on unknown input
USER_TOKEN_SLOTS = 256  # embedding rows for tokens that only the user's sentences have
KOREAN_UNIT = "syllable"  # chosen by validation accuracy: bench/results/sentiment.md
EXAMPLES = {"en": ("this movie was not bad", "this movie was not good"),
            "ko": ("이 영화는 나쁘지 않았다", "이 영화는 좋지 않았다")}


def load_corpus(path: str | None = None) -> list[dict]:
    """The teaching sentences: rows with text, label (0/1), lang, kind, split."""
    with open(path or CORPUS, encoding="utf-8", newline="") as f:
        return [{**r, "label": LABELS.index(r["label"])} for r in csv.DictReader(f)]


def load_reviews(path: str | None = None) -> list[dict]:
    """The real reviews: rows with text, label (0/1), lang, source, split and kind "review".
    [] when the file is absent (the task then trains on the teaching sentences alone)."""
    path = path or REVIEWS
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = [{**r, "label": LABELS.index(r["label"]), "kind": "review"} for r in csv.DictReader(f)]
    for r in rows:
        if r["split"] not in ("train", "val", "test") or r["lang"] not in ("en", "ko"):
            raise ValueError(f"{os.path.basename(path)}: a row has split '{r['split']}' and language '{r['lang']}'.")
    return rows


def load_written(path: str | None = None) -> list[dict]:
    """Ordinary sentences written by hand before training: the final check, never for tuning."""
    with open(path or HELDOUT_WRITTEN, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [{**r, "label": LABELS.index(r["label"]), "kind": "written", "split": "written"}
            for r in csv.DictReader(lines)]


def tokens_of(text: str) -> list[str]:
    """The task's tokens: English words, Korean in KOREAN_UNIT."""
    return tokenize(text, KOREAN_UNIT)


class SentimentNet(nn.Module):
    """Embedding -> recurrent layer -> logits at every step. forward(ids (B,T), lengths (B,),
    keep=None) -> x (B,T,H), y (B,T,2), y at each sentence's last token (B,2).
    `keep` (B,T,E) is a dropout mask for training, drawn by the task from the trainer's
    generator (nn.Dropout would draw from the global RNG and break reproducibility)."""

    def __init__(self, vocab_size: int, embed_size: int, cell: str, hidden_size: int, activation: str,
                 gen: torch.Generator | None = None) -> None:
        super().__init__()
        self.embed = embedding(vocab_size, embed_size, padding_idx=0, gen=gen)
        self.rnn = make_rnn(cell, embed_size, hidden_size, 2, activation, gen)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor,
                keep: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        u = self.embed(ids)  # (B,T,E)
        x, y = self.rnn(u if keep is None else u * keep)  # (B,T,H), (B,T,2)
        last = y[torch.arange(len(ids)), lengths - 1]  # (B,2): the answer after the true last token
        return x, y, last


# The preset follows the data there is. With the real reviews: a GRU over up to 64 tokens (Korean
# reviews: median 22 syllables, 90 % under 60), since the Elman cell stays near chance on them
# (bench/results/sentiment.md). On the teaching sentences alone (a checkout without reviews.csv,
# as the shipped checkpoint is made): the post's Elman cell over 32 tokens, which reads them well.
PRESETS = {
    "reviews": ({"cell": "gru", "hidden_size": 64, "lr": 0.005, "optimizer": "adam", "batch_size": 32, "clip": 5.0},
                64, 2300),
    "teaching": ({"cell": "elman", "hidden_size": 64, "lr": 0.01, "optimizer": "adam", "batch_size": 32, "clip": 5.0},
                 32, 1200),
}


def use_preset(task_class: type[Task], name: str) -> None:
    """Set the task's defaults, default sequence length and preset steps from PRESETS[name]."""
    defaults, seq_len, steps = PRESETS[name]
    task_class.defaults, task_class.preset_steps = dict(defaults), steps
    task_class.seq_len_bounds = task_class.seq_len_bounds[:2] + (seq_len,)


class SentimentTask(Task):
    name = "sentiment"
    kind = "many-to-one"
    seq_len_bounds = (4, 200, 32)  # set by the preset below
    metric = "accuracy"
    defaults: dict = {}  # set by the preset below
    preset_steps = 0
    embed_size = 32
    dropout = 0.3  # on the embeddings u_t, training only
    word_dropout = 0.1  # share of training tokens read as <unk>, so <unk> is learned too
    predict_help = "a sentence, e.g. 'this movie was not bad' or '이 영화는 나쁘지 않았다'"

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        rows = load_corpus() + load_reviews()
        self.rows = {s: [r for r in rows if r["split"] == s] for s in ("train", "val", "test")}
        self.rows["written"] = load_written()
        self.tokens = {s: [self._tokens(r["text"]) for r in rs] for s, rs in self.rows.items()}
        # Built from the corpus alone; the user's tokens take spare rows of the embedding, so adding
        # sentences to a live run (add_user) never changes the network's shape.
        self.vocab = Vocab(self.tokens["train"])
        self.vocab_size = len(self.vocab) + USER_TOKEN_SLOTS
        self.data = {s: self._encode(self.tokens[s], [r["label"] for r in self.rows[s]]) for s in self.tokens}
        self.user = []
        self.rows["user"], self.tokens["user"] = [], []
        self.add_user(parse_source(source))
        self.probe_text, self.probe_label = EXAMPLES["en"][0], LABELS.index("positive")  # "not bad"

    def _tokens(self, text):
        return clip_tokens(tokens_of(text), self.seq_len)[0]

    def add_user(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Add the user's labelled sentences [(text, 0/1)] to the training set of this task (and of a
        live run that uses it: the next steps train on them). ValueError, with nothing changed, if
        they are not valid or too many."""
        pairs = parse_source([[t, LABELS[y]] for t, y in self.user + list(pairs)])[len(self.user):]
        rows = [{"text": t, "label": y, "lang": "", "kind": "user", "split": "train"} for t, y in pairs]
        toks = [self._tokens(t) for t, _ in pairs]
        self.vocab.extend([t for ts in toks for t in ts], self.vocab_size)  # the rest read as <unk>
        self.user += pairs
        self.rows["train"] += rows
        self.tokens["train"] += toks
        self.rows["user"] += rows
        self.tokens["user"] += toks
        for s in ("train", "user"):
            self.data[s] = self._encode(self.tokens[s], [r["label"] for r in self.rows[s]])
        self.weights = self._weights(self.rows["train"])
        self.source = self.source_state()

    @staticmethod
    def _weights(rows) -> torch.Tensor:
        """Sampling weight of each training row: the groups (reviews, teaching sentences, the
        user's) get their shares of a batch, rows within a group are equally likely."""
        group = ["user" if r["kind"] == "user" else "review" if r["kind"] == "review" else "template" for r in rows]
        share = {"template": TEMPLATE_SHARE, "user": USER_SHARE}
        present = set(group)
        share = {g: s for g, s in share.items() if g in present}
        if "review" in present:
            share["review"] = 1.0 - sum(share.values())
        total = sum(share.values())
        counts = {g: group.count(g) for g in present}
        return torch.tensor([share[g] / total / counts[g] for g in group], dtype=torch.double)

    def _encode(self, token_lists, labels):
        ids = torch.zeros(len(token_lists), self.seq_len, dtype=torch.long)  # right-padded with <pad> = 0
        for i, toks in enumerate(token_lists):
            ids[i, :len(toks)] = torch.tensor(self.vocab.encode(toks), dtype=torch.long)
        lengths = torch.tensor([max(1, len(t)) for t in token_lists])
        return ids, lengths, torch.tensor(labels, dtype=torch.long)

    # --- training -----------------------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return SentimentNet(self.vocab_size, self.embed_size, cell, hidden_size, activation, gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        ids, lengths, labels = self.data["train"]
        idx = torch.multinomial(self.weights, batch_size, replacement=True, generator=gen)
        ids = ids[idx].clone()
        hide = (torch.rand(ids.shape, generator=gen) < self.word_dropout) & (ids > 0)
        ids[hide] = 1  # <unk>
        # Dropout on u_t: a few hundred sentences are easy to memorise word by word; dropping
        # parts of each input makes the network rely on many words (scaled to keep the mean).
        keep = (torch.rand(*ids.shape, self.embed_size, generator=gen) >= self.dropout) / (1 - self.dropout)
        return ids, lengths[idx], labels[idx], keep

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        ids, lengths, labels, keep = batch
        _, _, last = model(ids, lengths, keep)
        loss = F.cross_entropy(last, labels)
        return loss, float((last.argmax(1) == labels).float().mean())

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        ids, lengths, labels = self.data[split]
        with torch.no_grad():
            _, _, last = model(ids, lengths)  # no dropout mask: no dropout when measuring
            per_row = F.cross_entropy(last, labels, reduction="none")
        right = (last.argmax(1) == labels).numpy()
        rows = self.rows[split]
        extra = {"majority_baseline": float(max(labels.float().mean(), 1 - labels.float().mean()))}
        slices = {"en_review": lambda r: r["kind"] == "review" and r["lang"] == "en",
                  "ko_review": lambda r: r["kind"] == "review" and r["lang"] == "ko",
                  "negation": lambda r: r["kind"] == "negation", "contrast": lambda r: r["kind"] == "contrast",
                  "en": lambda r: r["lang"] == "en", "ko": lambda r: r["lang"] == "ko"}
        for name, pick in slices.items():
            mask = np.array([pick(r) for r in rows])
            if mask.any():
                extra[f"{name}_accuracy"] = float(right[mask].mean())
        if self.user and split == "val":  # the user's own sentences: how well they are learned so far
            user_eval = self._loss_on("user", model)
            extra["user_loss"], extra["user_accuracy"] = user_eval
        return Evaluation(float(per_row.mean()), float(right.mean()), extra)

    def _loss_on(self, split, model) -> tuple[float, float]:
        ids, lengths, labels = self.data[split]
        with torch.no_grad():
            _, _, last = model(ids, lengths)
        return float(F.cross_entropy(last, labels)), float((last.argmax(1) == labels).float().mean())

    def probe_batch(self) -> tuple | None:
        """The probe sentence, its label and no dropout (a sentence of its own length, unpadded)."""
        ids = torch.tensor([self.vocab.encode(self._tokens(self.probe_text))])
        keep = torch.ones(*ids.shape, self.embed_size)
        return ids, torch.tensor([ids.shape[1]]), torch.tensor([self.probe_label]), keep

    def probe(self, model: nn.Module) -> Probe:
        tr = self.trace(model, self.probe_text)
        return Probe(tr["states"], tr["tokens"], f"“{self.probe_text}”")

    # --- reading one sentence -----------------------------------------------------------------
    def trace(self, model: nn.Module, text: str) -> dict:
        """Run one sentence. Returns tokens (T), p_pos (T,) P(positive) after each token,
        states (T,H) hidden states x_t, is_unknown (T bools: never seen in training, read as
        <unk>), unknown (those tokens, sorted), unknown_share (their share of the T tokens), notes
        (sentences about truncation)."""
        require_text(text)
        notes, text = [], text.rstrip()
        if len(text) > MAX_INPUT_CHARS:
            notes.append(Said("sentiment.cut_chars", chars=len(text), most=MAX_INPUT_CHARS))
            text = text[-MAX_INPUT_CHARS:]
        tokens, dropped = clip_tokens(tokens_of(text), self.seq_len)
        if not tokens:
            raise InputError("text.empty", what=Said("text.what.sentence"))
        if dropped:
            notes.append(Said("sentiment.cut_tokens", tokens=len(tokens) + dropped, most=self.seq_len))
        ids = torch.tensor([self.vocab.encode(tokens)])
        with torch.no_grad():
            x, y, _ = model(ids, torch.tensor([len(tokens)]))
        p_pos = torch.softmax(y[0], dim=-1)[:, 1].numpy()
        unknown = [t not in self.vocab.stoi for t in tokens]
        return {"tokens": tokens, "p_pos": p_pos, "states": x[0].numpy(), "is_unknown": unknown,
                "unknown": sorted(set(self.vocab.unknown(tokens))), "unknown_share": sum(unknown) / len(tokens),
                "notes": notes}

    def predict(self, model: nn.Module, text: str) -> str:
        tr = self.trace(model, text)
        p = float(tr["p_pos"][-1])
        lines = ["tokens: " + " | ".join(tr["tokens"]),
                 "P(positive) after each token: " + " ".join(f"{v:.2f}" for v in tr["p_pos"])]
        if tr["unknown"]:
            lines.append("not in the vocabulary (read as <unk>): " + ", ".join(tr["unknown"][:20]))
        if tr["unknown_share"] >= UNKNOWN_WARNING:
            lines.append(f"{tr['unknown_share']:.0%} of the tokens were never seen in training: this answer rests "
                         "mostly on unknown input.")
        lines += tr["notes"]
        lines.append(f"positive {p:.2f}" if p >= 0.5 else f"negative {1 - p:.2f}")
        return "\n".join(lines)

    def source_state(self) -> object:
        return [[t, LABELS[y]] for t, y in self.user] or None


use_preset(SentimentTask, "reviews" if os.path.exists(REVIEWS) else "teaching")
