"""First-order systems (post §4–5): iterate x_t = f(x_{t-1}) by hand, drive it with an input,
observe it through h, and see how long one input is remembered."""
import numpy as np
import streamlit as st

from core.charts import system as C
from core.concepts import system as S
from ui import exercises, shell
from ui import urlstate as U
from ui.i18n import tr, words

shell.require_app()  # a deep link on a fresh server must still run through app.py

WORDS = words()
SIGMA_NAMES = {"identity": "identity (linear)", "tanh": "tanh", "sigmoid": "sigmoid"}


# Labels are looked up in dicts built during the run: a format_func must not read the session.
SIGMA_LABELS = {n: tr(SIGMA_NAMES[n], {"identity": "항등 (선형)", "tanh": "tanh", "sigmoid": "sigmoid"}[n])
                for n in S.SIGMAS}


def behaviour_text(key):
    return {
        "diverges": tr("The state runs away: it diverges.", "상태가 끝없이 커집니다: 발산."),
        "converges": tr("The state settles on a fixed point.", "상태가 고정점에 수렴합니다."),
        "converges-oscillating": tr("The state settles, flipping sign around the fixed point on the way.",
                                    "상태가 고정점 주위를 번갈아 오가며 수렴합니다."),
        "saturates": tr("The state settles where σ is flat: it saturates.", "σ가 평평한 곳에 머뭅니다: 포화."),
        "cycle-2": tr("The state jumps between two values forever (a 2-cycle).",
                      "상태가 두 값 사이를 영원히 오갑니다 (주기 2)."),
        "wanders": tr("The state has not settled within these steps.", "이 단계 안에 자리 잡지 못했습니다."),
    }[key]


def apply_preset(prefix, presets, fields):
    """Copy the chosen preset's numbers into the sliders' session values (before they are drawn)."""
    name = st.session_state[f"{prefix}_preset"]
    if name in presets:
        for k, v in fields(presets[name]).items():
            st.session_state[f"{prefix}_{k}"] = v


PRESET_1D_NAMES = {"decay": ("decay", "감쇠"), "oscillate": ("oscillate (w < 0)", "진동 (w < 0)"),
                   "diverge": ("diverge (|w| > 1)", "발산 (|w| > 1)"), "saturate": ("saturate", "포화"),
                   "two-stable": ("two stable fixed points", "안정 고정점 두 개"),
                   "cycle": ("2-cycle", "주기 2")}
PRESET_2D_NAMES = {"decay": ("decay", "감쇠"), "rotation": ("rotation", "회전"),
                   "saturation": ("saturation", "포화"), "unstable": ("unstable", "불안정")}
PRESET_1D_LABELS = {k: tr(*v) for k, v in PRESET_1D_NAMES.items()}
PRESET_2D_LABELS = {k: tr(*v) for k, v in PRESET_2D_NAMES.items()}


def preset_1d_fields(p):
    w, b, n, x0 = p
    return {"w": w, "b": b, "sigma": n, "x0": x0}


def preset_2d_fields(p):
    W, n = p
    return {"w11": float(W[0, 0]), "w12": float(W[0, 1]), "w21": float(W[1, 0]), "w22": float(W[1, 1]),
            "sigma": n}


P1, P2 = preset_1d_fields(S.PRESETS_1D["decay"]), preset_2d_fields(S.PRESETS_2D["rotation"])
URL = [U.choice("sys1_preset", S.PRESETS_1D, "decay"), U.choice("sys1_sigma", S.SIGMAS, P1["sigma"]),
       U.number("sys1_w", -4.0, 4.0, P1["w"]), U.number("sys1_b", -2.0, 2.0, P1["b"]),
       U.number("sys1_x0", -3.0, 3.0, P1["x0"]), U.number("sys1_steps", 5, 100, 40, integer=True),
       U.choice("sys2_preset", S.PRESETS_2D, "rotation"), U.choice("sys2_sigma", S.SIGMAS, P2["sigma"]),
       *[U.number(f"sys2_w{ij}", -2.0, 2.0, P2[f"w{ij}"]) for ij in ("11", "12", "21", "22")],
       U.number("sys2_steps", 5, 100, 30, integer=True),
       U.choice("sys3_input", S.INPUTS, "clouds"), U.choice("sys3_sigma", S.SIGMAS, "tanh"),
       U.number("sys3_T", 10, 120, 60, integer=True), U.flag("sys3_show", True),
       U.number("sys3_w", -1.5, 1.5, 0.8), U.number("sys3_wu", -3.0, 3.0, 1.0), U.number("sys3_b", -2.0, 2.0, -0.3),
       U.number("sys3_k", -5.0, 5.0, 3.0), U.number("sys3_c", -3.0, 3.0, 0.0),
       U.number("sys3_t0", 1, 10, 5, integer=True), U.number("sys3_delta", -1.0, 1.0, 0.5)]

st.title(tr("First-order systems", "1차 시스템"))
st.markdown(tr("The post starts from a system whose state today depends only on its state yesterday: "
               "$x_t = f(x_{t-1})$. With no input it runs on its own: an **autonomous system** (the first two "
               "tabs). With an input it becomes $x_t = f(x_{t-1}, u_t)$, and when we only see an observation "
               "$y_t = h(x_t)$ of the state, the pair is a **state-space model** (the third tab), the form an RNN "
               "learns. Change a number and watch what the state does.",
               "포스트는 오늘의 상태가 어제의 상태에만 달린 시스템에서 시작합니다: $x_t = f(x_{t-1})$. 외부 입력 "
               "없이 혼자 돌아가는 **자율 시스템**(autonomous system)입니다(앞의 두 탭). 입력이 있으면 "
               "$x_t = f(x_{t-1}, u_t)$가 되고, 상태를 직접 보지 못하고 관측 $y_t = h(x_t)$만 볼 때 이 둘이 "
               "**상태 공간 모델**(state-space model)이며(세 번째 탭), RNN이 배우는 꼴입니다. "
               "숫자를 바꾸면 상태가 어떻게 움직이는지 바로 보입니다."))
for notice in U.bind("system", URL):  # a shared link's settings, checked
    st.info(notice, icon=":material/link:")
tab1, tab2, tab3 = st.tabs([tr("1-D map", "1차원 사상"), tr("2-D map: W_xx", "2차원: W_xx"),
                            tr("Driven and observed", "입력과 관측")])

with tab1:
    st.latex(r"x_t = f(x_{t-1}) = \sigma(w\,x_{t-1} + b)")
    c = st.columns(5)
    c[0].selectbox(tr("Preset", "예시"), list(S.PRESETS_1D), key="sys1_preset", persist_state=U.KEEP,
                   format_func=PRESET_1D_LABELS.get,
                   on_change=apply_preset, args=("sys1", S.PRESETS_1D, preset_1d_fields))
    sig = c[1].selectbox("σ", S.SIGMAS, key="sys1_sigma", persist_state=U.KEEP, format_func=SIGMA_LABELS.get)
    w = c[2].slider("$w$", -4.0, 4.0, step=0.05, key="sys1_w", persist_state=U.KEEP)
    b = c[3].slider("$b$", -2.0, 2.0, step=0.05, key="sys1_b", persist_state=U.KEEP)
    x0 = c[4].slider("$x_0$", -3.0, 3.0, step=0.05, key="sys1_x0", persist_state=U.KEEP)
    steps = st.slider(tr("Steps", "단계 수"), 5, 100, key="sys1_steps", persist_state=U.KEEP)
    left, right = st.columns(2)
    left.plotly_chart(C.cobweb_figure(w, b, x0, steps, sig, WORDS), key="chart_sys_cobweb")
    right.plotly_chart(C.trajectory_figure(w, b, x0, steps, sig, WORDS), key="chart_sys_traj")
    st.info(behaviour_text(S.behaviour_1d(S.iterate_1d(w, b, x0, steps, sig), sig)))
    fps = S.fixed_points_1d(w, b, sig)
    if not fps:
        st.markdown(tr("No fixed point: with σ = identity and $w = 1$ the state drifts by $b$ every step.",
                       "고정점 없음: σ = 항등, $w = 1$이면 상태가 매 단계 $b$만큼 이동합니다."))
    for fp in fps:
        kind = tr("stable", "안정") if fp.stable else tr("unstable", "불안정")
        if abs(abs(fp.slope) - 1.0) < 1e-9:
            kind = tr("neutral: nudges neither grow nor shrink", "중립: 작은 변화가 커지지도 줄지도 않음")
        st.markdown(f"- $x^* = {fp.x:.4f}$, $f'(x^*) = {fp.slope:.3f}$: **{kind}** "
                    + tr("($|f'(x^*)| < 1$ pulls nearby states in)", "($|f'(x^*)| < 1$이면 근처 상태를 끌어당김)"))

with tab2:
    st.latex(r"x_t = \sigma(W_{xx}\,x_{t-1}), \quad x_t \in \mathbb{R}^2")
    c = st.columns(2)
    c[0].selectbox(tr("Preset", "예시"), list(S.PRESETS_2D), key="sys2_preset", persist_state=U.KEEP,
                   format_func=PRESET_2D_LABELS.get,
                   on_change=apply_preset, args=("sys2", S.PRESETS_2D, preset_2d_fields))
    sig2 = c[1].selectbox("σ", S.SIGMAS, key="sys2_sigma", persist_state=U.KEEP, format_func=SIGMA_LABELS.get)
    c = st.columns(4)
    W = np.array([[c[0].slider("$W_{xx}[1,1]$", -2.0, 2.0, step=0.01, key="sys2_w11", persist_state=U.KEEP),
                   c[1].slider("$W_{xx}[1,2]$", -2.0, 2.0, step=0.01, key="sys2_w12", persist_state=U.KEEP)],
                  [c[2].slider("$W_{xx}[2,1]$", -2.0, 2.0, step=0.01, key="sys2_w21", persist_state=U.KEEP),
                   c[3].slider("$W_{xx}[2,2]$", -2.0, 2.0, step=0.01, key="sys2_w22", persist_state=U.KEEP)]])
    steps2 = st.slider(tr("Steps", "단계 수"), 5, 100, key="sys2_steps", persist_state=U.KEEP)
    left, right = st.columns(2)
    left.plotly_chart(C.phase_figure(W, np.zeros(2), sig2, steps2, words=WORDS), key="chart_sys_phase")
    right.plotly_chart(C.eigen_figure(W, WORDS), key="chart_sys_eig")
    rho = S.spectral_radius(W)
    st.markdown(tr(f"Spectral radius $\\rho(W_{{xx}}) = \\max|\\lambda|$ = **{rho:.3f}**. "
                   "With σ = identity the state shrinks to 0 when every $|\\lambda| < 1$, "
                   "grows when one $|\\lambda| > 1$, and turns by $\\arg\\lambda$ per step "
                   "when λ is complex. tanh keeps a growing state inside the square $[-1, 1]^2$.",
                   f"스펙트럼 반경 $\\rho(W_{{xx}}) = \\max|\\lambda|$ = **{rho:.3f}**. "
                   "σ = 항등이면 모든 $|\\lambda| < 1$일 때 상태가 "
                   "0으로 줄고, $|\\lambda| > 1$인 것이 하나라도 있으면 커지며, "
                   "λ가 복소수면 단계마다 $\\arg\\lambda$만큼 "
                   "회전합니다. tanh는 커지는 상태를 $[-1, 1]^2$ 안에 가둡니다."))

with tab3:
    st.markdown(tr("Weather, as in the post: $x_t$ is tomorrow's weather (a state we never see directly), "
                   "$u_t$ the amount of cloud, $y_t = h(x_t)$ what we observe (here the chance of rain).",
                   "포스트의 날씨 예: $x_t$는 내일의 날씨(직접 볼 수 없는 상태), $u_t$는 구름의 양, "
                   "$y_t = h(x_t)$는 우리가 관측하는 값(여기서는 비 올 확률)입니다."))
    st.latex(r"x_t = \sigma(w\,x_{t-1} + w_u\,u_t + b), \qquad y_t = h(x_t) = \mathrm{sigmoid}(k\,x_t + c)")
    kinds = {"step": tr("step", "계단"), "pulse": tr("pulse", "펄스"), "sine": tr("sine", "사인"),
             "clouds": tr("cloud cover (synthetic)", "구름양 (합성)")}
    c = st.columns(4)
    kind = c[0].selectbox(tr("Input $u_t$", "입력 $u_t$"), S.INPUTS, key="sys3_input", persist_state=U.KEEP,
                          format_func=kinds.get)
    sig3 = c[1].selectbox("σ", S.SIGMAS, key="sys3_sigma", persist_state=U.KEEP, format_func=SIGMA_LABELS.get)
    T = c[2].slider("$T$", 10, 120, key="sys3_T", persist_state=U.KEEP)
    show = c[3].toggle(tr("Show hidden state", "숨은 상태 보기"), key="sys3_show", persist_state=U.KEEP)
    c = st.columns(5)
    wd = c[0].slider("$w$", -1.5, 1.5, step=0.05, key="sys3_w", persist_state=U.KEEP)
    wu = c[1].slider("$w_u$", -3.0, 3.0, step=0.1, key="sys3_wu", persist_state=U.KEEP)
    bd = c[2].slider("$b$", -2.0, 2.0, step=0.05, key="sys3_b", persist_state=U.KEEP)
    k = c[3].slider("$k$", -5.0, 5.0, step=0.1, key="sys3_k", persist_state=U.KEEP)
    cc = c[4].slider("$c$", -3.0, 3.0, step=0.1, key="sys3_c", persist_state=U.KEEP)
    u = S.make_input(kind, T, start=5)
    x = S.drive(wd, wu, bd, u, 0.0, sig3)
    st.plotly_chart(C.driven_figure(u, x, S.observe(x, k, cc), show, WORDS), key="chart_sys_driven")

    st.subheader(tr("The state is a compressed summary of the past", "상태는 과거의 압축본"))
    st.markdown(tr("Nudge one early input $u_{t_0}$ by $\\delta$ and follow the difference it makes to $x_t$.",
                   "이른 입력 $u_{t_0}$ 하나를 $\\delta$만큼 바꾸고 $x_t$에 생기는 차이를 따라가 봅니다."))
    c = st.columns(2)
    t0 = c[0].slider("$t_0$", 1, 10, key="sys3_t0", persist_state=U.KEEP)  # an early input; T is at least 10
    delta = c[1].slider(r"$\delta$", -1.0, 1.0, step=0.05, key="sys3_delta", persist_state=U.KEEP)
    dx = S.perturbation(wd, wu, bd, u, t0, delta, 0.0, sig3)
    st.plotly_chart(C.perturbation_figure(dx, t0, 0.01, words=WORDS), key="chart_sys_memory")
    n = S.memory_time(dx, t0)
    st.metric(tr("Steps until |Δx_t| < 1% of |Δx_t0|", "|Δx_t|가 |Δx_t0|의 1% 미만이 될 때까지 단계 수"),
              tr("not within T", "T 안에 없음") if n is None else n)
    if sig3 == "identity" and 0 < abs(wd) < 1 and wu * delta != 0:  # no nudge reaches x: nothing to count
        n_lin = S.linear_memory_steps(wd)
        st.caption(tr(r"Linear case: $|\Delta x_t| = |w|^{t-t_0}\,|w_u\delta|$, so it takes "
                      rf"$\lfloor \ln 0.01 / \ln|w| \rfloor + 1 = {n_lin}$ steps.",
                      r"선형인 경우: $|\Delta x_t| = |w|^{t-t_0}\,|w_u\delta|$, 따라서 "
                      rf"$\lfloor \ln 0.01 / \ln|w| \rfloor + 1 = {n_lin}$ 단계."))
    if sig3 == "identity" and 0.5 <= abs(wd) < 1:
        span = S.memory_span(abs(wd))
        st.markdown(tr(
            f"With $|w|$ near 1 a linear system remembers for about $1/(1-|w|)$ = **{span:.0f}** steps "
            "(the trace of an input shrinks by a factor e in that time). The linear recurrent unit (LRU) "
            "is many such systems side by side, $x_t = \\Lambda x_{t-1} + B u_t$ with every $|\\lambda|$ "
            "just below 1, and it learns to recall a symbol across hundreds of steps where the Elman cell fails.",
            f"$|w|$가 1에 가까우면 선형 시스템은 약 $1/(1-|w|)$ = **{span:.0f}** 단계 동안 기억합니다 "
            "(입력의 흔적이 그동안 e배 줄어듭니다). 선형 순환 유닛(LRU)은 이런 시스템 여럿을 나란히 둔 것으로, "
            "$x_t = \\Lambda x_{t-1} + B u_t$에서 모든 $|\\lambda|$가 1 바로 아래에 있어 Elman 셀이 실패하는 "
            "수백 단계 너머의 기호도 기억하도록 학습합니다."))
        st.page_link("screens/train.py",
                     label=tr("Train the LRU on the long-memory task", "긴 기억 과제로 LRU 학습하기"),
                     icon=":material/arrow_forward:", query_params={"task": "recall", "cell": "lru", "seq_len": 200})
exercises.show("system")  # predict, then reveal (?exercise=ID opens one)
