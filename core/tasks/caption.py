"""Built-in task: caption a handwritten digit (one-to-many, the post's image captioning).

The post's example is an image of a dog and a cat → "A dog and a cat are playing together on
the grass". Here the image is a real 8×8 handwritten digit (UCI / scikit-learn digits, bundled
in assets/captions/digits.npz) and the caption is a short sentence about it:

    x_0 = tanh(W_p p + b_p)                         encoder; p = the 64 pixels / 16, (B,64) -> (B,H)
    x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)          decoder; u_t = one-hot of the previous word
    y_t = W_yx x_t + b_y,   P(word_t) = softmax(y_t)

The image enters only through x_0 (one input, many outputs). Training uses teacher forcing
(u_1 = <bos>, u_t = the true word t-1); evaluation is greedy (u_t = the word the network just
chose) and a caption ends at <eos>. seq_len T is the longest caption in tokens (8 words + <eos>).

Caption grammar. Every word follows from the digit d, so a caption can be learned exactly
(no word depends on a pixel measurement close to a threshold):

    caption(d) = "a handwritten" NAME(d) "," "an" PARITY(d) [KIND(d)] "number"
    NAME   = zero | one | two | three | four | five | six | seven | eight | nine
    PARITY = even (d = 0, 2, 4, 6, 8) | odd (d = 1, 3, 5, 7, 9)
    KIND   = prime (d = 2, 3, 5, 7) | square (d = 0, 1, 4, 9) | left out (d = 6, 8)

e.g. 7 → "a handwritten seven , an odd prime number", 6 → "a handwritten six , an even number".

Metric: the share of exact captions (every word and the <eos> right) on images never seen in
training, from a fixed stratified split of the 1797 images (70% train, 15% val, 15% test, the
same for every run seed). The training batches' metric is the teacher-forced one.
"""
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..datasets import bundled_path
from ..model import linear, make_rnn
from ..said import InputError
from .base import Evaluation, Probe, Task

DATA = bundled_path("captions", "digits.npz")
NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
BOS, EOS = 0, 1  # word ids of the two special tokens
SPLIT_SEED = 0  # the split is a property of the data set, not of a run
IGNORE = -100  # target after <eos>: no loss, no metric


def caption_words(d: int) -> list[str]:
    """The caption of digit d as a list of words (the grammar in the module docstring)."""
    kind = ["prime"] if d in (2, 3, 5, 7) else ["square"] if d in (0, 1, 4, 9) else []
    return ["a", "handwritten", NAMES[d], ",", "an", "even" if d % 2 == 0 else "odd", *kind, "number"]


def vocabulary() -> list[str]:
    """<bos>, <eos>, then every caption word in order of first appearance (21 tokens)."""
    vocab = ["<bos>", "<eos>"]
    for d in range(10):
        vocab += [w for w in caption_words(d) if w not in vocab]
    return vocab


MAX_TOKENS = max(len(caption_words(d)) for d in range(10)) + 1  # + <eos>


def load_digits(path: str = DATA) -> tuple[np.ndarray, np.ndarray]:
    """pixels uint8 (1797, 64) with ink counts 0..16, labels uint8 (1797,)."""
    with np.load(path, allow_pickle=False) as z:
        return z["pixels"], z["labels"]


def split_indices(labels: np.ndarray, val: float = 0.15, test: float = 0.15) -> dict:
    """A stratified split: within each digit, a fixed shuffle, then val, test, train."""
    gen = torch.Generator().manual_seed(SPLIT_SEED)
    parts = {"train": [], "val": [], "test": []}
    for d in range(10):
        idx = np.flatnonzero(labels == d)
        idx = idx[torch.randperm(len(idx), generator=gen).numpy()]
        n_val, n_test = round(val * len(idx)), round(test * len(idx))
        parts["val"].append(idx[:n_val])
        parts["test"].append(idx[n_val:n_val + n_test])
        parts["train"].append(idx[n_val + n_test:])
    return {k: np.sort(np.concatenate(v)) for k, v in parts.items()}


class CaptionNet(nn.Module):
    """Image encoder x_0 = tanh(W_p p + b_p), then the decoder RNN. `forward(pixels, u) -> (x, y)`
    with pixels p (B,64) in 0..1, u (B,T,V) one-hot previous words, x (B,T,H), y (B,T,V).

    One linear layer is enough (logistic regression reads ~97% of these digits right) and measured
    better than a two-layer MLP: with the deeper encoder, x_0 started out nearly the same for
    every image and LSTM/GRU decoders sat for 1000+ steps writing one caption for all digits."""

    def __init__(self, cell: str, hidden_size: int, activation: str, vocab_size: int,
                 gen: torch.Generator | None = None) -> None:
        super().__init__()
        self.encoder = linear(64, hidden_size, gen)  # W_p (H,64), b_p (H,)
        self.rnn = make_rnn(cell, vocab_size, hidden_size, vocab_size, activation, gen)

    def initial_state(self, pixels: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.encoder(pixels))  # (B,H)

    def forward(self, pixels: torch.Tensor, u: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.rnn(u, self.initial_state(pixels))  # the image is only seen here, in x_0


@dataclass
class Captioned:
    """One image and what the network writes for it (for the view and `predict`)."""
    index: int  # position in the split
    split: str
    digit: int
    pixels: np.ndarray  # (8,8) ink counts 0..16
    truth: list  # the true caption's words
    words: list  # the generated words up to and including <eos> (or T words)
    probs: np.ndarray  # (n,) softmax probability of each generated word
    states: np.ndarray  # (n,H) decoder states x_t while writing them

    @property
    def exact(self) -> bool:
        return self.words == self.truth + ["<eos>"]


class CaptionTask(Task):
    name = "caption"
    kind = "one-to-many"
    seq_len_bounds = (MAX_TOKENS, 16, MAX_TOKENS)
    metric = "exact_captions"
    defaults = {"cell": "elman", "hidden_size": 64, "lr": 0.005, "optimizer": "adam", "batch_size": 64}
    preset_steps = 800
    predict_help = "an index into the held-out test images (0..268), e.g. 17"

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        if source is not None:
            raise ValueError("The caption task uses the bundled digit images; it does not take data of its own.")
        pixels, labels = load_digits()
        self.raw_pixels, self.labels = pixels, labels.astype(np.int64)
        self.pixels = torch.tensor(pixels, dtype=torch.float32) / 16.0  # (N,64) in 0..1
        self.splits = split_indices(self.labels)
        self.vocab = vocabulary()
        self.word_id = {w: i for i, w in enumerate(self.vocab)}
        self.u_by_digit, self.target_by_digit = self._templates()  # (10,T,V), (10,T)

    def _templates(self):
        """Decoder inputs and targets for each digit's caption, padded to T.
        Padding inputs are zero vectors and padding targets are IGNORE."""
        T, V = self.seq_len, len(self.vocab)
        u, target = torch.zeros(10, T, V), torch.full((10, T), IGNORE)
        for d in range(10):
            ids = [self.word_id[w] for w in caption_words(d)]
            for t, i in enumerate([BOS] + ids):
                u[d, t, i] = 1.0
            target[d, :len(ids) + 1] = torch.tensor(ids + [EOS])
        return u, target

    def _batch(self, idx):
        digits = torch.as_tensor(self.labels[idx])
        return self.pixels[idx], self.u_by_digit[digits], self.target_by_digit[digits]

    # --- what the trainer uses -------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return CaptionNet(cell, hidden_size, activation, len(self.vocab), gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        train = self.splits["train"]
        pick = torch.randint(0, len(train), (batch_size,), generator=gen).numpy()
        return self._batch(train[pick])

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        pixels, u, target = batch
        _, y = model(pixels, u)  # (B,T,V)
        loss = F.cross_entropy(y.reshape(-1, y.shape[-1]), target.reshape(-1), ignore_index=IGNORE)
        with torch.no_grad():
            right = (y.argmax(-1) == target) | (target == IGNORE)  # (B,T)
        return loss, float(right.all(dim=1).float().mean())

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        pixels, u, target = self._batch(self.splits[split])
        with torch.no_grad():
            loss, _ = self.loss(model, (pixels, u, target))
            ids, _, _ = self.greedy(model, pixels)
        right = (ids == target) | (target == IGNORE)
        share = np.bincount(self.labels[self.splits[split]], minlength=10) / len(self.splits[split])
        # Baseline: always writing the most common caption.
        return Evaluation(float(loss), float(right.all(dim=1).float().mean()),
                          {"baseline_exact": float(share.max())})

    def probe(self, model: nn.Module) -> Probe:
        i = self.splits["val"][0]
        with torch.no_grad():
            x, _ = model(*self._batch([i])[:2])
        d = int(self.labels[i])
        labels = ["<bos>"] + caption_words(d)
        labels += ["·"] * (self.seq_len - len(labels))
        return Probe(x[0].numpy(), labels, f"validation image 0 (a {NAMES[d]}), true caption fed in")

    # --- greedy decoding ---------------------------------------------------------------------
    def greedy(self, model: nn.Module, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Write captions greedily. pixels (B,64) -> word ids (B,T), their probabilities (B,T),
        decoder states (B,T,H). Step t re-runs the decoder on the words chosen so far: T is
        at most 16, and it keeps the LSTM's cell state right without a second interface."""
        B, T, V = pixels.shape[0], self.seq_len, len(self.vocab)
        u = torch.zeros(B, T, V)
        u[:, 0, BOS] = 1.0
        ids, probs, rows = torch.empty(B, T, dtype=torch.long), torch.empty(B, T), torch.arange(B)
        with torch.no_grad():
            for t in range(T):
                x, y = model(pixels, u)
                p = torch.softmax(y[:, t], dim=-1)  # (B,V); only inputs u_1..u_t reach it
                probs[:, t], ids[:, t] = p.max(dim=-1)
                if t + 1 < T:
                    u[rows, t + 1, ids[:, t]] = 1.0
        return ids, probs, x

    def caption(self, model: nn.Module, index: int, split: str = "test") -> Captioned:
        """Caption image `index` of a split ('train', 'val' or 'test')."""
        if split not in self.splits:
            raise ValueError(f"Unknown split '{split}'. Choose train, val or test.")
        n = len(self.splits[split])
        if not 0 <= index < n:
            raise InputError("caption.bad_index", last=n - 1, index=index)
        i = self.splits[split][index]
        # No dropout or batch norm in CaptionNet: no need to touch model.train()/eval(), which a
        # view reading a model that trains in another thread must not do.
        ids, probs, x = self.greedy(model, self.pixels[i:i + 1])
        words = [self.vocab[j] for j in ids[0].tolist()]
        n_words = words.index("<eos>") + 1 if "<eos>" in words else len(words)
        d = int(self.labels[i])
        return Captioned(index, split, d, self.raw_pixels[i].reshape(8, 8), caption_words(d),
                         words[:n_words], probs[0, :n_words].numpy(), x[0, :n_words].numpy())

    # --- what the screens and the CLI use ---------------------------------------------------
    def per_digit_accuracy(self, model: nn.Module, split: str = "val") -> np.ndarray:
        """(10,) share of exact captions for each digit."""
        pixels, _, target = self._batch(self.splits[split])
        ids, _, _ = self.greedy(model, pixels)
        exact = ((ids == target) | (target == IGNORE)).all(dim=1).numpy()
        labels = self.labels[self.splits[split]]
        return np.array([exact[labels == d].mean() for d in range(10)])

    def predict(self, model: nn.Module, text: str) -> str:
        try:
            index = int(str(text).strip())
        except ValueError:
            raise InputError("caption.not_a_number") from None
        c = self.caption(model, index, "test")
        return (f"test image {index} (a handwritten {NAMES[c.digit]})\n"
                f"true caption:      {' '.join(c.truth)}\n"
                f"generated caption: ({'exact' if c.exact else 'not exact'})\n"
                + " ".join(w for w in c.words if w != "<eos>"))
