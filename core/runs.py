"""Saved runs: configuration, weights, optimizer state and the recorded history in one file.

The file is written with torch.save but holds only tensors and plain values, and it is read
with `torch.load(..., weights_only=True)`: loading never executes code from the file. Every
field and every tensor shape is checked before anything is used; a bad or hostile file is
refused with a sentence (ValueError).
"""
import io
import pickle

import torch

from .config import RunConfig
from .tasks import make_task, task_names
from .train import Trainer

FORMAT = "rnn-explorer-run"
VERSION = 1
MAX_BYTES = 200 * 1024 * 1024


def run_state(trainer, history=None) -> dict:
    return {
        "format": FORMAT, "version": VERSION,
        "config": trainer.cfg.to_dict(),
        "step": trainer.step_count,
        "model": {k: v.detach().clone() for k, v in trainer.model.state_dict().items()},
        "optimizer": trainer.opt.state_dict(),
        "generator": trainer.gen.get_state(),
        "source": trainer.task.source_state(),
        "history": history if history is not None else {},
    }


def save_run(target, trainer, history=None):
    """Write a run to a path or a binary file object. `history`: plain lists/dicts/floats
    (History.to_plain())."""
    torch.save(run_state(trainer, history), target)


def run_bytes(trainer, history=None) -> bytes:
    buf = io.BytesIO()
    save_run(buf, trainer, history)
    return buf.getvalue()


def load_run(source):
    """Read a run from a path, bytes or a binary file object. Returns (trainer, history)."""
    state = _read(source)
    cfg, notices = RunConfig.from_dict(state["config"], task_names())
    if notices:
        raise ValueError("This run's settings are not valid: " + " ".join(notices))
    try:
        task = make_task(cfg.task, cfg.seq_len, cfg.seed, state.get("source"))
    except (TypeError, KeyError) as e:
        raise ValueError(f"This run's data for the task '{cfg.task}' is not valid ({e}).") from None
    trainer = Trainer(cfg, task)
    _load_weights(trainer.model, state["model"])
    try:
        trainer.opt.load_state_dict(state["optimizer"])
    except (ValueError, KeyError, TypeError, RuntimeError):
        trainer.opt.state.clear()  # an optimizer state that does not fit is not worth refusing a model for
    if isinstance(state.get("generator"), torch.Tensor) and state["generator"].dtype == torch.uint8:
        try:
            trainer.gen.set_state(state["generator"])
        except RuntimeError:
            pass
    trainer.step_count = int(state["step"])
    torch._foreach_copy_(trainer._snapshot, [p.detach() for p in trainer.params])
    return trainer, state.get("history") or {}


def _read(source) -> dict:
    if isinstance(source, (bytes, bytearray)):
        if len(source) > MAX_BYTES:
            raise ValueError(f"This file is larger than {MAX_BYTES // 2**20} MB; a saved run is much smaller.")
        source = io.BytesIO(source)
    try:
        state = torch.load(source, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise ValueError(f"There is no file at {source}.") from None
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, AttributeError, TypeError,
            KeyError, IndexError, OSError) as e:
        first = str(e).strip().splitlines()[0][:160] if str(e).strip() else type(e).__name__
        raise ValueError("This file is not a saved RNN Explorer run (or it holds more than weights and "
                         f"plain values, which is refused for safety): {first}") from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError("This file is not a saved RNN Explorer run (no run header found).")
    if state.get("version") != VERSION:
        raise ValueError(f"This run was saved in format version {state.get('version')}; "
                         f"this app reads version {VERSION}.")
    for key, kind in (("config", dict), ("model", dict), ("step", int)):
        if not isinstance(state.get(key), kind):
            raise ValueError(f"This run file has no valid '{key}' field.")
    return state


def _load_weights(model, weights: dict):
    expected = model.state_dict()
    missing = sorted(set(expected) - set(weights))
    extra = sorted(set(weights) - set(expected))
    if missing or extra:
        raise ValueError(f"The weights in this run do not fit the network (missing: {missing[:5]}, "
                         f"unexpected: {extra[:5]}).")
    for name, tensor in weights.items():
        if not isinstance(tensor, torch.Tensor) or tensor.shape != expected[name].shape:
            got = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor).__name__
            raise ValueError(f"The weight {name} has shape {got}; the network needs "
                             f"{tuple(expected[name].shape)}.")
        if not torch.isfinite(tensor).all():
            raise ValueError(f"The weight {name} holds NaN or infinite values.")
    model.load_state_dict(weights, strict=True)
