"""The only shared code that imports streamlit: controls, session state, the live loop."""
