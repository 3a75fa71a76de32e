"""The Train screen's settings: widgets bound to the URL (so a link restores them), read back as
one RunConfig. Values from a URL are checked and clamped here, with a notice."""
from dataclasses import fields

import streamlit as st

from core.activations import ACTIVATIONS
from core.config import OPTIMIZERS, RunConfig
from core.model import CELLS
from core.tasks import get_task, task_names

from .i18n import pick, tr

LR_STEPS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 0.1, 0.2, 0.5, 1.0)
CELL_NAMES = {"elman": "Elman (the post's RNN)", "lstm": "LSTM", "gru": "GRU"}
BOUND = "query-params"


def _task_defaults(name: str) -> dict:
    cls = get_task(name)
    return {**RunConfig().to_dict(), "task": name, "seq_len": cls.seq_len_bounds[2], **cls.defaults}


def on_task_change():
    """A new problem type starts from that task's own defaults."""
    load_config(_task_defaults(st.session_state["task"]))


def load_config(values: dict):
    """Put a configuration into the widgets (a preset, a saved run, a task's defaults)."""
    for key, value in values.items():
        if key == "task" and st.session_state.get("task") == value:
            continue
        st.session_state[key] = _nearest_lr(value) if key == "lr" else value


def _nearest_lr(lr):
    return min(LR_STEPS, key=lambda v: abs(v - float(lr)) / v)


def _clamp_from_url():
    """Repair widget values that came from a URL before the widgets are drawn."""
    notices = []
    ss = st.session_state
    task = ss.get("task", "sine")
    if task not in task_names():
        notices.append(tr(f"Unknown problem type '{task}' in the link; showing the default.",
                          f"링크의 문제 유형 '{task}'을(를) 알 수 없어 기본값을 보여 줍니다."))
        ss["task"] = task = "sine"
    lo, hi, _ = get_task(task).seq_len_bounds
    for key, lo_, hi_ in (("seq_len", lo, hi), ("hidden_size", 1, 512), ("batch_size", 1, 512),
                          ("truncate", 0, hi), ("seed", 0, 2**31 - 1)):
        if key in ss:
            try:
                value = int(ss[key])
            except (TypeError, ValueError):
                value = None
            if value is None or not lo_ <= value <= hi_:
                fixed = _task_defaults(task)[key] if value is None else min(max(value, lo_), hi_)
                notices.append(tr(f"{key} = {ss[key]} is outside {lo_}–{hi_}; using {fixed}.",
                                  f"{key} = {ss[key]} 값이 {lo_}–{hi_} 범위를 벗어나 {fixed}을(를) 씁니다."))
                ss[key] = fixed
    return notices


def settings() -> tuple[RunConfig, list]:
    """Draw the settings (in the sidebar) and return (config, notices)."""
    if "task" not in st.session_state:
        load_config(_task_defaults(st.session_state.get("task", "sine")))
    notices = _clamp_from_url()
    defaults = _task_defaults(st.session_state["task"])
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    sb = st.sidebar
    sb.selectbox(tr("Problem type", "문제 유형"), task_names(), key="task", on_change=on_task_change,
                 format_func=lambda n: f"{n}: {pick(get_task(n).title)}", bind=BOUND)
    lo, hi, _ = get_task(st.session_state["task"]).seq_len_bounds
    sb.radio(tr("Cell", "셀"), CELLS, key="cell", format_func=lambda c: tr(CELL_NAMES[c], CELL_NAMES[c].replace(
        "the post's RNN", "글의 RNN")), horizontal=True, bind=BOUND)
    sb.slider(tr("Hidden size H", "은닉 크기 H"), 1, 512, key="hidden_size", bind=BOUND,
              help=tr("Size of the hidden state x_t. Changing it starts a new network.",
                      "은닉 상태 x_t의 크기. 바꾸면 새 네트워크로 시작합니다."))
    sb.slider(tr("Sequence length / window T", "시퀀스 길이 / 창 T"), lo, hi, key="seq_len", bind=BOUND)
    sb.selectbox(tr("Activation σ", "활성화 함수 σ"), ACTIVATIONS, key="activation", bind=BOUND,
                 disabled=st.session_state["cell"] != "elman",
                 help=tr("Used by the Elman cell; LSTM and GRU have their own gates.",
                         "Elman 셀에서 쓰입니다. LSTM과 GRU는 자체 게이트를 씁니다."))
    sb.select_slider(tr("Learning rate (log scale)", "학습률 (로그 눈금)"), LR_STEPS, key="lr", bind=BOUND,
                     format_func=lambda v: f"{v:g}")
    sb.radio(tr("Optimizer", "옵티마이저"), OPTIMIZERS, key="optimizer", horizontal=True, bind=BOUND,
             format_func=lambda o: {"adam": "Adam", "sgd": "SGD"}[o])
    sb.slider(tr("Batch size", "배치 크기"), 1, 512, key="batch_size", bind=BOUND)
    sb.number_input(tr("Truncated BPTT k (0 = full BPTT)", "절단 BPTT k (0 = 전체 BPTT)"), 0, hi, key="truncate",
                    bind=BOUND, help=tr("Gradients flow back at most k steps (windows counted from the end).",
                                        "기울기가 최대 k 스텝까지만 거꾸로 흐릅니다 (끝에서부터 센 구간)."))
    sb.number_input(tr("Clip gradient norm (0 = off)", "기울기 노름 클리핑 (0 = 끔)"), 0.0, 1e6, step=0.5,
                    key="clip", bind=BOUND)
    sb.number_input(tr("Seed", "시드"), 0, 2**31 - 1, key="seed", bind=BOUND)
    values = {f.name: st.session_state[f.name] for f in fields(RunConfig)}
    cfg, more = RunConfig.from_dict(values, task_names())
    return cfg, notices + more
