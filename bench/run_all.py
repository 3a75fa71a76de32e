"""Run every benchmark in this folder one after the other (`make bench`). Each prints its own
table; the numbers in bench/RESULTS.md come from these commands."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = [
    ["trainer_overhead.py"],
    ["live_page.py", "20"],
    ["memory.py", "20000"], ["release.py", "4", "15"],
    ["quality_sentiment.py"], ["quality_translate.py"], ["quality_caption.py"], ["quality_price.py"],
    ["quality_weather.py"], ["quality_generate.py"], ["quality_recall.py"],
]

if __name__ == "__main__":
    failed = 0
    for args in RUNS:
        print(f"\n$ .venv/bin/python bench/{' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, os.path.join(HERE, args[0]), *args[1:]],
                                 env={**os.environ, "RNN_EXPLORER_THREADS": "1"}).returncode != 0
    sys.exit(1 if failed else 0)
