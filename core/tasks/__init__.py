"""Problem types. Each task lives in its own module and is imported only when asked for, so
starting the app or the CLI does not load every data set."""
import importlib

from .base import Evaluation, Probe, Task

# name -> "module:Class". The order is the order the Train screen lists them in.
_REGISTRY = {
    "sine": "core.tasks.sine:SineTask",
    "price": "core.tasks.price:PriceTask",
    "sentiment": "core.tasks.sentiment:SentimentTask",
    "caption": "core.tasks.caption:CaptionTask",
    "generate": "core.tasks.generate:GenerateTask",
    "translate": "core.tasks.translate:TranslateTask",
    "weather": "core.tasks.weather:WeatherTask",
    "recall": "core.tasks.recall:RecallTask",
}


def task_names() -> tuple:
    return tuple(_REGISTRY)


def get_task(name: str) -> type:
    if name not in _REGISTRY:
        raise ValueError(f"Unknown task '{name}'. Choose one of: {', '.join(_REGISTRY)}.")
    module, cls = _REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), cls)


def make_task(name: str, seq_len: int | None = None, seed: int = 0, source: object = None) -> Task:
    cls = get_task(name)
    return cls(cls.seq_len_bounds[2] if seq_len is None else seq_len, seed, source)


__all__ = ["Task", "Probe", "Evaluation", "task_names", "get_task", "make_task"]
