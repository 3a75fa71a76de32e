"""Text from a link, a file or a person is data, never markup: fed through the link of every
screen, as a CSV column name and as a saved run's source name and file name, none of these is
rendered (markdown bodies carry it escaped, plotly titles carry no raw tag)."""
import json
import re

import numpy as np
import pandas as pd

from core import RunConfig, Trainer
from core.charts.safe import label
from core.runs import run_bytes
from core.tasks import make_task
from ui.safe import text

PAYLOADS = ("[Session expired - click to log in](https://evil.example/login)", "![i](https://evil.example/a.png)",
            "**bold**", "$$x$$", '<a href="https://evil.example">Click here</a>')
PAGES = ("screens/train.py", "screens/home.py", "screens/cell.py", "screens/system.py", "screens/sharing.py",
         "screens/bptt_lab.py")
MARKUP = re.compile(r"(?<!\\)(\]\(|!\[|\*\*|\$\$|<a )")  # a link, an image, bold, LaTeX, a tag: unescaped
KINDS = ("info", "error", "warning", "success", "caption", "markdown", "toast")


def bodies(at) -> list:
    return [el.value for kind in KINDS for el in getattr(at, kind)]


def assert_plain(at):
    """Every body that carries a payload carries it escaped; no figure carries a raw tag."""
    carrying = [b for b in bodies(at) if "evil" in b or "bold" in b or "x$$" in b.replace("\\", "")]
    assert all(not MARKUP.search(b) for b in carrying), [b for b in carrying if MARKUP.search(b)]
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        assert "<a " not in json.dumps(spec.get("layout", {})) + json.dumps([t.get("name") for t in spec["data"]])
    return carrying


def test_escaping_by_hand():
    assert text("**bold**") == r"\*\*bold\*\*" and text("$$x$$") == r"\$\$x\$\$"
    assert text("[a](b)") == r"\[a\]\(b\)" and "\n" not in text("a\n# b")
    assert label('<a href="e">x</a>') == "&lt;a href=&quot;e&quot;&gt;x&lt;/a&gt;"


def test_a_link_is_shown_as_plain_text_on_every_screen(app):
    query = {"task": PAYLOADS[0], **{p: "1" for p in PAYLOADS[1:]}}
    for page in PAGES:
        at = app(None if page == "screens/home.py" else page, query=query)  # Home is the first screen
        assert not at.exception, page
        carrying = assert_plain(at)
        assert carrying, page  # the screen did say what it ignored
        joined = " ".join(carrying).replace("\\", "")
        assert all(p in joined for p in PAYLOADS[1:]), page  # as written, character for character


def _price_source(name):
    values = 100 * np.exp(np.cumsum(np.random.default_rng(0).normal(0, 0.01, 300)))
    return {"name": name, "dates": None, "values": [float(v) for v in values]}


def test_a_saved_runs_source_name_and_file_name_are_plain_text(app):
    evil = PAYLOADS[4]
    trainer = Trainer(RunConfig(task="price", seq_len=5), make_task("price", 5, 0, _price_source(evil)))
    at = app("screens/train.py")
    at.file_uploader(key="upload_run").set_value((f"{PAYLOADS[0]}.pt", run_bytes(trainer), "application/octet-stream"))
    at.run()
    assert not at.exception and at.session_state["run"].trainer.task.series_name == evil
    carrying = assert_plain(at)
    assert any("Click here" in b for b in carrying) and any("evil.example/login" in b.replace("\\",
                                                                                              "") for b in carrying)
    titles = [json.loads(el.proto.spec)["layout"].get("title", {}).get("text", "") for el in at.get("plotly_chart")]
    assert any("&lt;a href" in t for t in titles)  # the name is in the forecast's title, escaped


def test_a_csv_column_name_is_plain_text(app):
    """The column's name, read by the app's CSV reader, becomes the series' name on the screen."""
    from core import prices as data

    days = [str(d.date()) for d in pd.date_range("2020-01-01", periods=300)]
    values = 100 + np.cumsum(np.random.default_rng(1).normal(0, 1, len(days)))
    column = PAYLOADS[4].replace('"', "")
    csv = f"Date,{column}\n" + "\n".join(f"{d},{v:.2f}" for d, v in zip(days, values))
    frame = data.read_price_csv(csv.encode())
    source = data.series_source(frame, column, None)
    at = app("screens/train.py", query={"task": "price"})
    at.session_state["sources"] = {"price": source}  # what "Apply" keeps for the task
    at.number_input(key="seed").set_value(1).run()  # a new network: on the user's series
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["run"].trainer.task.series_name == column
    assert any("Click here" in b for b in assert_plain(at))
