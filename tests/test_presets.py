"""The post's examples: each preset is a valid configuration, seeded, the same step for step."""
import importlib.util
import os

import pytest
import torch

from core import Trainer
from core.presets import PRESETS, get_preset
from core.runs import load_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_preset_reproduces_the_same_losses(preset):
    cfg = preset.config()
    assert cfg.task == preset.task and preset.n_steps() > 0
    first = [r.loss for r in Trainer(cfg).train(3, diagnostics_every=2)]
    again = [r.loss for r in Trainer(cfg).train(3, diagnostics_every=2)]
    assert first == again


def _skipped():
    """The presets make_checkpoints.py deliberately ships no checkpoint for."""
    spec = importlib.util.spec_from_file_location("mk", os.path.join(ROOT, "assets/tools/make_checkpoints.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SKIP


# The quality each shipped checkpoint must reach on held-out data: the level its bench measured
# over seeds (the file in bench/results/), on the task's own metric.
QUALITY = {
    "weather": ("weather.md: MAE below persistence (2.25 °C) in 3 of 3 seeds",
                lambda ev: ev.metric < ev.extra["mae_persistence"]),
    "price": ("price.md: S&P 500 RNN / naive 0.987-0.993, i.e. within 3 % below 'tomorrow = today'",
              lambda ev: 0.97 < ev.extra["ratio_to_naive"] < 1.0),
    "sentiment": ("sentiment.md: test accuracy 0.89-0.94 (target 0.85)", lambda ev: ev.metric >= 0.85),
    "translate": ("translate.md: exact match 93.9-95.6 %, the post's sentence right",
                  lambda ev: ev.metric >= 0.93 and ev.extra["post_correct"] == 1.0),
    "caption": ("caption.md: exact captions 95.5-97.8 %", lambda ev: ev.metric >= 0.95),
    "generate": ("generate.md: the GRU checkpoint 2.567 bits per character, bigram 3.50",
                 lambda ev: ev.metric <= 2.75 and ev.metric < ev.extra["bigram_bpc"]),
    "vanishing": ("vanishing.md: the Elman cell stays at chance, 0.25-0.28", lambda ev: abs(ev.metric - 0.25) < 0.05),
}


def test_every_preset_but_the_skipped_ones_ships_a_checkpoint_and_a_quality_level():
    shipped = {p.name for p in PRESETS} - _skipped()
    assert shipped == set(QUALITY)
    missing = [p.checkpoint() for p in PRESETS if p.name in shipped and not os.path.exists(p.checkpoint())]
    assert not missing, f"missing checkpoints: {missing}"


@pytest.mark.parametrize("name", sorted(QUALITY))
def test_shipped_checkpoint_matches_its_preset_and_reaches_the_bench_level(name):
    preset = get_preset(name)
    assert os.path.exists(preset.checkpoint()), f"{preset.checkpoint()} is missing"
    trainer, history = load_run(preset.checkpoint())
    assert trainer.cfg == preset.config()
    assert trainer.step_count == preset.checkpoint_steps() >= preset.n_steps()
    ev = trainer.task.evaluate(trainer.model, "test")
    stated, reached = QUALITY[name]
    assert reached(ev), f"{name}: test metric {ev.metric:.4f} {ev.extra}; bench/results/{stated}"
    assert len(history["rows"]["step"]) > 10


def test_unknown_preset_is_a_sentence():
    with pytest.raises(ValueError, match="Unknown preset"):
        get_preset("nope")


def test_exploding_preset_caption_followed_as_written():
    """Blows up; the restored weights have ρ(W_xx) far above 1 and blow up again with clipping 1;
    Reset (a new network, same seed) with clipping 1 keeps every step finite."""
    preset = get_preset("exploding")
    cfg = preset.config()
    trainer = Trainer(cfg)
    records = trainer.train(preset.n_steps())
    assert records[-1].exploded
    assert torch.linalg.eigvals(trainer.model.recurrent_matrix().detach()).abs().max() > 10
    trainer.apply(cfg.replace(clip=1.0))
    assert trainer.train(preset.n_steps())[-1].exploded  # continuing with clipping: again
    clipped = Trainer(cfg.replace(clip=1.0)).train(1000, diagnostics_every=100)  # Reset: "the first 1,000 steps"
    assert len(clipped) == 1000 and not any(r.exploded for r in clipped)
    assert all(torch.isfinite(torch.tensor(r.loss)) for r in clipped)
    # "the loss falls": the validation loss after the clipped run is below the untrained one's.
    fresh = Trainer(cfg.replace(clip=1.0))
    before = fresh.inspect().val_loss
    fresh.train(preset.n_steps())
    assert fresh.inspect().val_loss < 0.8 * before
    # "within a few steps": well inside the preset's own step count.
    assert len(records) < preset.n_steps() / 2
