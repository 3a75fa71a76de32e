"""RNN Explorer: `streamlit run app.py` (or `make run`)."""
import os

import streamlit as st

from core.runtime import configure
from ui import shell

configure(server=True)  # one torch thread per process, a short GIL switch interval for the workers
shell.require_app(home_only=True)  # a fresh server's first run at "/": out of the pages-folder mode first

# A local icon: a Material icon name would be fetched from fonts.gstatic.com, which fails offline.
ICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assets", "favicon.png")
st.set_page_config(page_title="RNN Explorer", page_icon=ICON, layout="wide")
shell.sidebar()
st.navigation(shell.pages()).run()
