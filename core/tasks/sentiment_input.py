"""The user's labelled sentences for the sentiment task: labels in English or Korean, pairs
checked, lines typed as "label<TAB>sentence". Every failure is a ValueError with a sentence."""
from ..text import require_text

LABELS = ("negative", "positive")  # class index 0, 1
MAX_INPUT_CHARS = 2000  # longer input keeps its last 2000 characters before tokenising
MAX_USER_SENTENCES = 5000
_LABEL_WORDS = {"positive": 1, "pos": 1, "p": 1, "+": 1, "1": 1, "긍정": 1, "good": 1,
                "negative": 0, "neg": 0, "n": 0, "-": 0, "0": 0, "부정": 0, "bad": 0}


def parse_label(value: object) -> int:
    key = str(value).strip().lower()
    if key not in _LABEL_WORDS:
        raise ValueError(f"'{value}' is not a label: use positive or negative (긍정 / 부정).")
    return _LABEL_WORDS[key]


def parse_source(source: object) -> list[tuple[str, int]]:
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


def parse_lines(text: str, label: str | int | None = None) -> list[list]:
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
