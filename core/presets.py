"""The post's examples, one click away and identical every time: a preset is a seeded
configuration plus a number of steps. A pretrained checkpoint for each ships in
assets/checkpoints/ (made by `python -m core train`, commands in assets/checkpoints/README.md)."""
import os
from dataclasses import dataclass

from .config import RunConfig
from .datasets import bundled_path
from .tasks import get_task

CHECKPOINTS = bundled_path("checkpoints")


@dataclass(frozen=True)
class Preset:
    name: str
    task: str
    overrides: tuple = ()  # (field, value) pairs on top of the task's own defaults
    steps: int | None = None  # None: the task's preset_steps

    def config(self) -> RunConfig:
        try:
            return RunConfig.for_task(self.task, **dict(self.overrides))
        except ValueError as e:
            raise ValueError(f"Preset {self.name}: {e}") from None

    def n_steps(self) -> int:
        return self.steps or getattr(get_task(self.task), "preset_steps", 300)

    def checkpoint(self) -> str:
        return os.path.join(CHECKPOINTS, f"{self.name}.pt")

    def checkpoint_steps(self) -> int:
        """Steps of the shipped checkpoint: the live example's, unless the task trains its checkpoint
        longer offline (`checkpoint_steps` on the task class), with the same configuration."""
        return getattr(get_task(self.task), "checkpoint_steps", None) or self.n_steps()


PRESETS = (
    Preset("weather", "weather"),
    Preset("price", "price", (("seq_len", 30),)),
    Preset("sentiment", "sentiment"),
    Preset("translate", "translate"),
    Preset("caption", "caption"),
    Preset("generate", "generate"),
    Preset("vanishing", "recall", (("seq_len", 60), ("cell", "elman"), ("activation", "tanh")), 600),
    Preset("exploding", "sine", (("seq_len", 100), ("hidden_size", 32), ("activation", "identity"),
                                 ("optimizer", "sgd"), ("lr", 1.0), ("clip", 0.0)), 60),
)


def get_preset(name: str) -> Preset:
    for p in PRESETS:
        if p.name == name:
            return p
    raise ValueError(f"Unknown preset '{name}'. Choose one of: {', '.join(p.name for p in PRESETS)}.")
