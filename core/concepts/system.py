"""First-order systems (post §4–5), as plain numpy.

    autonomous:   x_t = f(x_{t-1}) = σ(W_xx x_{t-1} + b)
    driven:       x_t = σ(w x_{t-1} + w_u u_t + b)
    observed:     y_t = h(x_t) = sigmoid(k x_t + c)      only y is seen; x stays hidden

σ ∈ {identity, tanh, sigmoid}: identity makes the system linear, so its fate is read off
w (1-D) or the eigenvalues of W_xx (2-D); tanh and sigmoid bound the state.
"""
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

SIGMAS = ("identity", "tanh", "sigmoid")
BLOW_UP = 1e6  # |x| beyond this counts as diverged; iteration stops growing it (no inf/nan)


def check_sigma(name: str) -> str:
    if name not in SIGMAS:
        raise ValueError(f"Unknown activation '{name}'. Choose one of: {', '.join(SIGMAS)}.")
    return name


def sigma(name: str, a: ArrayLike) -> np.ndarray | float:
    """σ(a) elementwise."""
    check_sigma(name)
    if name == "tanh":
        return np.tanh(a)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-np.clip(a, -500, 500)))
    return np.asarray(a, dtype=float)


def dsigma(name: str, a: ArrayLike) -> np.ndarray | float:
    """σ'(a) elementwise."""
    if name == "tanh":
        return 1.0 - np.tanh(a) ** 2
    if name == "sigmoid":
        s = sigma("sigmoid", a)
        return s * (1.0 - s)
    check_sigma(name)
    return np.ones_like(np.asarray(a, dtype=float))


# ---------------------------------------------------------------- 1-D autonomous map
def iterate_1d(w: float, b: float, x0: float, steps: int, name: str = "identity") -> np.ndarray:
    """x_0 = x0, x_t = σ(w x_{t-1} + b) for t = 1..steps.  Returns (steps+1,).
    A diverging linear run is clipped at ±BLOW_UP so the charts stay finite."""
    x = np.empty(steps + 1)
    x[0] = x0
    for t in range(1, steps + 1):
        x[t] = np.clip(sigma(name, w * x[t - 1] + b), -BLOW_UP, BLOW_UP)
    return x


@dataclass
class FixedPoint:
    x: float  # x* with x* = σ(w x* + b)
    slope: float  # f'(x*) = w σ'(w x* + b); the fate of a small nudge: δ_t ≈ slope^t δ_0
    stable: bool  # |slope| < 1: nearby runs are pulled in


def fixed_points_1d(w: float, b: float, name: str = "identity", grid: int = 4001) -> list:
    """Every x* with x* = σ(w x* + b), sorted, with its stability.

    identity: the closed form x* = b / (1 - w) (none when w = 1, unless b = 0, where every x is
    fixed; then x* = 0 is returned as the representative, neither pulled in nor pushed away).
    tanh / sigmoid: x* lies in σ's range, so g(x) = σ(w x + b) - x is scanned on a grid over
    that range; each sign change is refined by bisection to machine precision.
    """
    check_sigma(name)
    if name == "identity":
        if w == 1.0:
            return [FixedPoint(0.0, 1.0, False)] if b == 0 else []
        return [FixedPoint(b / (1.0 - w), float(w), abs(w) < 1.0)]
    lo, hi = (-1.0, 1.0) if name == "tanh" else (0.0, 1.0)

    def g(x):
        return sigma(name, w * x + b) - x

    xs = np.linspace(lo, hi, grid)
    gs = g(xs)
    roots = [float(x) for x, v in zip(xs, gs) if v == 0.0]
    for i in np.nonzero(np.sign(gs[:-1]) * np.sign(gs[1:]) < 0)[0]:
        a, c = xs[i], xs[i + 1]
        for _ in range(80):  # bisection: the bracket halves each time
            m = 0.5 * (a + c)
            if np.sign(g(m)) == np.sign(g(a)):
                a = m
            else:
                c = m
        roots.append(float(0.5 * (a + c)))
    out = []
    for r in sorted(roots):
        s = float(w * dsigma(name, w * r + b))
        out.append(FixedPoint(r, s, abs(s) < 1.0))
    return out


def behaviour_1d(x: np.ndarray, name: str, tol: float = 1e-3) -> str:
    """What a trajectory did, as one key: 'diverges', 'converges', 'converges-oscillating',
    'saturates' (settled where |σ'| is tiny), 'cycle-2' or 'wanders'."""
    if len(x) < 3:
        return "wanders"  # too short to tell
    big = abs(x[-1]) > 20 * (1 + abs(x[0])) and abs(x[-1]) > abs(x[-3]) + tol
    if np.max(np.abs(x)) >= BLOW_UP * 0.999 or big:
        return "diverges"
    if abs(x[-1] - x[-2]) < tol:
        if (name == "tanh" and abs(x[-1]) > 0.95) or (name == "sigmoid" and min(x[-1], 1 - x[-1]) < 0.03):
            return "saturates"
        d = np.diff(x)
        d = d[np.abs(d) > tol]
        flips = np.sum(np.sign(d[:-1]) != np.sign(d[1:])) if len(d) > 2 else 0
        return "converges-oscillating" if flips > len(d) // 2 else "converges"
    if abs(x[-1] - x[-3]) < tol:
        return "cycle-2"
    return "wanders"


# name -> (w, b, σ, x0): one click shows each behaviour of the 1-D map
PRESETS_1D = {
    "decay": (0.6, 0.4, "identity", 3.0),
    "oscillate": (-0.8, 0.0, "identity", 2.0),
    "diverge": (1.15, 0.1, "identity", 0.5),
    "saturate": (3.0, 0.5, "tanh", -0.2),
    "two-stable": (2.0, 0.0, "tanh", 0.05),
    "cycle": (-3.0, 0.0, "tanh", 0.3),
}


# ---------------------------------------------------------------- 2-D autonomous map
def iterate_2d(W: ArrayLike, b: ArrayLike, starts: ArrayLike, steps: int, name: str = "identity") -> np.ndarray:
    """x_t = σ(W x_{t-1} + b) from every start.  W (2,2), b (2,), starts (K,2) -> (K, steps+1, 2)."""
    W, b = np.asarray(W, float), np.asarray(b, float)
    x = np.empty((len(starts), steps + 1, 2))
    x[:, 0] = starts
    for t in range(1, steps + 1):
        x[:, t] = np.clip(sigma(name, x[:, t - 1] @ W.T + b), -BLOW_UP, BLOW_UP)
    return x


def eigenvalues(W: ArrayLike) -> np.ndarray:
    """λ(W) (complex, sorted by modulus, largest first).  For σ = identity and b = 0 the state
    shrinks to 0 iff every |λ| < 1; a complex pair makes it rotate by arg λ per step."""
    lam = np.linalg.eigvals(np.asarray(W, float))
    return lam[np.argsort(-np.abs(lam), kind="stable")]


def spectral_radius(W: np.ndarray) -> float:
    """ρ(W) = max |λ| over the eigenvalues of W (float64, for the small matrices of the System screen;
    core.diagnostics.spectral_radius is the torch one for a trained W_xx)."""
    return float(np.abs(eigenvalues(W)).max())


def start_ring(k: int = 8, radius: float = 1.5) -> np.ndarray:
    """k starting points evenly on a circle (k,2): trajectories from all directions."""
    a = 2 * np.pi * np.arange(k) / k + np.pi / k
    return radius * np.stack([np.cos(a), np.sin(a)], axis=1)


def rotation(theta: float, r: float = 1.0) -> np.ndarray:
    return r * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


# name -> (W_xx, σ): decay, rotation, saturation, unstable
PRESETS_2D = {
    "decay": (np.array([[0.8, 0.0], [0.0, 0.5]]), "identity"),
    "rotation": (np.round(rotation(0.5, 0.95), 3), "identity"),
    "saturation": (np.array([[1.8, 0.3], [-0.3, 1.8]]), "tanh"),
    "unstable": (np.array([[1.1, 0.3], [0.0, 1.05]]), "identity"),
}


# ---------------------------------------------------------------- driven and observed
INPUTS = ("step", "pulse", "sine", "clouds")


def make_input(kind: str, T: int, start: int = 5, amp: float = 1.0, period: float = 12.0,
               seed: int = 0) -> np.ndarray:
    """u_1..u_T (T,).  step: amp from `start` on; pulse: amp at `start` only; sine: amp·sin of
    the given period; clouds: a seeded synthetic daily cloud-cover fraction in [0,1] (weather
    fronts as a smoothed random walk; synthetic, not measured data)."""
    t = np.arange(1, T + 1)
    if kind == "step":
        return np.where(t >= start, amp, 0.0)
    if kind == "pulse":
        return np.where(t == start, amp, 0.0)
    if kind == "sine":
        return amp * np.sin(2 * np.pi * t / period)
    if kind == "clouds":
        rng = np.random.default_rng(seed)
        z = np.cumsum(rng.normal(0, 0.6, T + 10))
        z = np.convolve(z - z.mean(), np.ones(3) / 3, mode="same")[5:T + 5]
        return amp * sigma("sigmoid", z)
    raise ValueError(f"Unknown input '{kind}'. Choose one of: {', '.join(INPUTS)}.")


def drive(w: float, w_u: float, b: float, u: ArrayLike, x0: float = 0.0, name: str = "tanh") -> np.ndarray:
    """x_0 = x0, x_t = σ(w x_{t-1} + w_u u_t + b) for t = 1..T.  u (T,) -> x (T+1,)."""
    u = np.asarray(u, float)
    x = np.empty(len(u) + 1)
    x[0] = x0
    for t in range(1, len(u) + 1):
        x[t] = np.clip(sigma(name, w * x[t - 1] + w_u * u[t - 1] + b), -BLOW_UP, BLOW_UP)
    return x


def observe(x: ArrayLike, k: float = 1.0, c: float = 0.0) -> np.ndarray:
    """y_t = h(x_t) = sigmoid(k x_t + c): e.g. the chance of rain we see, not the state behind it."""
    return sigma("sigmoid", k * np.asarray(x, float) + c)


def perturbation(w: float, w_u: float, b: float, u: ArrayLike, t0: int, delta: float, x0: float = 0.0,
                 name: str = "tanh") -> np.ndarray:
    """|Δx_t| for t = 0..T when u_{t0} is replaced by u_{t0} + δ (t0 in 1..T): how long an early
    input lives on in the state.  For σ = identity, |Δx_t| = |w|^(t-t0) |w_u δ| for t ≥ t0."""
    u = np.asarray(u, float)
    if not 1 <= t0 <= len(u):
        raise ValueError(f"The nudged step t0 must be between 1 and {len(u)}.")
    v = u.copy()
    v[t0 - 1] += delta
    return np.abs(drive(w, w_u, b, v, x0, name) - drive(w, w_u, b, u, x0, name))


def memory_time(dx: ArrayLike, t0: int, fraction: float = 0.01) -> int | None:
    """Steps after t0 until |Δx_t| first falls below `fraction` of |Δx_{t0}|; None if it never
    does within the run (or the nudge did not move x at all)."""
    dx = np.asarray(dx, float)
    if dx[t0] == 0.0:
        return None
    below = np.nonzero(dx[t0:] < fraction * dx[t0])[0]
    return int(below[0]) if len(below) else None


def memory_span(lam_abs: float) -> float:
    """About how many steps the linear system x_t = λ x_{t-1} + u_t remembers one input: its
    trace λ^n shrinks by a factor e after n = −1/ln|λ| ≈ 1/(1−|λ|) steps (−ln|λ| ≈ 1−|λ| when
    |λ| is near 1). This is the memory of each mode of the LRU cell (core/lru.py)."""
    if not 0 <= lam_abs < 1:
        raise ValueError("The memory span is defined for 0 ≤ |λ| < 1.")
    return 1.0 / (1.0 - lam_abs)


def linear_memory_steps(w: float, fraction: float = 0.01) -> int:
    """Steps until a nudge to x_t = w x_{t-1} + w_u u_t shrinks below `fraction` of its first size:
    |Δx_{t0+n}| = |w|^n |w_u δ|, so n = ⌊ln fraction / ln|w|⌋ + 1, for 0 < |w| < 1."""
    if not 0 < abs(w) < 1:
        raise ValueError("A nudge dies out (and its steps can be counted) only for 0 < |w| < 1.")
    return int(np.floor(np.log(fraction) / np.log(abs(w)))) + 1
