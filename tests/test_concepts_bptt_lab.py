"""The BPTT lab's summary numbers (core.concepts.bptt_lab) on profiles written by hand."""
import numpy as np
import pytest

from core.concepts import bptt_lab as B
from core.concepts.gradients import Profile


def profile(norms, rate, window_start=1):
    norms, rate = np.asarray(norms, float), np.asarray(rate, float)
    t = np.arange(1, len(norms) + 1)
    return Profile(t=t, norms=norms, bound=rate * 10, rate=rate, window_start=window_start)


def test_window_change_reads_the_window_only():
    # norms 8,4,2,1 against a rate line 16,4,2,1: factors 0.5,1,1,1 (from t = 2 on: 1,1,1).
    p = profile([8, 4, 2, 1], [16, 4, 2, 1], window_start=2)
    assert B.window_change(p) == pytest.approx((4.0, 1.0, 1.0, 1.0))
    assert B.window_change(profile([8, 4, 2, 1], [16, 4, 2, 1])) == pytest.approx((8.0, 0.5, 0.5, 1.0))
    change = B.window_change(profile([0, 0, 0], [1, 1, 1]))[0]
    assert np.isnan(change)


def test_peak_is_the_largest_norm_its_ratio_and_the_largest_factor():
    assert B.peak(profile([1, 6, 3, 2], [8, 4, 2, 1])) == pytest.approx((2, 3.0, 2.0))
