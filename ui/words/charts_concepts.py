"""Catalogue: the figures of the concept screens (core/charts/gradients.py, system.py, eigen.py,
cell.py, sharing.py), under <module>.<label>. id -> (English, 한국어)."""

WORDS: dict[str, tuple[str, str]] = {
}
