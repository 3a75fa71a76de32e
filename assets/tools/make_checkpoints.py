"""Train every preset with the CLI and keep the result in assets/checkpoints/, so the app can show
a trained model at once. Writes assets/checkpoints/README.md with the exact command per file.

    .venv/bin/python assets/tools/make_checkpoints.py [preset ...]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from core.config import cli_command
from core.presets import PRESETS

OUT = os.path.join(ROOT, "assets", "checkpoints")
SKIP = {"exploding"}  # its point is to blow up: nothing worth keeping


def main(names):
    rows = []
    for preset in PRESETS:
        if preset.name in SKIP or (names and preset.name not in names):
            continue
        out = f"assets/checkpoints/{preset.name}.pt"
        cmd = cli_command(preset.config(), preset.checkpoint_steps(), out) + " --quiet"
        print(cmd, flush=True)
        done = subprocess.run([sys.executable, "-m", *cmd.split()[2:]], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "RNN_EXPLORER_THREADS": "1"})
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        metrics = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((preset.name, cmd, metrics))
        print(metrics, flush=True)
    readme = os.path.join(OUT, "README.md")
    old = ""
    if os.path.exists(readme):
        with open(readme, encoding="utf-8") as f:
            old = f.read()
    lines = ["# Pretrained checkpoints of the presets", "",
             "Made by `.venv/bin/python assets/tools/make_checkpoints.py` with the commands below (seeded:",
             "the same command gives the same file's numbers). They hold tensors and plain values only and",
             "are read with `torch.load(..., weights_only=True)`.", ""]
    kept = {r[0] for r in rows}
    for block in old.split("\n## ")[1:]:  # keep entries of presets not rebuilt this time
        if block.split("\n", 1)[0].strip() not in kept:
            lines.append("## " + block.rstrip() + "\n")
    for name, cmd, m in rows:
        lines += [f"## {name}", "", "```bash", cmd, "```", "",
                  f"test {m['metric']}: {m['test_metric']:.4f} · test loss {m['test_loss']:.4f} · "
                  f"{m['steps']} steps in {m['seconds']:.1f} s", ""]
    with open(readme, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
