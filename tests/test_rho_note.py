"""Chart 5's caption says which matrix ρ is taken of; check that it is that matrix."""
import torch

from core import RunConfig
from core.tasks import make_task
from core.train import Trainer


def _layer(task, cell):
    cfg = RunConfig.for_task(task, cell=cell, hidden_size=8)
    return Trainer(cfg, make_task(task, cfg.seq_len, 0)), cfg


def test_rho_is_of_the_candidate_block_for_gated_cells_and_of_the_encoder_for_seq2seq():
    from ui.train_view import rho_note
    for cell in ("lstm", "gru"):
        trainer, cfg = _layer("sine", cell)
        w = trainer.layers[0].rnn.weight_hh_l0  # torch's gate order: LSTM i, f, g, o; GRU r, z, n
        assert torch.equal(trainer.layers[0].recurrent_matrix(), w[16:24])  # the third block: g / n
        assert ("(g)" if cell == "lstm" else "(n)") in rho_note(cfg)
    trainer, cfg = _layer("translate", "elman")
    assert trainer.layers[0] is trainer.model.encoder and "encoder" in rho_note(cfg)
    assert rho_note(RunConfig.for_task("sine")) == ""
