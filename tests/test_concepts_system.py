"""First-order systems (core.concepts.system) against closed forms and numpy/torch."""
import json

import numpy as np
import pytest
import torch

from core.charts import system as C
from core.concepts import system as S
from ui.words import EN, KO


@pytest.mark.parametrize("w,b", [(0.5, 0.4), (-0.8, 1.0), (1.3, -0.2)])
def test_identity_fixed_point_closed_form(w, b):
    (fp,) = S.fixed_points_1d(w, b, "identity")
    assert fp.x == pytest.approx(b / (1 - w))
    assert fp.stable == (abs(w) < 1)
    # iterating a stable linear map lands on b/(1-w); an unstable one leaves it
    x = S.iterate_1d(w, b, fp.x + 0.1, 200, "identity")
    assert (abs(x[-1] - fp.x) < 1e-9) == fp.stable


def test_identity_w_one_has_no_fixed_point():
    assert S.fixed_points_1d(1.0, 0.3, "identity") == []


@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
@pytest.mark.parametrize("w,b", [(0.5, 0.2), (2.0, 0.0), (3.0, 0.5), (-3.0, 0.0), (8.0, -4.0)])
def test_nonlinear_fixed_points_solve_the_equation(name, w, b):
    fps = S.fixed_points_1d(w, b, name)
    assert fps, "σ maps a bounded interval into itself, so there is at least one fixed point"
    for fp in fps:
        assert S.sigma(name, w * fp.x + b) == pytest.approx(fp.x, abs=1e-12)
        # slope from torch autograd
        xt = torch.tensor(fp.x, dtype=torch.float64, requires_grad=True)
        f = torch.tanh(w * xt + b) if name == "tanh" else torch.sigmoid(w * xt + b)
        f.backward()
        assert fp.slope == pytest.approx(float(xt.grad), rel=1e-9)
        assert fp.stable == (abs(fp.slope) < 1)


def test_tanh_w2_is_bistable():
    # tanh(2x) = x: 0 (unstable, slope 2) and ±x* (stable), x* = 0.957504...
    fps = S.fixed_points_1d(2.0, 0.0, "tanh")
    assert [round(f.x, 6) for f in fps] == [-0.957504, 0.0, 0.957504]
    assert [f.stable for f in fps] == [True, False, True]
    for x0, side in ((0.05, 1), (-0.05, -1)):
        assert S.iterate_1d(2.0, 0.0, x0, 100, "tanh")[-1] == pytest.approx(side * 0.957504, abs=1e-6)


def test_presets_show_their_behaviour():
    seen = {k: S.behaviour_1d(S.iterate_1d(w, b, x0, 40, n), n) for k, (w, b, n, x0) in S.PRESETS_1D.items()}
    assert seen == {"decay": "converges", "oscillate": "converges-oscillating", "diverge": "diverges",
                    "saturate": "saturates", "two-stable": "saturates", "cycle": "cycle-2"}


def test_divergence_stays_finite():
    x = S.iterate_1d(3.0, 0.0, 1.0, 100, "identity")
    assert np.isfinite(x).all() and abs(x[-1]) == S.BLOW_UP


@pytest.mark.parametrize("name", list(S.PRESETS_2D))
def test_eigenvalues_match_torch(name):
    W, _ = S.PRESETS_2D[name]
    ours = S.eigenvalues(W)
    ref = torch.linalg.eigvals(torch.tensor(W)).numpy()
    assert sorted(np.round(ours, 10), key=lambda z: (z.real, z.imag)) == \
        sorted(np.round(ref, 10), key=lambda z: (z.real, z.imag))
    assert abs(ours[0]) >= abs(ours[-1])


def test_rotation_preset_spirals_in_at_its_radius():
    W, _ = S.PRESETS_2D["rotation"]
    rho = np.max(np.abs(S.eigenvalues(W)))
    paths = S.iterate_2d(W, np.zeros(2), S.start_ring(), 20, "identity")
    # a scaled rotation: every step multiplies the length (1.5 at the start) by ρ exactly
    assert np.linalg.norm(paths[:, 20], axis=1) == pytest.approx(1.5 * rho ** 20 * np.ones(8), rel=1e-3)


def test_unstable_preset_grows_and_saturation_stays_in_the_square():
    W, _ = S.PRESETS_2D["unstable"]
    assert np.max(np.abs(S.eigenvalues(W))) > 1
    assert np.linalg.norm(S.iterate_2d(W, np.zeros(2), S.start_ring(), 60, "identity")[:, -1], axis=1).min() > 10
    W, n = S.PRESETS_2D["saturation"]
    end = S.iterate_2d(W, np.zeros(2), S.start_ring(), 60, n)[:, -1]
    assert np.abs(end).max() < 1 and np.abs(end).max() > 0.9


def test_drive_matches_the_formula_and_observe_is_a_sigmoid():
    u = S.make_input("sine", 30)
    x = S.drive(0.7, 1.5, 0.1, u, 0.2, "tanh")
    assert x[0] == 0.2
    assert x[5] == pytest.approx(np.tanh(0.7 * x[4] + 1.5 * u[4] + 0.1))
    y = S.observe(x, 3.0, -1.0)
    assert y == pytest.approx(torch.sigmoid(torch.tensor(3.0 * x - 1.0)).numpy())


def test_inputs():
    assert list(S.make_input("step", 6, start=3)) == [0, 0, 1, 1, 1, 1]
    assert list(S.make_input("pulse", 6, start=3)) == [0, 0, 1, 0, 0, 0]
    clouds = S.make_input("clouds", 50)
    assert clouds.min() >= 0 and clouds.max() <= 1 and clouds.std() > 0.05
    with pytest.raises(ValueError):
        S.make_input("rain", 5)


@pytest.mark.parametrize("w", [0.5, -0.8, 0.95])
def test_linear_memory_time_closed_form(w):
    u = S.make_input("clouds", 200)
    dx = S.perturbation(w, 2.0, 0.1, u, t0=4, delta=0.3, name="identity")
    assert dx[:4] == pytest.approx(np.zeros(4))
    t = np.arange(4, 201)
    assert dx[4:] == pytest.approx(np.abs(w) ** (t - 4) * 0.6, rel=1e-6)
    assert S.memory_time(dx, 4) == int(np.floor(np.log(0.01) / np.log(abs(w)))) + 1


def test_saturated_tanh_forgets_faster_than_linear():
    u = np.zeros(60)
    lin = S.memory_time(S.perturbation(0.9, 1.0, 2.0, u, 3, 0.1, name="identity"), 3)
    sat = S.memory_time(S.perturbation(0.9, 1.0, 2.0, u, 3, 0.1, name="tanh"), 3)
    assert sat < lin  # σ' ≈ 0 where tanh is flat multiplies every later step's share


def test_bad_t0():
    with pytest.raises(ValueError):
        S.perturbation(0.5, 1, 0, np.zeros(5), 6, 0.1)


def test_figures_carry_the_numbers():
    fig = json.loads(C.cobweb_figure(2.0, 0.0, 0.05, 30, "tanh", EN).to_json())
    fp_x = sorted(d["x"][0] for d in fig["data"] if d.get("mode") == "markers")
    assert fp_x == pytest.approx([-0.957504, 0, 0.957504], abs=1e-6)
    traj = C.trajectory_figure(0.5, 1.0, 0.0, 10, "identity", EN)
    assert list(traj.data[0].y) == pytest.approx(S.iterate_1d(0.5, 1.0, 0.0, 10, "identity"))
    eig = C.eigen_figure(S.rotation(0.3, 1.2), EN)
    assert np.abs(np.array(eig.data[1].x) + 1j * np.array(eig.data[1].y)) == pytest.approx([1.2, 1.2])
    u = S.make_input("step", 10)
    x = S.drive(0.5, 1, 0, u)
    assert len(C.driven_figure(u, x, S.observe(x), True, EN).data) == 3
    assert len(C.driven_figure(u, x, S.observe(x), False, EN).data) == 2
    dx = S.perturbation(0.5, 1, 0, u, 2, 0.5, name="identity")
    assert C.perturbation_figure(dx, 2, words=EN).layout.yaxis.type == "log"


@pytest.mark.parametrize("w", [0.9, 0.95, 0.99, 0.995])
def test_a_linear_system_near_one_remembers_about_one_over_one_minus_lambda_steps(w):
    """The caption's claim, computed: iterate x_t = w x_{t-1} + u_t, nudge u_1, count the steps
    until the trace of the nudge is below 1/e of what it was."""
    u = np.zeros(1200)
    dx = S.perturbation(w, 1.0, 0.0, u, 1, 1.0, name="identity")
    n = S.memory_time(dx, 1, fraction=np.exp(-1))
    assert abs(n - S.memory_span(w)) <= 1


@pytest.mark.parametrize("words", [EN, KO], ids=["en", "ko"])
def test_phase_axes_name_the_state_components_as_indices_not_powers(words):
    from core.charts.system import phase_figure

    fig = phase_figure(np.array([[0.83, -0.46], [0.46, 0.83]]), np.zeros(2), "identity", words=words)
    titles = fig.layout.xaxis.title.text, fig.layout.yaxis.title.text
    assert "x<sub>t</sub>[1]" in titles[0] and "x<sub>t</sub>[2]" in titles[1]  # as the W_xx[1, 2] sliders
    assert not any(c in "".join(titles) for c in "¹²")


@pytest.mark.parametrize("theta,r", [(0.3, 0.7), (2.0, 1.2)])
def test_spectral_radius_is_the_rotations_scale_and_agrees_with_torch(theta, r):
    from core.diagnostics import spectral_radius
    W = S.rotation(theta, r)  # eigenvalues r e^{±iθ}: ρ = r
    assert S.spectral_radius(W) == pytest.approx(r, abs=1e-12)
    assert S.spectral_radius(W) == pytest.approx(spectral_radius(torch.tensor(W)), abs=1e-6)


@pytest.mark.parametrize("w", [0.5, -0.9, 0.99])
def test_linear_memory_steps_is_the_first_n_with_w_to_the_n_below_one_percent(w):
    n = S.linear_memory_steps(w)
    assert abs(w) ** n < 0.01 <= abs(w) ** (n - 1)
    assert (S.linear_memory_steps(0.5), S.linear_memory_steps(0.9)) == (7, 44)
    with pytest.raises(ValueError):
        S.linear_memory_steps(1.0)
