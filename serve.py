"""RNN Explorer's server: `streamlit run serve.py` (what `make run` does). It is Streamlit's own
server for app.py with one route more, the live charts' feed (ui/feed.py): while a run trains,
its charts fetch their updates there instead of waiting for a script run."""
from streamlit.starlette import App

from ui.feed import routes

app = App("app.py", routes=routes())
