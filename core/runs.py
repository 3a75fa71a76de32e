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
Every failure is an InputError (a ValueError) whose Said words it (ids "run.*" in core/said.py);
the caller's current run is untouched.
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
from .said import InputError, Said
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
        raise InputError("run.unusable", kind=type(e).__name__) from None


def _load(state: dict):
    cfg, notices = RunConfig.from_dict(state["config"], task_names())
    if notices:
        raise InputError("run.settings", problems=" ".join(map(str, notices)))
    if not 0 <= state["step"] <= MAX_STEP:
        raise InputError("run.step", step=state["step"])
    history = _history(state.get("history"))
    try:
        task = make_task(cfg.task, cfg.seq_len, cfg.seed, state.get("source"))
    except ValueError as e:
        raise InputError("run.task_data", task=cfg.task, reason=e.said if isinstance(e, InputError) else str(e)) \
            from None
    except (TypeError, KeyError, AttributeError, IndexError) as e:
        raise InputError("run.task_data_kind", task=cfg.task, kind=type(e).__name__) from None
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
            raise InputError("csv.no_file", path=source)
        if os.path.getsize(source) > MAX_BYTES:
            raise InputError("run.too_large", most=MAX_BYTES // 2**20)
        with open(source, "rb") as f:
            blob = f.read()
    else:
        blob = source.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        raise InputError("run.too_large", most=MAX_BYTES // 2**20)
    return blob


def _read(blob: bytes) -> dict:
    _check_archive(blob)
    try:
        state = torch.load(io.BytesIO(blob), map_location="cpu", weights_only=True)
    except Exception:  # torch's own message names its internals (weights_only, pickle): say it plainly
        raise InputError("run.python_objects") from None
    _check_values(state)
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise InputError("run.no_header")
    if state.get("version") != VERSION:
        raise InputError("run.version", version=str(state.get("version"))[:20], reads=VERSION)
    for key, kind in (("config", dict), ("model", dict), ("step", int)):
        if not isinstance(state.get(key), kind) or isinstance(state.get(key), bool):
            raise InputError("run.no_field", key=key)
    return state


def _check_archive(blob: bytes):
    """The sizes the zip declares, before torch reads a byte of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            infos = z.infolist()
            pickles = [i for i in infos if i.filename.endswith("/data.pkl")]
            if len(pickles) != 1 or len(infos) > 10_000:
                raise InputError("run.not_zip")
            if any(i.compress_type != zipfile.ZIP_STORED for i in infos):
                raise InputError("run.compressed")
            tensors = sum(i.file_size for i in infos if "/data/" in i.filename)
            if tensors > MAX_TENSOR_BYTES:
                raise InputError("run.tensors_large", mb=tensors / 2**20, most=MAX_TENSOR_BYTES // 2**20)
            if pickles[0].file_size > MAX_PICKLE_BYTES:
                raise InputError("run.records_large", mb=pickles[0].file_size / 2**20, most=MAX_PICKLE_BYTES // 2**20)
            structure = z.read(pickles[0])
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise InputError("run.not_zip") from None
    count = 0
    try:
        for _ in pickletools.genops(structure):  # reads the opcodes; runs nothing, builds nothing
            count += 1
            if count > MAX_PICKLE_OBJECTS:
                raise _too_many_values()
    except ValueError:
        raise
    except Exception:
        raise InputError("run.not_zip") from None


def _too_many_values() -> InputError:
    return InputError("run.too_many_values", most=MAX_PICKLE_OBJECTS, rows=MAX_POINTS)


def _check_values(state):
    """Only plain values and dense CPU tensors, walked without recursion."""
    todo, seen = [state], 0
    while todo:
        value = todo.pop()
        seen += 1
        if seen > MAX_PICKLE_OBJECTS:
            raise _too_many_values()
        if not isinstance(value, VALUE_KINDS):
            raise InputError("run.value_kind", kind=type(value).__name__)
        if isinstance(value, dict):
            todo += list(value.keys()) + list(value.values())
        elif isinstance(value, (list, tuple)) and not isinstance(value, torch.Size):
            todo += value
        elif isinstance(value, torch.Tensor):
            _check_tensor(value)


def _check_tensor(t: torch.Tensor):
    if t.layout != torch.strided or t.is_quantized or t.device.type != "cpu" or t.is_nested:
        kind = "meta" if t.device.type == "meta" else str(t.layout).replace("torch.", "")
        raise InputError("run.tensor_kind", kind=kind)
    if not t.is_contiguous():
        raise InputError("run.tensor_view")


# --- fields ------------------------------------------------------------------------------------
def _history(plain) -> dict:
    """{"rows": {SCALARS...}, "val": {step, loss, metric}} checked and at most MAX_POINTS rows, or {}."""
    if plain is None or plain == {}:
        return {}
    if not isinstance(plain, dict):
        raise _damaged(Said("run.history.not_table", kind=type(plain).__name__))
    out = {}
    for part, keys in (("rows", SCALARS), ("val", ("step", "loss", "metric"))):
        table = plain.get(part, {})
        if not isinstance(table, dict) or any(not isinstance(table.get(k, []), list) for k in keys):
            raise _damaged(Said("run.history.not_columns", part=part))
        cols = {k: table.get(k, []) for k in keys}
        n = len(cols[keys[0]])
        if any(len(c) != n for c in cols.values()):
            raise _damaged(Said("run.history.lengths", part=part))
        if n > MAX_POINTS:  # the live history keeps at most MAX_POINTS rows: keep every k-th, and the last
            every = -(-n // MAX_POINTS)
            cols = {k: (c[:-1][::every] + c[-1:])[-MAX_POINTS:] for k, c in cols.items()}
        for k, c in cols.items():
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in c):
                raise _damaged(Said("run.history.not_numbers", column=k))
        out[part] = {k: [float(v) for v in c] for k, c in cols.items()}
    if "grads" in plain:
        out["grads"] = _grads(plain["grads"])
    return out


def _damaged(why: Said) -> InputError:
    return InputError("run.history", why=why)


def _grads(grads) -> dict:
    """‖∂L/∂x_t‖ per checkpoint: {step, loss, state_grad (1-D tensors)}, at most MAX_CHECKPOINTS."""
    if not isinstance(grads, dict) or not all(isinstance(grads.get(k), list) for k in ("step", "loss", "state_grad")):
        raise _damaged(Said("run.history.grads_not_columns"))
    steps, losses, norms = grads["step"], grads["loss"], grads["state_grad"]
    if not len(steps) == len(losses) == len(norms):
        raise _damaged(Said("run.history.grads_lengths"))
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in steps + losses):
        raise _damaged(Said("run.history.grads_not_numbers"))
    longest = next(f for f in fields(RunConfig) if f.name == "seq_len").metadata["max"]
    if any(not isinstance(g, torch.Tensor) or g.dim() != 1 or not 0 < g.numel() <= longest
           or not g.is_floating_point() for g in norms):
        raise _damaged(Said("run.history.grads_per_step"))
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
        raise InputError("run.weights_fit", missing=missing[:5], extra=[e[:40] for e in extra[:5]])
    for name, tensor in weights.items():
        if not isinstance(tensor, torch.Tensor) or tensor.shape != expected[name].shape:
            got = tuple(tensor.shape) if isinstance(tensor, torch.Tensor) else type(tensor).__name__
            raise InputError("run.weight_shape", name=name, got=got, need=tuple(expected[name].shape))
        if tensor.dtype != expected[name].dtype:
            raise InputError("run.weight_dtype", name=name, got=tensor.dtype, need=expected[name].dtype)
        if (tensor.is_floating_point() or tensor.is_complex()) and not torch.isfinite(tensor).all():
            raise InputError("run.weight_finite", name=name)
    model.load_state_dict(weights, strict=True)


def _load_optimizer(trainer, saved):
    """The optimizer's moments, checked against the parameters they belong to. Its
    hyper-parameters come from the run's settings, never from the file. A state that does not fit
    is refused: continuing without it would not be the same run."""
    live = trainer.opt.state_dict()
    if not isinstance(saved, dict) or not isinstance(saved.get("state"), dict):
        raise InputError("run.optimizer", why=Said("run.optimizer.none"))
    params = trainer.params
    for index, entry in saved["state"].items():
        if not isinstance(index, int) or not 0 <= index < len(params) or not isinstance(entry, dict):
            raise InputError("run.optimizer", why=Said("run.optimizer.index", index=str(index)[:20]))
        for key, value in entry.items():
            if isinstance(value, torch.Tensor) and (key != "step" or value.numel() != 1) and (
                    value.shape != params[index].shape or value.dtype != params[index].dtype
                    or not torch.isfinite(value).all()):
                raise InputError("run.optimizer", why=Said("run.optimizer.shape", key=str(key)[:20], index=index,
                                                           got=tuple(value.shape), need=tuple(params[index].shape)))
    try:
        trainer.opt.load_state_dict({"state": saved["state"], "param_groups": live["param_groups"]})
    except (ValueError, KeyError, TypeError, RuntimeError):
        raise InputError("run.optimizer.bare") from None


def _load_generator(gen: torch.Generator, saved):
    expected = gen.get_state()
    if not isinstance(saved, torch.Tensor) or saved.dtype != torch.uint8 or saved.shape != expected.shape:
        raise InputError("run.rng_missing")
    try:
        gen.set_state(saved)
    except RuntimeError:
        raise InputError("run.rng_damaged") from None
