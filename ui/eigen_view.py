"""The eigenvalues of the recurrence on the Train screen and in the BPTT lab (core.charts.eigen)."""
import numpy as np
import streamlit as st
import torch

from core.charts import eigen as charts
from core.charts.gradients import CELL_NAMES
from core.concepts.eigen import RecurrenceEigen, eigvals
from core.history import History
from core.live import Run

from .i18n import tr, words
from .live import every_slow_tick
from .livechart import live_chart

CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def _summary(eig: RecurrenceEigen) -> str:
    a = np.abs(eig.values)
    return tr(f"{int((a > 1).sum())} of {a.size} modes outside the unit circle; largest |λ| = {a.max():.4f}, "
              f"smallest {a.min():.4f}.",
              f"모드 {a.size}개 중 {int((a > 1).sum())}개가 단위원 밖; 가장 큰 |λ| = {a.max():.4f}, "
              f"가장 작은 |λ| = {a.min():.4f}.")


def panel(run: Run, hist: History, height: int) -> None:
    """9 · The eigenvalues of the run's recurrence, redrawn with the slow charts; when paused a
    slider scrubs back through the recorded steps (the trail shows where they started)."""
    steps = [c.step for c in hist.checkpoints if c.eigen is not None]
    st.markdown(tr("**9 · Eigenvalues of the recurrence** (complex plane, unit circle drawn)",
                   "**9 · 순환의 고윳값** (복소평면, 단위원 표시)"))
    if not steps:
        st.caption(tr("No eigenvalues recorded yet.", "아직 기록된 고윳값이 없습니다."))
        return
    upto = steps[-1]
    c1, c2 = st.columns([3, 2])
    if not run.running and len(steps) > 1:
        ss = st.session_state
        # Follow the newest step unless the student scrubbed back to an older one.
        if ss.get("eigen_scrub") not in steps or ss.get("eigen_scrub") == ss.get("_eigen_newest"):
            ss["eigen_scrub"] = steps[-1]
        ss["_eigen_newest"] = steps[-1]
        upto = c2.select_slider(tr("Eigenvalues at step", "이 스텝의 고윳값"), steps, key="eigen_scrub")
    shown = charts.trail(hist.checkpoints, upto)
    with c1:  # updated in place while training (zoom kept), not rebuilt every slow tick
        fig = every_slow_tick(run, "chart_eigen", lambda: charts.eigen_figure(shown, words(), height=height + 80))
        live_chart(fig, "chart_eigen", config=CHART_CONFIG)
    eig = shown[-1].eigen
    c2.markdown(_summary(eig))
    c2.caption(tr(
        "A mode λ multiplies its part of x_t by λ at every step: inside the circle it fades like |λ|^k, "
        "outside it grows, and close to the circle it remembers for about 1/(1−|λ|) steps. "
        "Hollow: where the eigenvalues started; grey: the steps in between.",
        "모드 λ는 매 시점 x_t의 자기 성분에 λ를 곱합니다: 원 안이면 |λ|^k처럼 사라지고, 밖이면 커지며, "
        "원에 가까우면 약 1/(1−|λ|) 시점 동안 기억합니다. 속이 빈 점: 시작할 때의 고윳값, 회색: 그 사이 스텝."))


def lab_panel(W_xx: torch.Tensor) -> None:
    """The lab's W_xx on the complex plane (it moves with the scale slider)."""
    eig = RecurrenceEigen(eigvals(W_xx), "W_xx")
    c1, c2 = st.columns([3, 2])
    with c1:
        st.plotly_chart(charts.eigen_figure([_At(0, eig)], words(), height=360), key="chart_bptt_eigen",
                        config=CHART_CONFIG, width="stretch")
    c2.markdown(_summary(eig))
    c2.caption(tr("For σ = identity these are the rates at which the gradient's parts shrink or grow on "
                  "the way back: the largest |λ| is ρ(W_xx).",
                  "σ = 항등 함수이면 이 값들이 기울기의 각 성분이 거슬러 가며 줄거나 커지는 비율이고, "
                  "가장 큰 |λ|가 ρ(W_xx)입니다."))


def compare_panel(result: dict) -> None:
    """After the recall race: each cell's eigenvalues before and after training at one T."""
    eig = result.get("eigen")
    if not eig:
        return
    lengths = result["lengths"]
    T = st.selectbox(tr("Eigenvalues at sequence length T", "고윳값을 볼 시퀀스 길이 T"), lengths,
                     index=len(lengths) - 1, key="bptt_eigen_T")
    pairs = {c: v[lengths.index(T)] for c, v in eig.items()}
    st.plotly_chart(charts.cells_eigen_figure(pairs, words(), height=420), key="chart_bptt_cells_eigen",
                    config=CHART_CONFIG, width="stretch")
    st.caption(" · ".join(f"**{CELL_NAMES.get(c, c)}** ({charts.label(e, words())}): "
                          + tr(f"largest |λ| {s.radius:.3f} → {e.radius:.3f}",
                               f"가장 큰 |λ| {s.radius:.3f} → {e.radius:.3f}")
                          for c, (s, e) in pairs.items()))


class _At:
    """A checkpoint-like pair (step, eigen) for a single, untrained matrix."""

    def __init__(self, step, eigen):
        self.step, self.eigen = step, eigen
