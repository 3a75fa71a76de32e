"""The trainer: determinism, clipping, truncation, the explosion guard, live setting changes."""
import math

import numpy as np
import pytest
import torch

from core import RunConfig, Trainer


def losses(cfg, n=15):
    return [r.loss for r in Trainer(cfg).train(n)]


@pytest.mark.parametrize("cell", ["elman", "lstm", "gru"])
def test_same_seed_same_losses_bit_for_bit(cell):
    cfg = RunConfig(cell=cell, hidden_size=8, seq_len=20, seed=7)
    assert losses(cfg) == losses(cfg)
    assert losses(cfg) != losses(cfg.replace(seed=8))


def test_global_rng_does_not_change_a_run():
    cfg = RunConfig(hidden_size=8, seq_len=20, seed=3)
    first = losses(cfg, 5)
    torch.manual_seed(12345)
    torch.rand(100)
    assert losses(cfg, 5) == first


def test_training_learns_the_builtin_task():
    tr = Trainer(RunConfig(hidden_size=16, seq_len=30, seed=0))
    before = tr.task.evaluate(tr.model).metric
    tr.train(150)
    after = tr.task.evaluate(tr.model)
    # R² from ~0 to well above the "repeat the noisy input" baseline (noise 0.15 -> R² ≈ 0.9).
    assert before < 0.3 and after.metric > 0.85
    assert after.loss < after.extra["baseline_mse"]


def test_record_holds_every_diagnostic():
    tr = Trainer(RunConfig(hidden_size=8, seq_len=25, seed=0))
    rec = tr.step()
    assert rec.step == 1 and math.isfinite(rec.loss)
    assert set(rec.grad_norms) == {"W_xx", "W_xu", "b_x", "W_yx", "b_y"}
    assert rec.state_grad.shape == (25,) and np.all(rec.state_grad > 0)
    assert rec.probe.shape == (25, 8)
    assert rec.rho == pytest.approx(float(torch.linalg.eigvals(tr.model.W_xx.detach().double()).abs().max()), rel=1e-5)
    assert rec.val_loss is not None and rec.seconds > 0
    # Per-parameter norms are the norms of the gradients the step used.
    total = math.sqrt(sum(v * v for v in rec.grad_norms.values()))
    assert rec.grad_total == pytest.approx(total)


def test_clipping_caps_the_gradient_at_the_asked_norm():
    cfg = RunConfig(hidden_size=8, seq_len=20, seed=1, clip=0.01, optimizer="sgd", lr=0.1)
    tr = Trainer(cfg)
    rec = tr.step()
    assert rec.clipped and rec.grad_total > 0.01
    clipped = math.sqrt(sum(float(p.grad.norm()) ** 2 for p in tr.params))
    assert clipped == pytest.approx(0.01, rel=1e-5)


def test_truncation_applies_to_the_running_model():
    tr = Trainer(RunConfig(hidden_size=8, seq_len=20, seed=1))
    tr.apply(tr.cfg.replace(truncate=5, lr=0.05))
    assert tr.model.truncate == 5 and tr.opt.param_groups[0]["lr"] == 0.05
    rec = tr.step()
    assert np.all(rec.state_grad > 0)  # many-to-many: every step has its own loss term
    with pytest.raises(ValueError):
        tr.apply(tr.cfg.replace(hidden_size=9))


def test_explosion_is_refused_and_weights_restored():
    cfg = RunConfig(hidden_size=8, seq_len=30, seed=2, activation="identity", optimizer="sgd", lr=1.0)
    tr = Trainer(cfg)
    with torch.no_grad():
        tr.model.W_xx.copy_(torch.eye(8) * 30.0)  # ρ = 30: x_t and ∂L/∂x_t overflow float32
    before = [p.detach().clone() for p in tr.params]
    tr.keep_finite()  # the weights set by hand are the last finite ones
    records = tr.train(5)
    last = records[-1]
    assert last.exploded and "blew up at every time step" in last.exploded  # x_t overflowed forward
    assert len(records) == 1  # train() stops at the explosion
    for p, b in zip(tr.params, before):
        assert torch.equal(p.detach(), b)


def test_explosion_message_names_the_time_step_where_the_gradient_overflowed():
    tr = Trainer(RunConfig(hidden_size=4, seq_len=10, seed=0))
    grad = np.array([np.inf, np.inf, np.inf, 5.0, 3.0, 2.0, 1.0, 1.0, 1.0, 1.0])
    assert "at time step t = 3 on its way back" in tr._refuse(grad, "the gradient became infinite")
    assert "at every time step" in tr._refuse(np.full(10, np.nan), "the loss became NaN")


@pytest.mark.parametrize("task", ["sentiment", "translate", "sine", "caption", "generate", "weather", "price",
                                  "recall"])
def test_charts_2_and_3_show_the_same_sequence(task):
    """The states (chart 2) and ‖∂L/∂x_t‖ (chart 3) of a checkpoint cover the same time steps,
    also where training batches are padded longer than the probe sentence."""
    from core.history import History

    tr = Trainer(RunConfig.for_task(task, hidden_size=8))
    hist = History()
    hist.add_checkpoint(tr.inspect())
    ckpt = hist.latest()
    assert len(ckpt.state_grad) == ckpt.probe.shape[0]


@pytest.mark.parametrize("task", ["sentiment", "translate"])
def test_the_probe_gradient_is_the_training_backward_on_that_one_sample(task):
    """Chart 3's numbers for a padded task: exactly what a BPTT step would compute on the probe
    sample alone (the backward itself is checked against autograd in test_bptt), and no gradient
    is left on the weights by the diagnosis (the step's own gradients stay as they were)."""
    tr = Trainer(RunConfig.for_task(task, hidden_size=8, cell="gru"))
    for _ in range(3):
        tr.step(diagnostics=False)
    rec = tr.step(diagnostics=False)
    before = [None if p.grad is None else p.grad.clone() for p in tr.params]
    tr.diagnose(rec)
    assert all((b is None and p.grad is None) or torch.equal(b, p.grad) for b, p in zip(before, tr.params))
    _, _, want, _, _ = tr._backward(tr.task.probe_batch())
    np.testing.assert_allclose(rec.probe_grad, want, rtol=1e-5, atol=1e-12)
    assert rec.probe_grad.shape == (rec.probe.shape[0],) and np.all(rec.probe_grad[-1:] > 0)
    assert not np.allclose(rec.probe_grad, rec.state_grad[:len(rec.probe_grad)])  # not the batch's
