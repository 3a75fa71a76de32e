"""Home: the post's two equations, the five parameters for the current sizes, the unrolled
network with its shared weights, and the way to every screen."""
import pandas as pd
import streamlit as st

from core.charts.sharing import unrolled_figure
from core.concepts.cell import parameter_count, parameter_shapes
from ui import exercises, shell
from ui import urlstate as U
from ui.i18n import tr, words
from ui.live import get_run

shell.require_app()

st.title("RNN Explorer")
st.markdown(tr(
    "A recurrent neural network keeps a **hidden state x_t**, a compressed summary of everything it has "
    "read so far, and updates it from the previous state and the **input u_t** with the *same* weights "
    "at every time step. The **output y_t** is read from the state.",
    "순환 신경망(RNN)은 지금까지 읽은 모든 것을 압축한 **은닉 상태 x_t**를 가지고, 이전 상태와 "
    "**입력 u_t**로부터 매 시간 스텝 *같은* 가중치로 상태를 갱신합니다. **출력 y_t**는 상태에서 읽어 냅니다."))
st.markdown(tr(
    "RNNs suit sequence data (post §2): speech recognition, machine translation, sentiment classification. "
    "The Train screen has translation and sentiment, besides prices, weather, captions and generated text; "
    "speech has the same shape (audio frames as $u_t$, words or letters as $y_t$) but needs audio data, "
    "which the app does not ship.",
    "RNN은 시퀀스 데이터에 잘 맞습니다(포스트 §2): 음성 인식, 번역, 감정 분석. 학습 화면에는 번역과 감정 분석, "
    "그리고 주가, 날씨, 캡션, 문장 생성이 있습니다. 음성 인식도 같은 꼴(오디오 프레임이 $u_t$, 단어나 글자가 "
    "$y_t$)이지만 오디오 데이터가 필요해 이 앱에는 없습니다."))
st.latex(r"x_t = \sigma\left(W_{xx}\,x_{t-1} + W_{xu}\,u_t + b_x\right)")
st.latex(r"y_t = W_{yx}\,x_t + b_y")
st.caption(tr(
    "The post writes y_t = σ(W_yx x_t + b_y). The app keeps the readout linear and lets each task's loss apply "
    "the last squashing: softmax inside the cross-entropy for a word or a class, nothing for a price or a "
    "temperature. It is the same model, with that σ moved into the loss, where it is numerically stable.",
    "포스트는 y_t = σ(W_yx x_t + b_y)로 씁니다. 이 앱은 출력을 선형으로 두고 마지막 변환은 각 문제의 손실이 맡습니다: "
    "단어나 클래스에는 교차 엔트로피 안의 softmax, 가격이나 기온에는 아무것도 없습니다. σ를 손실 쪽으로 옮겼을 뿐 "
    "같은 모델이며, 그렇게 해야 수치적으로 안정합니다."))

run = get_run()
I0, H0, O0 = ((run.trainer.layers[0].input_size, run.trainer.cfg.hidden_size, run.trainer.layers[0].output_size)
              if run else (1, 16, 1))
URL = [*[U.number(f"home_{k}", 1, 4096, v, integer=True) for k, v in zip("IHO", (I0, H0, O0))],
       U.number("home_T", 2, 10, 5, integer=True), U.choice("home_highlight", ["W_xx", "W_xu", "W_yx"], "W_xx")]
for notice in U.bind("home", URL):  # a shared link's settings, checked
    st.info(notice, icon=":material/link:")
st.subheader(tr("The five parameters", "다섯 개의 파라미터"))
c1, c2, c3 = st.columns(3)
I = c1.number_input(tr("Input size I (u_t)", "입력 크기 I (u_t)"), 1, 4096, key="home_I", persist_state=U.KEEP)
H = c2.number_input(tr("Hidden size H (x_t)", "은닉 크기 H (x_t)"), 1, 4096, key="home_H", persist_state=U.KEEP)
O = c3.number_input(tr("Output size O (y_t)", "출력 크기 O (y_t)"), 1, 4096, key="home_O", persist_state=U.KEEP)
roles = {"W_xx": tr("state → state (memory)", "상태 → 상태 (기억)"),
         "W_xu": tr("input → state", "입력 → 상태"), "b_x": tr("state bias", "상태 편향"),
         "W_yx": tr("state → output", "상태 → 출력"), "b_y": tr("output bias", "출력 편향")}
shapes = parameter_shapes(I, H, O)
table = pd.DataFrame({
    tr("parameter", "파라미터"): list(shapes),
    tr("shape", "모양"): [" × ".join(map(str, s)) for s in shapes.values()],
    tr("numbers", "개수"): [int(pd.Series(s).prod()) for s in shapes.values()],
    tr("role", "역할"): [roles[k] for k in shapes],
})
st.dataframe(table, hide_index=True, width="stretch")
st.markdown(tr(f"**{parameter_count(I, H, O):,} numbers in all**, whatever the sequence length T: "
               "the same five parameters are used at every step.",
               f"**모두 {parameter_count(I, H, O):,}개의 숫자**이며 시퀀스 길이 T와 상관없습니다: "
               "매 스텝 같은 다섯 파라미터를 씁니다."))

st.subheader(tr("Unrolled over time: one set of weights", "시간으로 펼치기: 가중치는 한 벌"))
c1, c2 = st.columns([1, 3])
T = c1.slider(tr("Steps T", "스텝 수 T"), 2, 10, key="home_T", persist_state=U.KEEP)
which = c1.radio(tr("Highlight", "강조"), ["W_xx", "W_xu", "W_yx"], key="home_highlight", persist_state=U.KEEP)
c2.plotly_chart(unrolled_figure(T, which, words()), key="chart_home_unrolled",
                config={"displaylogo": False})

st.subheader(tr("Where to go", "둘러보기"))
links = [
    ("screens/train.py", tr("Train live: pick a problem, press Train, watch x_t and ‖∂L/∂x_t‖ move",
                          "실시간 학습: 문제를 고르고 학습을 눌러 x_t와 ‖∂L/∂x_t‖의 변화를 보기")),
    ("screens/system.py", tr("First-order systems: x_t = f(x_{t-1}, u_t), fixed points, the state-space model",
                           "1차 시스템: x_t = f(x_{t-1}, u_t), 고정점, 상태 공간 모델")),
    ("screens/cell.py", tr("The cell: the equation filled in with live numbers, token by token",
                         "RNN 셀: 실제 숫자로 채운 식을 토큰마다 따라가기")),
    ("screens/sharing.py", tr("Weight sharing: RNN over time vs CNN over space",
                            "가중치 공유: 시간 축의 RNN과 공간 축의 CNN")),
    ("screens/bptt_lab.py", tr("BPTT lab: vanishing and exploding gradients, truncation, clipping",
                             "BPTT 실험실: 기울기 소실과 폭주, 절단, 클리핑")),
]
for path, label in links:
    st.page_link(path, label=label, icon=":material/arrow_forward:")
st.caption(tr("Built on the lecture post 'RNN' (Korean, CC BY 4.0); notation as in the post: "
              "x_t hidden state, u_t input, y_t output.",
              "강의 글 'RNN'(CC BY 4.0)을 바탕으로 만들었습니다. 표기는 글을 따릅니다: "
              "x_t 은닉 상태, u_t 입력, y_t 출력."))
exercises.show("home")  # predict, then reveal (?exercise=ID opens one)
