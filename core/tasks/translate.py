"""Built-in task: translate English into Korean with a Seq2Seq network (many-to-many with
different lengths = a many-to-one encoder followed by a one-to-many decoder, as in the post).

    encoder   x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x),  u_t = embedding of English word t
    context   c = x_T (the encoder's last state: the whole sentence in one vector)
    decoder   x'_0 = c,  x'_s = σ(W'_xx x'_{s-1} + W'_xu u'_s + b'_x),  u'_s = embedding of the
              previous Korean token (<bos> first; the true one in training = teacher forcing,
              the network's own guess when translating = greedy decoding)
    output    y'_s = softmax(W'_yx x'_s + b'_y) over the Korean vocabulary, until <eos>

"I love deep learning" → "나는 딥러닝을 좋아한다": English is S-V-O, Korean S-O-V, so the
output cannot be produced word by word as the input arrives; the context vector carries it.
The post's sentence is never trained on (see assets/translate/ and translate_grammar.py).
"""
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..model import embedding, make_rnn
from ..said import InputError, Said
from . import translate_grammar as g
from .base import Evaluation, Probe, Task

IGNORE = -100  # target positions after <eos>: no loss there


class Seq2Seq(nn.Module):
    """Two recurrent layers from core.model.make_rnn: `encoder` (its readout is unused) and
    `decoder` (its readout gives the Korean token scores), plus a word embedding for each side."""

    def __init__(self, cell: str, hidden_size: int, activation: str, n_src: int, n_tgt: int, embed: int = 32,
                 orthogonal: bool = True, gen: torch.Generator | None = None) -> None:
        super().__init__()
        self.src_embed = embedding(n_src, embed, padding_idx=0, gen=gen)
        self.tgt_embed = embedding(n_tgt, embed, gen=gen)
        self.encoder = make_rnn(cell, embed, hidden_size, 1, activation, gen)
        self.decoder = make_rnn(cell, embed, hidden_size, n_tgt, activation, gen)
        if cell == "elman" and orthogonal:
            # An orthogonal W_xx keeps the state from shrinking step after step at the start, so
            # the decoder can still read the verb out of the context five steps later. Measured
            # in bench/results/translate.md.
            for layer in (self.encoder, self.decoder):
                with torch.no_grad():
                    nn.init.orthogonal_(layer.W_xx, generator=gen)

    def encode(self, src: torch.Tensor) -> torch.Tensor:
        """src (B,T) English ids → encoder states (B,T,H); the last one is the context."""
        return self.encoder.unroll(self.src_embed(src))

    def forward(self, src: torch.Tensor, tgt_in: torch.Tensor) -> torch.Tensor:
        """Teacher forcing. src (B,T), tgt_in (B,L) = <bos> + target → logits (B,L,V)."""
        context = self.encode(src)[:, -1]  # (B,H)
        _, logits = self.decoder(self.tgt_embed(tgt_in), context)
        return logits

    def greedy(self, src: torch.Tensor, steps: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Greedy decoding: feed back the most likely token. Returns ids (B,steps),
        encoder states (B,T,H) and decoder states (B,steps,H)."""
        enc = self.encode(src)
        x, prev = enc[:, -1], torch.full((src.shape[0],), 1, dtype=torch.long)  # <bos>
        ids, states = [], []
        for _ in range(steps):
            u = self.tgt_embed(prev).unsqueeze(1)  # (B,1,E)
            x = self.decoder.unroll(u, x)[:, 0]  # (B,H)
            prev = self.decoder.output(x[:, None], u)[:, 0].argmax(-1)  # (B,)
            ids.append(prev)
            states.append(x)
        return torch.stack(ids, 1), enc, torch.stack(states, 1)


@dataclass
class Translation:
    """One sentence through the network: what the view and the figure show."""
    english: list  # the T input labels (· for padding in front)
    korean: list  # the generated tokens, <eos> included when it came
    sentence: str  # the detokenised Korean sentence
    encoder_states: np.ndarray  # (T,H)
    decoder_states: np.ndarray  # (S,H), one per generated token

    @property
    def context(self) -> np.ndarray:
        return self.encoder_states[-1]  # (H,)


class TranslateTask(Task):
    name = "translate"
    kind = "many-to-many"
    seq_len_bounds = (4, 12, 7)  # the longest English sentence (shorter ones are padded in front)
    metric = "exact_match"
    higher_is_better = True
    defaults = {"cell": "elman", "hidden_size": 256, "lr": 0.001, "optimizer": "adam",
                "batch_size": 64, "clip": 1.0}
    preset_steps = 3000
    orthogonal_init = True  # Elman: start both W_xx orthogonal (see Seq2Seq)
    predict_help = "an English sentence, e.g. 'I love deep learning'"
    post_sentence = g.POST_PAIR

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        if source is not None:
            raise ValueError("The translation task uses its bundled corpus; it takes no data of its own.")
        corpus = {k: [p for p in v if len(g.tokenize_en(p[0])) <= seq_len] for k, v in g.load_corpus().items()}
        self.pairs = corpus
        self.src_vocab = g.Vocab(w for en, _ in corpus["train"] for w in g.tokenize_en(en))
        self.tgt_vocab = g.Vocab(w for _, ko in corpus["train"] for w in g.tokenize_ko(ko))
        self.out_len = 1 + max(len(g.tokenize_ko(ko)) for v in corpus.values() for _, ko in v)  # + <eos>
        self.data = {k: self._tensors(v) for k, v in corpus.items()}

    # --- data -------------------------------------------------------------------------------
    def encode_english(self, text: str) -> torch.Tensor:
        """English text → (1,T) ids, padded in front so the sentence ends at the last step.
        ValueError (naming the words) for unknown words, empty or too long input."""
        words = g.tokenize_en(text)
        if not words:
            raise InputError("translate.empty")
        unknown = [w for w in dict.fromkeys(words) if w not in self.src_vocab.stoi]
        if unknown:
            known = ", ".join(self.src_vocab.itos[3:])
            more = Said("translate.and_more", count=len(unknown) - 20) if len(unknown) > 20 else ""
            named = ", ".join(repr(w) for w in unknown[:20])
            raise InputError("translate.unknown_words", named=named, more=more, known=known)
        if len(words) > self.seq_len:
            raise InputError("translate.too_many_words", count=len(words), most=self.seq_len)
        ids = [0] * (self.seq_len - len(words)) + self.src_vocab.encode(words)
        return torch.tensor([ids])

    def _tensors(self, pairs):
        n, L = len(pairs), self.out_len
        src = torch.zeros(n, self.seq_len, dtype=torch.long)
        tgt_in = torch.zeros(n, L, dtype=torch.long)
        tgt_out = torch.full((n, L), IGNORE, dtype=torch.long)
        for i, (en, ko) in enumerate(pairs):
            words, toks = self.src_vocab.encode(g.tokenize_en(en)), self.tgt_vocab.encode(g.tokenize_ko(ko))
            src[i, self.seq_len - len(words):] = torch.tensor(words)
            tgt_in[i, :len(toks) + 1] = torch.tensor([1] + toks)  # <bos> + tokens
            tgt_out[i, :len(toks) + 1] = torch.tensor(toks + [2])  # tokens + <eos>
        return src, tgt_in, tgt_out

    # --- what the trainer uses --------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return Seq2Seq(cell, hidden_size, activation, len(self.src_vocab), len(self.tgt_vocab),
                       orthogonal=self.orthogonal_init, gen=gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        idx = torch.randint(0, len(self.data["train"][0]), (batch_size,), generator=gen)
        return tuple(t[idx] for t in self.data["train"])

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        src, tgt_in, tgt_out = batch
        logits = model(src, tgt_in)  # (B,L,V)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1), ignore_index=IGNORE)
        # All teacher-forced guesses right ⇔ greedy decoding reproduces the target exactly.
        right = (logits.argmax(-1) == tgt_out) | (tgt_out == IGNORE)
        return loss, float(right.all(1).float().mean())

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        src, tgt_in, tgt_out = self.data[split]
        with torch.no_grad():
            loss, _ = self.loss(model, (src, tgt_in, tgt_out))
            ids, _, _ = model.greedy(src, self.out_len)
        hyp = [self.tgt_vocab.decode(row) for row in ids.tolist()]
        ref = [self.tgt_vocab.decode(row) for row in tgt_out.clamp(min=0).tolist()]
        exact = float(np.mean([h == r for h, r in zip(hyp, ref)])) if ref else float("nan")
        post = self.translate(model, self.post_sentence[0]).sentence
        return Evaluation(float(loss), exact, {"pairs": len(ref), "post_translation": post,
                                               "post_correct": float(post == self.post_sentence[1])})

    def translate(self, model: nn.Module, text: str) -> Translation:
        """Greedy translation of one English sentence, with the states along the way."""
        src = self.encode_english(text)
        with torch.no_grad():
            ids, enc, dec = model.greedy(src, self.out_len)
        row = ids[0].tolist()
        n = row.index(2) + 1 if 2 in row else len(row)  # up to and including <eos>
        korean = [self.tgt_vocab.itos[i] for i in row[:n]]
        english = ["·"] * int((src[0] == 0).sum()) + g.tokenize_en(text)
        return Translation(english, korean, g.detokenize_ko(self.tgt_vocab.decode(row)),
                           enc[0].numpy(), dec[0, :n].numpy())

    def probe_batch(self) -> tuple | None:
        """The post's pair, its target unpadded: the steps of the probe, one for one."""
        en, ko = self.post_sentence
        toks = self.tgt_vocab.encode(g.tokenize_ko(ko))
        return self.encode_english(en), torch.tensor([[1] + toks]), torch.tensor([toks + [2]])

    def probe(self, model: nn.Module) -> Probe:
        """The post's sentence: encoder states, then decoder states under teacher forcing on the
        reference (so the number of steps never changes while the network learns)."""
        en, ko = self.post_sentence
        src = self.encode_english(en)
        toks = g.tokenize_ko(ko)
        tgt_in = torch.tensor([[1] + self.tgt_vocab.encode(toks)])
        with torch.no_grad():
            enc = model.encode(src)
            dec = model.decoder.unroll(model.tgt_embed(tgt_in), enc[:, -1])
        labels = ["·"] * int((src[0] == 0).sum()) + g.tokenize_en(en) + [f"→{t}" for t in toks + [g.EOS]]
        states = torch.cat([enc[0], dec[0]]).numpy()
        return Probe(states, labels, f"encoder: '{en}', then decoder (teacher forcing): '{ko}'")

    # --- what the screens and the CLI use ---------------------------------------------------
    def predict(self, model: nn.Module, text: str) -> str:
        return self.translate(model, text).sentence
