"""The three concept screens through the whole app (navigation, sidebar, language), in English
and Korean: no exception, and a changed control changes what the charts draw."""
import json

import numpy as np
import pytest
from readback import latex_numbers
from views import copy_lines

from core.concepts import cell as K

LANGS = ["en", "ko"]


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def ys(spec, i):
    """Trace i's y values (plotly may ship arrays as typed binary; compare the raw JSON instead)."""
    return json.dumps(spec["data"][i].get("y"))


@pytest.mark.parametrize("lang", LANGS)
def test_system_page(app, lang):
    at = app("screens/system.py", lang=lang)
    assert not at.exception
    specs = charts(at)
    assert len(specs) == 6  # cobweb, trajectory, phase, eigenvalues, driven, memory
    assert at.title[0].value == ("1차 시스템" if lang == "ko" else "First-order systems")
    traj = ys(specs[1], 0)
    at.slider(key="sys1_w").set_value(-0.5).run()
    assert not at.exception and ys(charts(at)[1], 0) != traj
    # a preset moves the sliders and the picture: tanh(2x) has two stable fixed points
    at.selectbox(key="sys1_preset").set_value("two-stable").run()
    assert at.slider(key="sys1_w").value == 2.0 and at.selectbox(key="sys1_sigma").value == "tanh"
    fps = [m for m in at.markdown if "x^* =" in m.value]
    assert len(fps) == 3
    assert "-0.9575" in fps[0].value
    # 2-D: the eigenvalue markers follow the matrix
    at.selectbox(key="sys2_preset").set_value("unstable").run()
    eig = charts(at)[3]["data"][1]
    assert sorted(float(t.split("=")[1]) for t in eig["text"]) == [1.05, 1.1]
    before = json.dumps(charts(at)[2]["data"])
    at.slider(key="sys2_w12").set_value(-0.8).run()
    assert json.dumps(charts(at)[2]["data"]) != before
    # hidden state toggle: the grey x_t trace comes and goes, y_t stays
    assert len(charts(at)[4]["data"]) == 3
    at.toggle(key="sys3_show").set_value(False).run()
    assert len(charts(at)[4]["data"]) == 2 and not at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_system_memory_linear_closed_form(app, lang):
    at = app("screens/system.py", lang=lang)
    at.selectbox(key="sys3_sigma").set_value("identity").run()
    at.slider(key="sys3_w").set_value(0.5).run()
    assert not at.exception
    assert at.metric[0].value == str(int(np.floor(np.log(0.01) / np.log(0.5))) + 1)  # 7 steps
    at.slider(key="sys3_w").set_value(0.95).run()  # |w| near 1: the memory span and the LRU link
    text = " ".join(m.value for m in at.markdown)
    assert "**20**" in text and not at.exception  # 1/(1 − 0.95), checked by iteration in test_concepts_system


@pytest.mark.parametrize("lang", LANGS)
def test_cell_page(app, lang):
    at = app("screens/cell.py", lang=lang)
    assert not at.exception
    assert at.latex[1].body.strip("$\n").endswith("= 42")  # I=3, H=4, O=2: 16 + 12 + 4 + 8 + 2
    assert copy_lines(at)["copy_token"] == "I"
    params = charts(at)[0]
    at.slider(key="cell_H").set_value(5).run()
    assert not at.exception and at.latex[1].body.strip("$\n").endswith("= 57")  # 25 + 15 + 5 + 10 + 2
    assert json.dumps(charts(at)[0]) != json.dumps(params)
    # Next: step t = 2, token "like", and the equation shows the cell's own x_2
    eq1 = at.latex[2].body
    at.button(key="cell_next").click().run()
    assert copy_lines(at)["copy_token"] == "like" and at.latex[2].body != eq1
    run = K.run_sentence("I / like / eating", 5, 2, "tanh", seed=0)
    shown = latex_numbers(at.latex[2].body)[-5:]
    assert shown == pytest.approx(run.x[2], abs=0.006)
    at.button(key="cell_next").click().run()
    assert copy_lines(at)["copy_token"] == "eating" and at.button(key="cell_next").disabled
    at.button(key="cell_prev").click().run()
    assert copy_lines(at)["copy_token"] == "like"


@pytest.mark.parametrize("lang", LANGS)
def test_cell_page_user_text(app, lang):
    at = app("screens/cell.py", lang=lang)
    at.text_input(key="cell_text").set_value("나는 / 먹는 것을 / 좋아한다").run()
    assert not at.exception and copy_lines(at)["copy_token"] == "나는"
    at.text_input(key="cell_text").set_value("   ").run()
    assert not at.exception and len(at.error) == 1
    assert ("문장" in at.error[0].value) if lang == "ko" else ("sentence" in at.error[0].value)
    # HTML stays text: shown verbatim in a code block, escaped in the chart's tick labels
    at.text_input(key="cell_text").set_value("<img src=x onerror=alert(1)> / hello").run()
    assert not at.exception and copy_lines(at)["copy_token"] == "<img src=x onerror=alert(1)>"
    assert "&lt;img" in json.dumps(charts(at)[-1]["layout"]["xaxis"]["ticktext"])
    # big hidden size: heatmaps instead of a written-out equation
    at.slider(key="cell_H").set_value(12).run()
    assert not at.exception and len(charts(at)) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_sharing_page(app, lang):
    at = app("screens/sharing.py", lang=lang)
    assert not at.exception
    specs = charts(at)
    assert len(specs) == 3
    conv = json.dumps(specs[1]["data"])
    at.slider(key="share_pos").set_value(4).run()
    assert not at.exception and json.dumps(charts(at)[1]["data"]) != conv
    at.radio(key="share_highlight").set_value("W_yx").run()
    assert any(d.get("name") == "W_yx" and d["line"]["color"] == "darkorange" for d in charts(at)[0]["data"])
    counts = json.dumps(charts(at)[2]["data"])
    at.slider(key="share_H").set_value(64).run()
    assert json.dumps(charts(at)[2]["data"]) != counts and not at.exception
