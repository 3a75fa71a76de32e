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
    ]
