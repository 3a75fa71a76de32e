"""Catalogue: the figures of a training run (core/charts/training.py, core/charts/compare.py),
under run.<label> and compare.<label>. id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
}
