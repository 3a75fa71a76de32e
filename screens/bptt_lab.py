"""BPTT gradient lab (post §7): watch ‖∂L/∂x_t‖ vanish or explode, the bound and the spectral
rate over it, truncation and clipping, where memory dies, the hand-written BPTT against
autograd, and which cell learns a long-memory task."""
import pandas as pd
import streamlit as st

from core import activations
from core.charts import gradients as charts
from core.concepts import bptt_lab as bptt_numbers
from core.concepts import gradients as lab_core
from core.lru import R_MAX, R_MIN
from core.tasks.recall import CELLS, compare_cells
from ui import eigen_view, exercises
from ui import urlstate as U
from ui.i18n import tr, words

LENGTHS = [3, 5, 10, 20, 40, 80, 120, 200]
URL = [U.number("bptt_scale", 0.1, 3.0, 1.0), U.choice("bptt_activation", activations.ACTIVATIONS,
                                                        activations.ACTIVATIONS[0]),
       U.choice("bptt_hidden", [1, 2, 4, 8, 16, 32, 64], 16), U.number("bptt_T", 2, lab_core.MAX_T, 60, integer=True),
       U.number("bptt_truncate", 0, lambda v: v["bptt_T"], 0, integer=True),  # k ≤ T
       U.number("bptt_clip", 0.0, 1e6, 1.0), U.number("bptt_seed", 0, 100_000, 0, integer=True),
       U.number("bptt_t", 1, lambda v: v["bptt_T"], lambda v: v["bptt_T"], integer=True),  # default: the last step
       U.number("bptt_nn_lambda", 0.5, 1.2, 0.9), U.number("bptt_nn_alpha", 0.0, 3.0, 2.0),
       U.choice("bptt_nn_hidden", [2, 4, 8, 16], 8),
       U.choices("bptt_recall_lengths", LENGTHS, [5, 10, 20, 40]),
       U.number("bptt_recall_steps", 20, 400, 150, integer=True)]

st.title(tr("BPTT gradient lab", "BPTT 기울기 실험실"))
st.markdown(tr(
    "Training an RNN is back-propagation through time: the loss at the last step sends its "
    "gradient back through every step, multiplied each time by the Jacobian "
    "J_t = diag(σ'(a_t)) W_xx. Here W_xx is a random matrix you scale, and the loss is on the "
    "**last step only**, so you see how that gradient shrinks or grows on its way back.",
    "RNN 학습은 시간 역전파(BPTT)입니다. 마지막 시점의 손실이 모든 시점을 거슬러 기울기를 보내고, "
    "매 시점마다 야코비안 J_t = diag(σ'(a_t)) W_xx가 곱해집니다. 여기서 W_xx는 크기를 조절하는 "
    "무작위 행렬이고, 손실은 **마지막 시점에만** 있으므로 기울기가 거슬러 가며 줄거나 커지는 모습이 보입니다."))


for notice in U.bind("bptt", URL):  # a shared link's settings, checked; k and t kept ≤ T
    st.info(notice, icon=":material/link:")
c1, c2, c3 = st.columns(3)
scale = c1.slider(tr("Scale of W_xx", "W_xx의 크기"), 0.1, 3.0, step=0.05, key="bptt_scale", persist_state=U.KEEP,
                  help=tr("W_xx = scale · G/√H with G a seeded random normal matrix.",
                          "W_xx = 크기 · G/√H (G는 시드로 정한 정규분포 무작위 행렬)."))
activation = c1.selectbox(tr("Activation σ", "활성화 함수 σ"), activations.ACTIVATIONS, key="bptt_activation",
                          persist_state=U.KEEP)
hidden = c2.select_slider(tr("Hidden size H", "은닉 크기 H"), [1, 2, 4, 8, 16, 32, 64],
                          key="bptt_hidden", persist_state=U.KEEP)
T = c2.slider(tr("Sequence length T", "시퀀스 길이 T"), 2, lab_core.MAX_T, key="bptt_T", persist_state=U.KEEP)
truncate = c3.slider(tr("Truncation window k (0 = full BPTT)", "절단 창 k (0 = 전체 BPTT)"), 0, T,
                     key="bptt_truncate", persist_state=U.KEEP)
clip = c3.number_input(tr("Clip norm c (0 = off)", "자르기 기준 c (0 = 끔)"), 0.0, 1e6, step=0.5,
                       key="bptt_clip", persist_state=U.KEEP)
seed = c3.number_input(tr("Seed", "시드"), 0, 100_000, key="bptt_seed", persist_state=U.KEEP)

try:
    lab = lab_core.make_lab(scale, activation, hidden, T, int(seed), truncate)
except ValueError as err:
    st.error(str(err))
    st.stop()

m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("spectral radius ρ(W_xx)", "스펙트럼 반경 ρ(W_xx)"), f"{lab.rho:.3f}")
m2.metric(tr("largest singular value ‖W_xx‖₂", "최대 특잇값 ‖W_xx‖₂"), f"{lab.norm2:.3f}")
m3.metric("max|σ'|", f"{lab.slope:g}")
m4.metric("‖W_xx‖₂ · max|σ'|", f"{lab.norm2 * lab.slope:.3f}")

# --- 1. ‖∂L/∂x_t‖ across t --------------------------------------------------------------------
st.subheader(tr("How far back does the gradient reach?", "기울기는 얼마나 멀리 거슬러 갈까?"))
profile = lab_core.gradient_profile(lab)
st.plotly_chart(charts.gradient_norms_figure(profile, words()), key="chart_bptt_norms")
ratio, f_first, f_lo, f_hi = bptt_numbers.window_change(profile)  # f: curve / rate line, t in the window
st.markdown(tr(
    f"From t = T back to t = {profile.window_start} the gradient's norm changed by a factor "
    f"**{ratio:.3g}**. The red dashed line is a guaranteed upper bound: every step multiplies by a "
    f"Jacobian of norm at most ‖W_xx‖₂·max|σ'| = {lab.norm2 * lab.slope:.3g}. The blue dotted line is "
    f"the spectral rate ρ(W_xx)^(T−t) = {lab.rho:.3g}^(T−t): for σ = identity it is the curve's slope far "
    "from T (vanishing when ρ < 1, exploding when ρ > 1), not the curve itself. Here the curve ends "
    f"**{f_first:.3g}×** the blue line at t = {profile.window_start} and lies between {f_lo:.3g}× and "
    f"{f_hi:.3g}× of it." + ("" if activation == "identity" else
                             " A squashing σ multiplies every step by slopes σ'(a_t) ≤ 1: they keep the curve "
                             "under the red bound, and often, not always, pull it under the blue line too."),
    f"t = T에서 t = {profile.window_start}까지 기울기 크기가 **{ratio:.3g}**배가 되었습니다. 빨간 점선은 "
    f"보장된 상한입니다: 매 시점 곱해지는 야코비안의 노름은 ‖W_xx‖₂·max|σ'| = {lab.norm2 * lab.slope:.3g} "
    f"이하입니다. 파란 점선은 스펙트럼 비율 ρ(W_xx)^(T−t) = {lab.rho:.3g}^(T−t)로, σ = 항등 함수이면 T에서 먼 "
    "곳의 곡선 기울기이지(ρ < 1이면 소실, ρ > 1이면 폭발) 곡선 자체는 아닙니다. 여기서 곡선은 "
    f"t = {profile.window_start}에서 파란 선의 **{f_first:.3g}배**이고, 전체에서 {f_lo:.3g}배와 {f_hi:.3g}배 "
    "사이에 있습니다." + ("" if activation == "identity" else
                      " 포화하는 σ는 매 시점 σ'(a_t) ≤ 1을 곱해 곡선을 빨간 상한 아래에 두고, 파란 선 아래로도 "
                      "자주, 하지만 항상은 아니게 끌어내립니다.")))
if truncate:
    st.info(tr(
        f"Truncated BPTT with k = {truncate}: the gradient is exactly zero before t = "
        f"{profile.window_start} (a log axis cannot show zero, so the curve stops there).",
        f"k = {truncate}인 절단 BPTT: t = {profile.window_start} 이전의 기울기는 정확히 0입니다 "
        "(로그 축은 0을 그릴 수 없어 곡선이 그 지점에서 끊깁니다)."))

eigen_view.lab_panel(lab.model.W_xx)  # the modes behind ρ(W_xx), on the complex plane

# --- 1b. non-normal W_xx: ρ < 1 and still a huge gradient for many steps ------------------------------
st.subheader(tr("ρ < 1 does not mean a small gradient soon", "ρ < 1이어도 기울기가 곧 작아지지는 않는다"))
n1, n2, n3 = st.columns(3)
nn_lam = n1.slider("λ = ρ(W_xx)", 0.5, 1.2, step=0.01, key="bptt_nn_lambda", persist_state=U.KEEP)
nn_alpha = n2.slider(tr("non-normality α", "비정규성 α"), 0.0, 3.0, step=0.1, key="bptt_nn_alpha", persist_state=U.KEEP)
nn_hidden = n3.select_slider(tr("Hidden size H", "은닉 크기 H"), [2, 4, 8, 16], key="bptt_nn_hidden",
                             persist_state=U.KEEP)
nn = lab_core.gradient_profile(lab_core.nonnormal_lab(nn_lam, nn_alpha, nn_hidden, T, int(seed)))
st.plotly_chart(charts.gradient_norms_figure(nn, words()), key="chart_bptt_nonnormal")
nn_peak, nn_peak_ratio, nn_factor = bptt_numbers.peak(nn)
st.markdown(tr(
    f"A linear cell with W_xx = λI + αN (N has ones just above the diagonal): every eigenvalue is λ, so "
    f"ρ(W_xx) = {nn_lam:g}, but for α > 0 the matrix is *non-normal*. The gradient peaks at t = {nn_peak}, "
    f"at **{nn_peak_ratio:.3g}×** ‖∂L/∂x_T‖, and sits up to **{nn_factor:.3g}×** above the "
    "blue rate line. Eigenvalues say where the gradient goes in the long run; a non-normal W_xx can make "
    "it grow a long way first. At α = 0 (W_xx = λI) the curve is the blue line.",
    f"W_xx = λI + αN인 선형 셀(N은 대각선 바로 위가 1): 고윳값이 모두 λ라서 ρ(W_xx) = {nn_lam:g}이지만 "
    f"α > 0이면 *비정규* 행렬입니다. 기울기는 t = {nn_peak}에서 ‖∂L/∂x_T‖의 **{nn_peak_ratio:.3g}배**로 "
    f"가장 크고, 파란 비율 선보다 최대 **{nn_factor:.3g}배** 위에 있습니다. 고윳값은 기울기가 결국 어디로 "
    "가는지를 말할 뿐, 비정규 W_xx는 그 전에 한참 키울 수 있습니다. α = 0(W_xx = λI)이면 곡선이 파란 선과 같습니다."))

# --- 2. clipping --------------------------------------------------------------------------------
st.subheader(tr("Gradient clipping", "기울기 자르기(clipping)"))
clipping = lab_core.clip_effect(lab, clip)
st.plotly_chart(charts.clip_figure(clipping, clip, words()), key="chart_bptt_clip")
if clipping.acted:
    st.markdown(tr(
        f"The total gradient norm {clipping.total_before:.4g} is above c = {clip:g}, so every parameter's "
        f"gradient is multiplied by {clip / clipping.total_before:.3g}: same direction, total norm now "
        f"**{clipping.total_after:.4g}** = c.",
        f"전체 기울기 노름 {clipping.total_before:.4g}이 c = {clip:g}보다 커서 모든 매개변수의 기울기에 "
        f"{clip / clipping.total_before:.3g}을 곱합니다: 방향은 그대로, "
        f"전체 노름은 **{clipping.total_after:.4g}** = c."))
else:
    st.markdown(tr(
        f"The total gradient norm {clipping.total_before:.4g} is not above c, so clipping does nothing.",
        f"전체 기울기 노름 {clipping.total_before:.4g}이 c보다 크지 않아 자르기가 아무 일도 하지 않습니다."))


# --- 3. where memory dies --------------------------------------------------------------------------
@st.cache_data(max_entries=16, show_spinner=False)
def _jacobian_norms(scale, activation, hidden, T, seed):
    # Pure numbers (no model is cached): the SVDs take up to a second or two at H = 64, T = 200.
    return lab_core.jacobian_norms(lab_core.make_lab(scale, activation, hidden, T, seed))


st.subheader(tr("Where memory dies: ‖∂x_t'/∂x_t‖₂", "기억이 사라지는 곳: ‖∂x_t'/∂x_t‖₂"))
times, norms = _jacobian_norms(scale, activation, hidden, T, int(seed))
st.plotly_chart(charts.jacobian_heatmap_figure(times, norms, words()), key="chart_bptt_heatmap")
st.caption(tr(
    "Spectral norm (largest singular value) of ∂x_t'/∂x_t = J_t' ⋯ J_t+1 with J_s = diag(σ'(a_s)) W_xx, "
    "for every pair t ≤ t': how much a nudge to x_t can still move x_t'. Blue: the nudge is forgotten; "
    "red: it is amplified."
    + (f" Shown on every {times[1] - times[0]}-th step." if len(times) > 1 and times[1] - times[0] > 1 else ""),
    "∂x_t'/∂x_t = J_t' ⋯ J_t+1 (J_s = diag(σ'(a_s)) W_xx)의 스펙트럼 노름(최대 특잇값), 모든 t ≤ t' 쌍: "
    "x_t를 조금 바꿨을 때 x_t'가 얼마나 움직이는지. 파랑: 잊힘, 빨강: 증폭."
    + (f" {times[1] - times[0]}시점마다 표시합니다." if len(times) > 1 and times[1] - times[0] > 1 else "")))

# --- 4. the hand-written BPTT next to autograd -----------------------------------------------------
st.subheader(tr("The hand-written BPTT next to autograd", "직접 쓴 BPTT와 autograd 비교"))
st.latex(r"a_t = W_{xx}x_{t-1} + W_{xu}u_t + b_x,\quad x_t = \sigma(a_t),\quad "
         r"g_t = W_{yx}^\top \frac{\partial L}{\partial y_t}")
st.latex(r"\frac{\partial L}{\partial x_t} = g_t + W_{xx}^\top \delta_{t+1},\qquad "
         r"\delta_t = \frac{\partial L}{\partial x_t} \odot \sigma'(a_t)")
st.latex(r"\frac{\partial L}{\partial W_{xx}} = \sum_t \delta_t x_{t-1}^\top,\quad "
         r"\frac{\partial L}{\partial W_{xu}} = \sum_t \delta_t u_t^\top,\quad "
         r"\frac{\partial L}{\partial b_x} = \sum_t \delta_t,\quad "
         r"\frac{\partial L}{\partial W_{yx}} = \sum_t \frac{\partial L}{\partial y_t} x_t^\top")
t_pick = st.slider(tr("Step t to inspect", "살펴볼 시점 t"), 1, T, key="bptt_t", persist_state=U.KEEP) if T > 1 else 1
rows = lab_core.compare_at(lab, t_pick)
table = pd.DataFrame({
    tr("quantity", "값"): [r["quantity"] for r in rows],
    tr("hand-written BPTT (norm)", "직접 쓴 BPTT (노름)"): [r["hand"] for r in rows],
    tr("autograd (norm)", "autograd (노름)"): [r["autograd"] for r in rows],
    tr("max |difference|", "최대 |차이|"): [r["max_abs_diff"] for r in rows],
})
st.dataframe(table, hide_index=True, key="bptt_compare_table",
             column_config={c: st.column_config.NumberColumn(format="%.3e") for c in table.columns[1:]})
st.caption(tr(
    f"Largest elementwise difference over all rows: {max(r['max_abs_diff'] for r in rows):.2e}. "
    "Autograd here is an independent loop over the cell x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x) in "
    "plain torch operations (detaching at the truncation windows), not the model's own forward, "
    "whose backward is the hand-written BPTT.",
    f"모든 행에서 가장 큰 원소별 차이: {max(r['max_abs_diff'] for r in rows):.2e}. 여기서 autograd는 셀 "
    "x_t = σ(W_xx x_{t-1} + W_xu u_t + b_x)를 일반 torch 연산으로 한 시점씩 도는 별도의 루프이며(절단 창에서 "
    "detach), 역전파가 직접 쓴 BPTT인 모델 자신의 forward가 아닙니다."))

# --- 5. which cell remembers -----------------------------------------------------------------------
st.subheader(tr("Elman vs LSTM vs GRU vs LRU on a long-memory task", "긴 기억 과제에서 Elman, LSTM, GRU, LRU 비교"))
st.markdown(tr(
    "The recall task: u_1 is one of A, B, C, D, then T−1 random distractors; the output at the last "
    "step must name the first symbol (chance = 0.25). The four cells are trained with the same "
    "recipe (hidden size 32, Adam lr 0.003, batch 64, clip 1) for each T; LSTM and GRU start with "
    "their memory gate open (forget / update gate σ(3) ≈ 0.95), which is what their gates are for, "
    f"and the LRU's eigenvalues start on a ring just inside the unit circle ({R_MIN} ≤ |λ| ≤ {R_MAX}).",
    "기억 과제: u_1은 A, B, C, D 중 하나, 이어서 T−1개의 무작위 방해 기호가 나옵니다. 마지막 시점의 "
    "출력이 첫 기호를 맞혀야 합니다(우연 수준 0.25). 네 셀을 T마다 같은 방법(은닉 크기 32, Adam lr 0.003, "
    "배치 64, 자르기 1)으로 학습합니다. LSTM과 GRU는 기억 게이트(망각 / 업데이트 게이트 σ(3) ≈ 0.95)가 "
    "열린 채 시작합니다. 게이트는 바로 그러라고 있는 것입니다. LRU의 고윳값은 단위원 바로 안쪽의 고리"
    f"({R_MIN} ≤ |λ| ≤ {R_MAX})에서 시작합니다."))
r1, r2 = st.columns(2)
lengths = r1.multiselect(tr("Sequence lengths T", "시퀀스 길이 T"), LENGTHS, key="bptt_recall_lengths",
                         persist_state=U.KEEP)
steps = r2.slider(tr("Training steps per run", "실행마다 학습 단계 수"), 20, 400, step=10,
                  key="bptt_recall_steps", persist_state=U.KEEP)
run_key = (tuple(sorted(lengths)), steps, int(seed))
results = st.session_state.setdefault("bptt_recall_results", {})
if st.button(tr("Train the four cells", "네 셀 학습하기"), key="bptt_recall_run", disabled=not lengths):
    with st.spinner(tr("Training Elman, LSTM, GRU and LRU at every T...",
                       "T마다 Elman, LSTM, GRU, LRU를 학습하는 중...")):
        bar = st.progress(0.0)
        results[run_key] = compare_cells(run_key[0], steps=steps, seed=int(seed),
                                         progress=lambda done, total: bar.progress(done / total))
        bar.empty()
result = results.get(run_key)
if result is None:
    runs = len(CELLS) * len(lengths)  # what the button trains, counted (its time depends on the machine's load)
    st.caption(tr(f"Press the button to train {runs} networks ({len(CELLS)} cells × {len(lengths)} lengths), "
                  f"{steps} steps each; a bar shows how far it has got.",
                  f"버튼을 누르면 네트워크 {runs}개({len(CELLS)}개 셀 × 길이 {len(lengths)}개)를 각각 {steps}단계 "
                  "학습합니다. 진행 막대가 얼마나 왔는지 보여 줍니다."))
else:
    st.plotly_chart(charts.recall_figure(result, words()), key="chart_bptt_recall")
    acc = pd.DataFrame(result["accuracy"], index=pd.Index(result["lengths"], name="T"))
    st.dataframe(acc.round(2), key="bptt_recall_table")
    longest = {c: max([T_ for T_, a in zip(result["lengths"], v) if a >= 0.9], default=None)
               for c, v in result["accuracy"].items()}
    st.markdown(" · ".join(
        f"**{charts.CELL_NAMES[c]}**: " + (tr(f"≥ 90 % up to T = {L}", f"T = {L}까지 90 % 이상")
                                           if L else tr("never reached 90 %", "90 %에 못 미침"))
        for c, L in longest.items()))
    st.caption(tr(f"Test accuracy after {result['steps']} steps, seed {seed}; these are the measured "
                  "numbers of this run, whatever they show.",
                  f"{result['steps']}단계 학습 후 테스트 정확도, 시드 {seed}; 이 실행에서 잰 숫자 그대로입니다."))
    eigen_view.compare_panel(result)
exercises.show("bptt")  # predict, then reveal (?exercise=ID opens one)
