"""What a lecturer needs on the Train screen: the post's examples as presets, presentation mode,
saved runs (download / upload / pretrained) and every chart's data as CSV."""
import io
import os
from typing import Any  # a Streamlit container: st itself or a column

import pandas as pd
import streamlit as st

from core import budget
from core.history import History
from core.live import Run
from core.presets import get_preset
from core.runs import MAX_BYTES, load_run

from . import controls, safe
from .i18n import said, tr, words
from .live import adopt, get_run


def preset_blurb(run: Run) -> None:
    name = st.session_state.get("preset", "")
    if not name:
        return
    preset = get_preset(name)
    if preset.config() != run.cfg:
        return  # the user changed a setting since: the blurb no longer describes this run
    st.info(words()[f"preset.{name}.blurb"], icon=":material/school:")
    offer = os.path.exists(preset.checkpoint()) and run.step_count == 0
    if offer and st.button(tr(f"Load the trained model ({preset.checkpoint_steps():,} steps, instant)",
                              f"학습된 모델 불러오기 ({preset.checkpoint_steps():,} 스텝, 즉시)"),
                           key="btn_pretrained", icon=":material/bolt:"):
        with open(preset.checkpoint(), "rb") as f:
            _load(f.read(), tr("Loaded the trained model of this example.", "이 예제의 학습된 모델을 불러왔습니다."))


def saved_runs(run: Run) -> None:
    """Download the run (configuration, weights, records); upload one to continue or inspect."""
    with st.expander(tr("Save or load a run", "실행 저장 / 불러오기"), icon=":material/save:", key="exp_saved_runs"):
        st.caption(tr("**Save run** beside Train downloads this run (settings, weights, records) as a .pt file. "
                      "It holds only tensors and plain values; loading never runs code from a file.",
                      "학습 버튼 옆의 **실행 저장**은 이 실행(설정, 가중치, 기록)을 .pt 파일로 내려받습니다. "
                      "텐서와 단순한 값만 담으며, 불러올 때 파일의 코드를 실행하지 않습니다."))
        up = st.file_uploader(tr("Load a saved run", "저장된 실행 불러오기"), type=["pt"], key="upload_run")
        if up is not None and st.session_state.get("upload_run_done") != up.file_id:
            st.session_state["upload_run_done"] = up.file_id
            if up.size > MAX_BYTES:
                st.error(tr("This file is too large to be a saved run.", "저장된 실행이라기엔 파일이 너무 큽니다."))
                return
            _load(up.getvalue(), tr(f"Loaded {safe.text(up.name)}.", f"{safe.text(up.name)}을(를) 불러왔습니다."))


def save_button(run: Run, container: Any = st) -> None:
    """Save run: one click downloads the run as the page shows it (a student whose server restarts
    loads the file again in "Save or load a run"). While training it reads "Pause to save" and
    pauses: the file is built when the button is drawn, and a paused page keeps it reachable.
    A file built at the click instead (st.download_button with a callable) is dropped by Streamlit
    after the next two script runs of any session, and a training page completes five a second:
    the browser's fetch came too late on every click while training (measured, Streamlit 1.67)."""
    if run.running:
        container.button(tr("Pause to save", "멈추고 저장"), key="btn_pause_to_save", icon=":material/download:",
                         on_click=_pause_to_save, width="stretch",
                         help=tr("Pauses training; then Save run downloads this run at the step it paused at.",
                                 "학습을 멈춥니다. 그다음 실행 저장을 누르면 멈춘 스텝의 실행을 내려받습니다."))
        return
    cfg, step = run.cfg, run.step_count
    # Built once per paused state, not at every redraw of the page (a saved run can be megabytes).
    hist = run.snapshot()
    key = (id(run), step, len(hist.rows["step"]), len(hist.checkpoints),
           id(run.task.source))  # the user's own data (taught sentences) travels with the run
    cached = st.session_state.get("_save_blob")
    if cached is None or cached[0] != key:
        cached = st.session_state["_save_blob"] = (key, run.to_bytes())
    blob = cached[1]
    container.download_button(
        tr("Save run", "실행 저장"), blob, mime="application/octet-stream", key="btn_save_run",
        file_name=f"rnn-explorer-{cfg.task}-{cfg.cell}-H{cfg.hidden_size}-seed{cfg.seed}-step{step}.pt",
        icon=":material/download:", on_click="ignore", width="stretch",
        help=tr(f"Download this run (settings, weights, records; step {step}) to load it again later, here "
                "or on another server.",
                f"이 실행(설정, 가중치, 기록; 스텝 {step})을 내려받아 나중에 여기서나 다른 서버에서 다시 불러올 "
                "수 있습니다."))


def _pause_to_save():
    get_run().pause(settle=True)  # the file holds the step the counter shows


def _load(blob: bytes, notice: str):
    """Make a saved run the session's run; a bad file leaves the current run as it was."""
    try:
        trainer, plain = load_run(blob)  # every failure is an InputError: a sentence in either language
        # A valid run too costly for this server is refused as a link would be, in the screen's language.
        controls.check_budget(trainer.cfg, budget.io_of(trainer.model))
    except ValueError as e:  # said() words an InputError; the budget's sentence is worded already
        st.error(safe.text(said(e)) + " " + tr("Your current run is unchanged.", "지금 실행은 그대로입니다."))
        return
    # Its scalars are in the history already; the run's worker adds the loaded weights' states and
    # gradients (charts 2-3). The widgets take its settings.
    adopt(Run.start(trainer, History.from_plain(plain)), notice, settings=True)
    st.rerun()


def export(run: Run) -> None:
    """Every chart's data as CSV (each chart's PNG is in its own toolbar: the camera icon)."""
    with st.expander(tr("Export data (CSV)", "데이터 내보내기 (CSV)"), icon=":material/table:", key="exp_export"):
        st.caption(tr("Each chart downloads as PNG from its toolbar (camera icon).",
                      "각 차트는 도구 모음의 카메라 아이콘으로 PNG로 내려받을 수 있습니다."))
        labels = {  # the names of core.history.TABLES
            "history": tr("Loss, metric, gradient norms, ρ, time per step", "스텝별 손실, 지표, 기울기 노름, ρ, 시간"),
            "validation": tr("Validation loss and metric", "검증 손실과 지표"),
            "hidden_states": tr("Hidden states x_t of the probe sample (latest)", "프로브 샘플의 은닉 상태 x_t (최신)"),
            "state_gradients": tr("‖∂L/∂x_t‖ per recorded step", "기록된 스텝별 ‖∂L/∂x_t‖"),
        }
        cols = st.columns(len(labels))
        for col, (name, label) in zip(cols, labels.items()):
            # Built at the click, from one copy of the history (the worker may be adding a row).
            col.download_button(label, lambda name=name: _csv(run.table(name)), file_name=f"{run.cfg.task}-{name}.csv",
                                mime="text/csv", key=f"btn_csv_{name}", icon=":material/download:")


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read Korean correctly

