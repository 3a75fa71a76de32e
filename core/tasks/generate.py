"""Built-in task: character-level text generation (one-to-many at sampling time).

Training is many-to-many: u_t is the one-hot vector of character t of a window, and
y_t = W_yx x_t + b_y are the scores of character t+1; the loss is the cross-entropy at every step

    L = -(1/T) Σ_t log softmax(y_t)[c_{t+1}]        (nats; bits per character = L / ln 2)

Generation is one-to-many: from a start string, sample one character at a time from
softmax(y_t / τ) (τ = temperature; τ → 0 picks the most likely character) and feed it back.

The text is a bundled one (assets/text/) or one the user pastes; its vocabulary is the set of
its characters (emoji, Korean, HTML tags: all just characters). It is split in time order:
training text first, then validation, then test, so held-out text is text the model never read.
"""
import math
import os
from collections.abc import Iterable

import torch
import torch.nn.functional as F
from torch import nn

from ..datasets import bundled_path
from ..model import LSTM, make_rnn
from ..said import InputError, Said
from .base import Evaluation, Probe, Task

TEXT_DIR = bundled_path("text")
# key -> file in assets/text (the label is the catalogue's corpus.<key>)
BUNDLED = {"sonnets": "shakespeare_sonnets.txt", "macbeth": "shakespeare_macbeth.txt", "post": "rnn_post_ko.txt"}
DEFAULT_TEXT = "sonnets"
MAX_CHARS = 200_000  # longer pastes are cut here (with a notice): one epoch stays a few minutes
MAX_VOCAB = 400  # one-hot inputs: W_xu is (H, V); rarer characters share one placeholder
PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"
HOLDOUT = 0.05  # validation and test each take 5% of the text (at least one window)
TOP_K = 5


def show_char(c: str) -> str:
    """A visible label for one character (space, newline and tab are otherwise invisible)."""
    return {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"}.get(c, c if c.isprintable() else repr(c)[1:-1])


def read_bundled(key: str) -> str:
    if key not in BUNDLED:
        raise InputError("generate.no_such_text", key=key, choices=", ".join(BUNDLED))
    with open(os.path.join(TEXT_DIR, BUNDLED[key]), encoding="utf-8") as f:
        return f.read()


def load_text(source: str | dict | None) -> tuple[str, dict, list]:
    """(text, normalised source, notices) from None (the default text), a pasted string,
    {"bundled": key} or {"text": str, "name": str}. ValueError for anything unusable."""
    if source is None:
        source = {"bundled": DEFAULT_TEXT}
    elif isinstance(source, str):
        source = {"text": source}
    if not isinstance(source, dict):
        raise InputError("generate.bad_source")
    if "bundled" in source:
        return read_bundled(str(source["bundled"])), {"bundled": str(source["bundled"])}, []
    text = source.get("text")
    if not isinstance(text, str):
        raise InputError("generate.no_text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("generate.empty_text")
    notices = []
    if len(text) > MAX_CHARS:
        notices.append(Said("generate.cut", chars=len(text), most=MAX_CHARS))
        text = text[:MAX_CHARS]
    name = str(source.get("name") or "pasted text")[:80]
    return text, {"text": text, "name": name}, notices


def build_vocab(text: str) -> tuple[list, list]:
    """(characters in a fixed order, notices). Above MAX_VOCAB distinct characters the rarest
    ones are mapped to PLACEHOLDER, so the one-hot input stays a reasonable size."""
    counts = {}
    for c in text:
        counts[c] = counts.get(c, 0) + 1
    if len(counts) <= MAX_VOCAB:
        return sorted(counts), []
    keep = sorted(counts, key=lambda c: (-counts[c], c))[:MAX_VOCAB - 1]
    notice = Said("generate.rare_chars", count=len(counts), rare=len(counts) - len(keep), placeholder=PLACEHOLDER)
    return sorted(set(keep) | {PLACEHOLDER}), [notice]


class GenerateTask(Task):
    name = "generate"
    kind = "one-to-many"
    seq_len_bounds = (8, 200, 50)
    metric = "bpc"
    higher_is_better = False
    # GRU: on held-out Sonnets it beats the Elman cell at every step count (bench/results/generate.md).
    defaults = {"cell": "gru", "hidden_size": 128, "lr": 0.003, "optimizer": "adam",
                "batch_size": 32, "clip": 5.0}
    preset_steps = 1000  # the live example: about 45 CPU seconds
    checkpoint_steps = 1500  # the shipped checkpoint; longer only overfits the 86,000 training characters
    predict_help = "a start string, e.g. 'From fairest' (prints 200 generated characters)"

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        text, self.source, self.notices = load_text(source)
        self.chars, notes = build_vocab(text)
        self.notices += notes
        self.index = {c: i for i, c in enumerate(self.chars)}
        self.V = len(self.chars)
        ids = torch.tensor([self.index.get(c, self.index.get(PLACEHOLDER, 0)) for c in text])
        N, need = len(ids), 3 * (seq_len + 1)
        if need > N:
            raise InputError("generate.too_short", chars=N, seq_len=seq_len, need=need)
        hold = max(int(N * HOLDOUT), seq_len + 1)
        self.train_ids, self.val_ids, self.test_ids = ids[:N - 2 * hold], ids[N - 2 * hold:N - hold], ids[N - hold:]
        self.text_len = N
        self._eval = {"val": self._windows(self.val_ids), "test": self._windows(self.test_ids)}
        self._baselines = {s: self._baseline_bpc(w[:, :-1], w[:, 1:]) for s, w in self._eval.items()}

    # --- data ---------------------------------------------------------------------------------
    def one_hot(self, ids: torch.Tensor) -> torch.Tensor:
        """u_t: (...,) character ids -> (..., V) one-hot vectors."""
        return F.one_hot(ids, self.V).float()

    def _windows(self, ids: torch.Tensor) -> torch.Tensor:
        """Non-overlapping windows of T+1 characters (inputs and next characters): (n, T+1)."""
        T = self.seq_len
        n = (len(ids) - 1) // T
        return torch.stack([ids[i * T:i * T + T + 1] for i in range(n)])

    def _baseline_bpc(self, prev, target) -> dict:
        """Closed-form baselines from training-text counts with add-one smoothing:
        unigram p(c) = (n_c + 1) / (N + V), bigram p(c | a) = (n_ac + 1) / (n_a + V)."""
        tr, V = self.train_ids, self.V
        uni = torch.bincount(tr, minlength=V).double()
        p_uni = (uni + 1) / (uni.sum() + V)
        pairs = torch.bincount(tr[:-1] * V + tr[1:], minlength=V * V).double().view(V, V)
        p_bi = (pairs + 1) / (pairs.sum(1, keepdim=True) + V)
        ln2 = math.log(2)
        return {"unigram_bpc": float(-p_uni[target].log().mean() / ln2),
                "bigram_bpc": float(-p_bi[prev, target].log().mean() / ln2)}

    def encode(self, text: str) -> torch.Tensor:
        """Character ids of `text`; ValueError naming any character the model has never seen."""
        if not text:
            raise InputError("generate.no_start")
        unknown = sorted({c for c in text if c not in self.index})
        if unknown:
            shown = " ".join(repr(c) for c in unknown[:10]) + (" …" if len(unknown) > 10 else "")
            raise InputError("generate.unknown_chars", shown=shown)
        return torch.tensor([self.index[c] for c in text])

    def clean_start(self, text: str) -> tuple[str, str]:
        """(the start string without unknown characters, a notice naming them or '')."""
        unknown = sorted({c for c in text if c not in self.index})
        kept = "".join(c for c in text if c in self.index)
        if not kept:
            raise InputError("generate.none_known", example=repr(self.decode(self.train_ids[:12])))
        note = (Said("generate.left_out", shown=" ".join(repr(c) for c in unknown[:10])) if unknown else "")
        return kept, note

    def decode(self, ids: Iterable[int]) -> str:
        return "".join(self.chars[int(i)] for i in ids)

    # --- what the trainer uses ----------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        # The whole network is the post's RNN: one-hot character in (I = V), scores of the next out (O = V).
        return make_rnn(cell, self.V, hidden_size, self.V, activation, gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        T = self.seq_len
        starts = torch.randint(0, len(self.train_ids) - T, (batch_size,), generator=gen)
        chunk = self.train_ids[starts[:, None] + torch.arange(T + 1)]  # (B, T+1)
        return self.one_hot(chunk[:, :-1]), chunk[:, 1:]  # (B,T,V), (B,T)

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        u, target = batch
        _, y = model(u)  # (B,T,V)
        loss = F.cross_entropy(y.reshape(-1, self.V), target.reshape(-1))
        return loss, float(loss.detach()) / math.log(2)

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        windows = self._eval["test" if split == "test" else "val"]
        with torch.no_grad():
            _, y = model(self.one_hot(windows[:, :-1]))
            logits, target = y.reshape(-1, self.V), windows[:, 1:].reshape(-1)
            loss = float(F.cross_entropy(logits, target))
            acc = float((logits.argmax(1) == target).double().mean())
        extra = {**self._baselines["test" if split == "test" else "val"], "accuracy": acc,
                 "vocabulary": self.V, "characters": self.text_len}
        return Evaluation(loss, loss / math.log(2), extra)

    def probe(self, model: nn.Module) -> Probe:
        w = self._eval["val"][0]
        with torch.no_grad():
            x, _ = model(self.one_hot(w[:-1])[None])
        return Probe(x[0].numpy(), [show_char(self.chars[int(i)]) for i in w[:-1]], "validation text")

    # --- what the screens and the CLI use -----------------------------------------------------
    def next_char_view(self, model: nn.Module, k: int = 3) -> dict:
        """Validation window 0, step by step: the characters read ('inputs') and to predict
        ('targets'), p(the actual next character) ('p_true', (T,) array) and the k likeliest
        next characters with their probabilities ('top', T lists of (char, p))."""
        w = self._eval["val"][0]
        with torch.no_grad():
            _, y = model(self.one_hot(w[:-1])[None])
            p = torch.softmax(y[0], -1)  # (T,V)
        top_p, top_i = p.topk(min(k, self.V), dim=-1)
        top = [[(self.chars[int(i)], float(q)) for q, i in zip(qs, ii)] for qs, ii in zip(top_p, top_i)]
        return {"inputs": [self.chars[int(i)] for i in w[:-1]], "targets": [self.chars[int(i)] for i in w[1:]],
                "p_true": p[torch.arange(len(w) - 1), w[1:]].numpy(), "top": top}

    def predict(self, model: nn.Module, text: str) -> str:
        start, note = self.clean_start(text)
        gen = torch.Generator().manual_seed(0)
        out, _ = generate(model, self, start, 200, 0.8, gen)
        head = f"{note}\n" if note else ""
        return f"{head}{start!r} + 200 characters (temperature 0.8, seed 0; ↵ is a new line):\n" + \
            out.replace("\n", "↵")

    def source_state(self) -> object:
        return self.source


def tempered(scores: torch.Tensor, temperature: float) -> torch.Tensor:
    """softmax(y / τ) over the V characters; τ = 0 is the limit: probability 1 on the argmax. (V,) -> (V,)"""
    scores = scores.double()
    if temperature <= 0:
        return F.one_hot(scores.argmax(), scores.numel()).double()
    return torch.softmax(scores / temperature, dim=-1)


class _Writer:
    """Feeds the network one character at a time and keeps its whole state between calls, so each
    new character costs one step of the cell (not a re-read of the text so far)."""

    def __init__(self, model):
        self.model, self.state = model, None

    def read(self, u: torch.Tensor) -> torch.Tensor:
        """u (1,L,V) one-hot characters -> scores y (V,) after the last of them."""
        m = self.model
        if isinstance(m, LSTM):
            # x_t alone is not an LSTM's whole state (the cell state c_t is too): use torch's module,
            # which returns (h, c); the readout is the same W_yx, b_y.
            out, self.state = m.rnn(u, self.state)
            x = out[:, -1]  # (1,H)
        else:
            x = m.unroll(u, self.state)  # (1,L,H): x_t is the whole state of Elman, GRU and LRU
            self.state = x[:, -1]
            return m.output(x[:, -1:], u[:, -1:])[0, 0]
        return m.readout(x)[0]


def generate(model: nn.Module, task: GenerateTask, start: str, n: int, temperature: float,
             gen: torch.Generator) -> tuple[str, list]:
    """Write n characters after `start`, one at a time: c_{t+1} ~ softmax(y_t / τ), fed back as u_{t+1}.

    The start string is read from x_0 = 0, as in training; then the state is carried along. (Measured:
    carrying the state over the 4,800 validation characters scores as well as 50-character windows.)
    Returns (the n generated characters, for each step the TOP_K (character, probability) pairs of
    the distribution it was sampled from). Same generator state, same text. ValueError on bad input.
    """
    if not isinstance(n, int) or not 1 <= n <= 5000:
        raise ValueError(f"The number of characters to generate must be between 1 and 5000; got {n}.")
    if not (isinstance(temperature, (int, float)) and math.isfinite(temperature) and 0 <= temperature <= 10):
        raise ValueError(f"The temperature must be a number between 0 and 10; got {temperature}.")
    ids = task.encode(start)
    # The model is only read (no dropout or batch norm here, so train/eval mode does not matter):
    # the app may be training it in another thread at the same time.
    writer, out, steps, k = _Writer(model), [], [], min(TOP_K, task.V)
    with torch.no_grad():
        scores = writer.read(task.one_hot(ids)[None])
        for _ in range(n):
            p = tempered(scores, temperature)
            top_p, top_i = p.topk(k)
            steps.append([(task.chars[int(i)], float(q)) for q, i in zip(top_p, top_i)])
            nxt = int(p.argmax()) if temperature <= 0 else int(torch.multinomial(p, 1, generator=gen))
            out.append(task.chars[nxt])
            scores = writer.read(task.one_hot(torch.tensor([[nxt]])))
    return "".join(out), steps
