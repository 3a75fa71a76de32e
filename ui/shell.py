"""What every page shares: page config, the sidebar language switch, the page list."""
import streamlit as st
import torch

from .i18n import LANGS, tr

# Several browser sessions share two cores: one torch thread each shares them fairly.
torch.set_num_threads(1)


def sidebar():
    st.sidebar.radio("Language / 언어", list(LANGS), format_func=LANGS.get, key="lang",
                     horizontal=True, bind="query-params")


def pages() -> list:
    """The screens, in menu order. A page exists when it works."""
    return [
        st.Page("pages/home.py", title=tr("Home", "홈"), icon=":material/home:", default=True,
                url_path="home"),
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
