"""Saved runs: save -> load gives the same predictions; a hostile file is refused and runs nothing."""
import io
import os

import pytest
import torch

from core import RunConfig, Trainer
from core.runs import load_run, run_bytes, save_run


class Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_save_then_load_gives_the_same_predictions_and_continues_identically(tmp_path):
    cfg = RunConfig(hidden_size=12, seq_len=20, seed=5, cell="gru")
    tr = Trainer(cfg)
    tr.train(10)
    path = tmp_path / "run.pt"
    save_run(path, tr, {"loss": [1.0, 0.5]})
    back, history = load_run(str(path))
    assert back.cfg == cfg and back.step_count == 10 and history == {"loss": [1.0, 0.5]}
    u = tr.task.val_u[:4]
    with torch.no_grad():
        assert torch.equal(tr.model(u)[1], back.model(u)[1])
    # The generator and optimizer state travel too: both continue step for step.
    assert [r.loss for r in tr.train(3)] == [r.loss for r in back.train(3)]


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


def test_wrong_shapes_are_refused():
    tr = Trainer(RunConfig(hidden_size=6, seq_len=10))
    state = torch.load(io.BytesIO(run_bytes(tr)), weights_only=True)
    state["model"]["W_xx"] = torch.zeros(5, 5)
    buf = io.BytesIO()
    torch.save(state, buf)
    with pytest.raises(ValueError, match="W_xx has shape"):
        load_run(buf.getvalue())
    state["model"]["W_xx"] = torch.full((6, 6), float("nan"))
    buf = io.BytesIO()
    torch.save(state, buf)
    with pytest.raises(ValueError, match="NaN"):
        load_run(buf.getvalue())
    state["config"]["hidden_size"] = "lots"
    buf = io.BytesIO()
    torch.save(state, buf)
    with pytest.raises(ValueError, match="settings are not valid"):
        load_run(buf.getvalue())
