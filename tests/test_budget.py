"""The per-session budget: the cost model by hand, scaling back, and the Train screen and the CLI
refusing what the issue's links asked for, in both languages, without losing the run."""
import pytest

from core import RunConfig, budget
from core.cli import main
from core.tasks import make_task

PAGE = "screens/train.py"
HEAVY = {"task": "sine", "hidden_size": "512", "seq_len": "1000", "batch_size": "512", "cell": "lstm"}


def test_the_cost_of_one_step_by_hand():
    cfg = RunConfig(task="translate", cell="gru", hidden_size=10, seq_len=7, batch_size=3)
    io = budget.io_of_task(make_task("translate", 7))
    (i1, o1), (i2, o2) = io  # encoder and decoder
    macs = 3 * 7 * ((3 * 100 + 3 * 10 * i1 + 10 * o1) + (3 * 100 + 3 * 10 * i2 + 10 * o2))
    cost = budget.step_cost(cfg, io)
    assert cost.macs == macs
    seconds = (macs * budget.SECONDS_PER_MAC + 3 * 7 * 10 * 2 * budget.SECONDS_PER_UNIT["gru"]
               + 7 * 2 * budget.SECONDS_PER_TIME_STEP["gru"])
    assert cost.seconds == pytest.approx(seconds)
    kept = 3 * 7 * ((12 * 10 + 4 * o1 + i1) + (12 * 10 + 4 * o2 + i2)) * 4
    assert cost.bytes == kept + budget.FIXED_BYTES


def test_fit_lowers_the_batch_just_enough():
    cfg = RunConfig(task="sine", cell="lstm", hidden_size=512, seq_len=1000, batch_size=512)
    io = budget.io_of_task(make_task("sine", 1000))
    assert not budget.step_cost(cfg, io).fits()
    fixed, changed = budget.fit(cfg, io)
    assert budget.step_cost(fixed, io).fits() and set(changed) <= {"batch_size", "seq_len", "hidden_size"}
    for field, (asked, used) in changed.items():  # each only as far as needed
        if used < asked:
            assert not budget.step_cost(fixed.replace(**{field: used + 1}), io).fits()
    assert fixed.cell == "lstm"


def test_every_preset_and_task_default_fits():
    from core.presets import PRESETS
    for p in PRESETS:
        cfg = p.config()
        assert budget.step_cost(cfg, budget.io_of_task(make_task(cfg.task, cfg.seq_len))).fits(), p.name


@pytest.mark.parametrize("lang, words", [("en", ("Batch size", "0.5 s and 256 MB per step", "instead")),
                                         ("ko", ("배치 크기", "0.5초, 256 MB", "줄였습니다"))])
def test_the_issues_link_is_scaled_back_with_a_notice(app, lang, words):
    at = app(PAGE, lang=lang, query=HEAVY)
    assert not at.exception
    notes = " ".join(el.value for el in at.info).replace("\\", "")
    assert all(w in notes for w in words), notes
    run = at.session_state["run"]
    assert run.cfg.cell == "lstm" and run.cfg.hidden_size == 512
    assert budget.step_cost(run.cfg, budget.io_of(run.trainer.model)).fits()


@pytest.mark.parametrize("lang, words, not_said", [
    ("en", ("0.5 s and 256 MB per step", "Your current run is unchanged"), "not a saved RNN Explorer run"),
    ("ko", ("0.5초, 256 MB", "지금 실행은 그대로입니다"), "저장된 RNN Explorer 실행이 아닙니다")])
def test_a_saved_run_over_the_budget_is_refused_for_its_cost_not_called_broken(app, lang, words, not_said):
    from core.runs import run_bytes
    from core.train import Trainer

    heavy = Trainer(RunConfig(task="sine", cell="lstm", hidden_size=512, seq_len=1000, batch_size=512))
    at = app(PAGE, lang=lang)
    run = at.session_state["run"]
    at.file_uploader(key="upload_run").set_value(("heavy.pt", run_bytes(heavy), "application/octet-stream")).run()
    said = " ".join(e.value for e in at.error).replace("\\", "")
    assert all(w in said for w in words) and not_said not in said, said
    assert at.session_state["run"] is run and not at.exception


def test_a_slider_over_the_budget_keeps_the_current_network(app):
    at = app(PAGE)
    at.slider(key="batch_size").set_value(512).run()
    run = at.session_state["run"]
    at.button(key="btn_step").click().run()
    at.slider(key="hidden_size").set_value(512).run()
    assert not at.exception
    assert at.session_state["run"] is run and run.cfg.hidden_size == 16 and run.trainer.step_count == 1
    assert at.slider(key="hidden_size").value == 16
    notes = " ".join(el.value for el in at.info).replace("\\", "")
    assert "Hidden size H = 512" in notes and "Kept the current network (Hidden size H = 16)" in notes


def test_the_cli_refuses_above_the_budget_unless_lifted(tmp_path, capsys):
    args = ["train", "--task", "sine", "--hidden-size", "512", "--seq-len", "1000", "--batch-size", "512",
            "--cell", "lstm", "--steps", "1", "--out", str(tmp_path / "r.pt")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--batch-size 1 fits" in err and "--no-budget" in err and not (tmp_path / "r.pt").exists()
    # Just above the budget (its memory, ~270 MB a step): lifted, it trains.
    over = ["train", "--task", "sine", "--hidden-size", "128", "--seq-len", "700", "--batch-size", "64",
            "--steps", "1", "--quiet", "--out", str(tmp_path / "r.pt")]
    cfg = RunConfig(task="sine", hidden_size=128, seq_len=700, batch_size=64)
    assert not budget.step_cost(cfg, budget.io_of_task(make_task("sine", 700))).fits()
    assert main(over) == 2
    assert main(over + ["--no-budget"]) == 0 and (tmp_path / "r.pt").exists()
