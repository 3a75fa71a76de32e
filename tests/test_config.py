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
    assert any("colour" in n for n in notices) and any("512" in n for n in notices)


def test_cli_command_names_the_changed_settings():
    cmd = cli_command(RunConfig(hidden_size=64, lr=0.003, seed=4), steps=200)
    assert cmd == ("python -m core train --task sine --steps 200 --seed 4 --hidden-size 64 "
                   "--lr 0.003 --out run.pt")
