"""Same seed, same run, whatever else the server does: every initial weight comes from the run's
own torch.Generator, drawn as torch's own modules draw it, and the global RNG is never touched."""
import math
import threading
from pathlib import Path

import torch
from torch import nn

from core.config import RunConfig
from core.model import embedding, linear, make_rnn
from core.tasks import get_task, make_task, task_names
from core.train import Trainer


def test_layers_draw_what_torch_draws_after_manual_seed():
    """Oracle: torch's own nn.LSTM / nn.GRU / nn.Linear / nn.Embedding after torch.manual_seed."""
    for cell, cls in (("lstm", nn.LSTM), ("gru", nn.GRU)):
        ours = make_rnn(cell, 3, 5, 2, gen=torch.Generator().manual_seed(7))
        torch.manual_seed(7)
        theirs = cls(3, 5, batch_first=True)
        W_yx = torch.empty(2, 5).uniform_(-1 / math.sqrt(5), 1 / math.sqrt(5))
        for (name, a), b in zip(ours.rnn.named_parameters(), theirs.parameters()):
            if cell == "lstm" and name.startswith("bias"):
                continue  # the forget gate's bias is set on purpose (core/model.LSTM)
            assert torch.equal(a, b), name
        assert torch.equal(ours.W_yx, W_yx)
    torch.manual_seed(3)
    assert all(torch.equal(a, b) for a, b in zip(linear(6, 4, torch.Generator().manual_seed(3)).parameters(),
                                                 nn.Linear(6, 4).parameters()))
    torch.manual_seed(3)
    assert torch.equal(embedding(9, 4, 0, torch.Generator().manual_seed(3)).weight,
                       nn.Embedding(9, 4, padding_idx=0).weight)


def test_no_task_touches_the_global_rng_when_building_a_network():
    for name in task_names():
        task = make_task(name, get_task(name).seq_len_bounds[2], 0)
        for cell in ("elman", "lstm", "gru", "lru"):
            before = torch.get_rng_state()
            a = task.build_model(cell, 8, "tanh", torch.Generator().manual_seed(5))
            assert torch.equal(before, torch.get_rng_state()), (name, cell)
            b = task.build_model(cell, 8, "tanh", torch.Generator().manual_seed(5))
            assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters())), (name, cell)


def _losses(cfg, steps=15):
    trainer = Trainer(cfg)
    return [trainer.step(diagnostics=False).loss for _ in range(steps)], [p.detach().clone() for p in trainer.params]


def test_same_seed_same_run_while_another_thread_draws_from_the_global_rng():
    cfg = RunConfig(task="sine", cell="lstm", hidden_size=12, seq_len=20, batch_size=8, seed=4)
    alone = _losses(cfg)
    stop, results = threading.Event(), []

    def noisy():  # another session: builds networks the torch way and draws random numbers
        while not stop.is_set():
            torch.manual_seed(99)
            nn.LSTM(4, 4)
            torch.rand(100)

    def twin():
        results.append(_losses(cfg))

    threads = [threading.Thread(target=noisy)] + [threading.Thread(target=twin) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join(60)
    stop.set()
    threads[0].join(10)
    assert len(results) == 2
    for losses, params in results:
        assert losses == alone[0]
        assert all(torch.equal(a, b) for a, b in zip(params, alone[1]))


def test_no_code_draws_from_the_global_rng():
    """Structural, beside the behaviour above: every random draw of the app names its generator,
    and torch layers are made on the meta device (no draw) and initialised from the run's own."""
    import os
    import re

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    draws = re.compile(r"torch\.(manual_seed|seed)\(|torch\.(rand|randn|randint|randperm|normal|bernoulli|multinomial)"
                       r"(_like)?\(|\.(uniform_|normal_|bernoulli_|random_|exponential_|cauchy_|log_normal_)\(|"
                       r"nn\.init\.\w+\(")
    layers = re.compile(r"nn\.(Linear|LSTM|GRU|RNN|Embedding|Conv[123]d|Bilinear)\(|torch_class\(")
    found = []
    for top in ("core", "ui", "screens"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in (n for n in names if n.endswith(".py")):
                path = os.path.join(folder, name)
                for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
                    if line.strip().startswith((">>>", '"""', "#")):  # words about code, not code
                        continue
                    unnamed = draws.search(line) and "generator=" not in line
                    global_seed = "manual_seed(" in line and "Generator()" not in line
                    drawing_layer = layers.search(line) and 'device="meta"' not in line
                    if unnamed or global_seed or drawing_layer or re.search(r"Dropout\(|F\.dropout\(", line):
                        found.append(f"{os.path.relpath(path, root)}:{i}: {line.strip()}")
    assert found == []
