"""Side by side on the Train screen: the current settings (A) against one changed setting (B):
the hidden size, the sequence length or the cell. Both train in the session's own workers,
through the training slots and the budget like every run, and stop when the session goes away;
the live run pauses meanwhile, so a session trains one thing at a time."""
import streamlit as st

from core import budget
from core.charts.compare import loss_overlay, state_grad_overlay
from core.compare import COMPARABLE, variant
from core.live import Run
from core.model import CELLS
from core.said import InputError
from core.tasks import get_task

from . import controls, safe
from .i18n import said, tr, words
from .live import TICK_SECONDS, get_run

FIELD_NAMES = {"hidden_size": ("hidden size H", "은닉 크기 H"), "seq_len": ("sequence length T", "시퀀스 길이 T"),
               "cell": ("cell", "셀")}


def side_by_side(run: Run) -> None:
    cfg = run.cfg
    with st.expander(tr("Side by side: change one setting, same seed", "나란히 비교: 설정 하나만 바꾸고 같은 시드로"),
                     icon=":material/compare:", key="exp_compare"):
        c1, c2, c3 = st.columns(3)
        # Labels built in this run (a format_func must not read the language later: see ui/lecture.py).
        field = c1.radio(tr("Setting", "설정"), COMPARABLE, key="cmp_field", horizontal=True,
                         format_func={f: tr(*FIELD_NAMES[f]) for f in COMPARABLE}.get)
        if field == "cell":
            value = c2.radio(tr("Cell for run B", "B 실행의 셀"), [c for c in CELLS if c != cfg.cell],
                             key="cmp_value_cell", format_func={c: controls.cell_name(c) for c in CELLS}.get)
        else:
            lo, hi = (1, 512) if field == "hidden_size" else get_task(cfg.task).seq_len_bounds[:2]
            current = getattr(cfg, field)
            default = min(max(current * 2, lo), hi) if current * 2 <= hi else max(lo, current // 2)
            value = int(c2.number_input(tr("Value for run B", "B 실행의 값"), lo, hi, default,
                                        key=f"cmp_value_{field}"))
        steps = c3.slider(tr("Steps for each run", "실행마다 스텝 수"), 20, 1000, 200, step=20, key="cmp_steps")
        st.button(tr("Train both", "둘 다 학습"), key="btn_compare", icon=":material/play_arrow:",
                  on_click=_train_both, args=(field, value, steps))
        if st.session_state.get("compare_error"):
            st.error(safe.text(said(st.session_state.pop("compare_error"))))
        if st.session_state.get("compare"):
            _pair_panel()


def _train_both(field, value, steps):
    """Start A and B (callback of 'Train both'); a setting over the budget is refused with a sentence."""
    run = get_run()
    try:
        other = variant(run.cfg, field, value)
        with run.between_steps() as trainer:
            io = budget.io_of(trainer.model)  # the same task: the same input and output sizes
        for cfg in (run.cfg, other):
            controls.check_budget(cfg, io)
    except ValueError as e:
        st.session_state["compare_error"] = e.said if isinstance(e, InputError) else str(e)
        return
    for old in (st.session_state.get("compare") or {}).get("runs", ()):
        old.pause()
    run.pause()
    source = run.task.source
    try:
        pair = [Run.fresh(c, source) for c in (run.cfg, other)]
    except ValueError as e:
        st.session_state["compare_error"] = e.said if isinstance(e, InputError) else str(e)
        return
    for r in pair:
        r.play(until=steps)
    st.session_state["compare"] = {"field": field, "values": (getattr(run.cfg, field), value), "runs": tuple(pair),
                                   "steps": steps}


def _label(field, value) -> str:
    if field == "cell":
        return controls.cell_name(value)
    return f"{'H' if field == 'hidden_size' else 'T'}={value}"


def _pair_panel():
    busy = any(r.running or r.preparing for r in st.session_state["compare"]["runs"])

    @st.fragment(run_every=TICK_SECONDS if busy else None)
    def panel():
        pair = st.session_state.get("compare")
        if not pair:
            return
        a, b = pair["runs"]
        for r in (a, b):
            r.seen()
        if busy and not any(r.running or r.preparing for r in (a, b)):
            st.rerun(scope="app")  # both done: stop this fragment's timer
        la, lb = (f"{n}: {_label(pair['field'], v)}" for n, v in zip("AB", pair["values"]))
        st.caption(tr(f"{la}: step {a.step_count} of {pair['steps']} · {lb}: step {b.step_count} "
                      f"of {pair['steps']}", f"{la}: {pair['steps']} 중 {a.step_count} 스텝 · {lb}: "
                      f"{pair['steps']} 중 {b.step_count} 스텝"))
        for r in (a, b):
            if r.message and r.message != "idle":
                st.warning(safe.text(r.message), icon=":material/warning:")
        if a.preparing or b.preparing:
            st.info(tr("Preparing both networks…", "두 네트워크를 준비하는 중…"), icon=":material/hourglass_top:")
            return
        hists = [r.snapshot() for r in (a, b)]
        c1, c2 = st.columns(2)
        c1.plotly_chart(loss_overlay(*hists, la, lb, words()), key="chart_compare_loss")
        c2.plotly_chart(state_grad_overlay(*hists, la, lb, words()), key="chart_compare_grad")
    panel()
