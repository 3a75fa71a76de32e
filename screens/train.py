"""Train live: pick a problem type, change the sizes, press Train, watch the network learn."""
import streamlit as st

from core.live import Run
from ui import compare, controls, exercises, lecture, safe, shell, train_view
from ui.i18n import said, tr, words
from ui.live import adopt, get_run

shell.require_app()

st.title(tr("Train an RNN live", "RNN 실시간 학습"))
cfg, notices = controls.settings()  # the example from the post first, then the settings (ui/controls.py)
# Notices come and go between runs; each group sits in a container of its own, so the buttons and
# charts below keep their place on the page. Were they to move up or down a place, the page would
# show the old buttons beside the new ones until a slow run had written past them.
with st.container():
    for notice in notices:
        st.info(notice, icon=":material/info:")

run = get_run()
if run is None or run.cfg.needs_new_model(cfg):
    source = st.session_state.get("sources", {}).get(cfg.task)
    why = train_view.shape_change_notice(run, cfg)
    try:
        run = adopt(Run.fresh(cfg, source), why)
    except ValueError as e:
        st.error(safe.text(said(e)))
        st.stop()
elif cfg != run.cfg:
    run.apply_settings(cfg)  # learning rate, optimizer, batch, truncation, clipping: between two steps
run.seen()

presenting = shell.presenting()


def messages():
    """What comes and goes above (or, presenting, below) the charts, in one container."""
    with st.container():
        if st.session_state.get("run_notice"):
            st.info(st.session_state.pop("run_notice"), icon=":material/restart_alt:")
            train_view.back_button(run)
        if run.message == "idle":
            st.info(tr("Paused: no screen was showing this run for a while. Press Train to go on.",
                       "일시정지: 한동안 이 실행을 보는 화면이 없었습니다. 학습을 눌러 계속하세요."),
                    icon=":material/pause:")
        elif run.message:
            st.error(run.message, icon=":material/warning:")
            train_view.explosion_hint(run)
        train_view.summary(run)
        lecture.preset_blurb(run)


# On a projector the buttons and the charts come first: they fit the first screen at 1024×768.
if not presenting:
    messages()
train_view.buttons(run, presenting=presenting)
train_view.live_panel(words()[f"metric.{run.task.metric}"], presenting=presenting)
if presenting:
    messages()
else:
    train_view.data_panel(run)
train_view.task_panel(run)
if not presenting:
    compare.side_by_side(run)
    lecture.saved_runs(run)
    lecture.export(run)
    train_view.cli_box(run)
exercises.show("train")  # predict, then reveal (?exercise=ID opens one)
