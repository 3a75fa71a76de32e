"""Predict, then reveal (core/exercises.py computes every answer): the question, an answer the
student commits, then the engine's answer with one line in the post's terms. Progress stays in
the session; a link /screen?exercise=ID opens that exercise and scrolls to it."""
import re

import streamlit as st
import streamlit.components.v1 as components

from core import exercises as E

from .i18n import lang, tr

PROGRESS = "exercise_progress"  # session_state: id -> {"given", "value", "right", "detail"}

# id -> title, question and explanation (English, 한국어); {names} are the exercise's settings,
# its answer's detail and {value}, the engine's answer.
TEXT = {
    "params-h32": dict(
        title=("How many parameters at H = 32?", "H = 32일 때 파라미터는 몇 개?"),
        q=("The post's RNN with input size I = {I}, hidden size H = {H}, output size O = {O}: how many numbers "
           "do W_xx, W_xu, b_x, W_yx and b_y hold together?",
           "입력 크기 I = {I}, 은닉 크기 H = {H}, 출력 크기 O = {O}인 글의 RNN: W_xx, W_xu, b_x, W_yx, b_y를 "
           "모두 합하면 숫자가 몇 개일까요?"),
        why=("W_xx is H×H = {W_xx}, W_xu is H×I = {W_xu}, b_x has {b_x}, W_yx is O×H = {W_yx}, b_y has {b_y}: "
             "{value} in all. H² dominates.",
             "W_xx는 H×H = {W_xx}, W_xu는 H×I = {W_xu}, b_x는 {b_x}, W_yx는 O×H = {W_yx}, b_y는 {b_y}: "
             "모두 {value}개. H²가 대부분입니다.")),
    "shape-wxu": dict(
        title=("The shape of W_xu", "W_xu의 모양"),
        q=("With I = {I} inputs and H = {H} hidden units, what shape does W_xu have (rows × columns)?",
           "입력 I = {I}개, 은닉 유닛 H = {H}개일 때 W_xu의 모양(행 × 열)은?"),
        why=("W_xu u_t must be a hidden-size vector made from an input-size vector: H rows, I columns, {value}.",
             "W_xu u_t는 입력 크기 벡터로 은닉 크기 벡터를 만들어야 하므로 H행 I열, {value}입니다.")),
    "first-loss": dict(
        title=("The loss before any training", "학습 전의 손실"),
        q=("On the noisy sine task (H = {H}, T = {T}, seed {seed}), what is the mean squared error before the "
           "first BPTT step closest to?",
           "잡음 섞인 사인파 과제(H = {H}, T = {T}, 시드 {seed})에서 첫 BPTT 스텝 전의 평균제곱오차는 "
           "어느 값에 가장 가까울까요?"),
        why=("It is {loss:.3f}: the untrained y_t = W_yx x_t + b_y sits near 0, so the error is about the variance "
             "of the target sine, {var:.3f} (sin² averages ½).",
             "{loss:.3f}입니다. 학습 전 y_t = W_yx x_t + b_y는 0 근처라서 오차는 정답 사인파의 분산 {var:.3f} "
             "정도입니다(sin²의 평균은 ½).")),
    "lru-inside": dict(
        title=("Can the LRU's eigenvalues leave the circle?", "LRU의 고윳값이 단위원을 벗어날까?"),
        q=("Train the LRU on the sine task with a large learning rate, lr = {lr}, for {steps} steps (H = {H}). "
           "How many of Λ's eigenvalues end up with |λ| ≥ 1?",
           "LRU를 큰 학습률 lr = {lr}로 사인파 과제에서 {steps} 스텝 학습합니다(H = {H}). Λ의 고윳값 중 "
           "|λ| ≥ 1인 것은 몇 개일까요?"),
        why=("{value} of {n}: λ = exp(−exp(ν) + iθ) has |λ| = exp(−exp(ν)) < 1 for every ν the optimizer picks; "
             "the largest |λ| is {max:.4f}.",
             "{n}개 중 {value}개: λ = exp(−exp(ν) + iθ)이면 옵티마이저가 어떤 ν를 고르든 |λ| = exp(−exp(ν)) < 1"
             "입니다. 가장 큰 |λ|는 {max:.4f}.")),
    "lstm-params": dict(
        title=("How many parameters has the LSTM?", "LSTM의 파라미터는 몇 개?"),
        q=("An LSTM with I = {I}, H = {H}, O = {O} (the Train screen's sine task): how many parameters?",
           "I = {I}, H = {H}, O = {O}인 LSTM(실시간 학습 화면의 사인파 과제): 파라미터는 몇 개일까요?"),
        why=("{value}: four gates, each with its own W_xx-like H×H block ({W_xx} in all), W_xu ({W_xu}) and two "
             "biases ({b_x}), plus W_yx ({W_yx}) and b_y ({b_y}), about four times the Elman cell.",
             "{value}개: 게이트 넷이 각자 H×H 블록(합쳐서 {W_xx}), W_xu({W_xu}), 편향 두 개({b_x})를 갖고, "
             "W_yx({W_yx})와 b_y({b_y})가 더해집니다. Elman 셀의 약 네 배입니다.")),
    "fixed-points": dict(
        title=("Fixed points of x_t = tanh(w x_{t−1})", "x_t = tanh(w x_{t−1})의 고정점"),
        q=("x_t = tanh(w x_{t−1} + b) with w = {w}, b = {b}: how many fixed points x* = tanh(w x* + b) are there?",
           "w = {w}, b = {b}인 x_t = tanh(w x_{t−1} + b): 고정점 x* = tanh(w x* + b)은 몇 개일까요?"),
        why=("{value}: x* = {points}. With w > 1 the line x meets tanh(w x) three times; 0 becomes unstable "
             "(slope w > 1) and the two outer points hold the state.",
             "{value}개: x* = {points}. w > 1이면 직선 x와 tanh(w x)가 세 번 만나고, 0은 불안정해지며"
             "(기울기 w > 1) 바깥 두 점이 상태를 붙잡습니다.")),
    "memory-steps": dict(
        title=("How long does |λ| = 0.95 remember?", "|λ| = 0.95는 얼마나 오래 기억할까?"),
        q=("The linear system x_t = λ x_{t−1} + u_t with λ = {lam} gets one input x_0 = 1 and nothing after. "
           "After how many steps is x_t first below 1/e ≈ 0.37? (within 10 %)",
           "선형 시스템 x_t = λ x_{t−1} + u_t (λ = {lam})에 입력 x_0 = 1을 한 번만 줍니다. x_t가 처음 "
           "1/e ≈ 0.37 아래로 내려가는 것은 몇 스텝 뒤일까요? (10 % 이내)"),
        why=("{value} steps: x_t = λ^t, and λ^t = 1/e at t = −1/ln λ ≈ 1/(1−|λ|) = {span:.0f}. Modes near the unit "
             "circle remember long; this is the LRU's trick.",
             "{value} 스텝: x_t = λ^t이고 λ^t = 1/e가 되는 t = −1/ln λ ≈ 1/(1−|λ|) = {span:.0f}. 단위원에 가까운 "
             "모드는 오래 기억합니다. LRU가 쓰는 방법입니다.")),
    "two-steps": dict(
        title=("Two steps of the cell by hand", "셀 두 스텝 손으로 계산하기"),
        q=("H = 1, σ = tanh, W_xx = {W_xx}, W_xu = {W_xu}, b_x = {b_x}, x_0 = 0. Inputs u_1 = 2, u_2 = 0. "
           "What is x_2? (within 0.01)",
           "H = 1, σ = tanh, W_xx = {W_xx}, W_xu = {W_xu}, b_x = {b_x}, x_0 = 0. 입력 u_1 = 2, u_2 = 0. "
           "x_2는 얼마일까요? (0.01 이내)"),
        why=("x_1 = tanh(0.9·0 + 0.5·2 + 0.1) = {x1:.4f}, then x_2 = tanh(0.9·{x1:.4f} + 0.5·0 + 0.1) = {value:.4f}: "
             "with no input, W_xx alone carries the memory of u_1.",
             "x_1 = tanh(0.9·0 + 0.5·2 + 0.1) = {x1:.4f}, 이어서 x_2 = tanh(0.9·{x1:.4f} + 0.5·0 + 0.1) = "
             "{value:.4f}: 입력이 없으면 W_xx만이 u_1의 기억을 실어 나릅니다.")),
    "unit-range": dict(
        title=("Which σ keeps x_t in [0, 1]?", "어떤 σ가 x_t를 [0, 1]에 둘까?"),
        q=("Feed the cell large inputs of both signs. With which activation σ does every x_t stay between 0 and 1?",
           "셀에 양수와 음수의 큰 입력을 넣습니다. 어떤 활성화 함수 σ에서 모든 x_t가 0과 1 사이에 있을까요?"),
        why=("Only {value}: sigmoid maps every a_t into (0, 1); tanh goes down to −1, ReLU and identity are "
             "unbounded above.",
             "{value}뿐입니다: 시그모이드는 모든 a_t를 (0, 1)로 보내고, tanh는 −1까지 내려가며, ReLU와 항등 "
             "함수는 위로 끝이 없습니다.")),
    "shared-count": dict(
        title=("Parameters of the RNN unrolled to T = 100", "T = 100으로 펼친 RNN의 파라미터"),
        q=("The RNN with I = {I}, H = {H}, O = {O} is unrolled over T = {T} steps. How many distinct parameters "
           "does the unrolled network use?",
           "I = {I}, H = {H}, O = {O}인 RNN을 T = {T} 시점으로 펼칩니다. 펼친 네트워크가 쓰는 서로 다른 "
           "파라미터는 몇 개일까요?"),
        why=("{value}, the same as at T = 1: every step reuses the same W_xx, W_xu, b_x, W_yx, b_y "
             "(weight sharing), so T never enters the count.",
             "{value}개로 T = 1일 때와 같습니다: 모든 시점이 같은 W_xx, W_xu, b_x, W_yx, b_y를 다시 씁니다"
             "(가중치 공유). 그래서 개수에 T가 없습니다.")),
    "unshared-count": dict(
        title=("Without weight sharing, at T = 10", "가중치 공유 없이, T = 10"),
        q=("If each of T = {T} steps had its own five parameters (I = {I}, H = {H}, O = {O}), how many "
           "parameters would there be?",
           "T = {T}개의 시점마다 다섯 파라미터를 따로 가진다면(I = {I}, H = {H}, O = {O}) 파라미터는 "
           "몇 개일까요?"),
        why=("{value} = {T} × {one}: without sharing the count grows with T, and a sequence longer than the "
             "training ones would have no weights at all.",
             "{value} = {T} × {one}: 공유하지 않으면 개수가 T에 따라 늘고, 학습 때보다 긴 시퀀스에는 쓸 "
             "가중치가 아예 없습니다.")),
    "rho-decay": dict(
        title=("ρ(W_xx) = 0.9, T = 50: does the gradient survive?", "ρ(W_xx) = 0.9, T = 50: 기울기가 살아남을까?"),
        q=("In the lab's network (σ = identity, H = {H}, seed {seed}) W_xx is scaled so that ρ(W_xx) = {rho}; "
           "T = {T}, loss on the last step. Is ‖∂L/∂x₁‖ above or below 1e-2 of ‖∂L/∂x_T‖?",
           "실험실 네트워크(σ = 항등, H = {H}, 시드 {seed})에서 ρ(W_xx) = {rho}가 되도록 W_xx를 조절합니다. "
           "T = {T}, 손실은 마지막 시점에만. ‖∂L/∂x₁‖은 ‖∂L/∂x_T‖의 1e-2보다 클까요, 작을까요?"),
        why=("{value}: the ratio is {ratio:.3g}. Each of the T−1 = {lag} steps back multiplies by W_xxᵀ, and "
             "ρ^{lag} = {rate:.3g}: with ρ < 1 the gradient vanishes geometrically.",
             "{value}: 비율은 {ratio:.3g}입니다. 거슬러 가는 T−1 = {lag} 스텝마다 W_xxᵀ가 곱해지고 "
             "ρ^{lag} = {rate:.3g}: ρ < 1이면 기울기가 기하급수적으로 소실됩니다.")),
    "tanh-explode": dict(
        title=("ρ(W_xx) ≈ 2 with tanh: explode or vanish?", "tanh에서 ρ(W_xx) ≈ 2: 폭발할까 소실될까?"),
        q=("The lab's network with σ = tanh, H = {H}, T = {T} and W_xx scaled by {scale} (ρ ≈ 2). Is ‖∂L/∂x₁‖ "
           "larger or smaller than ‖∂L/∂x_T‖?",
           "σ = tanh, H = {H}, T = {T}, W_xx를 {scale}배 한 실험실 네트워크(ρ ≈ 2). ‖∂L/∂x₁‖은 ‖∂L/∂x_T‖보다 "
           "클까요, 작을까요?"),
        why=("{value} (ratio {ratio:.3g}) with ρ(W_xx) = {rho:.2f}: each step back multiplies by "
             "J_t = diag(σ'(a_t)) W_xx, and a large W_xx drives tanh into saturation, where σ'(a_t) = 1 − x_t² "
             "is near 0: the slopes work against what ρ > 1 alone would blow up.",
             "{value} (비율 {ratio:.3g}), ρ(W_xx) = {rho:.2f}: 거슬러 갈 때마다 J_t = diag(σ'(a_t)) W_xx가 "
             "곱해지는데, 큰 W_xx는 tanh를 포화시켜 σ'(a_t) = 1 − x_t²가 0에 가깝습니다: 이 기울기들이 "
             "ρ > 1만으로 생길 폭발을 거스릅니다.")),
    "recall-200": dict(
        title=("Which cell remembers through T = 200?", "T = 200을 기억하는 셀은?"),
        q=("The recall task at T = {T}: each cell (H = {H}) trains {steps} steps with the lab's recipe. Which "
           "reaches the highest test accuracy? (The engine trains all four when you commit: half a minute.)",
           "T = {T}인 기억 과제: 각 셀(H = {H})을 실험실과 같은 방법으로 {steps} 스텝 학습합니다. 테스트 "
           "정확도가 가장 높은 셀은? (답을 확정하면 엔진이 네 셀을 학습합니다: 30초 정도.)"),
        why=("{value}. Test accuracy: {acc_text} (chance 0.25). The gradient that teaches recall must travel "
             "T − 1 steps back: it fades like |λ|^(T−1) per mode, and the LRU's modes start just inside the unit "
             "circle (|λ| ≥ 0.99).",
             "{value}. 테스트 정확도: {acc_text} (우연 0.25). 기억을 가르치는 기울기는 T − 1 스텝을 거슬러 가야 "
             "하고, 모드마다 |λ|^(T−1)처럼 줄어듭니다. LRU의 모드는 단위원 바로 안쪽(|λ| ≥ 0.99)에서 시작합니다.")),
}

CHOICE_TEXT = {"above": ("above", "크다"), "below": ("below", "작다"), "larger": ("larger", "크다"),
               "smaller": ("smaller", "작다"), "elman": ("Elman", "Elman"), "lstm": ("LSTM", "LSTM"),
               "gru": ("GRU", "GRU"), "lru": ("LRU", "LRU")}


@st.cache_data(max_entries=64, show_spinner=False)
def _solve(ex_id: str) -> tuple:
    """The engine's answer (pure numbers, the same for every session: computed once per server)."""
    a = E.BY_ID[ex_id].answer()
    return a.value, a.detail


def _shown(ex, value, L) -> str:
    if value is None:
        return "–"
    if ex.kind == "choice":
        pair = CHOICE_TEXT.get(value)
        return (pair[1] if L == "ko" else pair[0]) if pair else str(value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _words(ex, value, detail, L) -> dict:
    words = {**ex.settings, **detail, "value": _shown(ex, value, L) if ex.kind == "choice" else value}
    if "accuracy" in detail:
        words["acc_text"] = ", ".join(f"{CHOICE_TEXT[c][0]} {a:.2f}" for c, a in detail["accuracy"].items())
    if "T" in ex.settings:
        words["lag"] = ex.settings["T"] - 1
    return words


def _fill(template: str, words: dict) -> str:
    """str.format for the {name} and {name:spec} fields that name a word; the post's own braces
    (x_{t−1}) stay as they are."""
    def one(m):
        name, spec = m.group(1), m.group(2) or ""
        return format(words[name], spec[1:]) if name in words else m.group(0)
    return re.sub(r"\{(\w+)(:[^{}]*)?\}", one, template)


def _commit(ex_id, key):
    given = st.session_state.get(key)
    if given is not None:
        st.session_state[PROGRESS][ex_id] = {"given": given}


def _forget(ex_id):
    st.session_state[PROGRESS].pop(ex_id, None)
    st.session_state.pop(f"ex_in_{ex_id}", None)


def _one(ex, progress, focus):
    L, text = lang(), TEXT[ex.id]
    title = text["title"][L == "ko"]
    state = progress.get(ex.id)
    if state is not None and "value" not in state:  # committed: now, and only now, the engine computes it
        with st.spinner(tr("The engine is computing the answer...", "엔진이 답을 계산하는 중...")):
            value, detail = _solve(ex.id)
        state.update(value=value, detail=detail, right=ex.is_right(state["given"], E.Answer(value, detail)))
    if state is None:
        icon = ":material/help:"
    else:
        icon = ":material/check_circle:" if state["right"] else ":material/cancel:"
    with st.expander(title, expanded=focus, key=f"exp_ex_{ex.id}", icon=icon):
        st.markdown(_fill(text["q"][L == "ko"], ex.settings))
        key, locked = f"ex_in_{ex.id}", state is not None
        if ex.kind == "choice":
            given = st.radio(tr("Your answer", "내 답"), ex.choices, index=None, key=key, disabled=locked,
                             horizontal=True, format_func=lambda v, L=L: _shown(ex, v, L))
        else:
            given = st.number_input(tr("Your answer", "내 답"), value=None, key=key, disabled=locked,
                                    step=1.0 if ex.tolerance == 0 else 0.01, format="%g")
        if state is None:
            st.button(tr("Commit my answer", "답 확정하기"), key=f"ex_commit_{ex.id}", disabled=given is None,
                      on_click=_commit, args=(ex.id, key),
                      help=tr("Nothing is revealed before you commit.", "확정하기 전에는 아무것도 보여 주지 않습니다."))
            return
        shown = tr("Your answer: {g} · the engine computed: {v}", "내 답: {g} · 엔진이 계산한 답: {v}").format(
            g=_shown(ex, state["given"], L), v=_shown(ex, state["value"], L))
        (st.success if state["right"] else st.error)(
            (tr("Right. ", "맞았습니다. ") if state["right"] else tr("Not quite. ", "아쉽습니다. ")) + shown)
        st.markdown(_fill(text["why"][L == "ko"], _words(ex, state["value"], state["detail"], L)))
        st.button(tr("Try again", "다시 풀기"), key=f"ex_retry_{ex.id}", on_click=_forget, args=(ex.id,))


def show(screen: str) -> None:
    """The screen's exercises, with the session's progress; ?exercise=ID opens and scrolls to one."""
    ss = st.session_state
    progress = ss.setdefault(PROGRESS, {})
    here = E.on_screen(screen)
    target = st.query_params.get("exercise")
    st.divider()
    st.subheader(tr("Predict, then reveal", "예측하고 확인하기"), anchor="exercises")
    head = st.empty()  # the progress line, filled in once this run's answers are known
    for ex in here:
        _one(ex, progress, target == ex.id)
    right = sum(progress[e.id].get("right", False) for e in here if e.id in progress)
    done = sum(e.id in progress for e in here)
    head.caption(tr(f"Commit an answer first; the app then computes the true one. This screen: {done} of "
                    f"{len(here)} answered, {right} right · all screens: {len(progress)} of {len(E.EXERCISES)}.",
                    f"먼저 답을 확정하면 앱이 참값을 계산합니다. 이 화면: {len(here)}문제 중 {done}문제 답함, "
                    f"{right}문제 맞음 · 모든 화면: {len(E.EXERCISES)}문제 중 {len(progress)}문제."))
    if target in {e.id for e in here}:
        # Once per browser tab (sessionStorage), so later reruns leave the page where it is. The
        # charts above still grow while they draw: keep it in view for the first few seconds.
        mark = f"exercise-scrolled-{target}"
        components.html("<script>(function(){const d=window.parent.document,s=window.parent.sessionStorage;"
                        "if(s.getItem('" + mark + "'))return;let n=0,seen=0;const f=()=>{"
                        "const e=d.querySelector('.st-key-exp_ex_" + target + "');"
                        "if(e){e.scrollIntoView({block:'start'});seen++;}"
                        "if(seen<15&&n++<100){setTimeout(f,200);}else if(seen){s.setItem('" + mark + "','1');}};"
                        "f();})();</script>", height=0)
    elif target and target not in E.BY_ID and not ss.get(f"_exercise_unknown_{screen}"):
        ss[f"_exercise_unknown_{screen}"] = True
        st.info(tr(f"There is no exercise '{target}' in the link; the ones here are listed above.",
                   f"링크의 연습 문제 '{target}'은(는) 없습니다. 이 화면의 문제는 위에 있습니다."))
