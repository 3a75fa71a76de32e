"""Eigenvalues of the recurrence: against torch.linalg.eigvals, autograd's Jacobian and the LRU's
closed form; recorded by the trainer per checkpoint; drawn on the complex plane."""
import json

import numpy as np
import pytest
import torch
from views import chart_message, live_charts

from core.charts.eigen import MAX_TRAIL_POINTS, eigen_figure, label, trail
from core.concepts import eigen
from core.config import RunConfig
from core.history import History
from core.model import make_rnn
from core.train import Trainer
from ui.words import EN, KO


def _sorted(v):
    v = np.asarray(v, dtype=complex)
    return v[np.lexsort((v.imag.round(4), v.real.round(4)))]


def test_elman_eigenvalues_are_those_of_W_xx():
    layer = make_rnn("elman", 3, 12, 2, gen=torch.Generator().manual_seed(1))
    e = eigen.recurrence_eigen(layer)
    ref = torch.linalg.eigvals(layer.W_xx.detach().double()).numpy()
    assert e.source == "W_xx" and e.t is None
    np.testing.assert_allclose(_sorted(e.values), _sorted(ref), atol=1e-5)
    assert e.radius == pytest.approx(np.abs(ref).max(), rel=1e-5)


def test_lru_eigenvalues_are_the_closed_form_and_inside_the_circle():
    layer = make_rnn("lru", 2, 9, 1, gen=torch.Generator().manual_seed(3))
    e = eigen.recurrence_eigen(layer)
    with torch.no_grad():  # λ = exp(−exp(ν) + i·exp(θ)), the last mode of an odd H real
        nu, th = layer.nu_log.double(), layer.theta_log.double()
        ref = np.exp(-np.exp(nu.numpy())) * np.exp(1j * np.exp(th.numpy()) * layer.mask.numpy())
    assert e.source == "Lambda" and e.values.shape == (5,)
    np.testing.assert_allclose(e.values, ref, atol=1e-6)
    assert np.all(np.abs(e.values) < 1) and np.all(np.abs(e.values) >= 0.99 - 1e-6)
    # and they are the eigenvalues of the real H×H matrix that acts on [Re x, Im x] (with conj pairs)
    full = torch.linalg.eigvals(layer.recurrent_matrix().detach().double()).numpy()
    assert np.abs(full).max() == pytest.approx(np.abs(ref).max(), rel=1e-6)


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_gated_jacobian_matches_a_finite_difference_and_autograd(cell):
    layer = make_rnn(cell, 3, 5, 1, gen=torch.Generator().manual_seed(0)).double()
    u = torch.randn(2, 7, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    t = 4
    J = eigen.step_jacobian(layer, u, None, t)
    H = layer.hidden_size
    # Oracle: run the torch module itself for t−1 steps, then perturb the carry and take one step.
    rnn = layer.rnn
    with torch.no_grad():
        if cell == "lstm":
            _, (h, c) = rnn(u[:1, :t - 1])
            z0 = torch.cat([h[0, 0], c[0, 0]])

            def f(z):
                _, (h2, c2) = rnn(u[:1, t - 1:t], (z[:H].view(1, 1, H), z[H:].view(1, 1, H)))
                return torch.cat([h2[0, 0], c2[0, 0]])
        else:
            _, h = rnn(u[:1, :t - 1])
            z0 = h[0, 0]

            def f(z):
                return rnn(u[:1, t - 1:t], z.view(1, 1, H))[1][0, 0]
        eps = 1e-6
        fd = torch.stack([(f(z0 + eps * e) - f(z0 - eps * e)) / (2 * eps) for e in torch.eye(z0.numel(),
                                                                                             dtype=z0.dtype)], 1)
    assert J.shape == (2 * H, 2 * H) if cell == "lstm" else (H, H)
    torch.testing.assert_close(J, fd, atol=1e-7, rtol=1e-6)
    torch.testing.assert_close(J, torch.autograd.functional.jacobian(f, z0))
    e = eigen.recurrence_eigen(layer, u)
    assert e.t == 7 and e.source == ("jacobian_lstm" if cell == "lstm" else "jacobian")
    ref = torch.linalg.eigvals(eigen.step_jacobian(layer, u)).numpy()
    np.testing.assert_allclose(_sorted(e.values), _sorted(ref), atol=1e-5)


def test_lstm_cell_block_is_the_forget_gate():
    """∂c_t/∂c_{t−1} = diag(f_t): the c→c block of the LSTM's Jacobian, by hand."""
    layer = make_rnn("lstm", 2, 4, 1, gen=torch.Generator().manual_seed(5)).double()
    u = torch.randn(1, 3, 2, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    J = eigen.step_jacobian(layer, u)
    h, _ = eigen.gated_carry(layer, u, None, 2)
    w_ih, w_hh, b_ih, b_hh = layer._weights()
    gates = u[:1, 2] @ w_ih.t() + h @ w_hh.t() + b_ih + b_hh
    f = torch.sigmoid(gates[0, 4:8])
    torch.testing.assert_close(J[4:, 4:], torch.diag(f))


@pytest.mark.parametrize("cell", ["elman", "lstm", "gru", "lru"])
def test_trainer_records_eigenvalues_per_checkpoint(cell):
    tr = Trainer(RunConfig(task="sine", cell=cell, hidden_size=6, seq_len=12, batch_size=4))
    hist = History()
    hist.add(tr.inspect())
    for _ in range(3):
        hist.add(tr.step(diagnostics=True))
    hist.add(tr.step(diagnostics=False))
    assert [c.step for c in hist.checkpoints] == [0, 1, 2, 3]
    assert all(c.eigen is not None for c in hist.checkpoints)
    # The last checkpoint is the network after step 3 (step 4 moved the weights without a
    # record): the same seed trained for 3 steps, then the eigenvalues computed here.
    tr2 = Trainer(RunConfig(task="sine", cell=cell, hidden_size=6, seq_len=12, batch_size=4))
    for _ in range(3):
        tr2.step(diagnostics=False)
    u = tr2.task.val_u[:1]
    ref = eigen.recurrence_eigen(tr2.layers[0], u)
    np.testing.assert_allclose(_sorted(hist.checkpoints[-1].eigen.values), _sorted(ref.values), atol=1e-5)


def test_history_keeps_eigenvalues_bounded():
    tr = Trainer(RunConfig(task="sine", hidden_size=4, seq_len=5, batch_size=2))
    hist = History(max_checkpoints=10)
    for _ in range(40):
        hist.add(tr.step(diagnostics=True))
    assert len(hist.checkpoints) <= 11 and hist.checkpoints[-1].step == 40
    assert all(c.eigen.values.shape == (4,) for c in hist.checkpoints)


class _C:
    def __init__(self, step, values):
        self.step, self.eigen = step, eigen.RecurrenceEigen(np.asarray(values, complex), "W_xx")


def test_figure_draws_circle_start_trail_and_now():
    cks = [_C(0, [0.5, 0.2j]), _C(5, [0.7, 0.4j]), _C(9, [1.2, 0.6j])]
    fig = json.loads(eigen_figure(cks, EN).to_json())
    names = [t["name"] for t in fig["data"]]
    assert names == ["trail", "start (step 0)", "step 9", "unit circle |λ| = 1"]
    circle = fig["data"][3]
    assert np.allclose(np.hypot(circle["x"], circle["y"]), 1, atol=1e-4)
    assert fig["data"][1]["x"] == [0.5, 0.0] and fig["data"][1]["y"] == [0.0, 0.2]
    assert fig["data"][2]["marker"]["color"] == ["#d62728", "#111111"]  # 1.2 is outside the circle
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x"
    assert fig["layout"]["xaxis"]["range"][1] == pytest.approx(1.26)
    ko = json.loads(eigen_figure(cks, KO).to_json())
    assert ko["data"][1]["name"] == "시작 (스텝 0)"


def test_trail_is_bounded_and_scrubs():
    cks = [_C(s, np.ones(100)) for s in range(200)]
    shown = trail(cks)
    assert shown[0].step == 0 and shown[-1].step == 199
    assert sum(c.eigen.values.size for c in shown) <= MAX_TRAIL_POINTS
    assert trail(cks, upto=50)[-1].step == 50


def test_labels_say_which_matrix():
    e = eigen.RecurrenceEigen(np.zeros(2, complex), "jacobian_lstm", 30)
    assert label(e, EN) == ("eigenvalues of the Jacobian ∂(x_t, c_t)/∂(x_{t−1}, c_{t−1}) at the probe sample, "
                        "t = 30 (last step)")
    assert "야코비안" in label(e, KO)


def test_recall_race_keeps_each_cells_eigenvalues_before_and_after():
    from core.tasks.recall import RecallTask, compare_cells

    res = compare_cells((3,), cells=("elman", "lru"), steps=5, hidden_size=8, batch_size=8)
    (start, end), = res["eigen"]["lru"]
    fresh = RecallTask(3).build_model("lru", 8, "tanh", torch.Generator().manual_seed(0))
    np.testing.assert_allclose(start.values, fresh.eigenvalues().detach().numpy(), atol=1e-6)
    assert not np.allclose(start.values, end.values) and np.all(np.abs(end.values) < 1)
    (s_el, _), = res["eigen"]["elman"]
    np.testing.assert_allclose(_sorted(s_el.values), _sorted(torch.linalg.eigvals(
        RecallTask(3).build_model("elman", 8, "tanh", torch.Generator().manual_seed(0)).W_xx.detach()).numpy()),
                               atol=1e-5)


def _eigen_chart(at):
    """The eigenvalue chart: a live chart on the Train screen (a whole run sends it whole)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    specs += [chart_message(c)["full"] for c in live_charts(at)]
    for spec in specs:
        if "unit circle" in " ".join(t.get("name", "") for t in spec["data"]) or "단위원" in " ".join(
                t.get("name", "") for t in spec["data"]):
            return spec
    return None


def test_train_screen_shows_the_runs_eigenvalues_and_scrubs_back(app):
    at = app("screens/train.py")
    at.button(key="btn_step").click().run()
    at.button(key="btn_step").click().run()
    assert not at.exception
    spec = _eigen_chart(at)
    W = at.session_state["run"].trainer.model.W_xx.detach()
    now = [t for t in spec["data"] if t["name"] == "step 2"][0]
    np.testing.assert_allclose(_sorted(np.array(now["x"]) + 1j * np.array(now["y"])),
                               _sorted(torch.linalg.eigvals(W).numpy()), atol=1e-5)
    assert spec["layout"]["title"]["text"] == "eigenvalues of W_xx"
    rho = float(np.abs(torch.linalg.eigvals(W).numpy()).max())
    assert any(f"largest |λ| = {rho:.4f}" in m.value for m in at.markdown)  # the sentence beside the chart
    at.select_slider(key="eigen_scrub").set_value(0).run()
    names = [t["name"] for t in _eigen_chart(at)["data"]]
    assert names == ["step 0", "unit circle |λ| = 1"]  # back at the start: nothing before it
    # Korean last (AppTest cannot rerun after a translated radio label is drawn).
    at.session_state["lang"] = "ko"
    at.run()
    assert _eigen_chart(at)["layout"]["title"]["text"] == "W_xx의 고윳값"
