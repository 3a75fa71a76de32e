"""The `price` task's panels: the forecast on held-out days next to the naive baselines, and
bringing your own price series (a CSV file or pasted values)."""
import pandas as pd
import streamlit as st
import torch

from core import prices
from core.charts.price import mae_table, preview, task_figure, verdict
from core.datasets import bundled_path
from core.tasks.price import PriceTask
from core.train import Trainer

from .. import safe
from ..i18n import said, tr, words
from ..uploads import parsed_once, text_once

_BUNDLED = {"sp500": ("S&P 500 2010–2018 (daily OHLC)", "prices/sp500_2010_2018.csv"),
            "tech": ("AAPL, GOOG, MSFT 2015–2017 (daily close)", "prices/tech_stocks_2015_2017.csv")}


def view(trainer: Trainer) -> None:
    task = trainer.task
    st.subheader(tr("Tomorrow's price from the last days", "지난 며칠로 내일 가격 예측"))
    st.caption(tr(f"The network reads the daily changes of the last {task.seq_len} days of "
                  f"{safe.text(task.series_name)} and forecasts the next day. The days shown were never used for "
                  "training (the last 15 % of the series).",
                  f"네트워크는 {safe.text(task.series_name)}의 지난 {task.seq_len}일 동안의 하루 변화를 읽고 다음 날을 "
                  "예측합니다. 아래 날짜들은 학습에 쓰지 않은 마지막 15 % 구간입니다."))
    try:
        with torch.no_grad():
            days, actual, rnn, base, _ = task.forecast(trainer.model, "test")
            fig = task_figure(task, trainer.model, words())
            last_days = ", ".join(f"{v:.10g}" for v in task.values[-(task.seq_len + 1):])
            tomorrow = task.predict(trainer.model, last_days, allow_files=False)
    except ValueError as e:
        st.error(safe.text(said(e)))
        return
    st.plotly_chart(fig, key="chart_price_forecast")
    mae = mae_table(actual, {"rnn": rnn, **base})
    names = {"rnn": tr("RNN", "RNN"), "naive": tr("tomorrow = today", "내일 = 오늘"),
             "moving_average": tr(f"mean of the last {task.seq_len} days", f"지난 {task.seq_len}일 평균"),
             "drift": tr("today + mean daily change of the training days", "오늘 + 학습 구간의 평균 하루 변화")}
    table = pd.DataFrame({tr("forecast", "예측 방법"): [names[k] for k in mae],
                          tr("MAE (price units)", "MAE (가격 단위)"): [round(v, 2) for v in mae.values()],
                          tr("vs tomorrow = today", "'내일 = 오늘' 대비"):
                              [f"{100 * (v / mae['naive'] - 1):+.1f} %" if mae["naive"] else "" for v in mae.values()]})
    st.dataframe(table, hide_index=True)
    (st.success if mae["rnn"] < mae["naive"] else st.warning)(verdict(mae, words()))
    st.caption(tr("Tomorrow = today is hard to beat on stock prices: day-to-day changes are close to random. "
                  "A series with a repeating pattern (try pasting one) is where the RNN wins.",
                  "주가에서는 '내일 = 오늘'을 이기기 어렵습니다. 하루하루의 변화가 거의 무작위이기 때문입니다. "
                  "반복되는 패턴이 있는 시계열(직접 붙여 넣어 보세요)에서는 RNN이 이깁니다."))
    last = task.dates[-1] if task.dates else tr(f"day {len(task.values)}", f"{len(task.values)}일째")
    st.info(tr(f"After the last day of the data ({last}): ", f"데이터의 마지막 날({last}) 다음: ") + said(tomorrow))


def _read(choice):
    """(frame or None) for the chosen input; shows st.error and returns None when unusable.
    An upload or a paste is parsed once per content (ui.uploads), not on every rerun."""
    try:
        if choice == "upload":
            rows, mb = f"{prices.MAX_ROWS:,}", prices.MAX_BYTES // 2**20
            upload = st.file_uploader(tr(f"A CSV file with a date column and price columns "
                                         f"(at most {rows} rows and {mb} MB)",
                                         f"날짜 열과 가격 열이 있는 CSV 파일 (최대 {rows}행, {mb} MB)"),
                                      type=["csv", "txt"], key="price_upload")
            return parsed_once("price_upload_parsed", upload, prices.read_price_csv, prices.too_large)
        if choice == "paste":
            text = st.text_area(tr("Prices, oldest first (commas or one per line), or CSV lines with dates",
                                   "가격을 오래된 것부터 (쉼표 또는 한 줄에 하나), 또는 날짜가 있는 CSV 줄"),
                                height=150, key="price_paste", placeholder="101.5, 102.25, 101.75, 103.0, …")
            if not text.strip():
                return None
            return text_once("price_paste_parsed", text, prices.read_price_text)
        name = st.selectbox(tr("Bundled series", "내장 데이터"), list(_BUNDLED), key="price_bundled",
                            format_func=lambda k: _BUNDLED[k][0])
        return _bundled_frame(name)
    except ValueError as e:
        st.error(safe.text(said(e)))
        return None


@st.cache_data(max_entries=len(_BUNDLED))
def _bundled_frame(name):
    # Read-only files shipped with the app: one copy for all sessions is safe.
    return prices.read_price_csv(bundled_path(*_BUNDLED[name][1].split("/")))


def data_panel(current_source: dict | None) -> dict | None:
    """Pick a series: a bundled file, an uploaded CSV or pasted prices, then one column (or
    symbol). Returns the task source {"name", "dates", "values"} when Apply is pressed and the
    series is usable, else None."""
    now = current_source.get("name", "?") if isinstance(current_source, dict) else "S&P 500 close"
    st.caption(tr(f"Now training on: {safe.text(now)}. A daily series needs at least {prices.rows_needed(30)} rows for "
                  "a 30-day window.",
                  f"지금 학습 중인 데이터: {safe.text(now)}. 30일 구간이면 최소 {prices.rows_needed(30)}행이 "
                  "필요합니다."))
    choice = st.radio(tr("Data", "데이터"), ["upload", "paste", "bundled"], horizontal=True, key="price_source_kind",
                      format_func={"upload": tr("upload a CSV", "CSV 올리기"),
                                   "paste": tr("paste values", "값 붙여 넣기"),
                                   "bundled": tr("bundled series", "내장 데이터")}.get)
    frame = _read(choice)
    if frame is None:
        return None
    for note in frame.attrs.get("notes", []):
        st.info(safe.text(said(note)))
    columns = list(frame.columns)
    default = frame.attrs.get("column", columns[0])
    label = tr("Symbol", "종목") if frame.attrs.get("symbols") else tr("Column", "열")
    column = st.selectbox(label, columns, index=columns.index(default), key="price_column")
    drawn = preview(frame[column])
    st.line_chart(drawn, height=200)
    st.caption(tr(f"{len(frame):,} rows", f"{len(frame):,}행") +
               (tr(f" (drawn: the lowest and highest of every {len(frame) / len(drawn) * 2:.0f} rows)",
                   f" (그림: {len(frame) / len(drawn) * 2:.0f}행마다 최저와 최고)")
                if len(drawn) < len(frame) else "") +
               (f" · {frame.index[0]:%Y-%m-%d} – {frame.index[-1]:%Y-%m-%d}"
                if isinstance(frame.index, pd.DatetimeIndex) else ""))
    if not st.button(tr("Apply: train a new network on this series", "적용: 이 데이터로 새로 학습"),
                     key="price_apply", type="primary"):
        return None
    try:
        pasted = not isinstance(frame.index, pd.DatetimeIndex)
        source = prices.series_source(frame, column, tr("pasted prices", "붙여 넣은 가격") if pasted else None)
        PriceTask(PriceTask.seq_len_bounds[0], 0, source)  # the same checks the new run makes
    except ValueError as e:
        st.error(safe.text(said(e)))
        return None
    return source
