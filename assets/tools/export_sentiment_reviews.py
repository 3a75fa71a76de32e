"""Write assets/sentiment/reviews.csv: real labelled review text in English and Korean, a small
seeded subsample of two public corpora. Run from the repository root:

    .venv/bin/python assets/tools/export_sentiment_reviews.py --nsmc NSMC_GIT_DIR --uci UCI_DIR

- Korean: the Naver sentiment movie corpus (NSMC, Lucy Park, CC0 1.0). NSMC_GIT_DIR is a git
  directory of the e9t/nsmc repository; its raw/<movie id>.json files hold reviews with a 1-10
  rating. Labels as NSMC's README defines them: ratings 1-4 negative, 9-10 positive, 5-8 dropped.
  Reviews are stripped, de-duplicated by text, kept if 2-140 characters, sorted by review id and
  sampled with a fixed seed, KO_PER_LABEL per label.
- English: UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015): UCI_DIR holds
  amazon_cells_labelled.txt, yelp_labelled.txt and imdb_labelled.txt, each 1,000 lines
  "sentence<TAB>0|1" (500 per label). All 3,000 are kept (duplicates dropped).

Splits: 80/10/10 train/val/test, stratified by (source, label), seeded. A sentence whose token
sequence (core.text.tokenize) repeats one already placed goes to the same split, so no held-out
row is a copy of a training row. Re-running with the same sources reproduces the file exactly.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from core.text import tokenize

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentiment", "reviews.csv")
SEED = 20261203
KO_PER_LABEL = 8000
UCI_FILES = ("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt")
SPLITS = (("train", 0.8), ("val", 0.1), ("test", 0.1))


def nsmc_reviews(git_dir: str) -> list[tuple[str, int, int]]:
    """(review id, text, label) for every NSMC raw review with a usable rating."""
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD", "raw/"],
                           capture_output=True, text=True, check=True).stdout.split()
    batch = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                           input="".join(f"HEAD:{n}\n" for n in names).encode(), capture_output=True, check=True).stdout
    out, pos = [], 0
    while pos < len(batch):
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        body = batch[header_end + 1: header_end + 1 + size]
        pos = header_end + 2 + size
        for r in json.loads(body.decode("utf-8")):
            try:
                rating = int(r["rating"])
            except (KeyError, ValueError):
                continue
            label = 0 if 1 <= rating <= 4 else 1 if rating >= 9 else None
            text = " ".join(str(r.get("review", "")).split())
            if label is not None and 2 <= len(text) <= 140:
                out.append((int(r["review_id"]), text, label))
    return out


def korean(git_dir: str, rng) -> list[dict]:
    seen, rows = set(), []
    for _id, text, label in sorted(nsmc_reviews(git_dir)):  # in review-id order
        if text not in seen:
            seen.add(text)
            rows.append({"text": text, "label": label, "source": "nsmc"})
    picked = []
    for label in (0, 1):
        pool = [r for r in rows if r["label"] == label]
        picked += rng.sample(pool, min(KO_PER_LABEL, len(pool)))
    return [{**r, "lang": "ko"} for r in picked]


def english(uci_dir: str) -> list[dict]:
    rows, seen = [], set()
    for name in UCI_FILES:
        with open(os.path.join(uci_dir, name), encoding="utf-8") as f:
            for line in f:
                text, _, label = line.rstrip("\n").rpartition("\t")
                text = " ".join(text.split())
                if label.strip() in ("0", "1") and text and text not in seen:
                    seen.add(text)
                    rows.append({"text": text, "label": int(label), "source": name.split("_")[0], "lang": "en"})
    return rows


def split(rows: list[dict], rng) -> list[dict]:
    groups = {}
    for r in rows:
        groups.setdefault((r["source"], r["label"]), []).append(r)
    placed = {}  # token sequence -> split
    for key in sorted(groups):
        g = groups[key]
        rng.shuffle(g)
        cuts = [round(len(g) * sum(f for _, f in SPLITS[:i + 1])) for i in range(len(SPLITS))]
        for i, r in enumerate(g):
            name = next(s for (s, _), c in zip(SPLITS, cuts) if i < c)
            r["split"] = placed.setdefault(tuple(tokenize(r["text"])), name)
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--nsmc", required=True, help="git directory of e9t/nsmc (with raw/*.json)")
    p.add_argument("--uci", required=True, help="folder with the three *_labelled.txt files")
    p.add_argument("--out", default=OUT)
    args = p.parse_args()
    rng = random.Random(SEED)
    rows = split(english(args.uci) + korean(args.nsmc, rng), rng)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["text", "label", "lang", "source", "split"], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "label": ("negative", "positive")[r["label"]]})
    counts = {}
    for r in rows:
        counts[(r["lang"], r["split"])] = counts.get((r["lang"], r["split"]), 0) + 1
    summary = ", ".join(f"{k[0]} {k[1]} {v}" for k, v in sorted(counts.items()))
    print(f"wrote {len(rows)} rows to {args.out}: {summary}")


if __name__ == "__main__":
    main()
