"""The Train screen's parts: buttons, the live chart panel, the task's own panel."""
import streamlit as st

from core.charts import task_figure
from core.charts import training as charts
from core.config import RunConfig, cli_command
from core.diagnostics import spectral_radius
from core.history import Checkpoint, History
from core.live import Run

from . import eigen_view, feed, lecture, notebook_view, safe, task_views
from .controls import label, share_link
from .copyline import copy_line
from .i18n import said, tr, words
from .live import CLI_TICKS, adopt, every_slow_tick, get_run, slot_notice, ticks
from .livechart import live_chart

# Fewer toolbar buttons: the toolbar sits over the figure's top right, where legends start.
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def shape_change_notice(run: Run, cfg: RunConfig) -> str:
    """What a change of a network-shaping setting did, naming the settings as the sidebar does."""
    if run is None:
        return ""
    changed = [k for k in cfg.SHAPE_FIELDS if getattr(cfg, k) != getattr(run.cfg, k)]
    if not changed:
        return ""
    names = ", ".join(f"{label(k)} = {getattr(cfg, k)}" for k in changed)
    text = tr(f"{names}: a new network at step 0.", f"{names}: 스텝 0의 새 네트워크입니다.")
    n = run.step_count
    previous = st.session_state.get("previous_run")
    if run.running:
        text += tr(f" Training stopped (the previous network at step {n}); press Train to train this one.",
                   f" 학습이 멈췄습니다 (이전 네트워크는 스텝 {n}). 이 네트워크를 학습하려면 학습을 누르세요.")
    elif n == 0 and previous is not None and previous.step_count > 0:
        # The next key press of an arrow-key run through H = 17, 18, 19: still say what happened.
        m = previous.step_count
        text += tr(f" The trained network (step {m}) is kept: Back returns to it; press Train to train this one.",
                   f" 학습된 네트워크(스텝 {m})는 남아 있어 '이전 네트워크로 돌아가기'로 돌아갈 수 있습니다. 이 "
                   "네트워크를 학습하려면 학습을 누르세요.")
    return text


def explosion_hint(run: Run) -> None:
    """After an explosion: why training on does not help, with this run's own ρ(W_xx)."""
    if "blew up" not in run.message:
        return
    with run.between_steps() as trainer:
        rho = spectral_radius(trainer.layers[0].recurrent_matrix().detach())
    if rho > 1:
        st.warning(tr(f"The restored weights have ρ(W_xx) = {rho:.3g}: trained on, they blow up again, clipped or not. "
                      "Reset starts a new network with the same seed (set clipping first).",
                      f"복원된 가중치의 ρ(W_xx) = {rho:.3g}: 계속 학습하면 클리핑을 하든 안 하든 다시 폭주합니다. "
                      "초기화는 같은 시드로 새 네트워크를 만듭니다 (먼저 클리핑을 설정하세요)."),
                   icon=":material/info:")


def _toggle(playing: bool, click: int):
    """Do what the button said when it was clicked: a run that stopped on its own meanwhile (its
    last step, an explosion, a session thought gone) is not started again by a click on Pause.

    A click counts once. With four or more pages training on one server, Streamlit delivered one
    click's trigger again in later script runs (measured: one Pause click ran this callback three
    times, so the run paused, trained on, paused). So the button's key carries the number of clicks
    taken, and a trigger of an older button is dropped (bench/clicks.py checks the answer holds)."""
    ss = st.session_state
    if click != ss.get("train_clicks", 0):
        return
    ss["train_clicks"] = click + 1
    run = get_run()
    if playing:
        run.pause(settle=True)  # the charts on the step the counter shows
    elif not run.running:
        run.play()


def _step():
    get_run().step()


def _back():
    """Swap the current run with the one a shape change replaced: nothing is lost."""
    adopt(st.session_state["previous_run"], settings=True)


def back_button(run: Run) -> None:
    previous = st.session_state.get("previous_run")
    if previous is not None and previous.step_count > 0 and previous.cfg != run.cfg:
        st.button(tr(f"Back to the previous network (step {previous.step_count})",
                     f"이전 네트워크로 돌아가기 (스텝 {previous.step_count})"),
                  key="btn_back", icon=":material/undo:", on_click=_back)


def _reset():
    run = get_run()
    adopt(Run.fresh(run.cfg, run.task.source), tr("Reset: a new network with the same settings and seed.",
                                                  "초기화: 같은 설정과 시드로 새 네트워크를 만들었습니다."))


def buttons(run: Run, presenting: bool = False) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1])
    click = st.session_state.get("train_clicks", 0)
    c1.button(tr("Pause", "일시정지") if run.running else tr("Train", "학습"), key=f"btn_train_{click}",
              icon=":material/pause:" if run.running else ":material/play_arrow:",
              type="primary", on_click=_toggle, args=(run.running, click), width="stretch")
    c2.button(tr("Step", "한 스텝"), key="btn_step", icon=":material/skip_next:", on_click=_step,
              width="stretch", help=tr("Exactly one BPTT step.", "BPTT 한 스텝만 실행합니다."))
    if not presenting:
        c3.button(tr("Reset", "초기화"), key="btn_reset", icon=":material/restart_alt:", on_click=_reset,
                  width="stretch")
        lecture.save_button(run, c4)


def live_panel(metric_name: str, presenting: bool = False) -> None:
    """Charts that refresh while training, in one fragment. Where the server has the feed
    (ui/feed.py) the fast charts fetch their updates between script runs every ticks()[0] s
    (TICK_SECONDS, longer when many pages of this server train at once), and the fragment reruns
    every ticks()[1] s for the numbers above them and the slow charts; otherwise it reruns every
    ticks()[0] s and builds the slow charts every ticks()[1] s. One fragment, not one per
    period: every fragment run costs the browser a re-render of the page and the server a script
    run, whatever is in it."""
    run = get_run()
    was_running, was_preparing = run.running, run.preparing
    fast, slow = ticks()  # slower when many pages of this server train at once (ui/live.py)
    fed = feed.served and run.running
    height = 340 if presenting else 300

    @st.fragment(run_every=(slow if fed else fast) if run.running or run.preparing else None)
    def panel():
        run = get_run()
        run.seen()
        if run.running and not 0.6 < ticks()[0] / fast < 1.6:  # the class grew or shrank: new periods
            st.rerun(scope="app")
        if run.preparing:  # the run's worker computes the first record (core/live.py)
            st.info(tr("Preparing the network…", "네트워크를 준비하는 중…"), icon=":material/hourglass_top:")
            return
        with st.container():  # one element whether shown or not: the charts below keep their place
            slot_notice(run)  # waiting for a free training slot: never slower in silence
        if not run.running and was_running or was_preparing:  # paused itself, or ready: redraw all
            st.rerun(scope="app")
        with run.draw():
            hist = run.snapshot()
            _live_charts(run, hist, metric_name, height, presenting, fed)
            _slow_charts(run, hist, height)

    # Two charts a row while each gets a readable width; in a narrower main area (1024 px with the
    # sidebar open) one a row, so no plot shrinks to a sliver and no time axis smears.
    st.html("""<style>
      .st-key-chart_grid { container-type: inline-size; }
      @container (max-width: 780px) {
        .st-key-chart_grid [data-testid="stHorizontalBlock"]:has(.stPlotlyChart, .livechart) { flex-direction: column; }
        .st-key-chart_grid [data-testid="stHorizontalBlock"]:has(.stPlotlyChart, .livechart)
          > [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important; }
      }
    </style>""")
    with st.container(key="chart_grid"):
        panel()


def fast_figures(run: Run, hist: History, ckpt: Checkpoint, metric_name: str, wd: dict, height: int) -> dict:
    """Charts 1, 2, 3 and 3b ({key: (figure, plotly config)}), of step `ckpt` for 2 and 3. No
    Streamlit call: the feed builds them outside any script run (ui/feed.py)."""
    figures = {
        "chart_loss": (charts.loss_figure(hist, metric_name, wd, height=height), None),
        "chart_states": (charts.states_figure(ckpt, wd, height=height), ckpt.step),
        "chart_state_grad": (charts.state_grad_figure(ckpt.state_grad, run.cfg.truncate, wd, height=height),
                             ckpt.step),
        "chart_grad_history": (charts.grad_history_figure(charts.finite_checkpoints(hist), wd, height=height,
                                                          exploded=charts.explosion_steps(hist)), None)}
    return {key: (fig, plot_config(run, key, step)) for key, (fig, step) in figures.items()}


def _fed_figures(metric_name, wd, height):
    """What the feed draws while the run trains: fast_figures of its latest recorded step."""
    def build(run):
        hist = run.snapshot()
        return fast_figures(run, hist, _latest(hist), metric_name, wd, height)
    return build


def _live_charts(run, hist, metric_name, height, presenting=False, fed=False):
    wd = words()
    with st.container():  # one element whether the slider shows (paused) or not: the charts keep their place
        ckpt = _scrub(hist, run.running or presenting)
    _metrics(run, hist, ckpt, metric_name, fed)
    figures = fast_figures(run, hist, ckpt, metric_name, wd, height)
    # Fed: the charts move on between the fragment's runs, so their headers name no step.
    offer = feed.offer(run, _fed_figures(metric_name, wd, height), ticks()[0]) if fed else None
    at = "" if fed else tr(f" (step {ckpt.step})", f" (스텝 {ckpt.step})")

    def plot(key):
        fig, config = figures[key]
        live_chart(fig, key, config=config, feed=offer)

    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**1 · Loss and metric**", "**1 · 손실과 지표**"))
        plot("chart_loss")
    with c2:
        st.markdown(tr("**2 · Unrolled hidden states x_t**", "**2 · 펼친 은닉 상태 x_t**") + at)
        plot("chart_states")
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**3 · ‖∂L/∂x_t‖ for every t**", "**3 · 시간별 ‖∂L/∂x_t‖**") + at)
        plot("chart_state_grad")
    with c2:
        st.markdown(tr("**3b · ‖∂L/∂x_t‖ while learning** (step × t)", "**3b · 학습 중 ‖∂L/∂x_t‖** (스텝 × t)"))
        plot("chart_grad_history")
        finite = charts.finite_checkpoints(hist)
        if finite and hist.rows["step"] and finite[0].step > hist.rows["step"][0]:
            first = finite[0].step  # a loaded run: its file holds the losses, not ‖∂L/∂x_t‖ per step
            st.caption(tr(f"Loaded at step {first:,}: this saved run holds its losses and gradient norms (charts 1 "
                          f"and 4) but no ‖∂L/∂x_t‖ records, so this chart starts at step {first:,}. "
                          "Train to add rows.",
                          f"스텝 {first:,}에서 불러왔습니다: 이 저장된 실행에는 손실과 기울기 노름(차트 1, 4)은 있지만 "
                          f"‖∂L/∂x_t‖ 기록이 없어 이 차트는 스텝 {first:,}부터입니다. 학습하면 행이 늘어납니다."))


def _metrics(run, hist, ckpt, metric_name, fed=False):
    """The numbers above the charts, all of the step charts 2 and 3 show (the validation numbers
    of the last validation at or before it). Short labels: five fit a projector's width."""
    m0, m1, m2, m3, m4 = st.columns(5)
    m0.metric(tr("Step", "스텝"), run.step_count,
              help=tr("Training now." if run.running else "Paused.", "학습 중." if run.running else "멈춤."))
    m1.metric(tr("Loss", "손실"), f"{ckpt.loss:.4g}", help=tr(f"Training loss at step {ckpt.step}.",
                                                              f"스텝 {ckpt.step}의 학습 손실."))
    vals = [(s, v) for s, v in zip(hist.val["step"], hist.val["metric"]) if s <= ckpt.step]
    m2.metric(metric_name.split(" (")[0], f"{vals[-1][1]:.3f}" if vals else "–",
              help=tr(f"{metric_name} on the validation set, at step {vals[-1][0]}." if vals else "No validation yet.",
                      f"검증 세트의 {metric_name}, 스텝 {vals[-1][0]}." if vals else "아직 검증 전."))
    m3.metric(tr("Steps/s", "스텝/초"), f"{run.live_rate:.0f}" if run.running else "–",
              help=tr("Training steps per second, live.", "실시간 초당 학습 스텝."))
    m4.metric(tr("ms/step", "ms/스텝"), f"{hist.last.seconds * 1000:.1f}" if hist.last else "–",
              help=tr("Milliseconds of one BPTT pass (forward, backward, update).",
                      "BPTT 1회(순전파, 역전파, 갱신)의 밀리초."))
    notes = []
    if ckpt.step != run.step_count and fed:  # the charts move on between these numbers' redraws
        notes.append(tr(f"The loss above is of step {ckpt.step}.", f"위의 손실은 스텝 {ckpt.step}의 값입니다."))
    elif ckpt.step != run.step_count:
        notes.append(tr(f"Loss and charts 2–3 show step {ckpt.step}.", f"손실과 차트 2–3은 스텝 {ckpt.step}입니다."))
    blown = [s for s in charts.explosion_steps(hist) if s > ckpt.step]
    if blown and not st.session_state.get("scrub_pinned"):
        notes.append(tr(f"Step {blown[-1]} blew up: step {ckpt.step} is the last recorded step with finite "
                        "states and gradients.",
                        f"스텝 {blown[-1]}에서 폭주: 스텝 {ckpt.step}이(가) 상태와 기울기가 유한한 마지막 기록 "
                        "스텝입니다."))
    if vals and vals[-1][0] != ckpt.step:
        notes.append(tr(f"{metric_name}: the validation at step {vals[-1][0]}.",
                        f"{metric_name}: 스텝 {vals[-1][0]}의 검증."))
    # Always one element here, so the charts below keep their place in the page's element tree
    # while these notes come and go (a shifted chart would be rebuilt by the browser).
    with st.container():
        if notes:
            st.caption(" ".join(notes))


def _slow_charts(run, hist, height):
    """Charts 4 to 7 and 9, built again every slow tick while training (ui/live.every_slow_tick)."""
    wd = words()

    def plot(key, build):
        _plot(every_slow_tick(run, key, build), key, run)

    def task_chart():
        with run.between_steps() as trainer:
            fig = task_figure(trainer.task, trainer.model, wd)
        fig.update_layout(height=max(height, fig.layout.height or 0))  # a figure that needs more room keeps it
        return fig

    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**4 · Gradient norm per parameter**", "**4 · 파라미터별 기울기 노름**"))
        plot("chart_param_grads", lambda: charts.param_grad_figure(hist, wd, height=height))
    with c2:
        st.markdown(tr("**5 · Spectral radius of W_xx**", "**5 · W_xx의 스펙트럼 반경**"))
        plot("chart_rho", lambda: charts.rho_figure(hist, wd, height=height))
        note = rho_note(run.cfg)
        if note:
            st.caption(note)
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(tr("**6 · Predictions vs targets**", "**6 · 예측과 정답**"))
        plot("chart_task", task_chart)
    with c2:
        st.markdown(tr("**7 · Speed**", "**7 · 속도**"))
        plot("chart_speed", lambda: charts.speed_figure(hist, wd, height=height))
    eigen_view.panel(run, hist, height)


def _scrub(hist, running):
    """8 · Scrub back: a slider over recorded steps re-shows charts 2 and 3. At its right end it
    follows the run; moved back, it stays on the step it was put on."""
    # A loaded run's older records hold ‖∂L/∂x_t‖ only (a saved run keeps no states): not scrubbable.
    finite = _scrubbable(hist)
    ss = st.session_state
    steps = [c.step for c in finite]
    if running or len(steps) < 2:
        ss["scrub_pinned"] = False
        return _latest(hist)
    if not ss.get("scrub_pinned") or ss.get("scrub") not in steps:
        ss["scrub"] = steps[-1]
    chosen = st.select_slider(tr("8 · Scrub back through recorded steps (charts 2 and 3)",
                                 "8 · 기록된 스텝 되돌려 보기 (차트 2, 3)"), steps, key="scrub",
                              on_change=_pin, args=(steps[-1],))
    return finite[steps.index(chosen)]


def _scrubbable(hist):
    return [c for c in charts.finite_checkpoints(hist) if c.probe is not None]


def _latest(hist):
    """The step charts 2 and 3 show while training: the latest recorded one with finite states."""
    finite = _scrubbable(hist)
    return finite[-1] if finite else hist.latest()


def _pin(last_step):
    st.session_state["scrub_pinned"] = st.session_state["scrub"] != last_step


def plot_config(run: Run, key: str, step: int | None = None) -> dict:
    """Plotly's config for a chart whose PNG export is named after the chart and the step it shows."""
    step = run.step_count if step is None else step
    name = f"rnn-explorer-{run.cfg.task}-{key.removeprefix('chart_')}-step{step}"
    return {**CHART_CONFIG, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": name}}


def _plot(fig, key, run, step=None):
    live_chart(fig, key, config=plot_config(run, key, step))  # updated in place: zoom kept, only new points sent


def task_panel(run: Run) -> None:
    view = task_views.load(run.cfg.task)
    if view is not None and hasattr(view, "view"):
        with run.between_steps() as trainer:
            view.view(trainer)


def data_panel(run: Run) -> None:
    """The user's own data for this task; a bad file leaves the current run as it was."""
    view = task_views.load(run.cfg.task)
    if view is None or not hasattr(view, "data_panel"):
        return
    with st.expander(tr("Your own data", "내 데이터 사용하기"), icon=":material/upload_file:", key="exp_own_data"):
        source = view.data_panel(run.task.source)
        if source is None:
            return
        try:
            adopt(Run.fresh(run.cfg, source), tr("Started a new network on your data.",
                                                 "내 데이터로 새 네트워크를 시작했습니다."))
            st.session_state.setdefault("sources", {})[run.cfg.task] = source
            st.rerun()
        except ValueError as e:
            st.error(safe.text(said(e)))


def cli_box(run: Run) -> None:
    st.caption(tr("Link to this screen with these settings:", "이 설정 그대로 이 화면을 여는 링크:"))
    copy_line(share_link(run.cfg), key="copy_link")

    # Follows the run's step count while it trains (every CLI_TICKS slow ticks: a fragment run costs the
    # browser a re-render of the page), not only when the page redraws (Pause, Step).
    @st.fragment(run_every=ticks()[1] * CLI_TICKS if run.running else None)
    def headless():
        current = get_run()
        st.caption(tr(f"The same run, headless (to step {max(current.step_count, 100)}):",
                      f"같은 실행을 터미널에서 (스텝 {max(current.step_count, 100)}까지):"))
        copy_line(cli_command(current.cfg, max(current.step_count, 100)), key="copy_cli")

    headless()
    notebook_view.download(run)


def summary(run: Run) -> None:
    task = run.task
    kinds = {"many-to-one": tr("many-to-one", "다대일"), "one-to-many": tr("one-to-many", "일대다"),
             "many-to-many": tr("many-to-many", "다대다")}
    st.caption(f"{kinds.get(task.kind, task.kind)} · {words()[f'task.{task.name}.summary']}")


def rho_note(cfg: RunConfig) -> str:
    """What chart 5's matrix is when the cell is not the post's Elman cell, or the task has two RNNs."""
    cell = {"lstm": tr("LSTM: the candidate (g) block of its recurrent weights; the gates have blocks of their own.",
                       "LSTM: 순환 가중치 중 후보(g) 블록입니다. 게이트는 각자의 블록을 가집니다."),
            "gru": tr("GRU: the candidate (n) block of its recurrent weights; the gates have blocks of their own.",
                      "GRU: 순환 가중치 중 후보(n) 블록입니다. 게이트는 각자의 블록을 가집니다."),
            "lru": tr("LRU: Λ, so ρ = max |λ|.", "LRU: Λ이므로 ρ = max |λ|입니다.")}.get(cfg.cell, "")
    seq2seq = tr("Seq2Seq: the encoder's matrix only.",
                 "Seq2Seq: 인코더의 행렬만입니다.") if cfg.task == "translate" else ""
    return " ".join(p for p in (cell, seq2seq) if p)
