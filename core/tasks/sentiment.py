"""Sentiment (many-to-one): read a sentence token by token, say positive or negative at the end.

    u_t = E[token_t]                                   embedding of the t-th token   (E,)
    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)             the post's RNN                (H,)
    y_t = W_yx x_t + b_y                               two logits (negative, positive)
    P(positive after t tokens) = softmax(y_t)[1];  the sentence's answer is y at its LAST token.

Data: assets/sentiment/corpus.csv, English and Korean sentences written for the project with
a fixed train/val/test split (see assets/tools/make_sentiment_corpus.py). `source` is an
optional list of [sentence, label] pairs the user adds to the training set.
Sentences are right-padded to seq_len tokens; the answer is read at each sentence's true last
token, so the padding after it changes nothing. Longer inputs keep their last seq_len tokens
(the verdict usually comes last: "..., but it was great").
"""
import csv
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..model import embedding, make_rnn
from ..text import Vocab, clip_tokens, require_text, tokenize
from .base import Evaluation, Probe, Task

CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "assets", "sentiment", "corpus.csv")
LABELS = ("negative", "positive")  # class index 0, 1
MAX_INPUT_CHARS = 2000  # longer input keeps its last 2000 characters before tokenising
MAX_USER_SENTENCES = 5000
_LABEL_WORDS = {"positive": 1, "pos": 1, "p": 1, "+": 1, "1": 1, "긍정": 1, "good": 1,
                "negative": 0, "neg": 0, "n": 0, "-": 0, "0": 0, "부정": 0, "bad": 0}
EXAMPLES = {"en": ("this movie was not bad", "this movie was not good"),
            "ko": ("이 영화는 나쁘지 않았다", "이 영화는 좋지 않았다")}


def load_corpus(path: str = CORPUS) -> list[dict]:
    """The bundled corpus: rows with text, label (0/1), lang, kind, split."""
    with open(path, encoding="utf-8", newline="") as f:
        return [{**r, "label": LABELS.index(r["label"])} for r in csv.DictReader(f)]


def parse_label(value) -> int:
    key = str(value).strip().lower()
    if key not in _LABEL_WORDS:
        raise ValueError(f"'{value}' is not a label: use positive or negative (긍정 / 부정).")
    return _LABEL_WORDS[key]


def parse_source(source) -> list[tuple[str, int]]:
    """Validate user sentences: a list of (text, label) pairs -> [(text, 0/1)]. ValueError otherwise."""
    if source is None:
        return []
    if not isinstance(source, (list, tuple)):
        raise ValueError("Your sentences must be a list of (sentence, label) pairs.")
    if len(source) > MAX_USER_SENTENCES:
        raise ValueError(f"At most {MAX_USER_SENTENCES} added sentences, please; got {len(source)}.")
    out = []
    for i, pair in enumerate(source, 1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"Added sentence {i} is not a (sentence, label) pair.")
        text, label = pair
        require_text(text, f"added sentence {i}")
        if len(text) > MAX_INPUT_CHARS:
            raise ValueError(f"Added sentence {i} is longer than {MAX_INPUT_CHARS} characters; split it up.")
        out.append((text.strip(), parse_label(label)))
    return out


def parse_lines(text: str, label=None) -> list[list]:
    """Sentences typed one per line. With `label` every line gets it; without, each line is
    'label<TAB>sentence' (or 'label,sentence'). Returns [[sentence, 'positive'|'negative'], ...]."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Type at least one sentence, one per line.")
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if label is not None:
            pairs.append([line.strip(), LABELS[parse_label(label)]])
            continue
        sep = "\t" if "\t" in line else "," if "," in line else None
        if sep is None:
            raise ValueError(f"Line {n} has no label: write 'positive<TAB>sentence' or pick one label for all lines.")
        lab, sentence = line.split(sep, 1)
        try:
            pairs.append([sentence.strip(), LABELS[parse_label(lab)]])
        except ValueError as e:
            raise ValueError(f"Line {n}: {e}") from None
    parse_source(pairs)  # same checks as the task will make
    return pairs


class SentimentNet(nn.Module):
    """Embedding -> recurrent layer -> logits at every step. forward(ids (B,T), lengths (B,),
    keep=None) -> x (B,T,H), y (B,T,2), y at each sentence's last token (B,2).
    `keep` (B,T,E) is a dropout mask for training, drawn by the task from the trainer's
    generator (nn.Dropout would draw from the global RNG and break reproducibility)."""

    def __init__(self, vocab_size, embed_size, cell, hidden_size, activation, gen=None):
        super().__init__()
        self.embed = embedding(vocab_size, embed_size, padding_idx=0, gen=gen)
        self.rnn = make_rnn(cell, embed_size, hidden_size, 2, activation, gen)

    def forward(self, ids, lengths, keep=None):
        u = self.embed(ids)  # (B,T,E)
        x, y = self.rnn(u if keep is None else u * keep)  # (B,T,H), (B,T,2)
        last = y[torch.arange(len(ids)), lengths - 1]  # (B,2): the answer after the true last token
        return x, y, last


class SentimentTask(Task):
    name = "sentiment"
    title = ("Sentiment: is this sentence positive?", "감성 분류: 긍정일까 부정일까?")
    summary = ("Many-to-one: read a sentence (English or Korean) token by token; after the last token "
               "say positive or negative. Watch the answer flip at 'not' / '않'.",
               "다대일: 문장(영어·한국어)을 토큰 하나씩 읽고 마지막에 긍정/부정을 말합니다. "
               "'not'이나 '않'에서 답이 뒤집히는지 보세요.")
    kind = "many-to-one"
    seq_len_bounds = (4, 200, 32)
    metric_name = ("accuracy", "정확도")
    defaults = {"hidden_size": 64, "lr": 0.01, "optimizer": "adam", "batch_size": 32, "clip": 5.0}
    preset_steps = 1200
    embed_size = 32
    dropout = 0.3  # on the embeddings u_t, training only
    word_dropout = 0.1  # share of training tokens read as <unk>, so <unk> is learned too
    predict_help = "a sentence, e.g. 'this movie was not bad' or '이 영화는 나쁘지 않았다'"

    def __init__(self, seq_len, seed=0, source=None):
        super().__init__(seq_len, seed, source)
        self.user = parse_source(source)
        rows = load_corpus()
        self.rows = {s: [r for r in rows if r["split"] == s] for s in ("train", "val", "test")}
        self.rows["train"] += [{"text": t, "label": y, "lang": "", "kind": "user", "split": "train"}
                               for t, y in self.user]
        tokens = {s: [clip_tokens(tokenize(r["text"]), seq_len)[0] for r in rs] for s, rs in self.rows.items()}
        self.vocab = Vocab(tokens["train"])  # held-out words the training set lacks read as <unk>
        self.data = {s: self._encode(tokens[s], [r["label"] for r in self.rows[s]]) for s in tokens}
        self.probe_text = EXAMPLES["en"][0]

    def _encode(self, token_lists, labels):
        ids = torch.zeros(len(token_lists), self.seq_len, dtype=torch.long)  # right-padded with <pad> = 0
        for i, toks in enumerate(token_lists):
            ids[i, :len(toks)] = torch.tensor(self.vocab.encode(toks), dtype=torch.long)
        lengths = torch.tensor([max(1, len(t)) for t in token_lists])
        return ids, lengths, torch.tensor(labels, dtype=torch.long)

    # --- training -----------------------------------------------------------------------------
    def build_model(self, cell, hidden_size, activation, gen=None):
        return SentimentNet(len(self.vocab), self.embed_size, cell, hidden_size, activation, gen)

    def sample_batch(self, batch_size, gen):
        ids, lengths, labels = self.data["train"]
        idx = torch.randint(0, len(ids), (batch_size,), generator=gen)
        ids = ids[idx].clone()
        hide = (torch.rand(ids.shape, generator=gen) < self.word_dropout) & (ids > 0)
        ids[hide] = 1  # <unk>
        # Dropout on u_t: a few hundred sentences are easy to memorise word by word; dropping
        # parts of each input makes the network rely on many words (scaled to keep the mean).
        keep = (torch.rand(*ids.shape, self.embed_size, generator=gen) >= self.dropout) / (1 - self.dropout)
        return ids, lengths[idx], labels[idx], keep

    def loss(self, model, batch):
        ids, lengths, labels, keep = batch
        _, _, last = model(ids, lengths, keep)
        loss = F.cross_entropy(last, labels)
        return loss, float((last.argmax(1) == labels).float().mean())

    def evaluate(self, model, split="val"):
        ids, lengths, labels = self.data[split]
        with torch.no_grad():
            _, _, last = model(ids, lengths)  # no dropout mask: no dropout when measuring
        loss = float(F.cross_entropy(last, labels))
        right = (last.argmax(1) == labels).numpy()
        extra = {"majority_baseline": float(max(labels.float().mean(), 1 - labels.float().mean()))}
        for key, pick in (("lang", "en"), ("lang", "ko"), ("kind", "negation"), ("kind", "contrast")):
            mask = np.array([r[key] == pick for r in self.rows[split]])
            if mask.any():
                extra[f"{pick}_accuracy"] = float(right[mask].mean())
        return Evaluation(loss, float(right.mean()), extra)

    def probe(self, model):
        tr = self.trace(model, self.probe_text)
        return Probe(tr["states"], tr["tokens"], f"“{self.probe_text}”")

    # --- reading one sentence -----------------------------------------------------------------
    def trace(self, model, text) -> dict:
        """Run one sentence. Returns tokens (T), p_pos (T,) P(positive) after each token,
        states (T,H) hidden states x_t, unknown (tokens read as <unk>), notes (sentences about
        truncation)."""
        require_text(text)
        notes, text = [], text.rstrip()
        if len(text) > MAX_INPUT_CHARS:
            notes.append(f"The text has {len(text):,} characters; only the last {MAX_INPUT_CHARS:,} were read.")
            text = text[-MAX_INPUT_CHARS:]
        tokens, dropped = clip_tokens(tokenize(text), self.seq_len)
        if not tokens:
            raise ValueError("The sentence is empty: type at least one word.")
        if dropped:
            notes.append(f"The sentence is {len(tokens) + dropped} tokens long; only the last "
                         f"{self.seq_len} were read (the sequence length).")
        ids = torch.tensor([self.vocab.encode(tokens)])
        with torch.no_grad():
            x, y, _ = model(ids, torch.tensor([len(tokens)]))
        p_pos = torch.softmax(y[0], dim=-1)[:, 1].numpy()
        return {"tokens": tokens, "p_pos": p_pos, "states": x[0].numpy(),
                "unknown": sorted(set(self.vocab.unknown(tokens))), "notes": notes}

    def figure(self, model, lang="en"):
        from ..charts.sentiment import probability_figure
        pairs = EXAMPLES["ko" if lang == "ko" else "en"]
        traces = [self.trace(model, t) for t in pairs]
        return probability_figure([(t, tr["tokens"], tr["p_pos"]) for t, tr in zip(pairs, traces)], lang)

    def predict(self, model, text):
        tr = self.trace(model, text)
        p = float(tr["p_pos"][-1])
        lines = ["tokens: " + " | ".join(tr["tokens"]),
                 "P(positive) after each token: " + " ".join(f"{v:.2f}" for v in tr["p_pos"])]
        if tr["unknown"]:
            lines.append("not in the vocabulary (read as <unk>): " + ", ".join(tr["unknown"][:20]))
        lines += tr["notes"]
        lines.append(f"positive {p:.2f}" if p >= 0.5 else f"negative {1 - p:.2f}")
        return "\n".join(lines)

    def source_state(self):
        return [[t, LABELS[y]] for t, y in self.user] or None
