"""The weather task: chronological split, scaling from training days only, honest baselines, learning."""
import json

import numpy as np
import pandas as pd
import pytest
from views import task_view_script

from core import cli
from core.charts import task_figure
from core.config import RunConfig
from core.datasets import bundled_path
from core.tasks.weather import WeatherTask
from core.train import Trainer
from ui.words import EN

VIEW = ("weather", 8, 30)  # task, hidden size, sequence length of the panel tests


def raw():
    return pd.read_csv(bundled_path("weather", "seattle_weather_2012_2015.csv"))


def trained(task, steps, **cfg):
    trainer = Trainer(RunConfig(task="weather", seq_len=task.seq_len, **{**WeatherTask.defaults, **cfg}), task)
    trainer.train(steps, diagnostics_every=10**9)
    return trainer


def test_scaling_uses_training_days_only():
    task = WeatherTask(30)
    frame = raw()
    assert len(frame) == 1461 and task.val_start == 1023 and task.test_start == 1242
    train = frame.iloc[:1023]
    assert task.t_mean == pytest.approx(train["temp_max"].mean())
    assert task.t_std == pytest.approx(train["temp_max"].std(ddof=0))
    assert task.mean[0] == pytest.approx(np.log1p(train["precipitation"]).mean())
    assert task.std[3] == pytest.approx(train["wind"].std(ddof=0))
    # Inputs of day 0 by hand: standardised measurements, one-hot sky, season.
    row = frame.iloc[0]  # 2012-01-01: 0.0 mm, 12.8, 5.0, 4.7, drizzle
    u0 = task.u_all[0].numpy()
    assert u0[1] == pytest.approx((12.8 - task.t_mean) / task.t_std, abs=1e-5)
    assert list(u0[4:9]) == [0, 0, 1, 0, 0] and row["weather"] == "drizzle"
    assert u0[9] == pytest.approx(np.sin(2 * np.pi / 365.25), abs=1e-6)


def test_targets_are_tomorrows_temperature_and_splits_never_overlap():
    task = WeatherTask(30)
    temp = raw()["temp_max"].to_numpy()
    assert task.y_all[100].item() * task.t_std + task.t_mean == pytest.approx(temp[101], abs=1e-4)
    (_, b0), (a1, b1), (_, b2) = task.ranges["train"], task.ranges["val"], task.ranges["test"]
    # A training day's target (the next day) is still a training day: no validation day leaks in.
    assert b0 == task.val_start - 1 and a1 == task.val_start and b1 == task.test_start - 1 and b2 == 1460
    import torch
    u, y = task.sample_batch(256, torch.Generator().manual_seed(0))
    assert u.shape == (256, 30, 11) and y.shape == (256, 30)
    # Every sampled target is a training target (standardised temp_max of days 1..val_start-1).
    assert set(np.round(y.numpy().ravel(), 5)) <= set(np.round(task.y_all[:b0].numpy(), 5))


def test_baselines_match_a_hand_computation():
    task = WeatherTask(30)
    model = trained(task, 1).model
    ex = task.evaluate(model, "test").extra
    temp = raw()["temp_max"].to_numpy()
    days = np.arange(1242, 1460)
    assert ex["days"] == 218
    assert ex["mae_persistence"] == pytest.approx(np.mean(np.abs(temp[days] - temp[days + 1])))
    frame = raw()
    month = pd.to_datetime(frame["date"]).dt.month
    clim = frame.iloc[:1023].groupby(month[:1023])["temp_max"].mean()
    expected = np.mean(np.abs(clim[month.iloc[days + 1]].to_numpy() - temp[days + 1]))
    assert ex["mae_climatology"] == pytest.approx(expected)


def test_the_rnn_learns_to_beat_the_trivial_baselines():
    task = WeatherTask(30)
    untrained = task.evaluate(trained(task, 0).model, "val")
    ev = task.evaluate(trained(task, 150).model, "val")
    assert ev.metric < 0.5 * untrained.metric, (untrained.metric, ev.metric)
    assert ev.metric < 1.05 * ev.extra["mae_persistence"], ev.extra
    assert ev.loss < ev.extra["loss_climatology"]


def test_figure_and_predict():
    task = WeatherTask(30)
    model = trained(task, 3).model
    fig = task_figure(task, model, EN)
    names = [d.name for d in fig.data]
    assert names[0] == "actual temp_max" and names[1].startswith("RNN prediction: MAE")
    assert names[2].startswith("tomorrow = today: MAE") and len(fig.data[0].y) == 218
    assert fig.data[0].x[0] == "2015-05-28"  # the target day of the first test day (2015-05-27)
    answer = task.predict(model, "2015-12-30, 0, 5.6, -2.1, 2.6, sun; 2015-12-31, 0, 5.6, -2.1, 3.5, sun")
    assert answer.startswith("Tomorrow's maximum temperature:") and "5.6 °C" in answer
    with pytest.raises(ValueError, match="Unknown sky 'cloudy'"):
        task.predict(model, "2015-12-31, 0, 5.6, -2.1, 3.5, cloudy")
    with pytest.raises(ValueError, match="6 values"):
        task.predict(model, "5.6, 3.5")
    with pytest.raises(ValueError, match="no data of your own"):
        WeatherTask(30, source={"values": [1, 2]})


def test_cli_trains_weather(tmp_path, capsys):
    out = str(tmp_path / "w.pt")
    assert cli.main(["train", "--task", "weather", "--steps", "3", "--out", out, "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"mae_persistence", "loss_persistence", "beats_persistence"} <= set(summary)
    assert cli.main(["predict", out, "2015-12-31, 0, 5.6, -2.1, 3.5, sun"]) == 0
    assert "Tomorrow's maximum temperature" in capsys.readouterr().out


def test_view_shows_predictions_baselines_and_reads_typed_days():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(task_view_script, args=VIEW, default_timeout=60).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [d["name"].split(":")[0] for d in spec["data"]] == ["actual temp_max", "RNN prediction", "tomorrow = today"]
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["RNN", "tomorrow = today", "monthly mean (training years)"]
    assert "Tomorrow's maximum temperature" in at.info[0].value
    at.text_input(key="weather_days").set_value("/etc/passwd").run()
    assert not at.exception and "6 values" in at.error[0].value  # a path is text here, never read
