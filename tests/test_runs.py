"""Saved runs: save -> load gives the same predictions; a hostile or broken file is refused with a
sentence before it is materialised, and runs nothing."""
import io
import os
import re
import struct
import zipfile
import zlib

import numpy as np
import pytest
import torch

from core import RunConfig, Trainer, runs
from core.history import MAX_CHECKPOINTS, MAX_POINTS, SCALARS, History
from core.runs import load_run, run_bytes, save_run
from core.said import InputError


class Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def peak_rss_rise(fn) -> int:
    """Bytes the process's peak resident memory rose by while fn ran (Linux: VmHWM, reset first)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets the peak to the current resident size

    def hwm():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM"))
    before = hwm()
    fn()
    return hwm() - before


@pytest.fixture(scope="module")
def saved():
    """A real saved run (with its history) and its state as plain values to tamper with."""
    tr = Trainer(RunConfig(hidden_size=6, seq_len=10, seed=3))
    hist = History()
    for rec in tr.train(4):
        hist.add(rec)
    blob = run_bytes(tr, hist.to_plain())
    return blob, tr


def state_of(blob):
    return torch.load(io.BytesIO(blob), weights_only=True)


def blob_of(state) -> bytes:
    buf = io.BytesIO()
    torch.save(state, buf)
    return buf.getvalue()


def test_save_then_load_gives_the_same_predictions_and_continues_identically(tmp_path):
    cfg = RunConfig(hidden_size=12, seq_len=20, seed=5, cell="gru")
    tr = Trainer(cfg)
    hist = History()
    for rec in tr.train(10):
        hist.add(rec)
    path = tmp_path / "run.pt"
    save_run(path, tr, hist.to_plain())
    back, history = load_run(str(path))
    plain = hist.to_plain()
    assert back.cfg == cfg and back.step_count == 10
    assert history["rows"] == plain["rows"] and history["val"] == plain["val"]
    u = tr.task.val_u[:4]
    with torch.no_grad():
        assert torch.equal(tr.model(u)[1], back.model(u)[1])
    # The generator and optimizer state travel too: both continue step for step.
    assert [r.loss for r in tr.train(3)] == [r.loss for r in back.train(3)]


def test_the_gradient_history_travels_with_the_run_and_the_states_do_not():
    """Chart 3b (‖∂L/∂x_t‖ per recorded step) is whole after loading; the probe states, the bulk of
    a checkpoint, are recomputed from the loaded weights instead."""
    tr = Trainer(RunConfig(hidden_size=6, seq_len=12, seed=2))
    hist = History()
    for rec in tr.train(25):
        hist.add(rec)
    assert len(hist.checkpoints) >= 3
    _, plain = load_run(run_bytes(tr, hist.to_plain()))
    back = History.from_plain(plain)
    assert [c.step for c in back.checkpoints] == [c.step for c in hist.checkpoints]
    for got, want in zip(back.checkpoints, hist.checkpoints):
        assert got.probe is None and got.loss == pytest.approx(want.loss)
        assert np.array_equal(got.state_grad, np.asarray(want.state_grad, dtype=np.float32))
    # The loaded weights' own record at the last step replaces the saved one: one row per step.
    last = tr.inspect()
    back.add_checkpoint(last)
    assert [c.step for c in back.checkpoints] == [c.step for c in hist.checkpoints]
    assert back.latest().probe is not None


@pytest.mark.parametrize("grads, words", [
    ([1.0], "not columns"),
    ({"step": [1, 2], "loss": [0.5], "state_grad": [torch.ones(3)] * 2}, "different lengths"),
    ({"step": ["a"], "loss": [0.5], "state_grad": [torch.ones(3)]}, "not numbers"),
    ({"step": [1], "loss": [0.5], "state_grad": [torch.ones(3, 3)]}, "one number per time step"),
    ({"step": [1], "loss": [0.5], "state_grad": [torch.ones(5000)]}, "one number per time step"),
    ({"step": [1], "loss": [0.5], "state_grad": [[1.0, 2.0]]}, "one number per time step"),
])
def test_a_malformed_gradient_history_gets_a_sentence(saved, grads, words):
    state = state_of(saved[0])
    state["history"]["grads"] = grads
    with pytest.raises(ValueError, match=f"history is damaged: .*{words}"):
        load_run(blob_of(state))


def test_a_long_gradient_history_is_thinned_to_the_live_bound(saved):
    state = state_of(saved[0])
    n = 3 * MAX_CHECKPOINTS + 1
    state["history"]["grads"] = {"step": list(range(n)), "loss": [0.5] * n,
                                 "state_grad": [torch.full((4,), float(i)) for i in range(n)]}
    _, history = load_run(blob_of(state))
    steps = history["grads"]["step"]
    assert len(steps) <= MAX_CHECKPOINTS and steps[0] == 0 and steps[-1] == n - 1
    assert [float(g[0]) for g in history["grads"]["state_grad"]] == steps


def test_a_pickle_that_would_run_code_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    buf = io.BytesIO()
    torch.save({"format": "rnn-explorer-run", "payload": Evil(marker)}, buf)
    with pytest.raises(ValueError, match="not a saved RNN Explorer run"):
        load_run(buf.getvalue())
    assert not marker.exists()


@pytest.mark.parametrize("blob", [b"", b"hello world", b"\x00\x01\x02" * 100, "날짜,종가\n".encode()])
def test_garbage_is_refused_with_a_sentence(blob):
    with pytest.raises(ValueError):
        load_run(blob)


def test_wrong_shapes_are_refused(saved):
    state = state_of(saved[0])
    state["model"]["W_xx"] = torch.zeros(5, 5)
    with pytest.raises(ValueError, match="W_xx has shape"):
        load_run(blob_of(state))
    state["model"]["W_xx"] = torch.full((6, 6), float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        load_run(blob_of(state))
    state["config"]["hidden_size"] = "lots"
    with pytest.raises(ValueError, match="settings are not valid"):
        load_run(blob_of(state))


@pytest.mark.parametrize("tensor, words", [
    (torch.empty(6, 6, device="meta"), "meta tensor"),
    (torch.eye(6).to_sparse(), "sparse_coo tensor"),
    (torch.zeros(1).expand(6, 6), "repeats its storage"),
])
def test_tensors_that_are_not_ordinary_are_refused(saved, tensor, words):
    state = state_of(saved[0])
    state["model"]["W_xx"] = tensor
    with pytest.raises(ValueError, match=words):
        load_run(blob_of(state))


@pytest.mark.parametrize("history, words", [
    ([1.0, 2.0], "it is a list"),
    ({"rows": {k: ["a", "b"] for k in SCALARS}}, "other than numbers"),
    ({"rows": {k: [[1.0], [2.0]] for k in SCALARS}}, "other than numbers"),
    ({"rows": [[1.0, 2.0]]}, "not columns of numbers"),
    ({"rows": {k: [1.0] * (2 if k == "loss" else 3) for k in SCALARS}}, "different lengths"),
])
def test_a_malformed_history_gets_a_sentence(saved, history, words):
    state = state_of(saved[0])
    state["history"] = history
    with pytest.raises(ValueError, match=f"history is damaged: .*{words}"):
        load_run(blob_of(state))


@pytest.mark.parametrize("change, korean", [
    (lambda state: state.update(history=[1.0, 2.0]), "학습 기록이 손상되었습니다: 스텝 표가 아니라 list입니다."),
    (lambda state: state["history"].update(grads=[1.0]), "‖∂L/∂x_t‖ 기록이 열 형태가 아닙니다."),
    (lambda state: state["model"].update(W_xx=torch.zeros(2, 2)), "가중치 W_xx의 모양이 (2, 2)입니다"),
    (lambda state: state.update(version=7), "형식 버전은 7입니다. 이 앱은 버전 1만 읽습니다."),
    (lambda state: state.update(generator=None), "난수 상태가 없거나 손상되어"),
])
def test_a_bad_run_is_said_in_korean_on_the_korean_screen(saved, change, korean):
    """What the loader refuses is a Said: the Korean screen words all of it, its clauses too."""
    from ui.words import KO, worded

    state = state_of(saved[0])
    change(state)
    with pytest.raises(InputError) as e:
        load_run(blob_of(state))
    said = worded(e.value, KO)
    assert korean in said and not re.search("[A-Za-z]{4,}", said.replace("W_xx", "").replace("list", "")), said


def test_a_long_history_is_thinned_to_the_live_bound(saved):
    state = state_of(saved[0])
    n = 5 * MAX_POINTS + 3
    state["history"] = {"rows": {k: [float(i) for i in range(n)] for k in SCALARS}, "val": {}}
    _, history = load_run(blob_of(state))
    steps = history["rows"]["step"]
    assert len(steps) <= MAX_POINTS and steps[0] == 0 and steps[-1] == n - 1
    assert steps[1] - steps[0] == -(-n // MAX_POINTS)  # every 6th row, evenly


def test_two_million_rows_sharing_one_object_are_refused_before_they_are_built(saved):
    state = state_of(saved[0])
    shared = [0.5]
    column = [shared] * 2_000_000  # one object, two million references: a few MB on disk
    state["history"] = {"rows": {k: column for k in SCALARS}}
    blob = blob_of(state)
    assert len(blob) < 8 * 2**20
    del column, state
    rise = peak_rss_rise(lambda: pytest.raises(ValueError, load_run, blob).match("more than 1,000,000 values"))
    assert rise < 16 * 2**20  # not even the two million references were built


def _zip(entries) -> bytes:
    """A zip archive from (name, method, raw bytes as stored, crc, uncompressed size)."""
    out, central = io.BytesIO(), []
    for name, method, raw, crc, size in entries:
        offset, name_b = out.tell(), name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 33, crc, len(raw), size, len(name_b), 0))
        out.write(name_b + raw)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 33, crc, len(raw), size,
                                   len(name_b), 0, 0, 0, 0, 0, offset) + name_b)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), out.tell() - start, start, 0))
    return out.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it(saved):
    """A 1 GiB zero tensor deflated into about 1 MB, in place of a weight's record."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(16 * 2**20)) + c.flush(zlib.Z_FULL_FLUSH)  # the dictionary restarts after each block
    bomb, crc = block * 64 + c.flush(), 0
    for _ in range(64):
        crc = zlib.crc32(bytes(16 * 2**20), crc)
    entries = []
    with zipfile.ZipFile(io.BytesIO(saved[0])) as z:
        for info in z.infolist():
            data = z.read(info)
            if info.filename.endswith("/data/0"):
                entries.append((info.filename, zipfile.ZIP_DEFLATED, bomb, crc, 2**30))
            else:
                entries.append((info.filename, 0, data, zlib.crc32(data), len(data)))
    blob = _zip(entries)
    assert len(blob) < 2 * 2**20 and zipfile.ZipFile(io.BytesIO(blob)).getinfo(entries[-1][0])
    rise = peak_rss_rise(lambda: pytest.raises(ValueError, load_run, blob).match("compressed"))
    assert rise < 16 * 2**20


def test_declared_tensor_bytes_above_the_bound_are_refused(saved, monkeypatch):
    monkeypatch.setattr(runs, "MAX_TENSOR_BYTES", 100)
    with pytest.raises(ValueError, match="tensors declare"):
        load_run(saved[0])


def test_an_optimizer_or_generator_state_that_does_not_fit_is_refused_not_dropped(saved):
    state = state_of(saved[0])
    state["optimizer"]["state"][0]["exp_avg"] = torch.zeros(3)
    with pytest.raises(ValueError, match="optimizer state does not fit"):
        load_run(blob_of(state))
    state = state_of(saved[0])
    state["generator"] = torch.zeros(10, dtype=torch.uint8)
    with pytest.raises(ValueError, match="random-number state"):
        load_run(blob_of(state))
    # The optimizer's hyper-parameters come from the settings, not from the file.
    state = state_of(saved[0])
    state["optimizer"]["param_groups"][0]["lr"] = 1e30
    trainer, _ = load_run(blob_of(state))
    assert trainer.opt.param_groups[0]["lr"] == trainer.cfg.lr


def test_a_run_at_the_largest_allowed_size_loads_within_the_memory_bound():
    """History at its live bound and the widest network: loading costs at most a few times the file."""
    tr = Trainer(RunConfig(task="sine", hidden_size=512, seq_len=10, cell="lstm", batch_size=1))
    tr.train(1)
    hist = {"rows": {k: [float(i) for i in range(MAX_POINTS)] for k in SCALARS},
            "val": {k: [float(i) for i in range(MAX_POINTS)] for k in ("step", "loss", "metric")}}
    blob = run_bytes(tr, hist)
    loaded = {}
    rise = peak_rss_rise(lambda: loaded.update(run=load_run(blob)))
    assert loaded["run"][0].step_count == 1 and len(loaded["run"][1]["rows"]["step"]) == MAX_POINTS
    assert rise < 4 * len(blob) + 64 * 2**20, (rise, len(blob))
