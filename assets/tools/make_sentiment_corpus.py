"""Write assets/sentiment/corpus.csv: English and Korean review sentences labelled positive /
negative, written for RNN Explorer (CC0). Run from the repository root:

    .venv/bin/python assets/tools/make_sentiment_corpus.py

A small template grammar (subjects × adjectives × patterns: plain, negation, contrast, verbs)
plus hand-written sentences. Labelling rules:
  plain        the adjective's polarity                 "the food was delicious" -> positive
  negation     flips it                                 "not bad" / "나쁘지 않았다" -> positive
  contrast     the clause after but/although/하지만/지만 wins
  and / 고     both clauses agree
Sentences are de-duplicated by their token sequence (so a held-out sentence is never a copy of
a training sentence up to case and punctuation), balanced per language, and split 70/15/15,
stratified by (language, label), with a fixed seed. A few showcase sentences are forced into
the test split so tests and the CLI example read sentences the model never trained on.
"""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from sentiment_lexicon import EN, EN_FIXED, KO, KO_FIXED, SHOWCASE

from core.text import tokenize

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sentiment", "corpus.csv")
PER_LANG = {"plain": 150, "negation": 170, "contrast": 150, "verb": 50}


def en_sentences(rng):
    out = []
    subj = lambda: rng.choice(EN["subjects"])

    def adj(pol, s):
        return rng.choice(EN[pol]["generic"] + EN[pol][s[1]])

    def be(s):  # subjects are (text, domain, plural)
        return rng.choice(["were", "are"] if s[2] else ["was", "was", "is"])

    for _ in range(PER_LANG["plain"]):
        s, pol = subj(), rng.choice(["pos", "neg"])
        out.append((f"{s[0]} {be(s)} {rng.choice(EN['intens'])}{adj(pol, s)}", pol, "plain"))
    for _ in range(PER_LANG["negation"]):
        s, pol = subj(), rng.choice(["pos", "neg"])
        neg = rng.choice(["not ", "not ", "n't ", "not very ", "never ", "not at all "])
        b = be(s)
        if neg == "n't ":
            text = f"{s[0]} {b}n't {adj(pol, s)}"
        elif neg == "not at all ":
            text = f"{s[0]} {b} not {adj(pol, s)} at all"
        elif neg == "not very " and pol == "neg":
            text = f"{s[0]} {b} not {adj(pol, s)}"
        else:
            text = f"{s[0]} {b} {neg}{adj(pol, s)}"
        out.append((text, "neg" if pol == "pos" else "pos", "negation"))
    for _ in range(PER_LANG["contrast"]):
        s1 = subj()
        s2 = rng.choice([s for s in EN["subjects"] if s[1] == s1[1] and s != s1])  # same domain
        p1 = rng.choice(["pos", "neg"])
        form = rng.choice(["but", "but", "although", "and"])
        p2 = p1 if form == "and" else ("neg" if p1 == "pos" else "pos")
        a, b = f"{s1[0]} {be(s1)} {adj(p1, s1)}", f"{s2[0]} {be(s2)} {adj(p2, s2)}"
        if rng.random() < 0.25 and form != "and":  # a negated first clause: polarity flips
            a, p1 = f"{s1[0]} {be(s1)} not {adj(p2, s1)}", p1
        text = f"although {a}, {b}" if form == "although" else f"{a} {form} {b}"
        out.append((text, p2, "contrast"))
    for _ in range(PER_LANG["verb"]):
        s, pol = subj(), rng.choice(["pos", "neg"])
        verb = rng.choice(EN["verbs"][pol])
        out.append((verb.format(s=s[0]), pol, "verb"))
    return out


def ko_sentences(rng):
    out = []

    def adj(pol, s, negatable=False):
        pool = [a for a in KO[pol]["generic"] + KO[pol][s[1]] if a[0] or not negatable]
        return rng.choice(pool)

    def polite(past):  # 좋았다 -> 좋았어요 (every past form ends in 다)
        return past[:-1] + "어요" if rng.random() < 0.3 else past

    for _ in range(PER_LANG["plain"]):
        s, pol = rng.choice(KO["subjects"]), rng.choice(["pos", "neg"])
        out.append((f"{s[0]} {rng.choice(KO['intens'])}{polite(adj(pol, s)[1])}", pol, "plain"))
    for _ in range(PER_LANG["negation"]):
        s, pol = rng.choice(KO["subjects"]), rng.choice(["pos", "neg"])
        stem = adj(pol, s, negatable=True)[0]
        kind = rng.choice(["long", "long", "long", "very", "atall", "short"])
        if kind == "short" and pol == "pos":  # 안 좋았다: short negation, natural for 좋다
            text, label = f"{s[0]} {rng.choice(['', '별로 ', '정말 '])}안 {polite('좋았다')}", "neg"
        else:
            adv = {"very": "별로 " if pol == "pos" else "", "atall": "전혀 "}.get(kind, "")
            text = f"{s[0]} {adv}{stem}지 {polite(rng.choice(['않았다', '않았다', '않다']))}"
            label = "neg" if pol == "pos" else "pos"
        out.append((text, label, "negation"))
    for _ in range(PER_LANG["contrast"]):
        s1 = rng.choice(KO["subjects"])
        s2 = rng.choice([s for s in KO["subjects"] if s[1] == s1[1] and s[0][:2] != s1[0][:2]])
        p1 = rng.choice(["pos", "neg"])
        form = rng.choice(["지만", "지만", "하지만", "고"])
        p2 = p1 if form == "고" else ("neg" if p1 == "pos" else "pos")
        a1, a2 = adj(p1, s1), adj(p2, s2)
        if form == "지만":
            first = f"{s1[0]} {a1[1][:-1]}지만"
            if rng.random() < 0.25:  # 좋지 않았지만: a negated first clause
                first = f"{s1[0]} {adj(p2, s1, True)[0]}지 않았지만"
            text = f"{first} {s2[0]} {polite(a2[1])}"
        elif form == "하지만":
            text = f"{s1[0]} {a1[1]}. 하지만 {s2[0]} {polite(a2[1])}"
        else:
            a1 = adj(p1, s1, negatable=True)
            text = f"{s1[0]} {a1[0]}고 {s2[0]} {polite(a2[1])}"
        out.append((text, p2, "contrast"))
    for _ in range(PER_LANG["verb"]):
        s, pol = rng.choice(KO["subjects"]), rng.choice(["pos", "neg"])
        out.append((rng.choice(KO["verbs"][pol]).format(s=s[2]), pol, "verb"))
    return out


def main():
    rng = random.Random(20261128)
    rows, seen = [], set()
    showcase = set(SHOWCASE)
    for text, label, lang, kind in SHOWCASE:
        seen.add(" ".join(tokenize(text)))
        rows.append((text, label, lang, kind, "test"))
    for lang, make, fixed in (("en", en_sentences, EN_FIXED), ("ko", ko_sentences, KO_FIXED)):
        cand = [(t, {"pos": "positive", "neg": "negative"}[lab], k) for t, lab, k in make(rng)]
        cand += [(t, lab, "handwritten") for t, lab in fixed]
        uniq = []
        for text, label, kind in cand:
            key = " ".join(tokenize(text))
            if key not in seen:
                seen.add(key)
                uniq.append((text, label, lang, kind))
        by_label = {lab: [r for r in uniq if r[1] == lab] for lab in ("positive", "negative")}
        n = min(len(v) for v in by_label.values())
        for lab, items in by_label.items():
            hand = [r for r in items if r[3] == "handwritten"]
            rest = [r for r in items if r[3] != "handwritten"]
            rng.shuffle(rest)
            keep = (hand + rest)[:n]
            rng.shuffle(keep)
            n_test, n_val = round(0.15 * n), round(0.15 * n)
            n_test -= sum(1 for r in showcase if r[1] == lab and r[2] == lang)
            for i, r in enumerate(keep):
                split = "test" if i < n_test else "val" if i < n_test + n_val else "train"
                rows.append((*r, split))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label", "lang", "kind", "split"])
        w.writerows(rows)
    print(f"wrote {len(rows)} sentences to {OUT}")


if __name__ == "__main__":
    main()
