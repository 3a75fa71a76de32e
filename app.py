"""RNN Explorer: `streamlit run app.py` (or `make run`)."""
import streamlit as st

from core.runtime import configure
from ui import shell

configure(server=True)  # one torch thread per process, a short GIL switch interval for the workers

st.set_page_config(page_title="RNN Explorer", page_icon=":material/cycle:", layout="wide")
shell.sidebar()
st.navigation(shell.pages()).run()
