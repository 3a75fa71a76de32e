"""Many-to-one: the last `seq_len` days of a price series -> tomorrow's price (the post's example).

Data: a daily series (default: the S&P 500 close 2010–2018 in assets/prices; or the user's own,
`source = {"name", "dates", "values"}`). The days are split in time order: the first 70 % to
train on, the next 15 % to validate, the last 15 % to test, so nothing later leaks into training.

What the network sees: daily changes c_j = log(v_j / v_{j-1}) (or v_j - v_{j-1} when a value is
≤ 0), standardised with the mean μ and standard deviation s of the changes inside the training
part only: z_j = (c_j - μ) / s. Input u_1..u_T = z of the T changes before day i, target the
change into day i. Working in change space lets a network trained on 2010 prices forecast 2018
prices; the forecast goes back to price units as v̂_i = v_{i-1}·exp(μ + s·ŷ) and MAE is
reported in price units next to two baselines: tomorrow = today, and the mean of the window.
"""
import functools
import os

import numpy as np
import torch
from torch import nn

from .. import prices
from ..datasets import bundled_path
from ..model import make_rnn
from ..said import InputError, Said
from .base import Evaluation, Probe, Task

TRAIN_SHARE, VAL_SHARE = 0.70, 0.15


@functools.lru_cache(maxsize=1)
def _bundled():
    frame = prices.read_price_csv(bundled_path("prices", "sp500_2010_2018.csv"))
    src = prices.series_source(frame, "Close", "S&P 500 close")
    return src["name"], tuple(src["dates"]), tuple(src["values"])


def check_source(source: object) -> tuple:
    """(name, dates or None, values) from a user source; ValueError with a sentence if unusable."""
    if not isinstance(source, dict) or not isinstance(source.get("values"), (list, tuple)):
        raise InputError("price.not_a_series")
    try:
        values = np.asarray(source["values"], dtype=float)
    except (TypeError, ValueError):
        raise InputError("price.not_numbers") from None
    if values.ndim != 1 or not np.isfinite(values).all():
        raise InputError("price.not_finite")
    dates = source.get("dates")
    if dates is not None and (not isinstance(dates, (list, tuple)) or len(dates) != len(values)):
        if isinstance(dates, (list, tuple)):
            raise InputError("price.dates_mismatch", prices=len(values), dates=len(dates))
        raise InputError("price.no_dates_list", prices=len(values))
    return str(source.get("name") or "your series"), (list(map(str, dates)) if dates else None), values


class PriceTask(Task):
    name = "price"
    kind = "many-to-one"
    seq_len_bounds = (5, 250, 30)
    metric = "mae_price"
    higher_is_better = False
    defaults = {"cell": "elman", "hidden_size": 8, "lr": 0.001, "optimizer": "adam", "batch_size": 64,
                "clip": 1.0}
    preset_steps = 300
    predict_help = "a CSV path (date + price) or comma-separated prices, oldest first (at least seq_len + 1)"

    def __init__(self, seq_len: int, seed: int = 0, source: object = None) -> None:
        super().__init__(seq_len, seed, source)
        if source is None:
            self.series_name, dates, values = _bundled()
            self.dates, self.values = list(dates), np.asarray(values, dtype=float)
        else:
            self.series_name, self.dates, self.values = check_source(source)
        n, T = len(self.values), seq_len
        prices.require_rows(n, T)
        self.log_space = bool((self.values > 0).all())
        changes = np.log(self.values[1:] / self.values[:-1]) if self.log_space else np.diff(self.values)  # (N-1,)
        self.val_start = int(round(TRAIN_SHARE * n))
        self.test_start = int(round((TRAIN_SHARE + VAL_SHARE) * n))
        # No look-ahead: μ and s come from the changes between two training days only.
        train_changes = changes[:self.val_start - 1]
        self.mu, self.sd = float(train_changes.mean()), float(train_changes.std())
        if self.sd == 0:
            raise InputError("price.flat")
        z = (changes - self.mu) / self.sd
        # Target day i (T+1 <= i < N): inputs z of the changes into days i-T..i-1, target the change into day i.
        days = np.arange(T + 1, n)
        self.days = days
        # A view of the N-1 changes, not a copy per window: memory stays O(N) for a long upload
        # (100,000 days at T = 250 would otherwise hold 25 million numbers).
        self.u = torch.tensor(z, dtype=torch.float32).unfold(0, T, 1)[:len(days)].unsqueeze(-1)  # (M,T,1)
        self.y = torch.tensor(z[days - 1], dtype=torch.float32)  # (M,)
        self.split = {"train": days < self.val_start,
                      "val": (days >= self.val_start) & (days < self.test_start),
                      "test": days >= self.test_start}
        self.train_idx = torch.tensor(np.flatnonzero(self.split["train"]))

    # --- from change space back to prices --------------------------------------------------
    def to_price(self, z_hat: np.ndarray, days: np.ndarray) -> np.ndarray:
        """v̂_i = v_{i-1}·exp(μ + s·ẑ) (log space) or v_{i-1} + μ + s·ẑ."""
        step = self.mu + self.sd * np.asarray(z_hat, dtype=float)
        prev = self.values[days - 1]
        return prev * np.exp(step) if self.log_space else prev + step

    def baselines(self, days: np.ndarray) -> dict:
        """Tomorrow = today; the mean of the window's T prices (days i-T..i-1); and the drift,
        today moved by the training days' mean change μ, which is what a network that outputs
        ŷ = 0 (one that has learned nothing about the window) forecasts."""
        csum = np.concatenate([[0.0], np.cumsum(self.values)])
        return {"naive": self.values[days - 1],
                "moving_average": (csum[days] - csum[days - self.seq_len]) / self.seq_len,
                "drift": self.to_price(np.zeros(len(days)), days)}

    # --- what the trainer uses -------------------------------------------------------------
    def build_model(self, cell: str, hidden_size: int, activation: str,
                    gen: torch.Generator | None = None) -> nn.Module:
        return make_rnn(cell, 1, hidden_size, 1, activation, gen)

    def sample_batch(self, batch_size: int, gen: torch.Generator) -> tuple:
        pick = self.train_idx[torch.randint(0, len(self.train_idx), (batch_size,), generator=gen)]
        return self.u[pick], self.y[pick], pick

    def loss(self, model: nn.Module, batch: tuple) -> tuple[torch.Tensor, float]:
        u, target, pick = batch
        _, y = model(u)
        z_hat = y[:, -1, 0]  # many-to-one: only the last step's output is the forecast
        loss = torch.mean((z_hat - target) ** 2)
        days = self.days[pick.numpy()]
        mae = float(np.mean(np.abs(self.to_price(z_hat.detach().numpy(), days) - self.values[days])))
        return loss, mae

    def forecast(self, model: nn.Module, split: str = "test") -> tuple:
        """(days, actual, rnn forecast, baselines) for every target day of a split."""
        mask = self.split[split]
        with torch.no_grad():
            _, y = model(self.u[mask])
        days = self.days[mask]
        return days, self.values[days], self.to_price(y[:, -1, 0].numpy(), days), self.baselines(days), y[:, -1, 0]

    def evaluate(self, model: nn.Module, split: str = "val") -> Evaluation:
        days, actual, rnn, base, z_hat = self.forecast(model, split)
        loss = float(torch.mean((z_hat - self.y[torch.tensor(self.split[split])]) ** 2))
        mae = {"rnn": float(np.mean(np.abs(rnn - actual)))}
        mae.update({k: float(np.mean(np.abs(v - actual))) for k, v in base.items()})
        extra = {"mae_rnn": mae["rnn"], "mae_naive": mae["naive"], "mae_moving_average": mae["moving_average"],
                 "ratio_to_naive": mae["rnn"] / mae["naive"] if mae["naive"] else float("inf"),
                 "mae_drift": mae["drift"], "beats_naive": mae["rnn"] < mae["naive"],
                 "beats_moving_average": mae["rnn"] < mae["moving_average"], "beats_drift": mae["rnn"] < mae["drift"],
                 "days": int(len(days))}
        return Evaluation(loss, mae["rnn"], extra)

    def probe(self, model: nn.Module) -> Probe:
        last_val = int(np.flatnonzero(self.split["val"])[-1])
        with torch.no_grad():
            x, _ = model(self.u[last_val:last_val + 1])
        day = self.days[last_val]
        labels = [f"{v:,.2f}" for v in self.values[day - self.seq_len:day]]
        return Probe(x[0].numpy(), labels, "the last validation window (prices)")

    # --- what the screens and the CLI use ---------------------------------------------------
    def predict(self, model: nn.Module, text: str, allow_files: bool = True) -> str:
        """The forecast for the day after the given series: pasted prices, or (from the CLI only,
        allow_files=True) the path of a CSV file. Screens pass allow_files=False."""
        text = str(text).strip()
        frame = prices.read_price_csv(text) if allow_files and os.path.isfile(text) else prices.read_price_text(text)
        values = prices.series_source(frame)["values"]
        need = self.seq_len + 1
        if len(values) < need:
            raise InputError("price.too_few", need=need, seq_len=self.seq_len, count=len(values))
        v = np.asarray(values[-need:], dtype=float)
        if self.log_space and (v <= 0).any():
            raise InputError("price.not_positive")
        c = np.log(v[1:] / v[:-1]) if self.log_space else np.diff(v)
        u = torch.tensor((c - self.mu) / self.sd, dtype=torch.float32).view(1, -1, 1)
        with torch.no_grad():
            _, y = model(u)
        step = self.mu + self.sd * float(y[0, -1, 0])
        tomorrow = v[-1] * np.exp(step) if self.log_space else v[-1] + step
        change = f", {100 * (tomorrow / v[-1] - 1):+.2f} %" if v[-1] else ""
        return Said("price.forecast", tomorrow=float(tomorrow), today=float(v[-1]), change=change, seq_len=self.seq_len,
                    mean=float(v[1:].mean()))

    def source_state(self) -> object:
        return self.source
