"""What every page shares: page config, the sidebar language switch, the page list."""
import streamlit as st

from . import urlstate
from .i18n import LANGS, tr


def sidebar():
    """The language switch, kept in the link as ?lang=ko."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = urlstate.read_choice("lang", LANGS, "en")
    st.sidebar.radio("Language / 언어", list(LANGS), format_func=LANGS.get, key="lang", horizontal=True)
    presenting()
    st.sidebar.toggle(tr("Presentation mode", "발표 모드"), key="present",
                      help=tr("Large type, controls hidden except Train / Pause / Step, charts sized for a projector.",
                              "큰 글씨, 학습/일시정지/한 스텝 외의 조작 숨김, 프로젝터에 맞는 차트."))
    urlstate.write({"lang": st.session_state["lang"], "present": st.session_state["present"]},
                   {"lang": "en", "present": False})
    presentation_style()


def presenting() -> bool:
    """Presentation mode (from the sidebar, or ?present=true in the link)."""
    if "present" not in st.session_state:
        st.session_state["present"] = urlstate.read_flag("present")
    return bool(st.session_state["present"])


def presentation_style():
    """Large type and no sidebar, for the back of a lecture room; a button leads back."""
    if not presenting():
        return
    st.html("""<style>
      html { font-size: 22px; }
      section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
      .block-container { max-width: 100%; padding-left: 2rem; padding-right: 2rem; }
    </style>""")
    st.button(tr("Leave presentation mode", "발표 모드 끝내기"), key="btn_leave_present", icon=":material/close:",
              on_click=lambda: st.session_state.update(present=False))


def pages() -> list:
    """The screens, in menu order. A page exists when it works."""
    return [
        st.Page("pages/home.py", title=tr("Home", "홈"), icon=":material/home:", default=True),  # at "/"
        st.Page("pages/train.py", title=tr("Train live", "실시간 학습"), icon=":material/model_training:",
                url_path="train"),
        st.Page("pages/system.py", title=tr("First-order systems", "1차 시스템"), icon=":material/timeline:",
                url_path="system"),
        st.Page("pages/cell.py", title=tr("The cell", "RNN 셀"), icon=":material/grid_on:",
                url_path="cell"),
        st.Page("pages/sharing.py", title=tr("Weight sharing", "가중치 공유"), icon=":material/share:",
                url_path="sharing"),
        st.Page("pages/bptt_lab.py", title=tr("BPTT gradient lab", "BPTT 기울기 실험실"),
                icon=":material/trending_down:", url_path="bptt"),
    ]


def require_app():
    """Call first on every page. On a fresh server a deep link (/train?...) is run by Streamlit's
    old pages-folder mode, straight from pages/ and without app.py's navigation and sidebar.
    Switch that mode off for the server and run the link again through app.py."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
