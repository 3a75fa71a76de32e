"""'Download as notebook' on the Train screen (core.notebook writes it)."""
import streamlit as st

from core import notebook
from core.live import Run

from .i18n import tr


def download(run: Run) -> None:
    """The run as a Jupyter notebook of plain PyTorch, for the tasks and cells core.notebook supports."""
    why = notebook.unsupported(run.cfg)
    if why:
        st.caption(tr(f"Download as notebook: available for the Elman cell on the tasks "
                      f"{', '.join(notebook.TASKS)} (their data is built inside the notebook).",
                      f"노트북으로 내려받기: Elman 셀과 과제 {', '.join(notebook.TASKS)}에서 쓸 수 있습니다 "
                      "(이 과제들의 데이터는 노트북 안에서 만들어집니다)."))
        return
    steps = max(run.step_count, 100)
    st.download_button(tr("Download as notebook", "노트북으로 내려받기"), notebook.to_bytes(run.cfg, steps),
                       file_name=f"rnn-{run.cfg.task}-seed{run.cfg.seed}.ipynb", mime="application/x-ipynb+json",
                       key="btn_notebook", icon=":material/description:",
                       help=tr(f"Plain PyTorch in the post's notation: this run's settings and seed, {steps} steps; "
                               "its first losses are the ones shown here.",
                               f"글의 표기 그대로 쓴 순수 PyTorch 코드: 이 실행의 설정과 시드, {steps} 스텝; "
                               "처음 손실값이 여기 보이는 값과 같습니다."))
