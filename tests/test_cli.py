import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(*args):
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})


def test_help_documents_the_commands():
    out = cli("--help")
    assert out.returncode == 0 and "train" in out.stdout and "predict" in out.stdout
    out = cli("train", "--help")
    assert "--truncate" in out.stdout and "--hidden-size" in out.stdout


def test_train_prints_json_and_saves_a_run_that_predicts(tmp_path):
    out_path = tmp_path / "run.pt"
    out = cli("train", "--task", "sine", "--steps", "120", "--seed", "1", "--out", str(out_path), "--quiet")
    assert out.returncode == 0, out.stderr
    metrics = json.loads(out.stdout.strip().splitlines()[-1])
    assert metrics["steps"] == 120 and metrics["test_metric"] > 0.8
    assert metrics["test_loss"] < metrics["baseline_mse"]
    pred = cli("predict", str(out_path), "0, 0.5, 0.87, 1, 0.87, 0.5, 0")
    assert pred.returncode == 0
    # The next clean value of this sine (period 12) is -0.5.
    assert abs(float(pred.stdout.strip().splitlines()[-1]) + 0.5) < 0.35


def test_bad_input_is_a_sentence_not_a_traceback(tmp_path):
    out = cli("train", "--task", "nosuch", "--steps", "1")
    assert out.returncode == 2 and "Unknown task" in out.stderr and "Traceback" not in out.stderr
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a run")
    out = cli("predict", str(bad), "1, 2")
    assert out.returncode == 2 and "not a saved RNN Explorer run" in out.stderr
