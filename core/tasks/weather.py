"""Many-to-many, synchronous: from today's weather, tomorrow's maximum temperature, at every day.

The post's example of a state-space model: x_t is the weather state, u_t what we observe today
(here: rain, temperatures, wind and the sky: sun, fog, drizzle, rain or snow — the nearest this
data has to the post's "amount of cloud"), and y_t = tomorrow's temp_max.

Data: daily Seattle weather 2012–2015 (assets/weather, NOAA via vega_datasets). Days are split in
time order (70 % train, 15 % validation, 15 % test); the four measured inputs and the target are
standardised with means and standard deviations of the training days only. The baselines:
persistence (tomorrow = today) and climatology (the training days' mean temp_max of that month).
"""
import functools
import os

import numpy as np
import pandas as pd
import torch
from torch import nn

from ..datasets import bundled_path
from ..model import make_rnn
from ..said import InputError, Said
from .base import Evaluation, Probe, Task

MEASURED = ("precipitation", "temp_max", "temp_min", "wind")
SKIES = ("sun", "fog", "drizzle", "rain", "snow")
TRAIN_SHARE, VAL_SHARE = 0.70, 0.15


@functools.lru_cache(maxsize=1)
def load_weather() -> pd.DataFrame:
    frame = pd.read_csv(bundled_path("weather", "seattle_weather_2012_2015.csv"), parse_dates=["date"])
    return frame.sort_values("date").reset_index(drop=True)


def features(frame: pd.DataFrame, mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """u_t for every row: 4 standardised measurements (rain as log(1 + mm)), 5 one-hot sky labels
    and the season as (sin, cos) of the day of the year.  (N, 11) float32."""
    measured = np.column_stack([np.log1p(frame["precipitation"]), frame["temp_max"], frame["temp_min"], frame["wind"]])
    sky = np.stack([(frame["weather"] == s).to_numpy() for s in SKIES], axis=1)
    angle = 2 * np.pi * frame["date"].dt.dayofyear.to_numpy() / 365.25
    return np.column_stack([(measured - mean) / std, sky, np.sin(angle), np.cos(angle)]).astype(np.float32)


class WeatherTask(Task):
    name = "weather"
    kind = "many-to-many"
    seq_len_bounds = (2, 180, 30)
    metric = "mae_celsius"
    higher_is_better = False
    defaults = {"cell": "elman", "hidden_size": 8, "lr": 0.01, "optimizer": "adam", "batch_size": 32}
    preset_steps = 300
    predict_help = ("days separated by ';', each 'date, precipitation mm, temp_max °C, temp_min °C, wind m/s, "
                    "sky', e.g. '2015-12-30, 0, 5.6, -2.1, 2.6, sun; 2015-12-31, 0, 5.6, -2.1, 3.5, sun' (or such a "
                    "CSV)")

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        if source is not None:
            raise ValueError("The weather task uses the bundled Seattle data; it takes no data of your own.")
        frame = load_weather()
        n = len(frame)
        self.val_start, self.test_start = int(round(TRAIN_SHARE * n)), int(round((TRAIN_SHARE + VAL_SHARE) * n))
        train = frame.iloc[:self.val_start]
        # No look-ahead: every mean and standard deviation comes from training days only.
        measured = np.column_stack([np.log1p(train["precipitation"]), train["temp_max"], train["temp_min"],
                                    train["wind"]])
        self.mean, self.std = measured.mean(axis=0), measured.std(axis=0)
        self.t_mean, self.t_std = float(self.mean[1]), float(self.std[1])
        self.dates = frame["date"].dt.strftime("%Y-%m-%d").tolist()
        self.frame = frame
        self.temp = frame["temp_max"].to_numpy(dtype=float)  # (N,)
        self.u_all = torch.tensor(features(frame, self.mean, self.std))  # (N,11)
        # Target of day t is temp_max of day t+1, standardised.
        self.y_all = torch.tensor((self.temp[1:] - self.t_mean) / self.t_std, dtype=torch.float32)  # (N-1,)
        # Day t belongs to a split when its target day t+1 does too.
        self.ranges = {"train": (0, self.val_start - 1), "val": (self.val_start, self.test_start - 1),
                       "test": (self.test_start, n - 1)}
        by_month = train.assign(m=train["date"].dt.month).groupby("m")["temp_max"].mean()
        self.climate = by_month.reindex(range(1, 13)).ffill().bfill().to_numpy()  # (12,) °C
        if self.ranges["train"][1] < seq_len:
            raise ValueError(f"A window of {seq_len} days is longer than the training part.")

    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return make_rnn(cell, self.u_all.shape[1], hidden_size, 1, activation, gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        T, (a, b) = self.seq_len, self.ranges["train"]
        starts = torch.randint(a, b - T + 1, (batch_size,), generator=gen)
        idx = starts[:, None] + torch.arange(T)  # (B,T)
        return self.u_all[idx], self.y_all[idx]

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        u, target = batch
        _, y = model(u)
        loss = torch.mean((y[..., 0] - target) ** 2)
        return loss, float(torch.mean(torch.abs(y[..., 0].detach() - target)) * self.t_std)

    def forecast(self, model: nn.Module, split: str = "test") -> tuple[np.ndarray, np.ndarray]:
        """(days t, tomorrow's temp_max prediction °C) over a split, read in consecutive windows
        of seq_len days each starting from x_0 = 0, as in training."""
        a, b = self.ranges[split]
        preds = []
        with torch.no_grad():
            for s in range(a, b, self.seq_len):
                _, y = model(self.u_all[s:min(s + self.seq_len, b)].unsqueeze(0))
                preds.append(y[0, :, 0].numpy())
        days = np.arange(a, b)
        return days, np.concatenate(preds) * self.t_std + self.t_mean

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        days, pred = self.forecast(model, split)
        actual = self.temp[days + 1]
        persistence = self.temp[days]
        climate = self.climate[self.frame["date"].dt.month.to_numpy()[days + 1] - 1]
        mse = lambda p: float(np.mean(((p - actual) / self.t_std) ** 2))  # noqa: E731  (loss units)
        mae = {k: float(np.mean(np.abs(p - actual))) for k, p in
               (("rnn", pred), ("persistence", persistence), ("climatology", climate))}
        extra = {"mae_rnn": mae["rnn"], "mae_persistence": mae["persistence"], "mae_climatology": mae["climatology"],
                 "loss_persistence": mse(persistence), "loss_climatology": mse(climate),
                 "beats_persistence": mae["rnn"] < mae["persistence"], "days": int(len(days))}
        return Evaluation(mse(pred), mae["rnn"], extra)

    def probe(self, model: nn.Module) -> Probe:
        s = self.ranges["val"][0]
        with torch.no_grad():
            x, _ = model(self.u_all[s:s + self.seq_len].unsqueeze(0))
        rows = self.frame.iloc[s:s + self.seq_len]
        labels = [f"{t:.1f}°C {w}" for t, w in zip(rows["temp_max"], rows["weather"])]
        return Probe(x[0].numpy(), labels, f"validation days from {self.dates[s]}")

    def predict(self, model: nn.Module, text: str, allow_files: bool = True) -> str:
        """Tomorrow's temp_max after the given days ('date, rain, max, min, wind, sky; ...', or from
        the CLI only, allow_files=True, the path of such a CSV). Screens pass allow_files=False."""
        text = str(text).strip()
        if allow_files and os.path.isfile(text):
            frame = pd.read_csv(text)
        else:
            rows = [[c.strip() for c in day.split(",")] for day in text.replace("\n", ";").split(";") if day.strip()]
            if not rows or any(len(r) != 6 for r in rows):
                raise InputError("weather.days_format", example=self.predict_help.split('e.g. ')[1])
            frame = pd.DataFrame(rows, columns=["date", *MEASURED, "weather"])
        missing = [c for c in ("date", *MEASURED, "weather") if c not in frame.columns]
        if missing:
            raise InputError("weather.missing_columns", measured=", ".join(MEASURED), missing=", ".join(missing))
        try:
            frame["date"] = pd.to_datetime(frame["date"], format="ISO8601")
            for c in MEASURED:
                frame[c] = pd.to_numeric(frame[c], errors="raise")
        except (ValueError, TypeError):
            raise InputError("weather.bad_values") from None
        frame["weather"] = frame["weather"].astype(str).str.strip().str.lower()
        unknown = sorted(set(frame["weather"]) - set(SKIES))
        if unknown:
            raise InputError("weather.unknown_sky", sky=unknown[0], skies=", ".join(SKIES))
        u = torch.tensor(features(frame, self.mean, self.std)).unsqueeze(0)
        with torch.no_grad():
            _, y = model(u)
        tomorrow = float(y[0, -1, 0]) * self.t_std + self.t_mean
        return Said("weather.forecast", tomorrow=tomorrow, today=float(frame["temp_max"].iloc[-1]))
