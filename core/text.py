"""Generic tokenisation for the text tasks (English and Korean, no downloads).

    tokens = tokenize(text)          "This isn't bad!"  -> ["this", "is", "not", "bad", "!"]
                                     "좋지 않다"         -> ["좋", "지", "않", "다"]
    ids    = Vocab(...).encode(tokens)

Rules, in order:
- NFC-normalise (Korean typed as separate jamo becomes syllables), drop invisible format
  characters (zero-width joiner, bidi marks), lowercase.
- English "n't" becomes its own word "not" ("isn't" -> "is not", "can't" -> "can not"), so
  the negation is one token however it is spelled.
- A Hangul syllable is one token. Korean glues endings to stems ("좋지", "않았다"); splitting
  into syllables makes the negation "않" (and "안", "지만") a token of its own without a
  morphological analyser, and keeps the vocabulary small (~2,000 common syllables).
- A run of other letters (any script) is one word; a run of digits is one token; every other
  visible character (punctuation, emoji, "<", ">") is a token of its own. HTML or script tags
  are therefore plain text: "<b>" -> ["<", "b", ">"].

Nothing here raises on odd input except `require_text`, which tasks call on user input.
"""
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .said import InputError, Said

PAD, UNK = "<pad>", "<unk>"

HANGUL = "\uac00-\ud7a3"  # precomposed syllables 가..힣 (a character class range, also for core/csvtext.py)
_JAMO = "\u3131-\u318e"  # compatibility jamo (ㅋ, ㅠ ...)
_TOKEN = re.compile(
    rf"[{HANGUL}]"  # one Hangul syllable
    rf"|[{_JAMO}]"  # one stray jamo (ㅋㅋ -> ㅋ, ㅋ)
    rf"|(?:(?![{HANGUL}{_JAMO}])[^\W\d_])+"  # a word of letters in any other script
    r"|\d+"  # a number
    r"|\S"  # any other visible character: punctuation, emoji, tag brackets
)
_NOT = [(re.compile(r"\bcan['’]t\b"), "can not"), (re.compile(r"\bwon['’]t\b"), "will not"),
        (re.compile(r"\bshan['’]t\b"), "shall not"), (re.compile(r"(\w)n['’]t\b"), r"\1 not")]


def normalize(text: str) -> str:
    """NFC, no invisible format characters (category Cf), lowercase."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = text.lower()
    for pattern, repl in _NOT:
        text = pattern.sub(repl, text)
    return text


_KO_WORD = re.compile(rf"[{HANGUL}]+|[{_JAMO}]|(?:(?![{HANGUL}{_JAMO}])[^\W\d_])+|\d+|\S")
KOREAN_UNITS = ("syllable", "jamo", "word")  # bench/results/sentiment.md compares them


def tokenize(text: str, korean: str = "syllable") -> list[str]:
    """The token strings of `text` (see the module docstring). Empty text -> [].
    `korean` sets the unit of Hangul: "syllable" (the default, 좋|았|다), "jamo" (the letters
    of each syllable, ᄌ|ᅩ|ᇂ|...) or "word" (a whole space-separated run, 좋았다)."""
    if not isinstance(text, str):
        return []
    text = normalize(text)
    if korean == "word":
        return _KO_WORD.findall(text)
    tokens = _TOKEN.findall(text)
    if korean == "jamo":
        return [j for t in tokens for j in (unicodedata.normalize("NFD", t) if "\uac00" <= t <= "\ud7a3" else [t])]
    return tokens


def require_text(text: object, what: Said | None = None) -> str:
    """Return `text` if it holds something to read; otherwise an InputError a student understands.
    `what` names it (a text.what.* Said; default: the sentence)."""
    what = what if what is not None else Said("text.what.sentence")
    if not isinstance(text, str):
        raise InputError("text.not_text", what=what)
    if not tokenize(text):
        raise InputError("text.empty", what=what)
    return text


def clip_tokens(tokens: list, max_tokens: int, keep: str = "last") -> tuple[list, int]:
    """At most `max_tokens` tokens, keeping the last (default) or the first ones.
    Returns (tokens, how many were dropped)."""
    dropped = max(0, len(tokens) - max_tokens)
    if not dropped:
        return list(tokens), 0
    return (list(tokens[dropped:]) if keep == "last" else list(tokens[:max_tokens])), dropped


class Vocab:
    """Token <-> id. Id 0 is <pad>, id 1 is <unk> (any token not seen when the vocabulary was
    built). Built deterministically: by count, then alphabetically, so the same texts always
    give the same ids (a saved run can rebuild its vocabulary from its data)."""

    def __init__(self, token_lists: Iterable[Iterable[str]], min_count: int = 1, max_size: int | None = None):
        counts = Counter(t for tokens in token_lists for t in tokens)
        ranked = sorted((t for t, c in counts.items() if c >= min_count and t not in (PAD, UNK)),
                        key=lambda t: (-counts[t], t))
        if max_size is not None:
            ranked = ranked[:max(0, max_size - 2)]
        self.itos = [PAD, UNK] + ranked
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, tokens: Iterable[str]) -> list[int]:
        return [self.stoi.get(t, 1) for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.itos[i] if 0 <= i < len(self.itos) else UNK for i in ids]

    def extend(self, tokens: Iterable[str], size: int) -> list[str]:
        """Append the tokens not known yet, in order of appearance, while the vocabulary has fewer
        than `size` entries (ids already given never change). Returns the tokens that did not fit."""
        left = []
        for t in tokens:
            if t in self.stoi or t in (PAD, UNK):
                continue
            if len(self.itos) >= size:
                left.append(t)
                continue
            self.stoi[t] = len(self.itos)
            self.itos.append(t)
        return left

    def unknown(self, tokens: Iterable[str]) -> list[str]:
        """The tokens this vocabulary does not know (they will read as <unk>)."""
        return [t for t in tokens if t not in self.stoi]
