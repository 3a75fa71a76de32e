"""What every page shares: page config, the sidebar language switch, the page list."""
import streamlit as st

from . import urlstate
from .i18n import LANGS, tr


def sidebar() -> None:
    """The language switch and presentation mode: settings of every screen (urlstate.SHELL), so
    ?lang=ko and ?present=true in a link work on any screen and stay in the link across screens."""
    urlstate.bind_shell()
    st.sidebar.radio("Language / 언어", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True,
                     on_change=_relabel, persist_state=urlstate.KEEP)
    st.sidebar.toggle(tr("Presentation mode", "발표 모드"), key="present", persist_state=urlstate.KEEP,
                      help=tr("Large type, controls hidden except Train / Pause / Step, charts sized for a projector.",
                              "큰 글씨, 학습/일시정지/한 스텝 외의 조작 숨김, 프로젝터에 맞는 차트."))
    presentation_style()
    connection_note()


def connection_note() -> None:
    """A sentence that shows only while the browser has lost its server (Streamlit marks the app
    with its connection state): a replica restarted or the network dropped. Drawn with every page,
    in the page's language, so it is there before the connection goes."""
    st.html(f"""<style>
      [data-testid="stElementContainer"]:has(.rnnx-offline) {{ position: absolute; }}  /* no gap in the page */
      .rnnx-offline {{ display: none; }}
      [data-test-connection-state]:not([data-test-connection-state="CONNECTED"]) .rnnx-offline {{
        display: block; position: fixed; bottom: 1.5rem; left: 50%; transform: translateX(-50%); z-index: 2147483647;
        max-width: 40rem; padding: 0.7rem 1rem; border-radius: 0.5rem; background: #fff4e5; color: #5f370e;
        border: 1px solid #f0b46a; box-shadow: 0 2px 8px rgba(0,0,0,.15); }}
    </style><div class="rnnx-offline" role="status">{tr(
        "The connection to the server is lost. The page reconnects by itself. A run that was only on "
        "that server starts again at step 0: load the file from Save run under Train, in “Save or load a run”.",
        "서버와의 연결이 끊겼습니다. 페이지는 저절로 다시 연결됩니다. 그 서버에만 있던 실행은 스텝 0부터 다시 "
        "시작합니다. 학습 화면의 실행 저장으로 받은 파일을 “실행 저장 / 불러오기”에서 불러오세요.")}</div>""")


def _relabel():
    """A select box keeps showing the option text it was drawn with (a Streamlit limitation):
    give every choice its value again, so the browser redraws it in the new language. Reading a
    value here still uses the labels it was drawn with, so the choice itself is kept."""
    ss = st.session_state
    for key in list(ss.keys()):
        value = ss[key]
        if isinstance(value, str) and key != "lang" and not key.startswith("_"):
            ss[key] = value


def presenting() -> bool:
    """Presentation mode (from the sidebar, or ?present=true in the link)."""
    return bool(st.session_state.get("present", False))


def presentation_style() -> None:
    """Large type and no sidebar, for the back of a lecture room; a button leads back."""
    if not presenting():
        return
    # Large type, no sidebar, no header band, and no "Load the trained model" (a lecture trains
    # live): the loss chart and the state heatmap fit a 1024×768 projector's first screen.
    st.html("""<style>
      html { font-size: 20px; }
      section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
      header[data-testid="stHeader"], .st-key-btn_pretrained { display: none; }
      .block-container { max-width: 100%; padding: 0.6rem 1.2rem 2rem 1.2rem; }
      .block-container h1 { font-size: 1.6rem; padding: 0 0 0.2rem 0; }
      .st-key-btn_leave_present { position: fixed; top: 0.4rem; right: 1rem; z-index: 1000; }
      .st-key-btn_leave_present button { font-size: 0.7rem; min-height: 1.6rem; padding: 0 0.5rem; }
    </style>""")
    st.button(tr("Leave presentation mode", "발표 모드 끝내기"), key="btn_leave_present", icon=":material/close:",
              on_click=lambda: st.session_state.update(present=False))


def pages() -> list:
    """The screens, in menu order. A page exists when it works."""
    return [
        st.Page("screens/home.py", title=tr("Home", "홈"), icon=":material/home:", default=True),  # at "/"
        st.Page("screens/train.py", title=tr("Train live", "실시간 학습"), icon=":material/model_training:",
                url_path="train"),
        st.Page("screens/system.py", title=tr("First-order systems", "1차 시스템"), icon=":material/timeline:",
                url_path="system"),
        st.Page("screens/cell.py", title=tr("The cell", "RNN 셀"), icon=":material/grid_on:",
                url_path="cell"),
        st.Page("screens/sharing.py", title=tr("Weight sharing", "가중치 공유"), icon=":material/share:",
                url_path="sharing"),
        st.Page("screens/bptt_lab.py", title=tr("BPTT gradient lab", "BPTT 기울기 실험실"),
                icon=":material/trending_down:", url_path="bptt"),
    ]


def require_app(home_only: bool = False) -> None:
    """Call first on every page. The screens live in screens/, not pages/, so Streamlit's old
    pages-folder mode (which ran a fresh server's first deep link straight from pages/, without
    app.py's navigation and sidebar) never starts. Should a pages/ folder appear next to app.py
    again, switch that mode off for the server and run the link again through app.py.
    app.py calls it with home_only for a first visit at "/": drawn inside that mode, the sidebar's
    links would open the next screen without the session's language; a deep link is left to its page."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if PagesManager.uses_pages_directory:
        pm = getattr(get_script_run_ctx(), "pages_manager", None)
        if home_only and pm is not None and (pm.intended_page_name or pm.intended_page_script_hash
                                             not in (None, "", pm.main_script_hash)):
            return  # a page was asked for (by its address or by a switch): its own call does this
        PagesManager.uses_pages_directory = False
        st.rerun()
