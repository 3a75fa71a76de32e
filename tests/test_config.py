import os

import pytest

from core import RunConfig
from core.config import cli_command


def test_round_trip_through_a_flat_dict():
    cfg = RunConfig(task="sine", cell="gru", hidden_size=64, lr=0.003, truncate=5, clip=1.5, seed=9)
    back, notices = RunConfig.from_dict(cfg.to_dict())
    assert back == cfg and notices == []
    # Strings, as they come from a URL.
    back, notices = RunConfig.from_dict({k: str(v) for k, v in cfg.to_dict().items()})
    assert back == cfg and notices == []


def test_bad_values_are_repaired_with_a_sentence():
    cfg, notices = RunConfig.from_dict({"hidden_size": "9999", "lr": "abc", "cell": "tcn",
                                        "colour": "red", "seed": "nan"})
    assert cfg.hidden_size == 512 and cfg.lr == RunConfig.lr and cfg.cell == "elman"
    assert len(notices) == 5
    said = [str(n) for n in notices]  # problems as data (core/settings.py), worded in English by str()
    assert any("colour" in n for n in said) and any("512" in n for n in said)


def test_cli_command_names_the_changed_settings():
    cmd = cli_command(RunConfig(hidden_size=64, seq_len=40, lr=0.003, seed=4), steps=200)
    assert cmd == ("python -m core train --task sine --steps 200 --seed 4 --hidden-size 64 "
                   "--lr 0.003 --out run.pt")


def test_cli_command_reproduces_the_config_exactly():
    """What the CLI builds from the printed command is the same configuration."""
    import shlex

    from core.cli import _parser, config_from_args
    from core.presets import PRESETS

    for preset in PRESETS:
        cfg = preset.config()
        args = _parser().parse_args(shlex.split(cli_command(cfg, 10))[3:])
        assert config_from_args(args) == cfg, preset.name
    odd = RunConfig(task="sine", hidden_size=7, clip=2.5, truncate=3, cell="lstm", optimizer="sgd", seed=11)
    assert config_from_args(_parser().parse_args(shlex.split(cli_command(odd, 10))[3:])) == odd


def test_for_task_is_the_one_source_of_task_defaults():
    from core.presets import PRESETS
    from core.tasks import get_task, task_names

    for name in task_names():
        cls = get_task(name)
        cfg = RunConfig.for_task(name)
        assert cfg.task == name and cfg.seq_len == cls.seq_len_bounds[2]
        assert all(getattr(cfg, k) == v for k, v in cls.defaults.items())
        assert RunConfig.for_task(name, seed=7).seed == 7
    for p in PRESETS:
        assert p.config() == RunConfig.for_task(p.task, **dict(p.overrides))
    with pytest.raises(ValueError, match="hidden_size"):
        RunConfig.for_task("sine", hidden_size=10_000)


def test_configure_sets_the_process_settings_once(monkeypatch):
    import sys

    import torch

    from core.runtime import LIVE_SWITCH_INTERVAL, configure
    before = sys.getswitchinterval()
    try:
        monkeypatch.setenv("RNN_EXPLORER_THREADS", "2")
        assert configure() == 2 and torch.get_num_threads() == 2
        monkeypatch.delenv("RNN_EXPLORER_THREADS")
        assert configure(server=True) == 1 and torch.get_num_threads() == 1
        assert sys.getswitchinterval() == pytest.approx(LIVE_SWITCH_INTERVAL)
    finally:
        sys.setswitchinterval(before)
        torch.set_num_threads(1)


def test_importing_the_app_layer_changes_no_process_setting():
    import subprocess
    import sys
    code = ("import sys, torch; n, s = torch.get_num_threads(), sys.getswitchinterval(); "
            "import ui.shell, ui.live, ui.train_view; "
            "assert (torch.get_num_threads(), sys.getswitchinterval()) == (n, s)")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root,
                         env={**os.environ, "PYTHONPATH": root})
    assert out.returncode == 0, out.stderr[-2000:]
