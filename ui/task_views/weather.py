"""The `weather` task's panel: tomorrow's maximum temperature over the held-out days, the RNN
against persistence (tomorrow = today) and the monthly mean, and a forecast for days you type."""
import pandas as pd
import streamlit as st
import torch

from core.charts.weather import task_figure
from core.train import Trainer

from .. import safe
from ..i18n import said, tr, words

_EXAMPLE = "2015-12-30, 0, 5.6, -2.1, 2.6, sun; 2015-12-31, 0, 5.6, -2.1, 3.5, sun"


def view(trainer: Trainer) -> None:
    task = trainer.task
    st.subheader(tr("Tomorrow's temperature from today's weather", "오늘 날씨로 내일 최고기온 예측"))
    st.caption(tr("Every day t the network reads u_t = today's rain, temperatures, wind and sky (sun, fog, "
                  "drizzle, rain, snow: the nearest this data has to the post's amount of cloud) and updates "
                  "its state x_t; y_t is tomorrow's maximum temperature. Shown: the held-out last 15 % of days.",
                  "매일 네트워크는 u_t = 오늘의 비, 기온, 바람, 하늘(맑음, 안개, 이슬비, 비, 눈: 글의 '구름의 양'에 "
                  "가장 가까운 것)을 읽고 상태 x_t를 갱신합니다. y_t는 내일 최고기온입니다. 아래는 학습에 쓰지 "
                  "않은 마지막 15 % 구간입니다."))
    try:
        with torch.no_grad():
            ev = task.evaluate(trainer.model, "test")
            fig = task_figure(task, trainer.model, words())
    except ValueError as e:
        st.error(safe.text(said(e)))
        return
    st.plotly_chart(fig, key="chart_weather_forecast")
    x = ev.extra
    table = pd.DataFrame({
        tr("forecast", "예측 방법"): [tr("RNN", "RNN"), tr("tomorrow = today", "내일 = 오늘"),
                                      tr("monthly mean (training years)", "월평균 (학습 기간)")],
        tr("MAE (°C)", "MAE (°C)"): [round(x["mae_rnn"], 2), round(x["mae_persistence"], 2),
                                     round(x["mae_climatology"], 2)],
        tr("loss (standardised MSE)", "손실 (표준화 MSE)"): [round(ev.loss, 3), round(x["loss_persistence"], 3),
                                                           round(x["loss_climatology"], 3)]})
    st.dataframe(table, hide_index=True)
    if x["beats_persistence"]:
        st.success(tr(f"The RNN beats 'tomorrow = today' ({x['mae_rnn']:.2f} °C vs {x['mae_persistence']:.2f} °C).",
                      f"RNN이 '내일 = 오늘'보다 좋습니다 ({x['mae_rnn']:.2f} °C 대 {x['mae_persistence']:.2f} °C)."))
    else:
        st.warning(tr(f"The RNN does not beat 'tomorrow = today' yet ({x['mae_rnn']:.2f} °C vs "
                      f"{x['mae_persistence']:.2f} °C); train longer.",
                      f"RNN이 아직 '내일 = 오늘'을 이기지 못합니다 ({x['mae_rnn']:.2f} °C 대 "
                      f"{x['mae_persistence']:.2f} °C). 더 학습해 보세요."))
    text = st.text_input(tr("Your days (date, rain mm, max °C, min °C, wind m/s, sky; …)",
                            "내 날씨 (날짜, 비 mm, 최고 °C, 최저 °C, 바람 m/s, 하늘; …)"),
                         value=_EXAMPLE, max_chars=4000, key="weather_days")
    try:
        with torch.no_grad():
            st.info(said(task.predict(trainer.model, text, allow_files=False)) if text.strip() else
                    tr("Type at least one day.", "하루 이상 입력하세요."))
    except ValueError as e:
        st.error(safe.text(said(e)))
