"""The Train screen's settings: widgets bound to the URL (so a link restores them), read back as
one RunConfig. Values from a URL are checked and clamped here, with a notice."""
from dataclasses import fields
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core.activations import ACTIVATIONS
from core.config import OPTIMIZERS, RunConfig
from core.model import CELLS
from core.tasks import get_task, task_names

from . import urlstate
from .i18n import pick, tr

LR_STEPS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 0.1, 0.2, 0.5, 1.0)
CELL_NAMES = {"elman": "Elman (the post's RNN)", "lstm": "LSTM", "gru": "GRU", "lru": "LRU (linear recurrence)"}


def label(key: str) -> str:
    """A setting's name as the sidebar shows it, so notices name settings the same way."""
    return {"task": tr("Problem type", "문제 유형"), "cell": tr("Cell", "셀"),
            "hidden_size": tr("Hidden size H", "은닉 크기 H"),
            "seq_len": tr("Sequence length / window T", "시퀀스 길이 / 창 T"),
            "activation": tr("Activation σ", "활성화 함수 σ"), "seed": tr("Seed", "시드")}[key]


def _task_defaults(name: str) -> dict:
    cls = get_task(name)
    return {**RunConfig().to_dict(), "task": name, "seq_len": cls.seq_len_bounds[2], **cls.defaults}


def on_task_change():
    """A new problem type starts from that task's own defaults."""
    load_config(_task_defaults(st.session_state["task"]))


def load_config(values: dict):
    """Put a configuration into the widgets (a preset, a saved run, a task's defaults)."""
    for key, value in values.items():
        st.session_state[key] = _nearest_lr(value) if key == "lr" else value


def _nearest_lr(lr):
    return min(LR_STEPS, key=lambda v: abs(v - float(lr)) / v)


URL_KEYS = {"lang", "present", "preset", "scrub"}  # the other keys a Train link may carry


def read_url_once() -> list:
    """On a session's first run, check the link's settings: unknown keys and malformed values
    are ignored, out-of-range values clamped, each with a sentence. Later runs trust the widgets."""
    if not urlstate.first_visit("train"):
        return []
    given = st.query_params.to_dict()
    known = {f.name for f in fields(RunConfig)}
    notices = [tr(f"Ignored '{k}' in the link: it is not a setting of this screen.",
                  f"링크의 '{k}'은(는) 이 화면의 설정이 아니어서 무시했습니다.")
               for k in given if k not in known | URL_KEYS]
    values = {k: v for k, v in given.items() if k in known}
    cfg, problems = RunConfig.from_dict(values, task_names())
    lo, hi, _ = get_task(cfg.task).seq_len_bounds
    raw_t = _number(values.get("seq_len"))
    if raw_t is not None:  # T is checked against the task's own range, not the config's widest one
        problems = [p for p in problems if not p.startswith("seq_len =")]
    notices += problems
    if raw_t is not None and not lo <= raw_t <= hi:
        fixed = int(min(max(raw_t, lo), hi))
        notices.append(tr(f"seq_len = {values['seq_len']} is outside {lo}–{hi} for {cfg.task}; used {fixed}.",
                          f"{cfg.task}의 seq_len = {values['seq_len']} 값이 {lo}–{hi} 범위를 벗어나 {fixed}을(를) 썼습니다."))
        cfg = cfg.replace(seq_len=fixed)
    if "task" in values:
        load_config({**_task_defaults(cfg.task), **{k: getattr(cfg, k) for k in values}})
    else:
        load_config({k: getattr(cfg, k) for k in values})
    return notices


def _number(raw):
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if value == value and abs(value) != float("inf") else None


def settings() -> tuple[RunConfig, list]:
    """Draw the settings (in the sidebar) and return (config, notices)."""
    if "task" not in st.session_state:
        load_config(_task_defaults("sine"))
    notices = read_url_once()
    if "pending_config" in st.session_state:  # a loaded run's settings
        load_config(st.session_state.pop("pending_config"))
    defaults = _task_defaults(st.session_state["task"])
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    sb = st.sidebar
    sb.selectbox(label("task"), task_names(), key="task", on_change=on_task_change,
                 format_func={n: f"{n}: {pick(get_task(n).title)}" for n in task_names()}.get)
    lo, hi, _ = get_task(st.session_state["task"]).seq_len_bounds
    sb.radio(label("cell"), CELLS, key="cell", format_func={c: tr(CELL_NAMES[c], CELL_NAMES[c].replace(
        "the post's RNN", "글의 RNN").replace("linear recurrence", "선형 순환")) for c in CELLS}.get, horizontal=True)
    sb.slider(label("hidden_size"), 1, 512, key="hidden_size",
              help=tr("Size of the hidden state x_t. Changing it starts a new network.",
                      "은닉 상태 x_t의 크기. 바꾸면 새 네트워크로 시작합니다."))
    sb.slider(label("seq_len"), lo, hi, key="seq_len")
    sb.selectbox(label("activation"), ACTIVATIONS, key="activation",
                 disabled=st.session_state["cell"] != "elman",
                 help=tr("Used by the Elman cell; LSTM and GRU have their own gates; the LRU's "
                         "recurrence is linear.",
                         "Elman 셀에서 쓰입니다. LSTM과 GRU는 자체 게이트를 쓰고, LRU의 순환은 선형입니다."))
    sb.select_slider(tr("Learning rate (log scale)", "학습률 (로그 눈금)"), LR_STEPS, key="lr",
                     format_func=lambda v: f"{v:g}")
    sb.radio(tr("Optimizer", "옵티마이저"), OPTIMIZERS, key="optimizer", horizontal=True,
             format_func=lambda o: {"adam": "Adam", "sgd": "SGD"}[o])
    sb.slider(tr("Batch size", "배치 크기"), 1, 512, key="batch_size")
    sb.number_input(tr("Truncated BPTT k (0 = full BPTT)", "절단 BPTT k (0 = 전체 BPTT)"), 0, hi, key="truncate",
                    help=tr("Gradients flow back at most k steps (windows counted from the end).",
                                        "기울기가 최대 k 스텝까지만 거꾸로 흐릅니다 (끝에서부터 센 구간)."))
    sb.number_input(tr("Clip gradient norm (0 = off)", "기울기 노름 클리핑 (0 = 끔)"), 0.0, 1e6, step=0.5,
                    key="clip")
    sb.number_input(label("seed"), 0, 2**31 - 1, key="seed")
    values = {f.name: st.session_state[f.name] for f in fields(RunConfig)}
    cfg, more = RunConfig.from_dict(values, task_names())
    urlstate.write({"task": cfg.task, **cfg.to_dict()}, {k: v for k, v in defaults.items() if k != "task"})
    return cfg, notices + more


def share_link(cfg: RunConfig) -> str:
    """A link that reopens this screen exactly: every setting, the language and the mode."""
    values = {k: (f"{v:g}" if isinstance(v, float) else v) for k, v in cfg.to_dict().items()}
    values["lang"] = st.session_state.get("lang", "en")
    if st.session_state.get("present"):
        values["present"] = "true"
    base = ""
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    except (AttributeError, RuntimeError, ValueError):
        pass
    return f"{base}/train?{urlencode(values)}"
