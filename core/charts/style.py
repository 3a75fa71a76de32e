"""What every chart shares, so a colour or an axis reads the same on every screen.

- Hidden states x_t (and other signed values: weights, gradients of one sign or the other) use
  ONE diverging scale: red positive, blue negative, white zero, symmetric about 0.
- Log axes show powers of ten (10⁻⁶, not 1µ), without the small digits between decades.
"""
import math

import numpy as np

STATE_COLORSCALE = "RdBu_r"  # red = positive, blue = negative (plotly's RdBu runs red → blue)


def signed_scale(values, floor: float = 1e-6) -> dict:
    """Heatmap keywords for a signed quantity: the shared colour scale, symmetric about 0.
    States of a tanh cell stay inside ±1, so their scale is ±1 and screens compare at a glance."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    lim = float(np.abs(v).max()) if v.size else 1.0
    lim = 1.0 if lim <= 1.0 and lim > 0.2 else max(lim, floor)
    return dict(colorscale=STATE_COLORSCALE, zmid=0, zmin=-lim, zmax=lim)


def log_axis(values=None) -> dict:
    """Axis keywords for a log scale with powers of ten as labels. Over a decade or more the
    ticks fall on whole decades (every 2nd, 3rd ... when there are many); inside one decade the
    values between are written in full, as one lonely power would say little."""
    axis = dict(type="log", exponentformat="power", minorloglabels="none")
    if values is None:
        return axis
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return axis
    span = math.log10(v.max()) - math.log10(v.min())
    if span >= 1:
        axis["dtick"] = max(1, math.ceil(span / 6))
    else:  # inside one decade: the in-between values in full (0.02, 0.05), never a bare "2"
        axis["minorloglabels"] = "complete"
    return axis


def legend_above() -> dict:
    """A horizontal legend above the plot, from the left: the toolbar sits on the right, and
    the plot's top margin grows with the legend, so no curve runs under it."""
    return dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom")
