"""Pure figure builders: plain data in, plotly Figure out. No streamlit here."""
