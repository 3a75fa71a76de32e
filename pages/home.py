"""Home: the post's two equations, the five parameters, the unrolled network."""
import streamlit as st

from ui.i18n import tr

st.title("RNN Explorer")
st.latex(r"x_t = \sigma(W_{xx}\,x_{t-1} + W_{xu}\,u_t + b_x) \qquad y_t = W_{yx}\,x_t + b_y")
st.caption(tr("Work in progress.", "작업 중."))
