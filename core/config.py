"""Run configuration: one typed dataclass that round-trips through a flat dict of plain values
(for the URL, for saved runs, for the CLI and for tests).

`RunConfig.from_dict` never raises on bad input from a URL or a file: unknown keys are
ignored, malformed values keep the default and out-of-range values are clamped; each such
repair is returned as a `core.settings.Problem`, so the UI can say what it did in its language.
"""
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields

from .activations import ACTIVATIONS
from .model import CELLS
from .settings import Problem, Setting, read

OPTIMIZERS = ("adam", "sgd")


def _num(lo, hi, help_):
    return {"min": lo, "max": hi, "help": help_}


def _choice(options, help_):
    return {"choices": tuple(options), "help": help_}


@dataclass(frozen=True)
class RunConfig:
    task: str = field(default="sine", metadata={"help": "problem type (see `python -m core tasks`)"})
    cell: str = field(default="elman", metadata=_choice(
        CELLS, "recurrent cell: the post's Elman RNN, LSTM, GRU or the linear recurrent unit (LRU)"))
    hidden_size: int = field(default=16, metadata=_num(1, 512, "H, the size of the hidden state x_t"))
    activation: str = field(default="tanh", metadata=_choice(ACTIVATIONS, "σ of the Elman cell"))
    seq_len: int = field(default=30, metadata=_num(1, 1000, "T, the sequence length / window (bounded per task)"))
    lr: float = field(default=0.01, metadata=_num(1e-5, 1.0, "learning rate"))
    optimizer: str = field(default="adam", metadata=_choice(OPTIMIZERS, "optimizer"))
    batch_size: int = field(default=32, metadata=_num(1, 512, "sequences per BPTT step"))
    truncate: int = field(default=0, metadata=_num(0, 1000, "truncated-BPTT window k in steps (0: full BPTT)"))
    clip: float = field(default=0.0, metadata=_num(0.0, 1e6, "clip the gradient to this total norm (0: off)"))
    seed: int = field(default=0, metadata=_num(0, 2**31 - 1, "random seed: same seed, same run"))

    # Fields whose change needs a new network (the others apply to a running model at once).
    SHAPE_FIELDS = ("task", "cell", "hidden_size", "activation", "seq_len", "seed")

    @classmethod
    def for_task(cls, name: str, **overrides) -> "RunConfig":
        """The one source of a task's defaults: the task's own settings (its `defaults` and its
        preferred window T) on top of the general ones, then `overrides`. ValueError if a value is bad."""
        from .tasks import get_task  # tasks import the model, which this module's callers need first

        task = get_task(name)
        cfg, notices = cls.from_dict({**cls().to_dict(), "task": name, "seq_len": task.seq_len_bounds[2],
                                      **task.defaults, **overrides})
        if notices:
            raise ValueError(" ".join(map(str, notices)))
        return cfg

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def schema(cls, task_names: Sequence[str] | None = None) -> list[Setting]:
        """The settings as core/settings.py checks them, from the fields' metadata (ranges,
        choices); the task is one of `task_names` when given. A screen adds the bounds that
        depend on the task (ui/controls.py)."""
        out = []
        for f in fields(cls):
            meta, kind = f.metadata, _type(f)
            if kind is str:
                options = meta.get("choices") or (tuple(task_names) if f.name == "task" and task_names else ())
                out.append(Setting(f.name, "choice" if options else "text", f.default, options=options))
            else:
                out.append(Setting(f.name, "number", f.default, meta["min"], meta["max"], integer=kind is int))
        return out

    @classmethod
    def from_dict(cls, d: dict, task_names: Sequence[str] | None = None) -> tuple["RunConfig", list[Problem]]:
        """Build a config from a flat dict of strings or numbers. Returns (config, problems):
        each problem says what was repaired (str() words it in English)."""
        values, problems = read(cls.schema(task_names), d)
        return cls(**values), problems

    def replace(self, **changes) -> "RunConfig":
        cfg, notices = RunConfig.from_dict({**self.to_dict(), **changes})
        if notices:
            raise ValueError(" ".join(map(str, notices)))
        return cfg

    def needs_new_model(self, other: "RunConfig") -> bool:
        return any(getattr(self, k) != getattr(other, k) for k in self.SHAPE_FIELDS)


def _type(f) -> type:
    return f.type if isinstance(f.type, type) else {"int": int, "float": float, "str": str}[f.type]


def cli_command(cfg: RunConfig, steps: int, out: str = "run.pt") -> str:
    """The headless command that reproduces a run with these settings. It names every setting
    that differs from what the CLI starts from: the task's own defaults."""
    default = RunConfig.for_task(cfg.task)
    parts = ["python -m core train", f"--task {cfg.task}", f"--steps {steps}", f"--seed {cfg.seed}"]
    for f in fields(cfg):
        if f.name in ("task", "seed"):
            continue
        value = getattr(cfg, f.name)
        if value != getattr(default, f.name):
            parts.append(f"--{f.name.replace('_', '-')} {value:g}" if isinstance(value, float)
                         else f"--{f.name.replace('_', '-')} {value}")
    parts.append(f"--out {out}")
    return " ".join(parts)


__all__ = ["RunConfig", "OPTIMIZERS", "cli_command"]
