"""Side by side: B differs from A in one setting (the cell too), both train in their own
workers through the slots, not in the page's script run, and the legend hides no curve."""
import json
import threading
import time

import pytest
import torch

from core import RunConfig
from core.charts.compare import loss_overlay
from core.compare import run_pair, variant
from ui.words import EN

PAGE = "screens/train.py"


def test_variant_changes_one_setting_and_refuses_nonsense():
    cfg = RunConfig(task="recall", seq_len=20)
    assert variant(cfg, "cell", "gru") == RunConfig(task="recall", seq_len=20, cell="gru")
    with pytest.raises(ValueError, match="not a cell"):
        variant(cfg, "cell", "transformer")
    with pytest.raises(ValueError, match="between 2 and 200"):
        variant(cfg, "seq_len", 5000)


def test_train_both_with_another_cell_runs_in_workers_and_matches_headless(app):
    at = app(PAGE)
    at.radio(key="cmp_field").set_value("cell").run()
    at.radio(key="cmp_value_cell").set_value("gru").run()
    at.slider(key="cmp_steps").set_value(20).run()
    script_thread = threading.get_ident()
    at.button(key="btn_compare").click().run()  # answers at once: the pair trains in the background
    pair = at.session_state["compare"]
    a, b = pair["runs"]
    assert a.cfg.cell == "elman" and b.cfg.cell == "gru" and a.cfg.seed == b.cfg.seed
    assert a.worker.ident != script_thread and b.worker.ident != script_thread
    deadline = time.monotonic() + 60
    while (a.running or b.running) and time.monotonic() < deadline:
        time.sleep(0.05)
    at.run()
    assert a.trainer.step_count == b.trainer.step_count == 20 and not at.exception
    specs = {el.key: json.loads(el.proto.spec) for el in at.get("plotly_chart") if el.key}
    names = [t["name"] for t in specs["chart_compare_loss"]["data"]]
    assert any("A: Elman" in n for n in names) and any("B: GRU" in n for n in names)
    # The same comparison headless gives the same losses, step for step (the workers changed nothing).
    ha, hb = run_pair(a.cfg, "cell", "gru", 20)
    assert a.history.rows["loss"][-1] == pytest.approx(ha.rows["loss"][-1], rel=1e-6)
    assert b.history.rows["loss"][-1] == pytest.approx(hb.rows["loss"][-1], rel=1e-6)


def test_the_legend_sits_above_the_axes():
    ha, hb = run_pair(RunConfig(seq_len=10, hidden_size=4), "hidden_size", 8, 5)
    fig = loss_overlay(ha, hb, "A: H=4", "B: H=8", EN)
    legend = fig.layout.legend
    # Hung from the figure's top, 30 px down (the toolbar's strip), in figure coordinates: plotly
    # then grows the top margin to fit it, so it never lies on the axes (the browser test measures it).
    assert legend.yref == "container" and legend.yanchor == "top"
    assert legend.y * fig.layout.height == pytest.approx(fig.layout.height - 30)
    assert [t.name for t in fig.data][0].endswith("A: H=4")
    assert torch.isfinite(torch.tensor(ha.rows["loss"])).all()
