"""The Train screen's lines to copy (ui/copyline): the link and the headless command, as text, with
a Copy button that copies exactly what is shown, and no syntax highlighter loaded for them."""
import json

from browser import wait_idle
from views import copy_lines

from core.config import cli_command

PAGE = "screens/train.py"


def test_the_lines_are_the_runs_link_and_command_in_both_languages(app):
    for lang, copy in (("en", "Copy"), ("ko", "복사")):
        at = app(PAGE, lang=lang, query={"task": "sine", "hidden_size": "24", "seed": "5"})
        assert not at.exception
        run = at.session_state["run"]
        lines = copy_lines(at)
        assert lines["copy_cli"] == cli_command(run.cfg, 100)
        assert "--hidden-size 24" in lines["copy_cli"] and "--seed 5" in lines["copy_cli"]
        assert "/train?" in lines["copy_link"] and "hidden_size=24" in lines["copy_link"]
        assert ("lang=ko" in lines["copy_link"]) == (lang == "ko")
        labels = [json.loads(c.proto.json)["copy"] for c in at.get("bidi_component")
                  if c.proto.component_name == "rnn_explorer.copyline"]
        assert labels == [copy, copy]


def test_copy_puts_the_shown_text_on_the_clipboard(server, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    scripts = []
    page.on("request", lambda r: scripts.append(r.url))
    page.goto(f"{server.url}/train?hidden_size=20&lang=ko")
    wait_idle(page)
    box = page.locator(".st-key-copy_cli .copyline")
    box.scroll_into_view_if_needed()
    shown = box.locator("code").inner_text()
    assert shown.startswith("python -m core train") and "--hidden-size 20" in shown
    box.get_by_role("button", name="복사").click()
    page.wait_for_function("() => document.querySelector('.st-key-copy_cli button').textContent === '복사됨'")
    assert page.evaluate("navigator.clipboard.readText()") == shown
    link = page.locator(".st-key-copy_link code").inner_text()
    assert "hidden_size=20" in link and "lang=ko" in link
    # What the box is for: the default Train screen runs without Streamlit's 1.5 MB highlighter.
    assert not [u for u in scripts if "SyntaxHighlighter" in u]
