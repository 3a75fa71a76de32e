"""The numbers the BPTT lab screen writes under its gradient curves, read off a gradient Profile
(core.concepts.gradients), so the page only lays them out."""
import numpy as np

from .gradients import Profile, rate_factor


def window_change(profile: Profile) -> tuple:
    """Over the window the gradient reaches (t = window_start..T): (‖∂L/∂x_start‖ / ‖∂L/∂x_T‖, and the
    curve's factor over the rate line at t = window_start, its smallest and its largest). The change
    is nan when ‖∂L/∂x_T‖ = 0."""
    first = profile.norms[profile.window_start - 1]
    change = first / profile.norms[-1] if profile.norms[-1] > 0 else float("nan")
    factor = rate_factor(profile)[profile.window_start - 1:]
    return change, factor[0], np.nanmin(factor), np.nanmax(factor)


def peak(profile: Profile) -> tuple:
    """(t of the largest ‖∂L/∂x_t‖ (1-based), that norm over ‖∂L/∂x_T‖, the largest factor by which
    the curve sits above the rate line)."""
    i = int(np.argmax(profile.norms))
    return i + 1, profile.norms[i] / profile.norms[-1], np.nanmax(rate_factor(profile))
