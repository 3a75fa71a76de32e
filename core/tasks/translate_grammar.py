"""The Korean side of the translation task: particles chosen by batchim, word-level tokens, and
the bundled English → Korean corpus.

Korean marks the topic with 은/는 and the object with 을/를. The choice depends on the last
syllable of the word before it: with a final consonant (batchim) 은/을, without 는/를.
A Hangul syllable is the code point 0xAC00 + (initial·21 + vowel)·28 + final, so it has a
batchim exactly when (code − 0xAC00) mod 28 ≠ 0.

Tokens: English by words (lower case, punctuation dropped); Korean by words with the particle
split off as a token of its own ("딥러닝을" → "딥러닝", "을"), so the network learns the
particle once instead of once per noun. `detokenize_ko` glues particles back on.
"""
import csv
import re
from collections.abc import Iterable

from ..datasets import bundled_path

ASSET = bundled_path("translate", "pairs.csv")
POST_PAIR = ("I love deep learning", "나는 딥러닝을 좋아한다")
PARTICLES = {"topic": ("은", "는"), "object": ("을", "를")}  # (after batchim, after a vowel)
PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
SPLITS = ("train", "val", "test")
MAX_ROWS = 20000


def is_hangul_syllable(ch: str) -> bool:
    return len(ch) == 1 and 0xAC00 <= ord(ch) <= 0xD7A3


def has_batchim(word: str) -> bool:
    """Does the last syllable of `word` end in a consonant (받침)? '학생' → True, '나' → False."""
    if not word or not is_hangul_syllable(word[-1]):
        raise ValueError(f"'{word}' does not end in a Korean syllable, so its particle cannot be chosen.")
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def particle(word: str, role: str) -> str:
    """The particle for `word` in `role` ('topic' → 은/는, 'object' → 을/를)."""
    after_consonant, after_vowel = PARTICLES[role]
    return after_consonant if has_batchim(word) else after_vowel


def attach(word: str, role: str) -> str:
    """'학생', 'topic' → '학생은';  '딥러닝', 'object' → '딥러닝을'."""
    return word + particle(word, role)


def _split_particle(word: str):
    """'딥러닝을' → ['딥러닝', '을'] when the ending is a particle that fits the batchim rule;
    a word that merely ends in 은/는/을/를 (e.g. '마을': 마 has no batchim) stays whole."""
    if len(word) >= 2 and is_hangul_syllable(word[-2]):
        stem, last = word[:-1], word[-1]
        for role, pair in PARTICLES.items():
            if last in pair and particle(stem, role) == last:
                return [stem, last]
    return [word]


def tokenize_ko(sentence: str) -> list[str]:
    """'나는 딥러닝을 좋아한다' → ['나', '는', '딥러닝', '을', '좋아한다']."""
    return [tok for word in sentence.split() for tok in _split_particle(word)]


def detokenize_ko(tokens: Iterable[str]) -> str:
    """The inverse of tokenize_ko: particles are glued to the word before them."""
    words = []
    for tok in tokens:
        if words and tok in ("은", "는", "을", "를"):
            words[-1] += tok
        else:
            words.append(tok)
    return " ".join(words)


def tokenize_en(sentence: str) -> list[str]:
    """Lower-case words; punctuation is dropped. "I love Deep-Learning!" → ['i', 'love', 'deep', 'learning'].
    Digits and other scripts stay words (so that they can be named as unknown, not lost)."""
    return re.findall(r"[^\W_]+(?:'[^\W_]+)*", sentence.lower())


class Vocab:
    """token ↔ index, with <pad>=0, <bos>=1, <eos>=2 in front of the sorted tokens."""

    def __init__(self, tokens: Iterable[str]):
        self.itos = [PAD, BOS, EOS] + sorted(set(tokens) - {PAD, BOS, EOS})
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, tokens: Iterable[str]) -> list[int]:
        return [self.stoi[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Indices up to (not including) the first <eos>; <pad>/<bos> dropped."""
        out = []
        for i in ids:
            if i == 2:
                break
            if i > 2:
                out.append(self.itos[i])
        return out


def load_corpus(path: str = ASSET) -> dict:
    """Read the bundled CSV (columns english, korean, split) -> {'train': [(en, ko), ...], ...}."""
    splits = {s: [] for s in SPLITS}
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= MAX_ROWS:
                raise ValueError(f"The corpus has more than {MAX_ROWS} rows.")
            if row.get("split") not in splits or not row.get("english") or not row.get("korean"):
                raise ValueError(f"Row {i + 2} of the corpus needs english, korean and split "
                                 f"(one of {', '.join(SPLITS)}).")
            splits[row["split"]].append((row["english"].strip(), row["korean"].strip()))
    return splits
