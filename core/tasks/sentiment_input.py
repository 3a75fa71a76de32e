"""The user's labelled sentences for the sentiment task: labels in English or Korean, pairs
checked, lines typed as "label<TAB>sentence". Every failure is an InputError (core/said.py)."""
from ..said import InputError, Said
from ..text import require_text

LABELS = ("negative", "positive")  # class index 0, 1
MAX_INPUT_CHARS = 2000  # longer input keeps its last 2000 characters before tokenising
MAX_USER_SENTENCES = 5000
_LABEL_WORDS = {"positive": 1, "pos": 1, "p": 1, "+": 1, "1": 1, "긍정": 1, "good": 1,
                "negative": 0, "neg": 0, "n": 0, "-": 0, "0": 0, "부정": 0, "bad": 0}


def parse_label(value: object) -> int:
    key = str(value).strip().lower()
    if key not in _LABEL_WORDS:
        raise InputError("sentiment.not_a_label", value=value, korean="긍정 / 부정")  # the Korean labels are data
    return _LABEL_WORDS[key]


def parse_source(source: object) -> list[tuple[str, int]]:
    """Validate user sentences: a list of (text, label) pairs -> [(text, 0/1)]. ValueError otherwise."""
    if source is None:
        return []
    if not isinstance(source, (list, tuple)):
        raise InputError("sentiment.not_a_list")
    if len(source) > MAX_USER_SENTENCES:
        raise InputError("sentiment.too_many", most=MAX_USER_SENTENCES, count=len(source))
    out = []
    for i, pair in enumerate(source, 1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise InputError("sentiment.not_a_pair", n=i)
        text, label = pair
        require_text(text, Said("text.what.added", n=i))
        if len(text) > MAX_INPUT_CHARS:
            raise InputError("sentiment.too_long", n=i, most=MAX_INPUT_CHARS)
        out.append((text.strip(), parse_label(label)))
    return out


def parse_lines(text: str, label: str | int | None = None) -> list[list]:
    """Sentences typed one per line. With `label` every line gets it; without, each line is
    'label<TAB>sentence' (or 'label,sentence'). Returns [[sentence, 'positive'|'negative'], ...]."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("sentiment.no_lines")
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if label is not None:
            pairs.append([line.strip(), LABELS[parse_label(label)]])
            continue
        sep = "\t" if "\t" in line else "," if "," in line else None
        if sep is None:
            raise InputError("sentiment.no_label", n=n)
        lab, sentence = line.split(sep, 1)
        try:
            pairs.append([sentence.strip(), LABELS[parse_label(lab)]])
        except InputError as e:
            raise InputError("sentiment.line", n=n, error=e.said) from None
    parse_source(pairs)  # same checks as the task will make
    return pairs
