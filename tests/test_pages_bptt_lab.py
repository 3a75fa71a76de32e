"""The BPTT gradient lab page through the whole app, in English and Korean."""
import json
import re

import numpy as np
import pytest


def _charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_page_draws_and_the_scale_slider_changes_the_gradient(app, lang):
    at = app("screens/bptt_lab.py", lang=lang)
    assert not at.exception
    title = "BPTT gradient lab" if lang == "en" else "BPTT 기울기 실험실"
    assert at.title[0].value == title
    charts = _charts(at)
    assert len(charts) == 5  # gradient norms, eig(W_xx), non-normal, clipping, heatmap (recall waits for the button)
    norms = [v for v in charts[0]["data"][0]["y"] if v is not None]
    assert len(charts[0]["data"][0]["x"]) == 60 and len(norms) == 60
    assert at.metric[0].value  # ρ(W_xx) is shown
    rho_before = float(at.metric[0].value)

    at.slider(key="bptt_scale").set_value(2.0).run()
    assert not at.exception
    after = _charts(at)
    assert float(at.metric[0].value) == pytest.approx(2 * rho_before, rel=1e-3)
    assert after[0]["data"][0]["y"] != charts[0]["data"][0]["y"]
    assert after[4]["data"][0]["z"] != charts[4]["data"][0]["z"]
    # The bound (second trace) stays above the curve a person sees.
    y, bound = np.array(after[0]["data"][0]["y"], float), np.array(after[0]["data"][1]["y"], float)
    assert np.all(y <= bound * (1 + 1e-9))


def test_truncation_cuts_the_curve_and_autograd_agrees(app):
    at = app("screens/bptt_lab.py")
    at.slider(key="bptt_T").set_value(30).run()
    at.slider(key="bptt_truncate").set_value(10).run()
    assert not at.exception
    y = _charts(at)[0]["data"][0]["y"]
    assert all(v is None for v in y[:20]) and all(v is not None and v > 0 for v in y[20:])
    # The windows of k steps are counted back from T, so the last one starts at T − k + 1 = 21:
    # the sentence names that step, and the curve starts there.
    start = 30 - 10 + 1
    assert next(t for t, v in enumerate(y, 1) if v is not None) == start
    assert "zero" in at.info[0].value and re.findall(r"\bt = (\d+)", at.info[0].value) == [str(start)]
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[:2] == ["∂L/∂x_t", "δ_t"]
    assert table.iloc[:, 3].max() < 1e-10  # hand-written BPTT = autograd


def test_shorter_sequence_keeps_the_sliders_in_range(app):
    at = app("screens/bptt_lab.py")
    at.slider(key="bptt_truncate").set_value(50).run()
    at.slider(key="bptt_t").set_value(55).run()
    at.slider(key="bptt_T").set_value(10).run()
    assert not at.exception
    assert at.slider(key="bptt_truncate").value == 10 and at.slider(key="bptt_t").value == 10


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_recall_race_runs_on_the_button_and_is_kept(app, lang):
    at = app("screens/bptt_lab.py", lang=lang, timeout=120)
    at.multiselect(key="bptt_recall_lengths").set_value([3, 5]).run()
    at.slider(key="bptt_recall_steps").set_value(40).run()
    said = " ".join(c.value for c in at.caption)
    assert ("8 networks (4 cells × 2 lengths), 40 steps each" if lang == "en" else "네트워크 8개") in said
    at.button(key="bptt_recall_run").click().run()
    assert not at.exception
    race = _charts(at)[5]
    assert [tr["x"] for tr in race["data"]] == [[3, 5]] * 4  # the 8 networks the caption promised
    assert len({(tr["marker"]["symbol"], tr["line"].get("dash")) for tr in race["data"]}) == 4  # apart where equal
    acc = [a for tr in race["data"] for a in tr["y"]]
    assert all(0 <= a <= 1 for a in acc) and max(acc) > 0.9  # some cell learns T = 3
    at.slider(key="bptt_scale").set_value(0.5).run()  # another control: the result stays
    assert len(_charts(at)) == 7  # and the cells' eigenvalues before and after


def test_every_activation_and_an_exploding_matrix_draw(app):
    at = app("screens/bptt_lab.py")
    at.slider(key="bptt_T").set_value(120).run()
    at.slider(key="bptt_scale").set_value(3.0).run()
    for act in ("identity", "relu", "sigmoid", "tanh"):
        at.selectbox(key="bptt_activation").set_value(act).run()
        assert not at.exception, act
        y = _charts(at)[0]["data"][0]["y"]
        assert len(y) == 120 and y[-1] > 0
    at.selectbox(key="bptt_activation").set_value("identity").run()
    y = _charts(at)[0]["data"][0]["y"]
    assert y[0] > 1e30 * y[-1]  # ρ ≈ 3 over 119 steps: it explodes, and the chart shows it


def test_rate_sentence_and_nonnormal_numbers_are_the_computed_ones(app):
    from core.concepts import gradients as G
    at = app("screens/bptt_lab.py")
    p = G.gradient_profile(G.make_lab(1.0, "tanh", 16, 60, 0))
    text = " ".join(m.value for m in at.markdown)
    assert f"**{G.rate_factor(p)[0]:.3g}×** the blue line at t = 1" in text
    assert "often, not always" in text
    nn = G.gradient_profile(G.nonnormal_lab(0.9, 2.0, 8, 60, 0))
    assert f"at **{nn.norms.max() / nn.norms[-1]:.3g}×** ‖∂L/∂x_T‖" in text
    assert f"up to **{np.nanmax(G.rate_factor(nn)):.3g}×** above" in text
    at.slider(key="bptt_nn_alpha").set_value(0.0).run()
    y = _charts(at)[2]["data"]
    np.testing.assert_allclose(np.array(y[0]["y"], float), np.array(y[2]["y"], float), rtol=1e-9)
