"""The cell and its five parameters (post §6): shapes and counts for chosen sizes, and one step
of a fixed random cell filled in with live numbers, token by token through the user's sentence."""
import numpy as np
import streamlit as st

from core.charts import cell as C
from core.concepts import cell as K
from ui import exercises, shell
from ui import urlstate as U
from ui.copyline import copy_line
from ui.i18n import tr, words

shell.require_app()  # a deep link on a fresh server must still run through app.py

WORDS = words()
ACTS = ("tanh", "sigmoid", "relu", "identity")
URL = [U.number("cell_I", 1, 8, 3, integer=True), U.number("cell_H", 1, 16, 4, integer=True),
       U.number("cell_O", 1, 6, 2, integer=True), U.choice("cell_act", ACTS, "tanh"),
       U.text("cell_text", "I / like / eating", hi=500)]

st.title(tr("The cell and its five parameters", "RNN 셀과 다섯 개의 파라미터"))
st.latex(r"x_t = \sigma(W_{xx}\,x_{t-1} + W_{xu}\,u_t + b_x) \qquad y_t = W_{yx}\,x_t + b_y")
st.caption(tr("The post also wraps $y_t$ in a σ; here that last step (softmax, sigmoid…) belongs to the "
              "task's loss, as in the app's trained models.",
              "포스트는 $y_t$에도 σ를 씌웁니다. 여기서는 그 마지막 단계(softmax, sigmoid…)를 학습 화면의 "
              "모델처럼 과제의 손실 함수 쪽에 둡니다."))
for notice in U.bind("cell", URL):  # a shared link's settings, checked
    st.info(notice, icon=":material/link:")

st.header(tr("1. Shapes and count", "1. 모양과 개수"))
c = st.columns(4)
I = c[0].slider(tr("input size $I$", "입력 크기 $I$"), 1, 8, key="cell_I", persist_state=U.KEEP)
H = c[1].slider(tr("hidden size $H$", "은닉 크기 $H$"), 1, 16, key="cell_H", persist_state=U.KEEP)
O = c[2].slider(tr("output size $O$", "출력 크기 $O$"), 1, 6, key="cell_O", persist_state=U.KEEP)
act = c[3].selectbox("σ", ACTS, key="cell_act", persist_state=U.KEEP)
shapes = K.parameter_shapes(I, H, O)
st.table({tr("parameter", "파라미터"): list(shapes),
          tr("shape", "모양"): [" × ".join(map(str, s)) for s in shapes.values()],
          tr("numbers", "개수"): [int(np.prod(s)) for s in shapes.values()]})
n = K.parameter_count(I, H, O)
st.latex(rf"H^2 + HI + H + OH + O = {H * H} + {H * I} + {H} + {O * H} + {O} = {n}")
st.caption(tr("The count has no $T$ in it: the same five parameters serve every time step.",
              "개수에 $T$가 없습니다: 같은 다섯 파라미터가 모든 시간 단계에 쓰입니다."))
st.plotly_chart(C.params_figure(K.parameters_numpy(K.make_cell(I, H, O, act, seed=0)), WORDS),
                key="chart_cell_params")

st.header(tr("2. One step with live numbers", "2. 실제 숫자로 한 단계"))
st.markdown(tr(
    "Post §5: what we would like is the state as a function of the whole past, "
    "$x_t = f(u_t, u_{t-1}, \\dots, u_0)$: for *I* ($u_0$) / *like* ($u_1$) / *eating* ($u_2$), a function of "
    "all three words. What the RNN solves instead is $x_t = f(x_{t-1}, u_t)$: $x_{t-1}$ is a compressed summary "
    "of everything before, so the next state depends on the past only through the current one, a "
    "**first-order Markov** model. (The post counts words from $u_0$; this screen from $u_1$, with $x_0$ the "
    "state before the first word.)",
    "포스트 §5: 원래 풀고 싶은 문제는 과거 전체의 함수인 상태 $x_t = f(u_t, u_{t-1}, \\dots, u_0)$입니다. "
    "*I*($u_0$) / *like*($u_1$) / *eating*($u_2$)이면 세 단어 모두의 함수입니다. RNN이 대신 푸는 문제는 "
    "$x_t = f(x_{t-1}, u_t)$입니다: $x_{t-1}$이 그 이전 모든 것의 압축본이라, 다음 상태는 오직 현재 상태를 "
    "거쳐서만 과거에 의존하는 **1차 마르코프(first-order Markov)** 모델입니다. (포스트는 단어를 $u_0$부터, 이 "
    "화면은 $u_1$부터 세며 $x_0$는 첫 단어 전의 상태입니다.)"))
st.markdown(tr("Type a short sentence (split on '/' or spaces). Each token becomes a one-hot $u_t$ over the "
               "sentence's own vocabulary, so here $I$ = the number of distinct tokens. The cell is a fixed "
               "random one (not trained): watch how $x_t$ carries the tokens so far.",
               "짧은 문장을 입력하세요 ('/' 또는 공백으로 나눔). 토큰마다 문장의 어휘에 대한 원-핫 벡터 $u_t$가 "
               "되므로 여기서 $I$는 서로 다른 토큰의 수입니다. 셀은 학습하지 않은 고정된 무작위 셀입니다: "
               "$x_t$가 지금까지의 토큰을 어떻게 담아 가는지 보세요."))
text = st.text_input(tr("Sentence", "문장"), key="cell_text", persist_state=U.KEEP,
                     help=tr("Korean works too: 나는 / 먹는 것을 / 좋아한다", "예: 나는 / 먹는 것을 / 좋아한다"))
try:
    run = K.run_sentence(text, H, O, act, seed=0)
except ValueError as e:
    st.error(tr(str(e), "먼저 짧은 문장을 입력하세요 (예: '나는 / 먹는 것을 / 좋아한다')." if not (text or "").strip()
                else f"토큰이 너무 많습니다: 최대 {K.MAX_TOKENS}개까지 한 단계씩 볼 수 있습니다."))
    st.stop()

T = len(run.tokens)
t = min(max(int(st.session_state.get("cell_t", 1)), 1), T)
st.session_state["cell_t"] = t


def move(d):
    st.session_state["cell_t"] = st.session_state.get("cell_t", 1) + d


c = st.columns([1, 1, 6])
c[0].button(tr("◀ Prev", "◀ 이전"), key="cell_prev", on_click=move, args=(-1,), disabled=t <= 1)
c[1].button(tr("Next ▶", "다음 ▶"), key="cell_next", on_click=move, args=(1,), disabled=t >= T)
c[2].markdown(tr(f"Step **t = {t}** of {T}. Input token:", f"**t = {t}** 단계 (전체 {T}). 입력 토큰:"))
copy_line(run.tokens[t - 1], "copy_token")  # user text shown verbatim, never as HTML or markdown
s = K.step(run.model, run.x[t - 1], run.u[t - 1])
if K.fits_latex(len(run.vocab), H, O):
    st.latex(K.state_latex(run.model, s, t))
    st.latex(K.output_latex(run.model, s, t))
else:
    st.caption(tr("Too many numbers to write out: the terms are drawn as heatmaps instead.",
                  "숫자가 너무 많아 식 대신 히트맵으로 그립니다."))
    st.plotly_chart(C.step_figure(s, WORDS), key="chart_cell_step")
    st.latex(rf"y_{{{t}}} = " + " ".join(f"{v:.2f}" for v in s.y).join([r"\left[", r"\right]"]))
st.plotly_chart(C.states_figure(run.x, run.tokens, t, WORDS), key="chart_cell_states")
exercises.show("cell")  # predict, then reveal (?exercise=ID opens one)
