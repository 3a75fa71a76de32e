import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from core.runtime import configure  # noqa: E402  (after the path is set)

configure()  # as app.py and the CLI do: one torch thread


@pytest.fixture
def app():
    """An AppTest of the whole app (navigation, sidebar and all), run once."""
    from streamlit.testing.v1 import AppTest

    def make(page=None, lang="en", query=None, timeout=60):
        at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=timeout)
        at.session_state["lang"] = lang
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at
    return make
