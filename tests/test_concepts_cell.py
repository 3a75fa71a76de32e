"""The cell's five parameters, counts and the filled-in equation against core.ElmanRNN."""
import numpy as np
import pytest
import torch
from readback import latex_numbers

from core import ElmanRNN
from core.charts import cell as C
from core.concepts import cell as K
from ui.words import EN


@pytest.mark.parametrize("I,H,O", [(1, 1, 1), (3, 4, 2), (8, 16, 6), (5, 2, 7)])
def test_shapes_and_count_match_elman(I, H, O):
    model = ElmanRNN(I, H, O)
    shapes = K.parameter_shapes(I, H, O)
    assert {k: tuple(v[0].shape) for k, v in model.named_post_parameters().items()} == shapes
    assert K.parameter_count(I, H, O) == sum(p.numel() for p in model.parameters())


def test_bad_sizes():
    with pytest.raises(ValueError, match="hidden size"):
        K.parameter_shapes(2, 0, 1)


def test_make_cell_is_seeded():
    a = K.parameters_numpy(K.make_cell(3, 4, 2, seed=1))
    torch.rand(7)  # the global generator's position must not matter
    b = K.parameters_numpy(K.make_cell(3, 4, 2, seed=1))
    c = K.parameters_numpy(K.make_cell(3, 4, 2, seed=2))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W_xx"], c["W_xx"])
    assert np.abs(a["b_x"]).min() > 0  # biases drawn, so every term shows a number


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "identity"])
def test_step_equals_the_cell_and_the_formula(act):
    model = K.make_cell(3, 4, 2, act, seed=0)
    x_prev, u = np.array([0.3, -0.2, 0.5, 0.1]), np.array([0.0, 1.0, 0.0])
    s = K.step(model, x_prev, u)
    with torch.no_grad():
        xp, ut = torch.tensor(x_prev[None], dtype=torch.float32), torch.tensor(u[None], dtype=torch.float32)
        xt = model.cell(xp, ut)
        _, y = model(ut[:, None], xp)
    assert s.x == pytest.approx(xt[0].numpy())
    assert s.y == pytest.approx(y[0, 0].numpy(), abs=1e-6)
    p = K.parameters_numpy(model)
    assert s.a == pytest.approx(p["W_xx"] @ x_prev + p["W_xu"] @ u + p["b_x"], abs=1e-6)
    assert s.recur + s.inject == pytest.approx(s.a - p["b_x"], abs=1e-6)


def test_filled_in_equation_reads_back_as_the_cell():
    run = K.run_sentence("I / like / eating", 3, 2, "tanh", seed=0)
    p = K.parameters_numpy(run.model)
    t = 2
    s = K.step(run.model, run.x[t - 1], run.u[t - 1])
    nums = latex_numbers(K.state_latex(run.model, s, t, digits=4))
    H, V = 3, 3
    parts = np.split(np.array(nums), np.cumsum([H * H, H, H * V, V, H, H]))
    W_xx, x_prev, W_xu, u, b_x, a, x_t = parts
    assert W_xx.reshape(H, H) == pytest.approx(p["W_xx"], abs=5e-5)
    assert x_prev == pytest.approx(run.x[1], abs=5e-5)
    assert u == pytest.approx([0, 1, 0])  # "like" is the 2nd word of the vocabulary
    assert a == pytest.approx(W_xx.reshape(H, H) @ x_prev + W_xu.reshape(H, V) @ u + b_x, abs=1e-3)
    with torch.no_grad():
        cell = run.model.cell(torch.tensor(run.x[1:2]), torch.tensor(run.u[1:2]))[0].numpy()
    assert x_t == pytest.approx(cell, abs=5e-5)
    assert x_t == pytest.approx(np.tanh(a), abs=1e-4)
    ynums = latex_numbers(K.output_latex(run.model, s, t, digits=4))
    assert ynums[-2:] == pytest.approx(s.y, abs=5e-5)


def test_sentence_states_equal_the_unrolled_model():
    run = K.run_sentence("나는 / 먹는 것을 / 좋아한다 / 나는", 5, 3, "tanh", seed=3)
    assert run.vocab == ["나는", "먹는 것을", "좋아한다"]
    assert run.u.shape == (4, 3) and run.u[3].tolist() == [1, 0, 0]
    with torch.no_grad():
        x, _ = run.model(torch.tensor(run.u[None]))
    assert run.x[0] == pytest.approx(np.zeros(5))
    assert run.x[1:] == pytest.approx(x[0].numpy(), abs=1e-6)


def test_tokenize():
    assert K.tokenize(" I / like /eating ") == ["I", "like", "eating"]
    assert K.tokenize("I like eating") == ["I", "like", "eating"]
    with pytest.raises(ValueError, match="sentence"):
        K.tokenize("  /  ")
    with pytest.raises(ValueError, match="at most"):
        K.tokenize(" ".join(["a"] * (K.MAX_TOKENS + 1)))


def test_no_negative_zero_in_latex():
    assert "-0.00" not in K._bmatrix(np.array([[-0.0001, 0.0]]), 2)


def test_figures():
    p = K.parameters_numpy(K.make_cell(3, 4, 2, seed=0))
    fig = C.params_figure(p, EN)
    assert [np.shape(d.z) for d in fig.data] == [(4, 4), (4, 3), (4, 1), (2, 4), (2, 1)]
    run = K.run_sentence("<b>x</b> y", 3, 2)
    sf = C.states_figure(run.x, run.tokens, 1, EN)
    assert "&lt;b&gt;x&lt;" in sf.layout.xaxis.ticktext[1]
    z = np.array(sf.data[0].z, dtype=float)
    assert np.isnan(z[:, 2:]).all() and not np.isnan(z[:, :2]).any()
    s = K.step(run.model, run.x[0], run.u[0])
    assert np.array(C.step_figure(s, EN).data[0].z)[:, -1] == pytest.approx(s.x)


def test_a_new_sentence_keeps_the_shared_parameters():
    """Only W_xu depends on the vocabulary, one column per token: the rest stays, and a word met
    again in another sentence meets the same column."""
    a = K.run_sentence("I / like / eating", 4, 2)
    b = K.run_sentence("you / like / deep / learning / a lot", 4, 2)
    pa, pb = K.parameters_numpy(a.model), K.parameters_numpy(b.model)
    for name in ("W_xx", "b_x", "W_yx", "b_y"):
        np.testing.assert_array_equal(pa[name], pb[name])
    np.testing.assert_array_equal(pa["W_xu"][:, a.vocab.index("like")], pb["W_xu"][:, b.vocab.index("like")])
    assert not np.allclose(pa["W_xu"][:, 0], pb["W_xu"][:, 0])  # "I" and "you" are different words
    assert pb["W_xu"].shape == (4, len(b.vocab))
