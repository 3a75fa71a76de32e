"""Weight sharing (post §1, §3): an RNN reuses its weights at every time step, a CNN reuses its
kernel at every position; without sharing the parameter count grows with the sequence."""
import numpy as np
import streamlit as st

from core.charts import sharing as C
from core.concepts import sharing as S
from ui import exercises, shell
from ui import urlstate as U
from ui.i18n import tr, words

shell.require_app()  # a deep link on a fresh server must still run through app.py

WORDS = words()
N = 10  # length of the demo signal
URL = [U.number("share_T", 2, 10, 5, integer=True), U.choice("share_highlight", C.COLORS, "W_xx"),
       U.number("share_k", 2, 5, 3, integer=True),
       U.number("share_pos", 0, lambda v: N - v["share_k"], 0, integer=True),  # the kernel stays inside
       U.number("share_I", 1, 64, 8, integer=True), U.number("share_H", 1, 128, 32, integer=True),
       U.number("share_O", 1, 64, 8, integer=True), U.number("share_Tmax", 10, 500, 100, integer=True)]

st.title(tr("Weight sharing: over time and over space", "가중치 공유: 시간과 공간"))
st.markdown(tr("The post: a CNN shares the same weights across regions of an image; an RNN shares the "
               "same weights across time steps, the past and the present use one W.",
               "포스트: CNN은 이미지의 영역별로 같은 weight를 공유하고, RNN은 시간별로 같은 weight를 "
               "공유합니다. 과거와 현재가 같은 W를 씁니다."))
for notice in U.bind("sharing", URL):  # a shared link's settings, checked
    st.info(notice, icon=":material/link:")

left, right = st.columns(2)
with left:
    st.subheader(tr("RNN: one W for every step", "RNN: 모든 단계에 하나의 W"))
    c = st.columns(2)
    T = c[0].slider("T", 2, 10, key="share_T", persist_state=U.KEEP)
    hl = c[1].radio(tr("Highlight", "강조"), list(C.COLORS), key="share_highlight", persist_state=U.KEEP,
                    horizontal=True)
    st.plotly_chart(C.unrolled_figure(T, hl, WORDS), key="chart_share_rnn")
with right:
    st.subheader(tr("CNN: one kernel for every position", "CNN: 모든 위치에 하나의 커널"))
    c = st.columns(2)
    k = c[0].slider(tr("kernel size k", "커널 크기 k"), 2, 5, key="share_k", persist_state=U.KEEP)
    p = c[1].slider(tr("position", "위치"), 0, N - k, key="share_pos", persist_state=U.KEEP)
    kernel = np.round(np.bartlett(k + 2)[1:-1] / np.bartlett(k + 2)[1:-1].sum(), 2)  # a smoothing kernel
    st.plotly_chart(C.conv_figure(S.demo_signal(N), kernel, p, WORDS), key="chart_share_conv")

st.subheader(tr("Parameters as T grows", "T가 커질 때 파라미터 수"))
c = st.columns(4)
I = c[0].slider(tr("input size I", "입력 크기 I"), 1, 64, key="share_I", persist_state=U.KEEP)
H = c[1].slider(tr("hidden size H", "은닉 크기 H"), 1, 128, key="share_H", persist_state=U.KEEP)
O = c[2].slider(tr("output size O", "출력 크기 O"), 1, 64, key="share_O", persist_state=U.KEEP)
Tmax = c[3].slider(tr("longest T", "최대 T"), 10, 500, key="share_Tmax", persist_state=U.KEEP)
table = S.count_table(I, H, O, k, range(1, Tmax + 1))
st.plotly_chart(C.counts_figure(table, WORDS), key="chart_share_counts")
st.markdown(tr(f"At T = {Tmax}: RNN **{table['rnn'][-1]:,}** (H² + HI + H + OH + O, no T in it), "
               f"convolution I→H with k = {k} **{table['conv'][-1]:,}** (H·I·k + H), "
               f"unshared **{table['unshared'][-1]:,}** (T times the RNN's count).",
               f"T = {Tmax}일 때: RNN **{table['rnn'][-1]:,}** (H² + HI + H + OH + O, T가 없음), "
               f"합성곱 I→H, k = {k}: **{table['conv'][-1]:,}** (H·I·k + H), "
               f"공유 없음 **{table['unshared'][-1]:,}** (RNN 개수의 T배)."))
exercises.show("sharing")  # predict, then reveal (?exercise=ID opens one)
