"""A line to copy: the screen's link and its headless command, in a box with a Copy button.

st.code would do, but the first st.code on a page makes the browser load and run Streamlit's
syntax highlighter (1.5 MB of script): about 0.35 s of a new visitor's time to the Train screen's
first chart (bench/first_chart.py). This box shows the text as text, never as markup.
"""
import os

import streamlit.components.v2 as components_v2

from .i18n import tr

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "copyline_frontend", "copyline.js"), encoding="utf-8") as _f:
    _JS = _f.read()
_CSS = """
.copyline { display: flex; align-items: flex-start; gap: 0.5rem; padding: 0.6rem 0.75rem;
  border-radius: 0.5rem; background: var(--st-code-background-color, rgba(128, 128, 128, 0.1));
  font-family: var(--st-code-font, monospace); font-size: 0.85rem; color: var(--st-text-color); }
.copyline code { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; }
.copyline button { flex: none; cursor: pointer; font: inherit; font-size: 0.75rem; padding: 0.15rem 0.5rem;
  color: inherit; background: transparent; border: 1px solid var(--st-border-color, rgba(128, 128, 128, 0.4));
  border-radius: 0.3rem; }
.copyline button:hover { border-color: var(--st-primary-color, currentColor); }
"""
# Not style-isolated, so the text is part of the page (its innerText, find-in-page, screen readers).
_mount = components_v2.component("rnn_explorer.copyline", js=_JS, css=_CSS, isolate_styles=False)


def copy_line(text: str, key: str) -> None:
    """`text` in a monospace box with a Copy button (wrapped, never rendered as markup)."""
    _mount(key=key, data={"text": text, "copy": tr("Copy", "복사"), "copied": tr("Copied", "복사됨"),
                          "failed": tr("Select and copy it", "선택해서 복사하세요")}, width="stretch")
