"""Every bold span the app writes renders as bold, in English and in Korean.

Streamlit renders st.markdown, st.caption, help texts and labels with CommonMark (remark). Its
emphasis rule trips on Korean: in "**자율 시스템(autonomous system)**입니다" the closing ** follows
a ")" and precedes a syllable, so it is not a closer and the reader sees the asterisks. Every
string literal of screens/, ui/ and core/ (f-strings with their fields filled) is rendered with
markdown-it-py, a CommonMark parser, and must leave no ** behind.
"""
import ast
import pathlib

import pytest
from markdown_it import MarkdownIt

ROOT = pathlib.Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("screens/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("core/**/*.py")])
MD = MarkdownIt("commonmark")


def literals(path: pathlib.Path) -> list[str]:
    """The file's string literals that hold a ** (an f-string's fields read as 0)."""
    out, parts = [], set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            parts.update(id(v) for v in node.values)
            out.append("".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            out.append(node.value)
    # A piece with an odd number of ** is half of a sentence joined at run time, checked by hand.
    return [s for s in out if "**" in s and s.count("**") % 2 == 0]


def unrendered(text: str) -> str:
    """The text left after CommonMark rendering, with inline code removed (asterisks there are meant)."""
    tokens = [t for block in MD.parse(text) for t in (block.children or [])]
    return "".join(t.content for t in tokens if t.type == "text")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bold_span_renders(path):
    left = [s for s in literals(path) if "**" in unrendered(s)]
    assert left == [], "asterisks a reader would see (put the ** around letters, e.g. **자율 시스템**(…)입니다)"


def test_the_check_sees_the_korean_trap():
    assert "**" in unrendered("**자율 시스템(autonomous system)**입니다")
    assert "**" not in unrendered("**자율 시스템**(autonomous system)입니다")
    assert "**" not in unrendered("Look at **x_t** here, `a**2` stays code")
