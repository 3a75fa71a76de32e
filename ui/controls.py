"""The Train screen's settings: one schema (`SCHEMA`, from RunConfig's field metadata plus the
bounds that follow the task), widgets bound to the link through it (ui/urlstate.py), read back
as one RunConfig."""
from dataclasses import fields, replace
from functools import cache
from urllib.parse import urlencode, urlsplit

import streamlit as st

from core import budget
from core.activations import ACTIVATIONS
from core.config import OPTIMIZERS, RunConfig
from core.model import CELLS
from core.presets import PRESETS, get_preset
from core.tasks import get_task, make_task, task_names

from . import safe, urlstate
from .i18n import tr, words
from .live import get_run

LR_STEPS = (1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2, 3e-2, 5e-2, 0.1, 0.2, 0.5, 1.0)
CELL_NAMES = {"elman": "Elman (the post's RNN)", "lstm": "LSTM", "gru": "GRU", "lru": "LRU (linear recurrence)"}
# The settings' names as the screen shows them (widget labels and the notices that name them).
LABELS = {"task": ("Problem type", "문제 유형"), "cell": ("Cell", "셀"),
          "hidden_size": ("Hidden size H", "은닉 크기 H"),
          "seq_len": ("Sequence length / window T", "시퀀스 길이 / 창 T"), "batch_size": ("Batch size", "배치 크기"),
          "activation": ("Activation σ", "활성화 함수 σ"), "seed": ("Seed", "시드")}
KEEP = urlstate.KEEP  # a setting keeps its value while another screen is shown (Streamlit drops it otherwise)
PRESET_NAMES = ("",) + tuple(p.name for p in PRESETS)
BUDGET_FIELDS = ("cell", "hidden_size", "seq_len", "batch_size")  # what a step's cost depends on


def label(key: str) -> str:
    return tr(*LABELS[key])


def cell_name(cell: str) -> str:
    ko = CELL_NAMES[cell].replace("the post's RNN", "글의 RNN").replace("linear recurrence", "선형 순환")
    return tr(CELL_NAMES[cell], ko)


@cache
def _defaults_of(name: str) -> RunConfig:
    return RunConfig.for_task(name)  # frozen: one per task, shared safely


def _task_defaults(name: str) -> dict:
    return _defaults_of(name).to_dict()


def on_task_change() -> None:
    """A new problem type starts from that task's own defaults."""
    load_config(_task_defaults(st.session_state["task"]))


def apply_preset() -> None:
    """One of the post's examples: its settings go into the widgets, a fresh seeded run follows."""
    name = st.session_state.get("preset", "")
    if name:
        load_config(get_preset(name).config().to_dict())
        st.session_state["run_notice"] = tr(f"Example '{name}': a fresh, seeded run. Press Train.",
                                            f"예제 '{name}': 시드가 고정된 새 실행입니다. 학습을 누르세요.")


def load_config(values: dict) -> None:
    """Put a configuration into the widgets (a preset, a saved run, a task's defaults); `bind`
    then keeps each value in its range (the learning rate on its scale)."""
    for key, value in values.items():
        st.session_state[key] = value


def _schema() -> list:
    """The Train screen's settings, in the order a link is read: the example first (it sets the
    others), then the task (a new one brings its defaults), then RunConfig's fields with the
    defaults of the chosen task, T within the task's bounds and the truncation k ≤ T."""
    task = lambda v: v["task"]  # noqa: E731
    bounds = lambda v: get_task(v["task"]).seq_len_bounds  # noqa: E731
    specific = {"task": dict(always=True, on_change=on_task_change),
                "seq_len": dict(lo=lambda v: bounds(v)[0], hi=lambda v: bounds(v)[1], scope=task),
                "truncate": dict(hi=lambda v: v["seq_len"]), "lr": dict(steps=LR_STEPS)}
    specs = [urlstate.choice("preset", PRESET_NAMES, "", on_change=apply_preset)]
    for s in RunConfig.schema(task_names()):
        default = s.default if s.key == "task" else (lambda v, k=s.key: getattr(_defaults_of(v["task"]), k))
        specs.append(replace(s, default=default, **specific.get(s.key, {})))
    return specs


SCHEMA = _schema()
SPEC = {s.key: s for s in SCHEMA}


def _range(key: str) -> tuple:
    """A number's range as the schema gives it for the settings on screen (one source for the
    widget and the link)."""
    return urlstate.bounds(SPEC[key], st.session_state)


def settings() -> tuple[RunConfig, list]:
    """Draw the settings (in the sidebar) and return (config, notices)."""
    run = get_run()
    if run is not None and any(f.name not in st.session_state for f in fields(RunConfig)):
        load_config(run.cfg.to_dict())  # the run is the source of truth: its settings come back with it
    elif "task" not in st.session_state:
        load_config(_task_defaults("sine"))
    if "pending_config" in st.session_state:  # a loaded run's settings
        load_config(st.session_state.pop("pending_config"))
    notices = urlstate.bind("train", SCHEMA, repair=lambda: [safe.text(n) for n in hold_to_budget(_asked())])
    sb = st.sidebar
    # Labels in a dict built in this run: a format_func that read the language later would not
    # recognise the option text the browser sends back after a language switch.
    W = words()
    examples = {n: W[f"preset.{n}.title"] if n else tr("(choose an example)", "(예제 선택)") for n in PRESET_NAMES}
    sb.selectbox(tr("Example from the post", "글의 예제"), PRESET_NAMES, key="preset", on_change=apply_preset,
                 persist_state=KEEP, format_func=examples.get)
    sb.selectbox(label("task"), task_names(), persist_state=KEEP, key="task", on_change=on_task_change,
                 format_func={n: f"{n}: {W[f'task.{n}.title']}" for n in task_names()}.get)
    sb.radio(label("cell"), CELLS, persist_state=KEEP, key="cell", format_func={c: cell_name(c) for c in CELLS}.get,
             horizontal=True)
    sb.slider(label("hidden_size"), *_range("hidden_size"), persist_state=KEEP, key="hidden_size",
              help=tr("Size of the hidden state x_t. Changing it starts a new network.",
                      "은닉 상태 x_t의 크기. 바꾸면 새 네트워크로 시작합니다."))
    sb.slider(label("seq_len"), *_range("seq_len"), persist_state=KEEP, key="seq_len")
    sb.selectbox(label("activation"), ACTIVATIONS, persist_state=KEEP, key="activation",
                 disabled=st.session_state["cell"] != "elman",
                 help=tr("Used by the Elman cell; LSTM and GRU have their own gates; the LRU's "
                         "recurrence is linear.",
                         "Elman 셀에서 쓰입니다. LSTM과 GRU는 자체 게이트를 쓰고, LRU의 순환은 선형입니다."))
    sb.select_slider(tr("Learning rate (log scale)", "학습률 (로그 눈금)"), LR_STEPS, persist_state=KEEP, key="lr",
                     format_func=lambda v: f"{v:g}")
    sb.radio(tr("Optimizer", "옵티마이저"), OPTIMIZERS, persist_state=KEEP, key="optimizer", horizontal=True,
             format_func=lambda o: {"adam": "Adam", "sgd": "SGD"}[o])
    sb.slider(label("batch_size"), *_range("batch_size"), persist_state=KEEP, key="batch_size")
    sb.number_input(tr("Truncated BPTT k (0 = full BPTT)", "절단 BPTT k (0 = 전체 BPTT)"), *_range("truncate"),
                    persist_state=KEEP, key="truncate",
                    help=tr("Gradients flow back at most k steps (windows counted from the end).",
                                        "기울기가 최대 k 스텝까지만 거꾸로 흐릅니다 (끝에서부터 센 구간)."))
    sb.number_input(tr("Clip gradient norm (0 = off)", "기울기 노름 클리핑 (0 = 끔)"), *_range("clip"), step=0.5,
                    persist_state=KEEP, key="clip")
    sb.number_input(label("seed"), *_range("seed"), persist_state=KEEP, key="seed")
    return _asked(), notices


def _asked() -> RunConfig:
    """The settings the widgets hold, as one config (bind has kept each in its range)."""
    cfg, _ = RunConfig.from_dict({f.name: st.session_state[f.name] for f in fields(RunConfig)}, task_names())
    return cfg


# --- the budget: what one session's step may cost (core/budget.py) ----------------------------
def _io(cfg: RunConfig) -> tuple:
    """Input and output sizes of the task's layers (from the run when it is this task)."""
    run = get_run()
    if run is not None and run.cfg.task == cfg.task:
        return budget.io_of(run.trainer.model)
    known = st.session_state.setdefault("_task_io", {})
    if cfg.task not in known:
        source = st.session_state.get("sources", {}).get(cfg.task)
        try:
            task = make_task(cfg.task, None, cfg.seed, source)
        except ValueError:
            task = make_task(cfg.task)
        known[cfg.task] = budget.io_of_task(task)
    return known[cfg.task]


def _settings_text(cfg: RunConfig, keys=BUDGET_FIELDS) -> str:
    return ", ".join(f"{label(k)} = {cell_name(cfg.cell) if k == 'cell' else getattr(cfg, k)}" for k in keys)


def _over(cfg: RunConfig, cost) -> str:
    seconds, mb, lim_s, lim_mb = f"{cost.seconds:.2g}", f"{cost.bytes / 2**20:,.0f}", f"{budget.MAX_SECONDS:g}", \
        f"{budget.MAX_BYTES // 2**20}"
    return tr(f"{_settings_text(cfg)} would take about {seconds} s and {mb} MB per training step; this server "
              f"gives each session at most {lim_s} s and {lim_mb} MB per step.",
              f"{_settings_text(cfg)} 설정은 학습 스텝마다 약 {seconds}초, {mb} MB가 듭니다. 이 서버는 세션마다 "
              f"스텝당 최대 {lim_s}초, {lim_mb} MB까지 허용합니다.")


def check_budget(cfg: RunConfig, io: tuple) -> None:
    """ValueError with a sentence (in the screen's language) if one step of cfg is over the budget."""
    cost = budget.step_cost(cfg, io)
    if not cost.fits():
        raise ValueError(_over(cfg, cost))


def hold_to_budget(cfg: RunConfig) -> list:
    """Call before the widgets are drawn. Settings over the budget are refused when they would
    replace a running network (the widgets go back to the run's values), or scaled back (a link, a
    preset: batch first, then T, then H). Returns the notices; the widgets hold the result."""
    io = _io(cfg)
    cost = budget.step_cost(cfg, io)
    if cost.fits():
        return []
    run, why = get_run(), _over(cfg, cost)
    if run is not None and run.cfg.task == cfg.task and budget.step_cost(run.cfg, io).fits():
        kept = [k for k in BUDGET_FIELDS if getattr(cfg, k) != getattr(run.cfg, k)]
        load_config({k: getattr(run.cfg, k) for k in kept})
        return [why + " " + tr(f"Kept the current network ({_settings_text(run.cfg, kept)}).",
                               f"현재 네트워크를 유지했습니다 ({_settings_text(run.cfg, kept)}).")]
    fixed, changed = budget.fit(cfg, io, floor={"seq_len": get_task(cfg.task).seq_len_bounds[0]})
    load_config({k: new for k, (_, new) in changed.items()})
    return [why + " " + tr(f"Used {_settings_text(fixed, list(changed))} instead.",
                           f"대신 {_settings_text(fixed, list(changed))}(으)로 줄였습니다.")]


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
