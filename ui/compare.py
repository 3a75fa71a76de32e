"""Side by side on the Train screen: the current settings (A) against one changed setting (B)."""
import streamlit as st

from core.charts.compare import loss_overlay, state_grad_overlay
from core.compare import run_pair
from core.tasks import get_task

from .i18n import lang, tr


def side_by_side(run):
    cfg = run.cfg
    with st.expander(tr("Side by side: change one setting, same seed", "나란히 비교: 설정 하나만 바꾸고 같은 시드로"),
                     icon=":material/compare:", key="exp_compare"):
        c1, c2, c3 = st.columns(3)
        field = c1.radio(tr("Setting", "설정"), ("hidden_size", "seq_len"), key="cmp_field", horizontal=True,
                         format_func=lambda f: tr("hidden size H", "은닉 크기 H") if f == "hidden_size"
                         else tr("sequence length T", "시퀀스 길이 T"))
        lo, hi = (1, 512) if field == "hidden_size" else get_task(cfg.task).seq_len_bounds[:2]
        current = getattr(cfg, field)
        default = min(max(current * 2, lo), hi) if current * 2 <= hi else max(lo, current // 2)
        value = c2.number_input(tr("Value for run B", "B 실행의 값"), lo, hi, default, key=f"cmp_value_{field}")
        steps = c3.slider(tr("Steps for each run", "실행마다 스텝 수"), 20, 1000, 200, step=20, key="cmp_steps")
        if st.button(tr("Train both", "둘 다 학습"), key="btn_compare", icon=":material/play_arrow:"):
            with st.spinner(tr("Training A and B…", "A와 B를 학습하는 중…")):
                try:
                    a, b = run_pair(cfg, field, int(value), steps, run.trainer.task.source)
                except ValueError as e:
                    st.error(str(e))
                    return
            st.session_state["compare"] = (field, current, int(value), a, b)
        result = st.session_state.get("compare")
        if not result:
            return
        field, va, vb, a, b = result
        name = "H" if field == "hidden_size" else "T"
        la, lb = f"A: {name}={va}", f"B: {name}={vb}"
        c1, c2 = st.columns(2)
        c1.plotly_chart(loss_overlay(a, b, la, lb, lang()), key="chart_compare_loss")
        c2.plotly_chart(state_grad_overlay(a, b, la, lb, lang()), key="chart_compare_grad")
