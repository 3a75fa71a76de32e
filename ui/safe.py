"""Text from a link, a file or a person is data, never markup.

Streamlit renders markdown (links, images, **bold**, autolinked addresses), LaTeX between $
signs and its own :color[...] directives in every st.info / st.error / st.caption / st.markdown
body (raw HTML is already escaped). `text` backslash-escapes every character that can open such
markup, which CommonMark then shows as itself; a sentence that carries a user's value goes
through it. Characters that cannot open markup in mid-sentence (, ; ' = - . /, a _ inside a
word such as sys1_w) are left alone, so the source still reads as the sentence.
"""
import re

_OPENS = re.compile(r"([\\`*{}\[\]()#!|~<>$:@^])")  # links, images, emphasis, code, LaTeX, tags, directives
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # may open or close emphasis
_WWW = re.compile(r"(www)\.", re.IGNORECASE)  # GFM links a bare www.example.org


def text(value: object) -> str:
    """`value` as plain text inside a markdown body: nothing in it is rendered as markup."""
    out = _OPENS.sub(r"\\\1", str(value).replace("\r", " ").replace("\n", " "))
    return _WWW.sub(r"\1\\.", _LONE_UNDERSCORE.sub(r"\\_", out))
