"""A file is parsed once, not on every click.

Streamlit hands the same uploaded file to every script run (each Step, each slider). The parsed
value is kept in the session under the content's SHA-256, with the uploader's file id so that a
rerun does not even hash it again; the bytes are not kept. One entry per slot: a new upload
replaces the old one, and removing the file frees it. A file that failed is remembered too, so
a bad file is not parsed again either.
"""
import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from core.said import InputError, Said


def parsed_once(slot: str, upload: UploadedFile | None, parse: Callable[[bytes], Any],
                too_large: Callable[[int], str] | None = None) -> Any:
    """parse(bytes) for the file in `upload` (a Streamlit UploadedFile, or None), computed once per
    content. too_large(size) -> a sentence ('' if fine) refuses a file before it is read.
    Returns the parsed value (None when there is no file); raises ValueError with a sentence."""
    if upload is None:
        st.session_state.pop(slot, None)
        return None
    problem = too_large(upload.size) if too_large else ""
    if problem:
        st.session_state.pop(slot, None)
        raise _error(problem)
    memo = st.session_state.get(slot)
    if memo is None or memo["file_id"] != upload.file_id:
        data = upload.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        if memo is None or memo["sha256"] != digest:
            memo = {"sha256": digest, **_parse(parse, data)}
        memo["file_id"] = upload.file_id
        st.session_state[slot] = memo
    return _result(memo)


def text_once(slot: str, text: str, parse: Callable[[str], Any]) -> Any:
    """The same for text typed or pasted into a box: parse(text), once per content."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    memo = st.session_state.get(slot)
    if memo is None or memo["sha256"] != digest:
        memo = {"sha256": digest, **_parse(parse, text)}
        st.session_state[slot] = memo
    return _result(memo)


def _parse(parse, data) -> dict:
    try:
        return {"value": parse(data), "error": None}
    except ValueError as e:  # the sentence is kept (a Said stays worded in both languages), not the traceback
        return {"value": None, "error": e.said if isinstance(e, InputError) else str(e)}


def _error(sentence: str) -> ValueError:
    return InputError(sentence) if isinstance(sentence, Said) else ValueError(sentence)


def _result(memo):
    if memo["error"] is not None:
        raise _error(memo["error"])
    return memo["value"]
