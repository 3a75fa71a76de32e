"""Text from a link, a file or a person is data, never markup.

Streamlit renders markdown (links, images, **bold**), LaTeX between $ signs and its own
:color[...] directives in every st.info / st.error / st.caption / st.markdown body (raw HTML is
already escaped). `text` backslash-escapes every ASCII punctuation character, which CommonMark
then shows as itself; a whole sentence that carries a user's value goes through it.
"""
import re

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def text(value) -> str:
    """`value` as plain text inside a markdown body: nothing in it is rendered as markup."""
    return _PUNCT.sub(r"\\\1", str(value)).replace("\n", " ")
