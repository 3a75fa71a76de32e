"""Shareable links on the concept screens and Home: a link with settings opens the screen with
them (the widgets and the charts), the link written back after a run reopens the same screen,
and a bad link gives notices, never an exception."""
import base64
import json
import re

import numpy as np
import pytest
from views import copy_lines


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def arr(v):
    """A trace's array: plotly ships numeric arrays as typed binary ({dtype, bdata})."""
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
    return np.array(v, dtype=float)


KINDS = ("slider", "select_slider", "selectbox", "radio", "toggle", "text_input", "number_input", "multiselect")


def widget(at, key):
    """The widget drawn with `key`, whatever kind it is."""
    for kind in KINDS:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise KeyError(key)


def values(at, keys):
    """What the widgets show."""
    return {k: widget(at, k).value for k in keys}


def notes(at):
    """The link's notices (other st.info boxes explain the charts), as a person reads them: the
    values quoted from the link are markdown-escaped (ui/safe.py), shown without the backslashes."""
    said = " ".join(i.value for i in at.info if i.icon == ":material/link:")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", said)


def open_(app, page, **kw):
    """The app opened on `page` (Home is where the app starts: no page switch, one first run)."""
    return app(None if page == "screens/home.py" else page, **kw)


def reopen(app, page, at):
    """A new session opening the link the first one shows after its run."""
    query = {k: v for k, v in at.query_params.items() if k not in ("lang",)}
    return open_(app, page, query=query)


# page, a link with non-default settings, the widget values it must give
LINKS = {
    "screens/system.py": ({"sys1_w": "-0.5", "sys1_sigma": "tanh", "sys1_steps": "20", "sys2_w12": "-0.8",
                         "sys3_show": "false", "sys3_T": "90", "sys3_input": "step"},
                        {"sys1_w": -0.5, "sys1_sigma": "tanh", "sys1_steps": 20, "sys2_w12": -0.8,
                         "sys3_show": False, "sys3_T": 90, "sys3_input": "step"}),
    "screens/cell.py": ({"cell_H": "5", "cell_act": "relu", "cell_text": "나는 / 먹는 것을 / 좋아한다 / 나는"},
                      {"cell_H": 5, "cell_act": "relu", "cell_text": "나는 / 먹는 것을 / 좋아한다 / 나는"}),
    "screens/sharing.py": ({"share_T": "8", "share_k": "4", "share_pos": "6", "share_highlight": "W_yx",
                          "share_Tmax": "200"},
                         {"share_T": 8, "share_k": 4, "share_pos": 6, "share_highlight": "W_yx", "share_Tmax": 200}),
    "screens/bptt_lab.py": ({"bptt_scale": "2", "bptt_T": "30", "bptt_truncate": "10", "bptt_hidden": "8",
                           "bptt_t": "12", "bptt_recall_lengths": "3,80"},
                          {"bptt_scale": 2.0, "bptt_T": 30, "bptt_truncate": 10, "bptt_hidden": 8, "bptt_t": 12,
                           "bptt_recall_lengths": [3, 80]}),
    "screens/home.py": ({"home_H": "20", "home_T": "7", "home_highlight": "W_yx"},
                      {"home_H": 20, "home_T": 7, "home_highlight": "W_yx"}),
}


@pytest.mark.parametrize("page", list(LINKS))
def test_a_link_opens_the_screen_and_round_trips(app, page):
    query, expected = LINKS[page]
    plain = open_(app, page)
    at = open_(app, page, query=query)
    assert not at.exception and not notes(at)
    assert values(at, expected) == expected
    assert json.dumps(charts(at)) != json.dumps(charts(plain))  # the pictures follow the link
    again = reopen(app, page, at)  # the link written back after the run
    assert not again.exception and values(again, expected) == expected
    assert json.dumps(charts(again)) == json.dumps(charts(at))
    assert set(at.query_params) - {"lang"} == set(query)  # every changed setting, no default
    # a Korean session writes the same (untranslated) values
    ko = open_(app, page, lang="ko", query=query)
    assert {k: v for k, v in ko.query_params.items() if k != "lang"} == \
           {k: v for k, v in at.query_params.items() if k != "lang"}


def test_the_charts_draw_what_the_link_says(app):
    at = app("screens/system.py", query=LINKS["screens/system.py"][0])
    specs = charts(at)
    assert arr(specs[1]["data"][0]["x"]).tolist() == list(range(21))  # trajectory x_0..x_20
    assert len(specs[4]["data"]) == 2  # hidden state hidden: only u_t and y_t
    at = app("screens/bptt_lab.py", query=LINKS["screens/bptt_lab.py"][0])
    norms = charts(at)[0]["data"][0]
    assert len(arr(norms["x"])) == 30 and np.isnan(arr(norms["y"])).sum() == 20  # zero before the window
    at = app("screens/sharing.py", query=LINKS["screens/sharing.py"][0])
    assert arr(charts(at)[2]["data"][0]["x"])[-1] == 200  # the counts run to the longest T
    at = app("screens/cell.py", query=LINKS["screens/cell.py"][0])
    assert at.latex[1].body.strip("$\n").endswith("= 57") and copy_lines(at)["copy_token"] == "나는"


# page, a bad link, the values the screen falls back to, words the notices name, how many notices
BAD = {
    "screens/system.py": ({"sys1_w": "9", "sys1_steps": "many", "sys3_show": "maybe", "sys1_sigma": "relu",
                         "colour": "red"}, {"sys1_w": 4.0, "sys1_steps": 40, "sys3_show": True,
                                            "sys1_sigma": "identity"},
                        ["sys1_w", "4.0", "many", "maybe", "relu", "colour"], 5),
    "screens/cell.py": ({"cell_I": "0", "cell_H": "2.5", "cell_O": "nan", "cell_text": "x" * 600, "task": "sine"},
                      {"cell_I": 1, "cell_H": 2, "cell_O": 2, "cell_text": "x" * 500},
                      ["cell_I", "whole number", "nan", "500", "task"], 5),
    "screens/sharing.py": ({"share_k": "5", "share_pos": "9", "share_T": "-inf", "share_H": "1e9", "zoom": "2"},
                         {"share_k": 5, "share_pos": 5, "share_T": 2, "share_H": 128},
                         ["share_pos", "0–5", "share_T", "share_H", "zoom"], 4),
    "screens/bptt_lab.py": ({"bptt_T": "20", "bptt_truncate": "50", "bptt_t": "0", "bptt_hidden": "3",
                           "bptt_recall_lengths": "5,7", "bptt_scale": "x"},
                          {"bptt_T": 20, "bptt_truncate": 20, "bptt_t": 1, "bptt_hidden": 16,
                           "bptt_recall_lengths": [5], "bptt_scale": 1.0},
                          ["bptt_truncate", "0–20", "bptt_t", "bptt_hidden", "5,7", "bptt_scale"], 5),
    "screens/home.py": ({"home_T": "99", "home_highlight": "W_zz", "nonsense": "1"},
                      {"home_T": 10, "home_highlight": "W_xx"}, ["home_T", "W_zz", "nonsense"], 3),
}


@pytest.mark.parametrize("page", list(BAD))
def test_a_bad_link_gives_notices_not_an_exception(app, page):
    query, expected, words, n = BAD[page]
    at = open_(app, page, query=query)
    assert not at.exception
    assert values(at, expected) == expected
    said = notes(at)
    for word in words:
        assert word in said, word
    assert sum(i.icon == ":material/link:" for i in at.info) == n  # one sentence per problem
    ko = open_(app, page, lang="ko", query=query)  # the same notices, in Korean
    assert not ko.exception and re.search("[가-힣]", notes(ko))


def test_a_dependent_range_stays_valid_when_the_other_widget_moves(app):
    at = app("screens/sharing.py", query={"share_pos": "7"})
    assert at.session_state["share_pos"] == 7
    at.slider(key="share_k").set_value(5).run()  # the kernel now fits only up to position 5
    assert not at.exception and at.session_state["share_pos"] == 5
    assert at.query_params["share_pos"] == "5" and at.query_params["share_k"] == "5"
