"""The record of a run, bounded in memory however long it trains (an hour-long lecture too).

Scalars (one row per step) are thinned by halving once they pass `max_points`, and from then
on only every `stride`-th step is kept: the curve keeps its shape, memory stays flat.
Checkpoints (probe states and ‖∂L/∂x_t‖, for the scrub slider and the gradient-history
heatmap) are thinned the same way past `max_checkpoints`. Steps where clipping acted or a
validation ran are always kept.
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch

from .train import POST_PARAMS, StepRecord

CHECKPOINT_BYTES = 48 * 2**20  # probe states for the scrub slider: at most ~48 MB per run
MAX_POINTS = 2000  # scalar rows (and validation rows) kept; a saved run is held to the same bound
MAX_CHECKPOINTS = 120
TABLES = ("history", "validation", "hidden_states", "state_gradients")  # History.table(name), the CSV export
SCALARS = ("step", "loss", "metric", "grad_total", "clipped", "seconds", "rho") + POST_PARAMS


@dataclass
class Checkpoint:
    step: int
    loss: float
    state_grad: np.ndarray  # (T,)
    probe: np.ndarray | None  # (T,H)
    labels: list = field(default_factory=list)
    eigen: object = None  # core.concepts.eigen.RecurrenceEigen of this step, if recorded


class History:
    def __init__(self, max_points: int = MAX_POINTS, max_checkpoints: int = MAX_CHECKPOINTS):
        self.max_points, self.max_checkpoints = max_points, max_checkpoints
        self.rows = {k: [] for k in SCALARS}
        self.val = {"step": [], "loss": [], "metric": []}
        self.checkpoints: list[Checkpoint] = []
        self.stride = 1
        self._clipped_since = False
        self.clipped_steps = 0
        self.last: StepRecord | None = None
        self.extra: dict = {}  # the task's latest validation extras (baselines, ...)
        # Losses a task reports beside the validation loss (e.g. the user's own sentences,
        # "user_loss"): name -> {"step": [...], "loss": [...]}, drawn on the loss chart.
        self.extra_losses: dict = {}

    def add(self, rec: StepRecord, labels: list[str] | None = None) -> None:
        self.last = rec
        self.clipped_steps += rec.clipped
        if rec.val_loss is not None:
            self.val["step"].append(rec.step)
            self.val["loss"].append(rec.val_loss)
            self.val["metric"].append(rec.val_metric)
            self.extra = rec.extra
            for name, value in rec.extra.items():
                if name.endswith("_loss"):
                    series = self.extra_losses.setdefault(name, {"step": [], "loss": []})
                    series["step"].append(rec.step)
                    series["loss"].append(float(value))
                    if len(series["step"]) > self.max_points:
                        series["step"], series["loss"] = series["step"][::2], series["loss"][::2]
        self._clipped_since = self._clipped_since or rec.clipped
        if rec.step % self.stride == 0 or rec.exploded:
            row = {"step": rec.step, "loss": rec.loss, "metric": rec.metric, "grad_total": rec.grad_total,
                   "clipped": self._clipped_since, "seconds": rec.seconds,
                   "rho": rec.rho if rec.rho is not None else (self.rows["rho"][-1] if self.rows["rho"] else np.nan)}
            row.update({k: rec.grad_norms.get(k, 0.0) for k in POST_PARAMS})
            self._clipped_since = False
            for k in SCALARS:
                self.rows[k].append(row[k])
            if len(self.rows["step"]) > self.max_points:
                self._thin_rows()
        if rec.probe is not None:
            self.add_checkpoint(rec, labels)
        if len(self.val["step"]) > self.max_points:
            for k in self.val:
                self.val[k] = self.val[k][::2]

    def _thin_rows(self):
        self.stride *= 2
        keep = [i for i, s in enumerate(self.rows["step"]) if s % self.stride == 0]
        clipped = self.rows["clipped"]
        # A kept row is marked clipped if clipping acted at any step it now stands for.
        merged, prev = [], -1
        for i in keep:
            merged.append(any(clipped[prev + 1:i + 1]))
            prev = i
        self._clipped_since = self._clipped_since or any(clipped[prev + 1:])
        for k in SCALARS:
            self.rows[k] = [self.rows[k][i] for i in keep]
        self.rows["clipped"] = merged

    def add_checkpoint(self, rec: StepRecord, labels: list[str] | None = None) -> None:
        """Keep a record's probe states and ‖∂L/∂x_t‖ (for charts 2-3 and the scrub slider)."""
        grad = rec.probe_grad if rec.probe_grad is not None else rec.state_grad  # chart 2's sample when it has one
        ckpt = Checkpoint(rec.step, rec.loss, grad, rec.probe, labels or [], rec.eigen)
        if self.checkpoints and self.checkpoints[-1].step == ckpt.step:
            self.checkpoints.pop()  # one per step: a loaded run's last record, now with its states
        self.checkpoints.append(ckpt)
        size = ckpt.probe.nbytes + ckpt.state_grad.nbytes if ckpt.probe is not None else ckpt.state_grad.nbytes
        limit = min(self.max_checkpoints, max(10, CHECKPOINT_BYTES // max(size, 1)))
        if len(self.checkpoints) > limit:
            # Halve the older ones and keep the newest: density falls with age, memory stays flat.
            self.checkpoints = self.checkpoints[:-1][::2] + [self.checkpoints[-1]]

    def snapshot(self) -> "History":
        """A copy to draw from while a worker thread keeps adding (core/live.Run.snapshot takes it
        under the run's lock)."""
        h = History(self.max_points, self.max_checkpoints)
        h.rows = {k: list(v) for k, v in self.rows.items()}
        h.val = {k: list(v) for k, v in self.val.items()}
        h.checkpoints = list(self.checkpoints)
        h.stride, h.clipped_steps, h.last, h.extra = self.stride, self.clipped_steps, self.last, self.extra
        h.extra_losses = {k: {"step": list(v["step"]), "loss": list(v["loss"])} for k, v in self.extra_losses.items()}
        return h

    def table(self, name: str) -> pd.DataFrame:
        """One of TABLES: the scalars per step, the validations, the latest probe's states x_t
        (with the inputs u_t when the task labels them), or ‖∂L/∂x_t‖ per recorded step. Take it
        from a snapshot while a worker adds to the history (core/live.Run.table does)."""
        if name == "history":
            return pd.DataFrame(self.rows)
        if name == "validation":
            return pd.DataFrame(self.val)
        if name == "hidden_states":
            ckpt = self.latest()
            df = pd.DataFrame(ckpt.probe, columns=[f"x{i + 1}" for i in range(ckpt.probe.shape[1])])
            df.insert(0, "t", range(1, len(df) + 1))
            if len(ckpt.labels) == len(df):
                df.insert(1, "u_t", ckpt.labels)
            return df
        if name == "state_gradients":
            return pd.DataFrame([{"step": c.step, **{f"t{t + 1}": float(g) for t, g in enumerate(c.state_grad)}}
                                 for c in self.checkpoints])
        raise ValueError(f"No table named {name!r}: one of {', '.join(TABLES)}.")

    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None

    def to_plain(self) -> dict:
        """Scalars and validation as plain lists, and ‖∂L/∂x_t‖ of every checkpoint (chart 3b) as
        one tensor per checkpoint, for saved runs. The probe states are not kept: the loaded
        weights give chart 2 again, and they are the bulk of a checkpoint."""
        def column(k, vals):  # a step is a whole number, in a saved run and in a CSV alike
            return [int(v) for v in vals] if k == "step" else [float(v) for v in vals]
        return {"rows": {k: column(k, v) for k, v in self.rows.items()},
                "val": {k: column(k, v) for k, v in self.val.items()},
                "grads": {"step": [int(c.step) for c in self.checkpoints],
                          "loss": [float(c.loss) for c in self.checkpoints],
                          "state_grad": [torch.as_tensor(np.asarray(c.state_grad, dtype=np.float32))
                                         for c in self.checkpoints]}}

    @classmethod
    def from_plain(cls, d: dict) -> "History":
        """Rows from to_plain() (a saved run: core.runs has checked and bounded them already)."""
        h = cls()
        rows, val = d.get("rows", {}), d.get("val", {})
        if isinstance(rows, dict) and all(isinstance(rows.get(k), list) for k in SCALARS):
            n = len(rows["step"])
            if all(len(rows[k]) == n for k in SCALARS):
                h.rows = {k: [float(v) for v in rows[k]] for k in SCALARS}
                h.rows["step"] = [int(s) for s in h.rows["step"]]
                h.rows["clipped"] = [bool(c) for c in h.rows["clipped"]]
        if isinstance(val, dict) and all(isinstance(val.get(k), list) for k in ("step", "loss", "metric")):
            h.val = {k: [float(v) for v in val[k]] for k in ("step", "loss", "metric")}
            h.val["step"] = [int(s) for s in h.val["step"]]
        grads = d.get("grads", {})
        if isinstance(grads, dict) and grads.get("step"):
            h.checkpoints = [Checkpoint(int(s), float(loss), np.asarray(g, dtype=np.float32), None)
                             for s, loss, g in zip(grads["step"], grads["loss"], grads["state_grad"])]
        return h
