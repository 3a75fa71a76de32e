"""The notebook of a run: executed for a few steps with nbclient, its first losses are the app's."""
import json

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

from core.config import RunConfig
from core.notebook import build, to_bytes, unsupported
from core.train import Trainer

STEPS = 5


def _run(cfg):
    nb = build(cfg, STEPS)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    out = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(o.get("text", "") for o in out if o.get("output_type") == "stream")
    losses = next(json.loads(line)["first_losses"] for line in text.splitlines() if "first_losses" in line)
    return nb, losses


def _app_losses(cfg):
    tr = Trainer(cfg)
    recs = [tr.step(diagnostics=False) for _ in range(STEPS)]
    return [r.loss for r in recs], recs[-1].state_grad


@pytest.mark.parametrize("cfg", [
    RunConfig(task="sine", hidden_size=8, seq_len=20, batch_size=16, seed=3),
    RunConfig(task="sine", hidden_size=6, seq_len=15, activation="relu", optimizer="sgd", lr=0.1,
              truncate=4, clip=0.5, seed=1),
    RunConfig(task="recall", hidden_size=12, seq_len=10, lr=0.003, batch_size=32, clip=1.0, truncate=4, seed=2),
], ids=["sine", "sine-relu-sgd-truncated-clipped", "recall"])
def test_notebook_reproduces_the_apps_first_losses(cfg):
    nb, losses = _run(cfg)
    app, state_grad = _app_losses(cfg)
    assert len(losses) == STEPS
    np.testing.assert_allclose(losses, app, rtol=1e-5, atol=1e-6)
    assert len(set(np.round(app, 6))) > 1  # it trains: the losses move
    # The two charts: the loss curve and ‖∂L/∂x_t‖ for every t.
    figs = [o["data"]["application/vnd.plotly.v1+json"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figs) == 2
    np.testing.assert_allclose(figs[0]["data"][0]["y"], app, rtol=1e-5)
    # ‖∂L/∂x_t‖ of the last step, t = 1..T: the app's hand-written BPTT measured the same
    np.testing.assert_allclose(figs[1]["data"][0]["y"], state_grad, rtol=1e-4, atol=1e-9)


def test_the_notebook_never_imports_the_app_and_names_the_post_parameters():
    nb = nbformat.reads(to_bytes(RunConfig(), 10).decode(), as_version=4)
    nbformat.validate(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "core" not in code.replace("score", "")
    for name in ("W_xx", "W_xu", "b_x", "W_yx", "b_y", "x_t", "u_t"):
        assert name in "\n".join(c.source for c in nb.cells)
    assert "STEPS = 10" in code and "SEED = 0" in code


def test_unsupported_runs_say_why():
    assert unsupported(RunConfig(task="sine")) == ""
    assert "tasks sine, recall" in unsupported(RunConfig(task="weather"))
    assert "Elman" in unsupported(RunConfig(task="sine", cell="lstm"))
    with pytest.raises(ValueError, match="Elman"):
        build(RunConfig(task="sine", cell="gru"), 5)


def test_train_screen_offers_the_notebook_only_where_it_is_exact(app):
    at = app("screens/train.py")
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download as notebook"]
    assert len(buttons) == 1
    at.radio(key="cell").set_value("lstm").run()
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.proto.label == "Download as notebook"]
    assert any("Download as notebook: available for the Elman cell on the tasks sine, recall" in c.value
               for c in at.caption)
