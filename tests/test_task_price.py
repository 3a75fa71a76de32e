"""The price task: chronological split, no look-ahead in the scaler, honest baselines, learning."""
import json
import math

import numpy as np
import pytest
from views import task_view_script

from core import cli, prices
from core.charts import task_figure
from core.config import RunConfig
from core.datasets import bundled_path
from core.runs import load_run, run_bytes
from core.tasks import make_task
from core.tasks.price import PriceTask
from core.train import Trainer
from ui.words import EN, KO

VIEW = ("price", 8, 30)  # task, hidden size, sequence length of the panel tests


def wave_source(n=300, period=16):
    """A price that follows a clean cycle: a network can forecast it, 'tomorrow = today' cannot."""
    t = np.arange(n)
    values = 100 + 10 * np.sin(2 * np.pi * t / period)
    return {"name": "wave", "dates": None, "values": values.tolist()}


def trained(task, steps, seed=0, **cfg):
    settings = {**PriceTask.defaults, **cfg}
    trainer = Trainer(RunConfig(task="price", seq_len=task.seq_len, seed=seed, **settings), task)
    trainer.train(steps, diagnostics_every=10**9)
    return trainer


def test_scaler_uses_training_days_only():
    task = PriceTask(30)
    v = np.asarray(prices.series_source(prices.read_price_csv(
        bundled_path("prices", "sp500_2010_2018.csv")), "Close")["values"])
    n = len(v)
    assert n == 2249 and task.val_start == round(0.7 * n) == 1574
    hand = np.log(v[1:1574] / v[:1573])  # changes between two training days
    assert task.mu == pytest.approx(hand.mean(), rel=1e-12)
    assert task.sd == pytest.approx(hand.std(), rel=1e-12)
    # Changing every later price leaves the scaler untouched: no look-ahead.
    later = v.copy()
    later[1574:] *= 3.0
    other = PriceTask(30, source={"name": "x", "dates": None, "values": later.tolist()})
    assert (other.mu, other.sd) == (task.mu, task.sd)


def test_windows_targets_and_baselines_match_a_hand_computation():
    src = wave_source(120)
    task = PriceTask(10, source=src)
    v = np.asarray(src["values"])
    k = 7
    i = task.days[k]
    z = (np.log(v[1:] / v[:-1]) - task.mu) / task.sd
    assert np.allclose(task.u[k, :, 0].numpy(), z[i - 11:i - 1], atol=1e-6)  # changes into days i-10..i-1
    assert task.y[k].item() == pytest.approx(z[i - 1], abs=1e-6)
    assert task.to_price(np.array([z[i - 1]]), np.array([i]))[0] == pytest.approx(v[i])
    base = task.baselines(np.array([i]))
    assert base["naive"][0] == v[i - 1]
    assert base["drift"][0] == pytest.approx(v[i - 1] * np.exp(task.mu))
    assert base["moving_average"][0] == pytest.approx(v[i - 10:i].mean())
    # Split in time order, every test day after every validation day after every training day.
    assert task.days[task.split["train"]].max() < task.days[task.split["val"]].min()
    assert task.days[task.split["val"]].max() < task.days[task.split["test"]].min()


def test_a_predictable_series_is_learned_far_better_than_the_naive_forecast():
    task = PriceTask(20, source=wave_source())
    untrained = Trainer(RunConfig(task="price", seq_len=20, **PriceTask.defaults), task)
    before = task.evaluate(untrained.model, "test").extra
    after = task.evaluate(trained(task, 150, lr=0.01).model, "test").extra
    assert after["mae_rnn"] < 0.3 * after["mae_naive"], after
    assert after["mae_rnn"] < 0.3 * before["mae_rnn"], (before, after)
    assert after["beats_naive"] is True


def test_on_the_real_series_the_rnn_is_reported_next_to_the_baselines():
    task = PriceTask(30)
    model = trained(task, 120).model
    ev = task.evaluate(model, "test")
    extra = ev.extra
    assert {"mae_rnn", "mae_naive", "mae_moving_average", "beats_naive"} <= set(extra)
    assert extra["days"] == 2249 - 1912
    # Beating a random walk is not expected, but a working network lands within 1 % of it; a
    # wrong scaler or a wrong way back to prices does not. (Learning itself is tested on the cycle.)
    assert extra["ratio_to_naive"] < 1.01, extra
    assert task.evaluate(model, "val").extra["ratio_to_naive"] < 1.01
    assert extra["mae_naive"] < extra["mae_moving_average"]
    assert ev.metric == extra["mae_rnn"] and math.isfinite(ev.loss)


def test_figure_shows_actual_forecast_and_both_baselines_with_their_mae():
    task = PriceTask(30)
    model = trained(task, 5).model
    fig = task_figure(task, model, EN)
    names = [tr.name for tr in fig.data]
    assert names[0] == "actual" and len(names) == 5
    ev = task.evaluate(model, "test").extra
    assert names[1] == f"RNN forecast: MAE {ev['mae_rnn']:,.2f}"
    assert names[2] == f"tomorrow = today: MAE {ev['mae_naive']:,.2f}"
    assert names[3].startswith("mean of the window (30 days): MAE")
    assert names[4] == f"today + mean daily change: MAE {ev['mae_drift']:,.2f}"
    assert fig.data[0].x[0] == task.dates[2249 - 150] and len(fig.data[0].y) == 150  # the last 150 test days
    says = "beats" if ev["beats_naive"] else "does not beat"
    assert f"The RNN {says} 'tomorrow = today'" in fig.layout.title.text
    assert "내일 = 오늘" in task_figure(task, model, KO).layout.title.text


def test_predict_from_pasted_values_and_refusals():
    task = PriceTask(5, source=wave_source(120))
    model = trained(task, 3).model
    answer = task.predict(model, "100, 101, 102, 103, 104, 105")
    assert answer.startswith("Tomorrow's forecast:") and "today 105.00" in answer
    with pytest.raises(ValueError, match="at least 6 prices"):
        task.predict(model, "100, 101")
    with pytest.raises(ValueError, match="not a number"):
        task.predict(model, "100, 1o1, 102, 103, 104, 105")


@pytest.mark.parametrize("source, message", [
    ({"values": "1,2,3"}, "series of numbers"),
    ({"values": [1, 2, "x"]}, "must be a number"),
    ({"values": [1.0] * 100 + [float("nan")]}, "finite"),
    ({"values": list(range(1, 101)), "dates": ["2024-01-01"]}, "100 prices but 1 dates"),
    ({"values": list(range(1, 51))}, "50 rows; a window of 30 days needs at least 73 rows"),
    ({"values": [5.0] * 100}, "never changes"),
])
def test_unusable_sources_raise_a_sentence(source, message):
    with pytest.raises(ValueError, match=message):
        PriceTask(30, source=source)


def test_a_users_csv_becomes_a_task_and_a_saved_run_rebuilds_it(tmp_path):
    frame = prices.read_price_csv(bundled_path("prices", "tech_stocks_2015_2017.csv"))
    src = prices.series_source(frame, "MSFT")
    task = make_task("price", 30, 0, src)
    assert task.series_name == "MSFT" and task.values[0] == 55.22
    trainer = trained(task, 3)
    again, _ = load_run(run_bytes(trainer))
    assert again.task.source_state() == src
    assert again.task.predict(again.model, "55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, "
                              "71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85") == \
        task.predict(trainer.model, ", ".join(str(v) for v in range(55, 86)))


def test_cli_trains_and_predicts_from_a_csv(tmp_path, capsys):
    out = str(tmp_path / "p.pt")
    assert cli.main(["train", "--task", "price", "--steps", "5", "--out", out, "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["task"] == "price" and "mae_naive" in summary
    csv = tmp_path / "mine.csv"
    csv.write_text("Date,Close\n" + "".join(f"2024-02-{d:02d},{100 + d}\n" for d in range(1, 29))
                   + "".join(f"2024-03-{d:02d},{130 + d}\n" for d in range(1, 6)))
    assert cli.main(["predict", out, str(csv)]) == 0
    assert "today 135.00" in capsys.readouterr().out
    assert cli.main(["predict", out, "1, 2, 3"]) == 2
    assert "at least 31 prices" in capsys.readouterr().err


def test_view_shows_the_forecast_the_baselines_and_a_plain_sentence():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [d["name"].split(":")[0] for d in spec["data"]] == [
        "actual", "RNN forecast", "tomorrow = today", "mean of the window (30 days)", "today + mean daily change"]
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["RNN", "tomorrow = today", "mean of the last 30 days",
                                      "today + mean daily change of the training days"]
    sentence = (at.success or at.warning)[0].value
    assert "'tomorrow = today'" in sentence and str(table.iloc[1, 1]) in sentence.replace(",", "")
    assert "2018-12-07" in at.info[-1].value and "Tomorrow's forecast" in at.info[-1].value


def test_data_panel_reads_an_upload_shows_notes_and_returns_a_source_on_apply():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    rows = "".join(f"2024-{m:02d}-{d:02d},{100 + m + d % 7},{200 - d}\n" for m in range(1, 5) for d in range(1, 29))
    csv = ("Date,AAA,BBB\n2024-05-01,1,2\n" + rows + "2024-01-05,999,999\n").encode()
    at.file_uploader(key="price_upload").set_value(("mine.csv", csv, "text/csv")).run()
    assert not at.exception and at.session_state.new_source is None
    notes = " ".join(i.value for i in at.info)
    assert "sorted" in notes and "more than once" in notes
    at.selectbox(key="price_column").set_value("BBB").run()
    at.button(key="price_apply").click().run()
    src = at.session_state.new_source
    assert src["name"] == "BBB" and len(src["values"]) == 113 and src["dates"][0] == "2024-01-01"
    assert src["values"][0] == 199.0


def test_data_panel_says_what_is_wrong_with_a_bad_file_and_returns_nothing():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.file_uploader(key="price_upload").set_value(("renamed_xlsx.csv", b"PK\x03\x04" + bytes(100), "text/csv")).run()
    assert not at.exception and "not a text file" in at.error[0].value
    at.radio(key="price_source_kind").set_value("paste").run()
    at.text_area(key="price_paste").set_value("101, 102, 103").run()
    at.button(key="price_apply").click().run()
    assert not at.exception and at.session_state.new_source is None
    assert "3 rows" in at.error[0].value and "needs at least" in at.error[0].value


def test_verdict_says_plainly_who_wins():
    from core.charts.price import verdict
    assert verdict({"rnn": 9.0, "naive": 10.0, "drift": 9.5}, EN) == \
        "The RNN beats 'tomorrow = today' (MAE 9.00 < 10.00)."
    assert "does not beat 'tomorrow = today'" in verdict({"rnn": 11.0, "naive": 10.0, "drift": 9.5}, EN)
    said = verdict({"rnn": 9.8, "naive": 10.0, "drift": 9.5}, EN)
    assert "But it does not beat 'today + mean daily change' (MAE 9.50)" in said
    assert "이기지 못합니다" in verdict({"rnn": 11.0, "naive": 10.0}, KO)


def test_an_upload_is_parsed_once_across_reruns_and_a_too_large_one_is_refused_unread(monkeypatch):
    """Streamlit hands the same file to every script run; it is parsed once per content."""
    from streamlit.testing.v1 import AppTest
    calls = []
    real = prices.read_price_csv
    def counted(data, *a, **k):
        if isinstance(data, bytes):  # (not the bundled file the task reads by its path)
            calls.append(len(data))
        return real(data, *a, **k)
    monkeypatch.setattr(prices, "read_price_csv", counted)
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    rows = "".join(f"2024-{m:02d}-{d:02d},{100 + m + d % 7}\n" for m in range(1, 5) for d in range(1, 29))
    csv = ("Date,Close\n" + rows).encode()
    at.file_uploader(key="price_upload").set_value(("mine.csv", csv, "text/csv")).run()
    for _ in range(3):
        at.run()
    at.selectbox(key="price_column").set_value("Close").run()
    at.button(key="price_apply").click().run()
    assert not at.exception and at.session_state.new_source["values"][0] == 102.0
    assert len(calls) == 1
    at.file_uploader(key="price_upload").set_value(("same-bytes-other-name.csv", csv, "text/csv")).run()
    at.run()
    assert len(calls) == 1  # the same content is not parsed again
    assert "bytes" not in str(at.session_state["price_upload_parsed"].keys())
    at.file_uploader(key="price_upload").set_value(("other.csv", csv + b"2024-05-01,150\n", "text/csv")).run()
    at.run()
    assert len(calls) == 2
    big = b"Date,Close\n" + b"2024-01-02,1.0\n" * (prices.MAX_BYTES // 15 + 1)
    at.file_uploader(key="price_upload").set_value(("big.csv", big, "text/csv")).run()
    assert len(calls) == 2 and f"at most {prices.MAX_BYTES // 2**20} MB" in at.error[0].value
    assert "price_upload_parsed" not in at.session_state


def test_pasted_prices_one_per_line_apply_and_are_parsed_once(monkeypatch):
    from streamlit.testing.v1 import AppTest
    calls = []
    real = prices.read_price_text
    monkeypatch.setattr(prices, "read_price_text", lambda text: calls.append(text) or real(text))
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    at.radio(key="price_source_kind").set_value("paste").run()
    values = [1000 + 10 * math.sin(i / 3) for i in range(80)]
    pasted = "\n".join(f"{v:,.2f}" for v in values)  # 1,000.00 / 1,003.27 / …, one per line
    at.text_area(key="price_paste").set_value(pasted).run()
    at.run()
    at.button(key="price_apply").click().run()
    assert not at.exception and not at.error and calls.count(pasted) == 1  # (the view reads its own last days too)
    assert at.session_state.new_source["values"] == pytest.approx([round(v, 2) for v in values])


def test_the_preview_of_a_long_series_draws_every_runs_lowest_and_highest_point():
    import pandas as pd

    from core.charts.price import preview
    rng = np.random.default_rng(0)
    series = pd.Series(100 + np.cumsum(rng.normal(size=1_000_000)))
    drawn = preview(series, 2000)
    assert len(drawn) <= 2000 and drawn.index.is_monotonic_increasing
    runs = np.array_split(series.to_numpy(), 1000)  # the same runs of consecutive rows, by hand
    assert sorted(drawn.to_numpy()) == sorted(np.concatenate([[r.min(), r.max()] for r in runs]))
    assert drawn.max() == series.max() and drawn.min() == series.min()
    short = series[:1500]
    assert preview(short, 2000) is short
