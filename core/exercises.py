"""Predict, then reveal: exercises whose true answer the engine computes when asked (never a
stored answer). Language-neutral: the questions and explanations in English and Korean live in
ui/exercises.py, keyed by the exercise id; `detail` carries the numbers they quote.

Each exercise has an id (for a link: /bptt?exercise=rho-decay), the screen it sits on, a kind
('choice' or 'number'), its settings, the choice values, a tolerance for numbers, and `solve`,
a function settings -> Answer computed with core.
"""
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from .concepts import gradients as lab_core
from .concepts import system
from .concepts.cell import make_cell
from .config import RunConfig
from .model import ElmanRNN, make_rnn
from .tasks.recall import compare_cells
from .train import Trainer


@dataclass
class Answer:
    value: object  # a choice value, or a number
    detail: dict = field(default_factory=dict)  # the numbers the explanation quotes


@dataclass(frozen=True)
class Exercise:
    id: str
    screen: str  # home | train | system | cell | sharing | bptt
    kind: str  # 'choice' | 'number'
    settings: dict
    solve: Callable[[dict], Answer]
    choices: tuple = ()
    tolerance: float = 0.0  # numbers: |given − true| ≤ tolerance · max(1, |true|)

    def answer(self) -> Answer:
        return self.solve(self.settings)

    def is_right(self, given: object, answer: Answer) -> bool:
        if self.kind == "choice":
            return given == answer.value
        if given is None:
            return False
        return abs(float(given) - float(answer.value)) <= self.tolerance * max(1.0, abs(float(answer.value)))


def count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _gen():
    # Weights drawn from a generator of their own: the process-wide RNG that other sessions use is untouched.
    return torch.Generator().manual_seed(0)


# --- the answers, each computed by the engine -------------------------------------------------
def _params(s):
    m = make_rnn(s["cell"], s["I"], s["H"], s["O"], gen=_gen())
    return Answer(count(m), {name: sum(t.numel() for t in ts) for name, ts in m.named_post_parameters().items()})


def _shape_wxu(s):
    W = ElmanRNN(s["I"], s["H"], s["O"], gen=_gen()).W_xu
    return Answer("×".join(str(n) for n in W.shape))


def _first_loss(s):
    tr = Trainer(RunConfig(task="sine", hidden_size=s["H"], seq_len=s["T"], seed=s["seed"]))
    loss = tr.inspect().loss
    var = float(tr.task.train_y.var())
    return Answer(min(s["choices"], key=lambda c: abs(math.log(c / loss))), {"loss": loss, "var": var})


def _lru_inside(s):
    tr = Trainer(RunConfig(task="sine", cell="lru", hidden_size=s["H"], lr=s["lr"], seed=s["seed"]))
    for _ in range(s["steps"]):
        tr.step(diagnostics=False)
    lam = tr.model.eigenvalues().detach().abs()
    return Answer(int((lam >= 1).sum()), {"max": float(lam.max()), "n": lam.numel()})


def _fixed_points(s):
    fps = system.fixed_points_1d(s["w"], s["b"], s["sigma"])
    return Answer(len(fps), {"points": ", ".join(f"{p.x:.3f}" for p in fps)})


def _memory_steps(s):
    x = system.iterate_1d(s["lam"], 0.0, 1.0, s["max_steps"], "identity")  # x_0 = 1, no more input
    t = int(np.nonzero(np.abs(x) < math.exp(-1))[0][0])
    return Answer(t, {"span": system.memory_span(abs(s["lam"]))})


def _two_steps(s):
    m = ElmanRNN(1, 1, 1, "tanh", gen=_gen())
    with torch.no_grad():
        m.W_xx.fill_(s["W_xx"])
        m.W_xu.fill_(s["W_xu"])
        m.b_x.fill_(s["b_x"])
        x = torch.zeros(1, 1)
        xs = []
        for u in s["u"]:
            x = m.cell(x, torch.tensor([[float(u)]]))
            xs.append(float(x))
    return Answer(xs[-1], {"x1": xs[0]})


def _unit_range(s):
    gen = torch.Generator().manual_seed(0)
    u = 10 * torch.randn(64, 30, 3, generator=gen)  # large inputs of both signs
    inside = []
    for act in s["choices"]:
        with torch.no_grad():
            x, _ = make_cell(3, 8, 1, act, seed=0)(u)
        if float(x.min()) >= 0 and float(x.max()) <= 1:
            inside.append(act)
    return Answer(inside[0] if len(inside) == 1 else None, {"inside": inside})


def _shared(s):
    m = ElmanRNN(s["I"], s["H"], s["O"], gen=_gen())
    _, y = m(torch.randn(1, s["T"], s["I"], generator=_gen()))
    grads = torch.autograd.grad(y.sum(), list(m.parameters()), allow_unused=True)
    used = sum(p.numel() for p, g in zip(m.parameters(), grads) if g is not None)  # tensors the unrolled graph uses
    return Answer(used, {"T": s["T"]})


def _unshared(s):
    cells = [ElmanRNN(s["I"], s["H"], s["O"], gen=_gen()) for _ in range(s["T"])]  # one cell of its own per step
    return Answer(sum(count(c) for c in cells), {"one": count(cells[0])})


def _lab(s):
    lab = lab_core.make_lab(1.0, s["sigma"], s["H"], s["T"], s["seed"])
    if "rho" in s:  # rescale so that ρ(W_xx) is exactly the asked value
        lab = lab_core.make_lab(s["rho"] / lab.rho, s["sigma"], s["H"], s["T"], s["seed"])
    elif "scale" in s:
        lab = lab_core.make_lab(s["scale"], s["sigma"], s["H"], s["T"], s["seed"])
    norms = lab_core.gradient_profile(lab).norms
    return lab, float(norms[0] / norms[-1])


def _rho_decay(s):
    lab, ratio = _lab(s)
    return Answer("above" if ratio > s["threshold"] else "below",
                  {"ratio": ratio, "rate": lab.rho ** (s["T"] - 1), "rho": lab.rho})


def _tanh_grows(s):
    lab, ratio = _lab(s)
    return Answer("larger" if ratio > 1 else "smaller", {"ratio": ratio, "rho": lab.rho})


def _recall_winner(s):
    res = compare_cells((s["T"],), cells=s["choices"], steps=s["steps"], hidden_size=s["H"], seed=s["seed"])
    acc = {c: v[0] for c, v in res["accuracy"].items()}
    return Answer(max(acc, key=acc.get), {"accuracy": acc})


CELLS = ("elman", "lstm", "gru", "lru")
EXERCISES = (
    Exercise("params-h32", "home", "number", {"cell": "elman", "I": 1, "H": 32, "O": 1}, _params),
    Exercise("shape-wxu", "home", "choice", {"I": 3, "H": 16, "O": 1}, _shape_wxu,
             choices=("16×3", "3×16", "16×16", "1×16")),
    Exercise("first-loss", "train", "choice", {"H": 16, "T": 40, "seed": 0, "choices": (0.05, 0.5, 5.0)},
             _first_loss, choices=(0.05, 0.5, 5.0)),
    Exercise("lru-inside", "train", "number", {"H": 16, "lr": 0.1, "steps": 50, "seed": 0}, _lru_inside),
    Exercise("lstm-params", "train", "number", {"cell": "lstm", "I": 1, "H": 16, "O": 1}, _params),
    Exercise("fixed-points", "system", "number", {"w": 2.0, "b": 0.0, "sigma": "tanh"}, _fixed_points),
    Exercise("memory-steps", "system", "number", {"lam": 0.95, "max_steps": 1000}, _memory_steps,
             tolerance=0.1),
    Exercise("two-steps", "cell", "number", {"W_xx": 0.9, "W_xu": 0.5, "b_x": 0.1, "u": (2.0, 0.0)},
             _two_steps, tolerance=0.01),
    Exercise("unit-range", "cell", "choice", {"choices": ("tanh", "sigmoid", "relu", "identity")}, _unit_range,
             choices=("tanh", "sigmoid", "relu", "identity")),
    Exercise("shared-count", "sharing", "number", {"I": 1, "H": 16, "O": 1, "T": 100}, _shared),
    Exercise("unshared-count", "sharing", "number", {"I": 1, "H": 16, "O": 1, "T": 10}, _unshared),
    Exercise("rho-decay", "bptt", "choice", {"sigma": "identity", "H": 16, "T": 50, "rho": 0.9, "seed": 0,
                                             "threshold": 1e-2}, _rho_decay, choices=("above", "below")),
    Exercise("tanh-explode", "bptt", "choice", {"sigma": "tanh", "H": 16, "T": 60, "scale": 2.0, "seed": 0},
             _tanh_grows, choices=("larger", "smaller")),
    Exercise("recall-200", "bptt", "choice", {"T": 200, "steps": 150, "H": 32, "seed": 0, "choices": CELLS},
             _recall_winner, choices=CELLS),
)
BY_ID = {e.id: e for e in EXERCISES}
SCREENS = ("home", "train", "system", "cell", "sharing", "bptt")


def on_screen(screen: str) -> list[Exercise]:
    return [e for e in EXERCISES if e.screen == screen]
