import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from core.runtime import configure

configure()  # as app.py and the CLI do: one torch thread


URL_PATHS = {"screens/bptt_lab.py": "bptt"}  # pages whose address is not their file's name


@pytest.fixture
def app():
    """An AppTest of the whole app (navigation, sidebar and all), run once."""
    from streamlit.testing.v1 import AppTest

    def make(page=None, lang="en", query=None, timeout=60, deep=False):
        """deep: open `page` first, as a browser opens a link to it (else Home runs first)."""
        at = AppTest.from_file(os.path.join(ROOT, "app.py"), default_timeout=timeout)
        at.session_state["lang"] = lang
        for k, v in (query or {}).items():
            at.query_params[k] = v
        if page and deep and page != "screens/home.py":  # Home is where "/" starts
            # Before a first run AppTest finds a page by its file name; st.navigation knows it by
            # its url_path (ui/shell.pages), so name the page as a browser's address does.
            from streamlit.util import calc_hash

            at.switch_page(page)
            at._page_hash = calc_hash(URL_PATHS.get(page, os.path.splitext(os.path.basename(page))[0]))
        at.run()
        if page and not deep:
            at.switch_page(page)
            at.run()
        return at
    return make


# The real-browser tests' fixtures (tests/browser.py has the server and the waits): one server and
# one chromium per test module, a fresh browser context (a new session) per test. A module can
# set VIEWPORT = {"width": ..., "height": ...}.
@pytest.fixture(scope="module")
def server():
    from browser import Server, require_browser

    require_browser()
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def chromium():
    """Headless chromium for a module that starts its own servers (tests/test_replicas.py)."""
    from browser import CHROMIUM, FLAGS, require_browser
    from playwright.sync_api import sync_playwright

    require_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser(server, chromium):
    return chromium


@pytest.fixture
def page(request, browser):
    viewport = getattr(request.module, "VIEWPORT", {"width": 1400, "height": 1000})
    ctx = browser.new_context(viewport=viewport, locale="en-US")
    pg = ctx.new_page()
    yield pg
    ctx.close()
