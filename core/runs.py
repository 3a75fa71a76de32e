"""Saved runs: configuration, weights, optimizer state and the recorded history in one file.

The file is written with torch.save but holds only tensors and plain values, and it is read
with `torch.load(..., weights_only=True)`: loading never executes code from the file. A saved
run is held to the bounds of a live one, and the sizes it declares are checked before anything
is materialised:
- the zip archive: every record stored uncompressed (no zip bomb), the tensors' records
  together at most MAX_TENSOR_BYTES, the structure (data.pkl) at most MAX_PICKLE_BYTES and
  MAX_PICKLE_OBJECTS objects (each pickle opcode makes at most one), counted by reading the
  opcodes without running them;
- after loading: every tensor dense, contiguous and on the CPU (no meta, sparse or stride-0
  tensors standing for more than they hold), every field of the right kind and shape, the
  history at most history.MAX_POINTS rows and MAX_CHECKPOINTS ‖∂L/∂x_t‖ records (longer ones are
  thinned, as the live history thins them).
Every failure is a ValueError with a sentence; the caller's current run is untouched.
"""
import io
import os
import pickletools
import zipfile
from dataclasses import fields
from typing import BinaryIO

import torch

from .config import RunConfig
from .history import MAX_CHECKPOINTS, MAX_POINTS, SCALARS
from .tasks import make_task, task_names
from .train import Trainer

FORMAT = "rnn-explorer-run"
VERSION = 1
MAX_BYTES = 100 * 2**20  # the whole file
MAX_TENSOR_BYTES = 64 * 2**20  # weights and optimizer moments (a 512-wide Seq2Seq LSTM with Adam: ~27 MB)
MAX_PICKLE_BYTES = 24 * 2**20  # settings, history and the user's data (5,000 sentences of 2,000 characters)
MAX_PICKLE_OBJECTS = 1_000_000  # ~40 bytes each at most: the structure costs at most ~40 MB to build
MAX_STEP = 10**9
VALUE_KINDS = (dict, list, tuple, str, int, float, bool, type(None), torch.Tensor, torch.dtype, torch.Size)


def run_state(trainer: Trainer, history: dict | None = None) -> dict:
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


def save_run(target: str | os.PathLike | BinaryIO, trainer: Trainer, history: dict | None = None) -> None:
    """Write a run to a path or a binary file object. `history`: History.to_plain()."""
    torch.save(run_state(trainer, history), target)


def run_bytes(trainer: Trainer, history: dict | None = None) -> bytes:
    buf = io.BytesIO()
    save_run(buf, trainer, history)
    return buf.getvalue()


def load_run(source: str | os.PathLike | bytes | BinaryIO) -> tuple[Trainer, dict]:
    """Read a run from a path, bytes or a binary file object. Returns (trainer, history) with
    history {"rows": ..., "val": ...} (History.from_plain takes it) or {}; the trainer continues
    exactly where the saved run stopped (same weights, optimizer moments and batches)."""
    try:
        return _load(_read(_bytes_of(source)))
    except ValueError:
        raise
    except Exception as e:  # a hostile file can break the loader anywhere: still a sentence
        raise ValueError(f"This file is not a usable saved run ({type(e).__name__} while reading it).") from None


def _load(state: dict):
    cfg, notices = RunConfig.from_dict(state["config"], task_names())
    if notices:
        raise ValueError("This run's settings are not valid: " + " ".join(map(str, notices)))
    if not 0 <= state["step"] <= MAX_STEP:
        raise ValueError(f"This run's step count {state['step']} is not possible.")
    history = _history(state.get("history"))
    try:
        task = make_task(cfg.task, cfg.seq_len, cfg.seed, state.get("source"))
    except ValueError as e:
        raise ValueError(f"This run's data for the task '{cfg.task}' is not valid: {e}") from None
    except (TypeError, KeyError, AttributeError, IndexError) as e:
        raise ValueError(f"This run's data for the task '{cfg.task}' is not valid ({type(e).__name__}).") from None
    trainer = Trainer(cfg, task)
    _load_weights(trainer.model, state["model"])
    _load_optimizer(trainer, state.get("optimizer"))
    _load_generator(trainer.gen, state.get("generator"))
    trainer.step_count = int(state["step"])
    trainer.keep_finite()
    return trainer, history


# --- the file, before anything is materialised ------------------------------------------------
def _bytes_of(source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        blob = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        if not os.path.isfile(source):
            raise ValueError(f"There is no file at {source}.")
        if os.path.getsize(source) > MAX_BYTES:
            raise ValueError(_too_large())
        with open(source, "rb") as f:
            blob = f.read()
    else:
        blob = source.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        raise ValueError(_too_large())
    return blob


def _too_large():
    return f"This file is larger than {MAX_BYTES // 2**20} MB; a saved run is much smaller."


def _read(blob: bytes) -> dict:
    _check_archive(blob)
    try:
        state = torch.load(io.BytesIO(blob), map_location="cpu", weights_only=True)
    except Exception:  # torch's own message names its internals (weights_only, pickle): say it plainly
        raise ValueError("This file is not a saved RNN Explorer run: it holds Python objects (a whole model, a "
                         "class or code) besides numbers and weights, and such a file is not opened, because "
                         "opening it could run code.") from None
    _check_values(state)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError("This file is not a saved RNN Explorer run (no run header found).")
    if state.get("version") != VERSION:
        raise ValueError(f"This run was saved in format version {str(state.get('version'))[:20]}; "
                         f"this app reads version {VERSION}.")
    for key, kind in (("config", dict), ("model", dict), ("step", int)):
        if not isinstance(state.get(key), kind) or isinstance(state.get(key), bool):
            raise ValueError(f"This run file has no valid '{key}' field.")
    return state


def _check_archive(blob: bytes):
    """The sizes the zip declares, before torch reads a byte of it."""
    not_a_run = "This file is not a saved RNN Explorer run (it is not the zip archive torch.save writes)."
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            infos = z.infolist()
            pickles = [i for i in infos if i.filename.endswith("/data.pkl")]
            if len(pickles) != 1 or len(infos) > 10_000:
                raise ValueError(not_a_run)
            if any(i.compress_type != zipfile.ZIP_STORED for i in infos):
                raise ValueError("This file's records are compressed; a saved run stores them as they are "
                                 "(a compressed record can unpack to far more than the file's size).")
            tensors = sum(i.file_size for i in infos if "/data/" in i.filename)
            if tensors > MAX_TENSOR_BYTES:
                raise ValueError(f"This run's tensors declare {tensors / 2**20:.0f} MB; a run of this app "
                                 f"holds at most {MAX_TENSOR_BYTES // 2**20} MB.")
            if pickles[0].file_size > MAX_PICKLE_BYTES:
                raise ValueError(f"This run's settings and records take {pickles[0].file_size / 2**20:.0f} MB; "
                                 f"a run of this app holds at most {MAX_PICKLE_BYTES // 2**20} MB.")
            structure = z.read(pickles[0])
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise ValueError(not_a_run) from None
    count = 0
    try:
        for _ in pickletools.genops(structure):  # reads the opcodes; runs nothing, builds nothing
            count += 1
            if count > MAX_PICKLE_OBJECTS:
                raise ValueError(f"This run's records hold more than {MAX_PICKLE_OBJECTS:,} values; a run of "
                                 f"this app keeps at most {MAX_POINTS:,} rows of history.")
    except ValueError:
        raise
    except Exception:
        raise ValueError(not_a_run) from None


def _check_values(state):
    """Only plain values and dense CPU tensors, walked without recursion."""
    todo, seen = [state], 0
    while todo:
        value = todo.pop()
        seen += 1
        if seen > MAX_PICKLE_OBJECTS:
            raise ValueError(f"This run file holds more than {MAX_PICKLE_OBJECTS:,} values; a run of this app "
                             f"keeps at most {MAX_POINTS:,} rows of history.")
        if not isinstance(value, VALUE_KINDS):
            raise ValueError(f"This run file holds a {type(value).__name__}, which a saved run never holds.")
        if isinstance(value, dict):
            todo += list(value.keys()) + list(value.values())
        elif isinstance(value, (list, tuple)) and not isinstance(value, torch.Size):
            todo += value
        elif isinstance(value, torch.Tensor):
            _check_tensor(value)


def _check_tensor(t: torch.Tensor):
    if t.layout != torch.strided or t.is_quantized or t.device.type != "cpu" or t.is_nested:
        kind = "meta" if t.device.type == "meta" else str(t.layout).replace("torch.", "")
        raise ValueError(f"This run file holds a {kind} tensor; a saved run holds ordinary tensors only.")
    if not t.is_contiguous():
        raise ValueError("This run file holds a tensor that repeats its storage (a view larger than its data); "
                         "a saved run holds ordinary tensors only.")


# --- fields ------------------------------------------------------------------------------------
def _history(plain) -> dict:
    """{"rows": {SCALARS...}, "val": {step, loss, metric}} checked and at most MAX_POINTS rows, or {}."""
    if plain is None or plain == {}:
        return {}
    bad = "This run's history is damaged"
    if not isinstance(plain, dict):
        raise ValueError(f"{bad}: it is a {type(plain).__name__}, not a table of steps.")
    out = {}
    for part, keys in (("rows", SCALARS), ("val", ("step", "loss", "metric"))):
        table = plain.get(part, {})
        if not isinstance(table, dict) or any(not isinstance(table.get(k, []), list) for k in keys):
            raise ValueError(f"{bad}: its '{part}' are not columns of numbers.")
        cols = {k: table.get(k, []) for k in keys}
        n = len(cols[keys[0]])
        if any(len(c) != n for c in cols.values()):
            raise ValueError(f"{bad}: its '{part}' columns have different lengths.")
        if n > MAX_POINTS:  # the live history keeps at most MAX_POINTS rows: keep every k-th, and the last
            every = -(-n // MAX_POINTS)
            cols = {k: (c[:-1][::every] + c[-1:])[-MAX_POINTS:] for k, c in cols.items()}
        for k, c in cols.items():
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in c):
                raise ValueError(f"{bad}: its column '{k}' holds something other than numbers.")
        out[part] = {k: [float(v) for v in c] for k, c in cols.items()}
    if "grads" in plain:
        out["grads"] = _grads(plain["grads"], bad)
    return out


def _grads(grads, bad: str) -> dict:
    """‖∂L/∂x_t‖ per checkpoint: {step, loss, state_grad (1-D tensors)}, at most MAX_CHECKPOINTS."""
    if not isinstance(grads, dict) or not all(isinstance(grads.get(k), list) for k in ("step", "loss", "state_grad")):
        raise ValueError(f"{bad}: its ‖∂L/∂x_t‖ records are not columns.")
    steps, losses, norms = grads["step"], grads["loss"], grads["state_grad"]
    if not len(steps) == len(losses) == len(norms):
        raise ValueError(f"{bad}: its ‖∂L/∂x_t‖ columns have different lengths.")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in steps + losses):
        raise ValueError(f"{bad}: its ‖∂L/∂x_t‖ steps or losses are not numbers.")
    longest = next(f for f in fields(RunConfig) if f.name == "seq_len").metadata["max"]
    if any(not isinstance(g, torch.Tensor) or g.dim() != 1 or not 0 < g.numel() <= longest
           or not g.is_floating_point() for g in norms):
        raise ValueError(f"{bad}: its ‖∂L/∂x_t‖ records are not one number per time step.")
    keep = list(range(len(steps)))
    if len(keep) > MAX_CHECKPOINTS:  # as the live history thins them: every k-th, and the last
        every = -(-len(keep) // MAX_CHECKPOINTS)
        keep = (keep[:-1][::every] + keep[-1:])[-MAX_CHECKPOINTS:]
    return {"step": [int(steps[i]) for i in keep], "loss": [float(losses[i]) for i in keep],
            "state_grad": [norms[i].float() for i in keep]}


def _load_weights(model, weights: dict):
    expected = model.state_dict()
    missing = sorted(set(expected) - set(weights))
    extra = sorted(map(str, set(weights) - set(expected)))
    if missing or extra:
        raise ValueError(f"The weights in this run do not fit the network (missing: {missing[:5]}, "
                         f"unexpected: {[e[:40] for e in extra[:5]]}).")
    for name, tensor in weights.items():
        if not isinstance(tensor, torch.Tensor) or tensor.shape != expected[name].shape:
            got = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor).__name__
            raise ValueError(f"The weight {name} has shape {got}; the network needs "
                             f"{tuple(expected[name].shape)}.")
        if tensor.dtype != expected[name].dtype:
            raise ValueError(f"The weight {name} is {tensor.dtype}; the network needs {expected[name].dtype}.")
        if (tensor.is_floating_point() or tensor.is_complex()) and not torch.isfinite(tensor).all():
            raise ValueError(f"The weight {name} holds NaN or infinite values.")
    model.load_state_dict(weights, strict=True)


def _load_optimizer(trainer, saved):
    """The optimizer's moments, checked against the parameters they belong to. Its
    hyper-parameters come from the run's settings, never from the file. A state that does not fit
    is refused: continuing without it would not be the same run."""
    refused = ("This run's optimizer state does not fit its network, so 'continue' would not be the same "
               "run; the file was not loaded")
    live = trainer.opt.state_dict()
    if not isinstance(saved, dict) or not isinstance(saved.get("state"), dict):
        raise ValueError(f"{refused} (no optimizer state in it).")
    params = trainer.params
    for index, entry in saved["state"].items():
        if not isinstance(index, int) or not 0 <= index < len(params) or not isinstance(entry, dict):
            raise ValueError(f"{refused} (a state for parameter {str(index)[:20]}).")
        for key, value in entry.items():
            if isinstance(value, torch.Tensor) and (key != "step" or value.numel() != 1) and (
                    value.shape != params[index].shape or value.dtype != params[index].dtype
                    or not torch.isfinite(value).all()):
                raise ValueError(f"{refused} ('{str(key)[:20]}' of parameter {index} has shape "
                                 f"{tuple(value.shape)}; the parameter is {tuple(params[index].shape)}).")
    try:
        trainer.opt.load_state_dict({"state": saved["state"], "param_groups": live["param_groups"]})
    except (ValueError, KeyError, TypeError, RuntimeError):
        raise ValueError(f"{refused}.") from None


def _load_generator(gen: torch.Generator, saved):
    expected = gen.get_state()
    if not isinstance(saved, torch.Tensor) or saved.dtype != torch.uint8 or saved.shape != expected.shape:
        raise ValueError("This run's random-number state is missing or damaged, so 'continue' would not draw "
                         "the same batches; the file was not loaded.")
    try:
        gen.set_state(saved)
    except RuntimeError:
        raise ValueError("This run's random-number state is damaged, so 'continue' would not draw the same "
                         "batches; the file was not loaded.") from None
