"""Export the 8×8 handwritten digits bundled with scikit-learn into assets/captions/digits.npz.

Run ONCE, in a throwaway virtual environment (scikit-learn is not a dependency of the app):

    python3.11 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn
    /tmp/skvenv/bin/python assets/tools/export_digits.py

Source: the test part of the UCI "Optical Recognition of Handwritten Digits" data set
(E. Alpaydin, C. Kaynak, 1998; https://archive.ics.uci.edu/dataset/80, doi:10.24432/C50P49),
licensed CC BY 4.0, as copied into scikit-learn (`sklearn.datasets.load_digits`).

Output (np.savez_compressed, read with np.load(..., allow_pickle=False)):
    pixels  uint8 (1797, 64)  ink counts 0..16 of the 8×8 image, row by row
    labels  uint8 (1797,)     the digit 0..9
"""
import os

import numpy as np
from sklearn.datasets import load_digits

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "captions", "digits.npz")


def main():
    d = load_digits()
    pixels, labels = d.data, d.target
    # The values are whole ink counts stored as floats: check before narrowing to uint8.
    assert pixels.shape == (1797, 64) and np.all(pixels == np.round(pixels))
    assert pixels.min() >= 0 and pixels.max() <= 16 and set(labels) == set(range(10))
    np.savez_compressed(OUT, pixels=pixels.astype(np.uint8), labels=labels.astype(np.uint8))
    print(f"wrote {OUT}: {len(labels)} images, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
