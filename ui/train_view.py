"""The Train screen's parts: buttons, the live chart panel, the task's own panel."""
import streamlit as st

from core.charts import training as charts
from core.config import cli_command

from . import eigen_view, notebook_view, safe, task_views
from .controls import share_link
from .i18n import lang, pick, tr
from .livechart import live_chart
from .live import SLOW_TICK_SECONDS, TICK_SECONDS, get_run, new_run

CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def start_run(cfg, source=None, why=""):
    """Replace the session's run; the old one stays as 'previous' for side-by-side comparison."""
    old = get_run()
    run = new_run(cfg, source)
    if old is not None:
        st.session_state["previous_run"] = old
        old.pause()
    st.session_state["run"] = run
    # A notice already waiting (an example was picked) says more than the list of changed settings.
    st.session_state["run_notice"] = st.session_state.get("run_notice") or why
    return run


def _toggle():
    run = get_run()
    run.pause() if run.running else run.play()


def _step():
    get_run().step_once()


def _back():
    """Swap the current run with the one a shape change replaced: nothing is lost."""
    ss = st.session_state
    run, previous = ss["run"], ss["previous_run"]
    run.pause()
    ss["run"], ss["previous_run"] = previous, run
    ss["pending_config"] = previous.cfg.to_dict()  # the widgets take it before they are drawn


def back_button(run):
    previous = st.session_state.get("previous_run")
    if previous is not None and previous.trainer.step_count > 0 and previous.cfg != run.cfg:
        st.button(tr(f"Back to the previous network (step {previous.trainer.step_count})",
                     f"이전 네트워크로 돌아가기 (스텝 {previous.trainer.step_count})"),
                  key="btn_back", icon=":material/undo:", on_click=_back)


def _reset():
    run = get_run()
    start_run(run.cfg, run.trainer.task.source, tr("Reset: a new network with the same settings and seed.",
                                                   "초기화: 같은 설정과 시드로 새 네트워크를 만들었습니다."))


def buttons(run, presenting=False):
    c1, c2, c3, _ = st.columns([1, 1, 1, 3])
    c1.button(tr("Pause", "일시정지") if run.running else tr("Train", "학습"), key="btn_train",
              icon=":material/pause:" if run.running else ":material/play_arrow:",
              type="primary", on_click=_toggle, width="stretch")
    c2.button(tr("Step", "한 스텝"), key="btn_step", icon=":material/skip_next:", on_click=_step,
              width="stretch", help=tr("Exactly one BPTT step.", "BPTT 한 스텝만 실행합니다."))
    if not presenting:
        c3.button(tr("Reset", "초기화"), key="btn_reset", icon=":material/restart_alt:", on_click=_reset,
                  width="stretch")


def live_panel(metric_name, presenting=False):
    """Charts that refresh while training: a fragment rerun every TICK_SECONDS while playing."""
    run = get_run()
    was_running, was_preparing = run.running, run.preparing

    @st.fragment(run_every=TICK_SECONDS if run.running or run.preparing else None)
    def panel():
        run = get_run()
        run.seen()
        if run.preparing:  # the run's worker computes the first record (ui/live.py)
            st.info(tr("Preparing the network…", "네트워크를 준비하는 중…"), icon=":material/hourglass_top:")
            return
        if not run.running and was_running or was_preparing:  # paused itself, or ready: redraw all
            st.rerun(scope="app")
        with run.draw():
            with run.lock:
                hist = run.history.snapshot()
            _live_charts(run, hist, metric_name, 440 if presenting else 300)

    # The slower-moving charts redraw every SLOW_TICK_SECONDS: a browser redraws each chart in
    # full, and fewer redraws per tick leave more of each tick to training.
    @st.fragment(run_every=SLOW_TICK_SECONDS if run.running else None)
    def slow_panel():
        run = get_run()
        if run.preparing:
            return
        with run.draw():
            with run.lock:
                hist = run.history.snapshot()
            _slow_charts(run, hist, 440 if presenting else 300)

    panel()
    slow_panel()


def _live_charts(run, hist, metric_name, height):
    ln = lang()
    last = hist.last
    m0, m1, m2, m3, m4 = st.columns(5)
    m0.metric(tr("Step · training", "스텝 · 학습 중") if run.running else tr("Step · paused", "스텝 · 멈춤"),
              run.trainer.step_count)
    m1.metric(tr("Loss", "손실"), f"{last.loss:.4g}" if last else "–")
    val = hist.val["metric"][-1] if hist.val["metric"] else None
    m2.metric(f"{metric_name} ({tr('validation', '검증')})", f"{val:.3f}" if val is not None else "–")
    m3.metric(tr("Steps per second (live)", "초당 스텝 (실시간)"), f"{run.live_rate:.0f}" if run.running else "–")
    m4.metric(tr("ms per BPTT pass", "BPTT 1회 ms"), f"{last.seconds * 1000:.1f}" if last else "–")
    ckpt = _scrub(hist, run.running)
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**1 · Loss and metric**", "**1 · 손실과 지표**"))
        _plot(charts.loss_figure(hist, metric_name, ln, height=height), "chart_loss")
    with c2:
        st.markdown(tr(f"**2 · Unrolled hidden states x_t** (step {ckpt.step})",
                       f"**2 · 펼친 은닉 상태 x_t** (스텝 {ckpt.step})"))
        _plot(charts.states_figure(ckpt, ln, height=height), "chart_states")
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr(f"**3 · ‖∂L/∂x_t‖ for every t** (step {ckpt.step})",
                       f"**3 · 시간별 ‖∂L/∂x_t‖** (스텝 {ckpt.step})"))
        _plot(charts.state_grad_figure(ckpt.state_grad, run.cfg.truncate, ln, height=height), "chart_state_grad")
    with c2:
        st.markdown(tr("**3b · ‖∂L/∂x_t‖ while learning** (step × t)", "**3b · 학습 중 ‖∂L/∂x_t‖** (스텝 × t)"))
        _plot(charts.grad_history_figure(hist.checkpoints, ln, height=height), "chart_grad_history")


def _slow_charts(run, hist, height):
    ln = lang()
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**4 · Gradient norm per parameter**", "**4 · 파라미터별 기울기 노름**"))
        _plot(charts.param_grad_figure(hist, ln, height=height), "chart_param_grads")
    with c2:
        st.markdown(tr("**5 · Spectral radius of W_xx**", "**5 · W_xx의 스펙트럼 반경**"))
        _plot(charts.rho_figure(hist, ln, height=height), "chart_rho")
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**6 · Predictions vs targets**", "**6 · 예측과 정답**"))
        with run.lock:  # the worker must not step the model while the task reads it
            fig = run.trainer.task.figure(run.trainer.model, ln)
        fig.update_layout(height=height)
        _plot(fig, "chart_task")
    with c2:
        st.markdown(tr("**7 · Speed**", "**7 · 속도**"))
        _plot(charts.speed_figure(hist, ln, height=height), "chart_speed")
    eigen_view.panel(run, hist, height)


def _scrub(hist, running):
    """8 · Scrub back: a slider over recorded checkpoints re-shows charts 2 and 3."""
    steps = [c.step for c in hist.checkpoints]
    if running or len(steps) < 2:
        return hist.latest()
    if st.session_state.get("scrub") not in steps:
        st.session_state["scrub"] = steps[-1]
    chosen = st.select_slider(tr("8 · Scrub back through recorded steps (charts 2 and 3)",
                                 "8 · 기록된 스텝 되돌려 보기 (차트 2, 3)"), steps, key="scrub")
    return hist.checkpoints[steps.index(chosen)]


def _plot(fig, key):
    live_chart(fig, key, config=CHART_CONFIG)  # updated in place: zoom kept, only new points sent


def task_panel(run):
    view = task_views.load(run.cfg.task)
    if view is not None and hasattr(view, "view"):
        with run.lock:  # the worker must not step the model while the view reads it
            view.view(run.trainer)


def data_panel(run):
    """The user's own data for this task; a bad file leaves the current run as it was."""
    view = task_views.load(run.cfg.task)
    if view is None or not hasattr(view, "data_panel"):
        return
    with st.expander(tr("Your own data", "내 데이터 사용하기"), icon=":material/upload_file:", key="exp_own_data"):
        source = view.data_panel(run.trainer.task.source)
        if source is None:
            return
        try:
            start_run(run.cfg, source, tr("Started a new network on your data.",
                                          "내 데이터로 새 네트워크를 시작했습니다."))
            st.session_state.setdefault("sources", {})[run.cfg.task] = source
            st.rerun()
        except ValueError as e:
            st.error(safe.text(e))


def cli_box(run):
    steps = max(run.trainer.step_count, 100)
    st.caption(tr("Link to this screen with these settings:", "이 설정 그대로 이 화면을 여는 링크:"))
    st.code(share_link(run.cfg), language=None, wrap_lines=True)
    st.caption(tr("The same run, headless:", "같은 실행을 터미널에서:"))
    st.code(cli_command(run.cfg, steps), language="bash")
    notebook_view.download(run)


def summary(run):
    task = run.trainer.task
    st.caption(f"{task.kind} · {pick(task.summary)}")
