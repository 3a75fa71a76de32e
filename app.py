"""RNN Explorer: `streamlit run app.py` (or `make run`)."""
import streamlit as st

from ui import shell

st.set_page_config(page_title="RNN Explorer", page_icon=":material/cycle:", layout="wide")
shell.sidebar()
st.navigation(shell.pages()).run()
