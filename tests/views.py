"""AppTest helpers shared by several test files: one task's panel on its own as an AppTest script
(tests/test_task_*.py), and the Train screen's Train / Pause button."""


def train_button(at):
    """The Train / Pause button: its key carries the number of clicks taken (ui/train_view.buttons)."""
    return next(b for b in at.button if (b.key or "").startswith("btn_train_"))


def task_view_script(task, hidden_size, seq_len):
    """A Trainer for `task` shown by its view; a task with a data panel stores what the panel
    returns in `new_source` (AppTest runs this function's body, so it imports what it uses)."""
    import streamlit as st
    import torch as _t

    from core.config import RunConfig as _C
    from core.tasks import make_task as _make
    from core.train import Trainer as _T
    from ui import task_views as _tv
    _t.set_num_threads(1)
    if "trainer" not in st.session_state:
        cfg = _C(task=task, hidden_size=hidden_size, seq_len=seq_len)
        st.session_state.trainer = _T(cfg, _make(task, seq_len, 0))
    view = _tv.load(task)
    view.view(st.session_state.trainer)
    if hasattr(view, "data_panel"):
        st.session_state.new_source = view.data_panel(st.session_state.get("source"))


def copy_lines(at) -> dict:
    """The screen's lines to copy (ui/copyline: the link, the headless command): key -> text."""
    import json

    return {c.key: json.loads(c.proto.json)["text"] for c in at.get("bidi_component")
            if c.proto.component_name == "rnn_explorer.copyline"}


def live_charts(at) -> list:
    """The screen's live charts (ui/livechart), not its other components."""
    return [c for c in at.get("bidi_component") if c.proto.component_name == "rnn_explorer.livechart"]


def chart_message(el) -> dict:
    """A live chart's message as it travels (its element's payload: JSON, as bytes)."""
    import json

    return json.loads(el.proto.bytes)
