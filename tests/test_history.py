"""The run's record stays bounded however long it trains, and keeps what the charts need."""
import numpy as np
import pytest

from core.charts import training as charts
from core.history import CHECKPOINT_BYTES, History
from core.train import StepRecord
from ui.words import EN


def record(step, clipped=False, probe=True, T=20, H=8):
    return StepRecord(step=step, loss=1.0 / step, metric=0.5, grad_norms={"W_xx": 1.0, "W_xu": 2.0, "b_x": 0.5,
                      "W_yx": 0.1, "b_y": 0.2}, grad_total=2.3, clipped=clipped,
                      state_grad=np.linspace(1, 2, T), seconds=0.002, rho=0.9,
                      probe=np.zeros((T, H)) if probe else None, val_loss=0.5 if step % 50 == 0 else None,
                      val_metric=0.7 if step % 50 == 0 else None)


def test_an_hour_of_steps_stays_bounded():
    h = History(max_points=500, max_checkpoints=40)
    for s in range(1, 100_001):
        h.add(record(s, clipped=(s % 997 == 0), probe=(s % 20 == 0)))
    assert len(h.rows["step"]) <= 500 and len(h.checkpoints) <= 41
    assert h.rows["step"] == sorted(h.rows["step"]) and h.rows["step"][-1] > 99_000
    # Thinned rows keep a uniform stride, and clipping that happened in between is still marked.
    steps = np.diff(h.rows["step"])
    assert len(set(steps[:-1])) == 1
    assert sum(h.rows["clipped"]) >= 0.8 * min(100, len(h.rows["step"]))
    assert h.clipped_steps == 100_000 // 997
    assert h.checkpoints[-1].step == 100_000  # the newest checkpoint is always kept


def test_large_probes_keep_fewer_checkpoints():
    """Past CHECKPOINT_BYTES of probe states, a run keeps fewer checkpoints than max_checkpoints:
    T = 500, H = 512 float64 states are 2.05 MB each, so 48 MB hold 24 of them."""
    small, large = History(max_checkpoints=120), History(max_checkpoints=120)
    for s in range(1, 301):
        small.add(record(s))
        large.add(record(s, T=500, H=512))
    size = 500 * 512 * 8 + 500 * 8  # probe + ‖∂L/∂x_t‖, float64
    fits = CHECKPOINT_BYTES // size
    assert fits == 24
    assert len(small.checkpoints) > 60  # small probes: bounded by max_checkpoints only
    assert fits // 2 <= len(large.checkpoints) <= fits < len(small.checkpoints)
    assert sum(c.probe.nbytes + c.state_grad.nbytes for c in large.checkpoints) <= CHECKPOINT_BYTES
    assert large.checkpoints[-1].step == 300  # the newest is always kept


def test_truncation_window_is_shaded_from_the_end():
    fig = charts.state_grad_figure(np.ones(10), 3, EN)
    shapes = fig.layout.shapes
    assert len(shapes) == 4  # windows [8,10], [5,7], [2,4], [1]
    last = max(shapes, key=lambda s: s.x1)
    assert (last.x0, last.x1) == (7.5, 10.5)
    assert len(charts.state_grad_figure(np.ones(10), 0, EN).layout.shapes) == 0


def test_param_chart_marks_clipped_steps_and_plain_round_trip():
    h = History()
    for s in range(1, 11):
        h.add(record(s, clipped=s in (3, 7)))
    fig = charts.param_grad_figure(h, EN)
    marks = [t for t in fig.data if t.mode == "markers"]
    assert list(marks[0].x) == [3, 7]
    back = History.from_plain(h.to_plain())
    assert back.rows["loss"] == pytest.approx(h.rows["loss"]) and back.val == h.val


def test_a_saved_runs_csv_writes_steps_as_whole_numbers():
    import io

    import pandas as pd

    from core.runs import _history  # the check a saved run's history passes on loading

    h = History()
    for s in range(1, 101):
        h.add(record(s, clipped=s == 3))
    back = History.from_plain(_history(h.to_plain()))  # what loading a saved run gives
    for table in (back.val, back.rows):
        text = pd.DataFrame(table).to_csv(index=False)
        steps = [line.split(",")[0] for line in io.StringIO(text).read().splitlines()[1:]]
        assert steps == [str(s) for s in table["step"]] and all("." not in s for s in steps)
    assert back.val["step"] == [50, 100] and back.rows["clipped"][2] is True
