"""Write assets/translate/pairs.csv: English → Korean sentence pairs from a small grammar.

    English  SUBJECT [often] VERB OBJECT [every day | today]       (S V O)
    Korean   SUBJECT+은/는 [매일 | 오늘 | 자주] OBJECT+을/를 VERB      (S O V)

The particles are chosen by the batchim rule in core/tasks/translate_grammar.py. Every pair
is written by this grammar (no outside data; licence of the output: as the project's).
Pairs are sampled from all grammatical combinations with a fixed seed, then split into
train / val / test; the post's sentence "I love deep learning" → "나는 딥러닝을 좋아한다" is
put in test (never in train or val), and every word of a val/test pair occurs in train.

    .venv/bin/python assets/tools/make_translate_corpus.py
"""
import csv
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
from core.tasks.translate_grammar import ASSET, POST_PAIR, attach, tokenize_en, tokenize_ko

# English subject, Korean subject, third person singular?
SUBJECTS = [("I", "나", False), ("you", "너", False), ("we", "우리", False), ("they", "그들", False),
            ("people", "사람들", False), ("he", "그", True), ("she", "그녀", True),
            ("my friend", "내 친구", True), ("the student", "학생", True),
            ("the teacher", "선생님", True), ("the child", "아이", True)]
OBJECTS = {"deep learning": "딥러닝", "math": "수학", "music": "음악", "books": "책", "apples": "사과",
           "the movie": "영화", "korean": "한국어", "english": "영어", "coffee": "커피", "milk": "우유",
           "water": "물", "tea": "차", "bread": "빵", "pizza": "피자", "rice": "밥", "history": "역사",
           "science": "과학", "the news": "뉴스", "letters": "편지", "poems": "시", "the song": "노래"}
SUBJECTS_OF_STUDY = ["deep learning", "math", "music", "korean", "english", "history", "science"]
FOOD = ["apples", "bread", "pizza", "rice"]
DRINKS = ["coffee", "milk", "water", "tea"]
# English base form, third person singular, Korean verb (plain present), objects it takes.
VERBS = [("love", "loves", "좋아한다",
          SUBJECTS_OF_STUDY + ["books", "the movie", "coffee", "pizza", "the song", "poems"]),
         ("hate", "hates", "싫어한다", SUBJECTS_OF_STUDY + ["apples", "the movie", "milk", "the news", "rice"]),
         ("study", "studies", "공부한다", SUBJECTS_OF_STUDY),
         ("learn", "learns", "배운다", SUBJECTS_OF_STUDY),
         ("teach", "teaches", "가르친다", SUBJECTS_OF_STUDY),
         ("read", "reads", "읽는다", ["books", "the news", "letters", "poems"]),
         ("write", "writes", "쓴다", ["books", "letters", "poems", "the song"]),
         ("eat", "eats", "먹는다", FOOD),
         ("drink", "drinks", "마신다", DRINKS),
         ("make", "makes", "만든다", ["bread", "pizza", "tea", "coffee", "music", "the movie"]),
         ("watch", "watches", "본다", ["the movie", "the news"]),
         ("buy", "buys", "산다", ["books", "apples", "coffee", "bread", "milk", "tea"])]
# English adverb, where it goes in English ('pre' before the verb, 'end'), Korean adverb.
ADVERBS = [None, ("often", "pre", "자주"), ("every day", "end", "매일"), ("today", "end", "오늘")]
N_PAIRS, N_VAL, N_TEST, SEED = 1500, 120, 180, 0


def sentence(subject, verb, obj, adverb):
    """One (English, Korean) pair."""
    en_subj, ko_subj, third = subject
    base, third_form, ko_verb, _ = verb
    en_verb = third_form if third else base
    en = [en_subj] + ([adverb[0]] if adverb and adverb[1] == "pre" else []) + [en_verb, obj]
    en += [adverb[0]] if adverb and adverb[1] == "end" else []
    ko = [attach(ko_subj, "topic")] + ([adverb[2]] if adverb else []) + [attach(OBJECTS[obj], "object"), ko_verb]
    return " ".join(en), " ".join(ko)


def all_pairs():
    return [sentence(s, v, o, a) for s in SUBJECTS for v in VERBS for o in v[3] for a in ADVERBS]


def split(pairs, rng):
    """Shuffle, keep the post's pair for test, and move any val/test pair with a word train
    never saw back into train."""
    # The post's subject-verb-object with an adverb ("I love deep learning today") is too close
    # to count as unseen: those pairs go to test as well, so train never holds I + love + deep learning.
    near = [p for p in pairs if p != POST_PAIR and _core(p[0]) == _core(POST_PAIR[0])]
    pairs = [p for p in pairs if p != POST_PAIR and p not in near]
    rng.shuffle(pairs)
    k = N_TEST - 1 - len(near)  # test = the post's pair + its near neighbours + k random pairs
    chosen = pairs[:N_PAIRS - 1 - len(near)]
    test, val, train = chosen[:k], chosen[k:k + N_VAL], chosen[k + N_VAL:]
    seen = {w for en, ko in train for w in tokenize_en(en) + tokenize_ko(ko)}
    for held in (val, test):
        for p in list(held):
            if not set(tokenize_en(p[0]) + tokenize_ko(p[1])) <= seen:
                held.remove(p)
                train.append(p)
    return train, val, [POST_PAIR] + near + test


def _core(en):
    """The English sentence without its adverb: 'I often love X' → 'i love x'."""
    adverbs = {w for a in ADVERBS if a for w in a[0].split()}
    return [w for w in tokenize_en(en) if w not in adverbs]


def main():
    pairs = all_pairs()
    assert POST_PAIR in pairs, "the grammar must be able to say the post's sentence"
    train, val, test = split(pairs, random.Random(SEED))
    os.makedirs(os.path.dirname(ASSET), exist_ok=True)
    with open(ASSET, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["english", "korean", "split"])
        for name, rows in (("train", train), ("val", val), ("test", test)):
            w.writerows([en, ko, name] for en, ko in rows)
    print(f"{len(pairs)} grammatical pairs; wrote {len(train)} train, {len(val)} val, {len(test)} test to {ASSET}")


if __name__ == "__main__":
    main()
