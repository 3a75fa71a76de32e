"""The task-agnostic trainer: BPTT steps with optional truncation and clipping, one plain
record per step, deterministic for a given seed, and guarded against explosions."""
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from . import bptt
from .concepts.eigen import RecurrenceEigen, capture_inputs, recurrence_eigen
from .config import RunConfig
from .diagnostics import spectral_radius
from .model import RecurrentBase
from .tasks import Task, make_task

POST_PARAMS = ("W_xx", "W_xu", "b_x", "W_yx", "b_y")


@dataclass
class StepRecord:
    step: int
    loss: float
    metric: float
    grad_norms: dict  # W_xx, W_xu, b_x, W_yx, b_y (and 'other') -> ‖∂L/∂θ‖ before clipping
    grad_total: float  # total gradient norm before clipping
    clipped: bool  # did clipping scale this step's gradient?
    state_grad: np.ndarray  # (T,) ‖∂L/∂x_t‖ (all recurrent layers, in forward order)
    seconds: float  # wall time of the BPTT step
    rho: float | None = None  # spectral radius of W_xx (None when diagnostics were skipped)
    probe: np.ndarray | None = None  # (T,H) states of the probe sample
    probe_grad: np.ndarray | None = None  # (T,) ‖∂L/∂x_t‖ of the probe sample (Task.probe_batch)
    val_loss: float | None = None
    val_metric: float | None = None
    exploded: str = ""  # a sentence when the step was refused because of NaN/Inf
    extra: dict = field(default_factory=dict)
    eigen: RecurrenceEigen | None = None  # the recurrence's eigenvalues (with the probe)


# A headless run diagnoses this many of its steps (and its last): enough points for a loss curve
# and the ‖∂L/∂x_t‖ checkpoints, without paying for the probe at every step.
DIAGNOSED_STEPS = 50


def cadence(steps: int) -> int:
    """Every how many steps a headless run of `steps` steps is diagnosed."""
    return max(1, steps // DIAGNOSED_STEPS)


class Trainer:
    """Owns a task, its network and the optimizer. `step()` runs one BPTT step.

    Hyper-parameters that do not change the network (lr, optimizer, batch size, truncation,
    clipping) can be changed on the running model with `apply(config)`.
    """

    def __init__(self, cfg: RunConfig, task: Task | None = None, eval_every: int = 25):
        self.cfg = cfg
        self.task = task if task is not None else make_task(cfg.task, cfg.seq_len, cfg.seed)
        # Its own generator: same seed, same network, whatever other sessions draw meanwhile.
        self.model = self.task.build_model(cfg.cell, cfg.hidden_size, cfg.activation,
                                           torch.Generator().manual_seed(cfg.seed))
        self.layers = [m for m in self.model.modules() if isinstance(m, RecurrentBase)]
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self._post = self._post_parameter_groups()
        self.gen = torch.Generator().manual_seed(cfg.seed)
        self.eval_every = eval_every
        self.step_count = 0
        self._last_eval = 0
        self.opt = None
        self.apply(cfg)
        self._snapshot = [p.detach().clone() for p in self.params]  # last finite weights

    # --- settings ---------------------------------------------------------------------------
    def apply(self, cfg: RunConfig) -> None:
        """Take over the settings that do not change the network's shape."""
        if self.opt is not None and cfg.needs_new_model(self.cfg):
            raise ValueError("This change needs a new network; start a new Trainer.")
        if self.opt is None or cfg.optimizer != self.cfg.optimizer:
            opt_class = torch.optim.Adam if cfg.optimizer == "adam" else torch.optim.SGD
            self.opt = opt_class(self.params, lr=cfg.lr)
        for group in self.opt.param_groups:
            group["lr"] = cfg.lr
        for layer in self.layers:
            layer.truncate = cfg.truncate
        self.cfg = cfg

    def _post_parameter_groups(self):
        groups = {name: [] for name in POST_PARAMS}
        seen = set()
        for layer in self.layers:
            for name, tensors in layer.named_post_parameters().items():
                groups[name] += tensors
                seen.update(id(t) for t in tensors)
        groups["other"] = [p for p in self.params if id(p) not in seen]
        return groups

    # --- one BPTT step ----------------------------------------------------------------------
    def step(self, diagnostics: bool = True) -> StepRecord:
        """One BPTT step. With diagnostics, also the probe states, ρ(W_xx) and (every
        `eval_every` steps) the validation numbers."""
        start = time.perf_counter()
        loss, metric, state_grad, norms, total = self._backward(self.task.sample_batch(self.cfg.batch_size, self.gen))
        self.step_count += 1
        exploded, clipped = "", False
        if not (math.isfinite(loss) and math.isfinite(total)):
            exploded = self._refuse(state_grad, "the loss or the gradient became NaN or infinite")
        else:
            clipped = self._clip(total)
            self.opt.step()
            if not all(torch.isfinite(p).all() for p in self.params):
                exploded = self._refuse(state_grad, "a weight became NaN or infinite")
            else:
                self.keep_finite()
        record = StepRecord(self.step_count, loss, metric, norms, total, clipped, state_grad,
                            time.perf_counter() - start, exploded=exploded)
        if diagnostics:
            self.diagnose(record)
        return record

    def keep_finite(self) -> None:
        """Remember the weights as they are now as the last finite ones (what a blown-up step
        goes back to): after every good step, and after weights are loaded from a file."""
        torch._foreach_copy_(self._snapshot, [p.detach() for p in self.params])

    def inspect(self) -> StepRecord:
        """A record of the network as it is now, without training it (step 0 of the charts):
        one batch from a generator of its own, so the run's own sequence of batches is untouched."""
        gen = torch.Generator().manual_seed(self.cfg.seed + 1)
        start = time.perf_counter()
        loss, metric, state_grad, norms, total = self._backward(self.task.sample_batch(self.cfg.batch_size, gen))
        self.opt.zero_grad(set_to_none=True)
        record = StepRecord(self.step_count, loss, metric, norms, total, False, state_grad,
                            time.perf_counter() - start)
        return self.diagnose(record, validate=True)

    def _backward(self, batch):
        """Forward and hand-written BPTT for one batch: loss, metric, ‖∂L/∂x_t‖, gradient norms."""
        self.model.train()
        tap = bptt.StateGradTap()
        self.opt.zero_grad(set_to_none=True)
        with tap.attached(self.model):
            loss, metric = self.task.loss(self.model, batch)
            loss.backward()
        norms = self._grad_norms()
        total = math.sqrt(sum(v * v for v in norms.values()))
        return loss.item(), metric, tap.norms().numpy(), norms, total

    def _grad_norms(self) -> dict:
        out = {}
        for name, tensors in self._post.items():
            grads = [t.grad for t in tensors if t.grad is not None]
            out[name] = math.sqrt(sum(float(n) ** 2 for n in torch._foreach_norm(grads))) if grads else 0.0
        if not self._post["other"]:
            del out["other"]
        return out

    def _clip(self, total: float) -> bool:
        # Clipping keeps the direction of the gradient and caps its length, so one exploding
        # step cannot throw the weights far away.
        if self.cfg.clip and total > self.cfg.clip:
            torch._foreach_mul_([p.grad for p in self.params if p.grad is not None], self.cfg.clip / total)
            return True
        return False

    def _refuse(self, state_grad, what) -> str:
        """Put back the last finite weights and say where the gradient blew up."""
        torch._foreach_copy_([p.data for p in self.params], self._snapshot)
        self.opt.state.clear()  # moments may hold NaN/Inf now
        bad = ~np.isfinite(state_grad)
        if bad.size and bad.all():
            where = "at every time step: the hidden states x_t themselves overflowed on the way forward"
        elif bad.any():
            # Travelling back from the last step, the gradient overflows first at the latest bad t.
            where = f"at time step t = {int(np.nonzero(bad)[0].max()) + 1} on its way back"
        else:
            where = f"(largest at time step t = {int(np.argmax(state_grad)) + 1})"
        return (f"Step {self.step_count}: {what}; ‖∂L/∂x_t‖ blew up {where}. "
                "Training paused and the last finite weights were restored.")

    # --- diagnostics ------------------------------------------------------------------------
    def diagnose(self, record: StepRecord, validate: bool = False) -> StepRecord:
        """Add ρ(W_xx), the probe states and (every `eval_every` steps) validation to a record."""
        self.model.eval()
        with torch.no_grad():
            record.rho = spectral_radius(self.layers[0].recurrent_matrix())
            with capture_inputs(self.layers[0]) as seen:  # the probe's inputs, for gated cells
                record.probe = self.task.probe(self.model).states
            record.eigen = recurrence_eigen(self.layers[0], seen.get("u"), seen.get("x0"))
            record.probe_grad = self._probe_grad()
            # Validate when `eval_every` steps have passed since the last time (diagnostics may
            # skip steps, so a step divisible by eval_every might never be diagnosed).
            if validate or record.step == 1 or record.step - self._last_eval >= self.eval_every:
                self._last_eval = record.step
                ev = self.task.evaluate(self.model, "val")
                record.val_loss, record.val_metric, record.extra = ev.loss, ev.metric, ev.extra
        return record

    def _probe_grad(self) -> np.ndarray | None:
        batch = self.task.probe_batch()
        if batch is None:
            return None
        tap = bptt.StateGradTap()
        with torch.enable_grad(), tap.attached(self.model):
            loss, _ = self.task.loss(self.model, batch)
            torch.autograd.grad(loss, [p for p in self.params if p.requires_grad], allow_unused=True)
        return tap.norms().numpy()

    def train(self, steps: int, callback: Callable[[StepRecord], object] | None = None,
              diagnostics_every: int = 1) -> list[StepRecord]:
        """`steps` steps (fewer if one blows up), with diagnostics (probe states, ρ) at every
        `diagnostics_every`-th of them and at the last; `callback(record)` after each. The one
        training loop of the CLI, the side-by-side comparison and the tests (the first two pass
        diagnostics_every=cadence(steps))."""
        records = []
        for i in range(steps):
            rec = self.step(diagnostics=(i + 1) % diagnostics_every == 0 or i + 1 == steps)
            records.append(rec)
            if callback is not None:
                callback(rec)
            if rec.exploded:
                break
        return records
