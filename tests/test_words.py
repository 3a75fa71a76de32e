"""The string catalogue (ui/words): core speaks ids, the catalogue words them in English and
Korean. Checked from the source (ast) and from the registries of tasks, presets and texts."""
import ast
import re
from pathlib import Path

import pytest

from core.presets import PRESETS
from core.tasks import get_task, task_names
from core.tasks.generate import BUNDLED
from ui.words import CATALOGUE, EN, KO, fields, words

ROOT = Path(__file__).resolve().parent.parent
HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
# Modules of core whose Korean is data, not wording: what the tokenizer, the encoding, date and
# price readers and the label reader recognise in a user's text, the translation grammar, and the
# sentiment task's example sentences (one per language of the sentence, not of the screen).
DATA = {"core/csvtext.py", "core/dates.py", "core/prices.py", "core/text.py", "core/tasks/translate_grammar.py",
        "core/tasks/sentiment_input.py", "core/tasks/sentiment.py"}
CORE = sorted(p for p in (ROOT / "core").rglob("*.py"))


def _name(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (code documentation, not screen text)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def korean_strings(path: Path) -> list[str]:
    """Every string literal of `path` (f-string parts included) holding Hangul, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docs and HANGUL.search(n.value)]


def test_the_reader_finds_korean_in_code_and_not_in_docstrings(tmp_path):
    """The oracle for the rule below, on a module written here."""
    (tmp_path / "m.py").write_text('"""설명."""\ndef f(n):\n    """함수."""\n    return f"{n} 스텝", "step"\n',
                                   encoding="utf-8")
    assert korean_strings(tmp_path / "m.py") == [" 스텝"]


@pytest.mark.parametrize("path", [p for p in CORE if _name(p) not in DATA], ids=_name)
def test_core_has_no_screen_wording(path):
    """Korean in core outside its data modules would be screen wording outside the catalogue."""
    assert korean_strings(path) == []


@pytest.mark.parametrize("path", CORE, ids=_name)
def test_core_takes_no_language(path):
    """core's functions take the catalogue (`words`), never a language code to branch on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    params = {a.arg for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Lambda))
              for a in n.args.args + n.args.kwonlyargs}
    assert "lang" not in params
    if _name(path) not in DATA:
        compared = [c for n in ast.walk(tree) if isinstance(n, ast.Compare)
                    for c in [n.left, *n.comparators] if isinstance(c, ast.Constant) and c.value == "ko"]
        assert not compared


def test_every_entry_has_both_languages_with_the_same_fields():
    for key, pair in CATALOGUE.items():
        assert isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) and s.strip() for s in pair), key
        assert fields(pair[0]) == fields(pair[1]), key
        assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", key), key


def test_korean_entries_are_korean():
    """An entry whose Korean side is not Korean was left untranslated (symbols alone are fine)."""
    untranslated = [k for k, (en, ko) in CATALOGUE.items() if ko == en and re.search("[a-z]{3,} [a-z]{3,}", en)]
    assert untranslated == []


def test_every_task_preset_and_text_is_worded():
    for name in task_names():
        task = get_task(name)
        assert EN[f"task.{name}.title"] and KO[f"task.{name}.title"] != EN[f"task.{name}.title"]
        assert HANGUL.search(KO[f"task.{name}.summary"])
        assert HANGUL.search(KO[f"metric.{task.metric}"])
    for preset in PRESETS:
        assert HANGUL.search(KO[f"preset.{preset.name}.title"]) and HANGUL.search(KO[f"preset.{preset.name}.blurb"])
    for key in BUNDLED:
        assert HANGUL.search(KO[f"corpus.{key}"])


def test_a_language_is_one_of_two():
    assert words("ko")["task.sine.title"] == KO["task.sine.title"]
    with pytest.raises(ValueError):
        words("fr")
    with pytest.raises(KeyError):
        EN["no.such.id"]


def _literal_ids() -> set[str]:
    """Catalogue ids written out in core/, ui/ and screens/ as `...["some.id"]`."""
    found = set()
    for folder in ("core", "ui", "screens"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"\[\s*\"([a-z0-9_]+(?:\.[a-z0-9_]+)+)\"\s*\]", path.read_text(encoding="utf-8")))
    return found


def test_every_written_id_exists_and_every_entry_is_used():
    """A typo in an id fails here, before any screen; an entry nobody reads is dead wording.
    Ids built from a registry (task., metric., preset., corpus.) are checked above; said.<id> are
    the ids of core.said.ENGLISH, checked against what core says in tests/test_said.py."""
    used = _literal_ids()
    assert used - set(CATALOGUE) == set()
    dynamic = ("task.", "metric.", "preset.", "corpus.", "said.")
    assert {k for k in CATALOGUE if not k.startswith(dynamic)} - used == set()
