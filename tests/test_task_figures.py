"""Chart 6 of the Train screen (core.charts.task_figure) for every registered task, drawn in both
languages from an untrained network: every catalogue id and template field it uses exists, and
the Korean figure is worded in Korean where the English one is in English."""
import re

import pytest
import torch

from core.charts import task_figure
from core.tasks import make_task, task_names
from ui.words import EN, KO

HANGUL = re.compile("[\uac00-\ud7a3]")


def strings(value) -> list[str]:
    """Every string in a figure's plotly JSON (titles, axis titles, trace names, hover templates)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("name", task_names())
def test_every_task_figure_draws_in_both_languages(name):
    task = make_task(name)
    model = task.build_model("gru", 8, "tanh", torch.Generator().manual_seed(0))
    with torch.no_grad():
        en, ko = task_figure(task, model, EN).to_plotly_json(), task_figure(task, model, KO).to_plotly_json()
    assert strings(en["layout"]) != strings(ko["layout"])
    assert any(HANGUL.search(s) for s in strings(ko["layout"]))
    if name != "translate":  # its figure shows the Korean it wrote in both languages
        assert not any(HANGUL.search(s) for s in strings(en))
