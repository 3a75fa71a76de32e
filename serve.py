"""RNN Explorer's server: `streamlit run serve.py` (what `make run` does). It is Streamlit's own
server for app.py with one route more, the live charts' feed (ui/feed.py): while a run trains,
its charts fetch their updates there instead of waiting for a script run; and each page's HTML
starts loading plotly.js for those charts (ui/preload.py). As it starts, the server imports what
the screens need (torch, the engine), so its first visitor does not wait for that; and its
connections answer without Nagle's 40 ms delay (ui/nodelay.py)."""
import threading

from starlette.middleware import Middleware
from streamlit.starlette import App

from ui import nodelay
from ui.feed import routes
from ui.preload import PreloadPlotly, import_app

nodelay.install()  # before uvicorn serves the socket Streamlit has bound (ui/nodelay.py)
app = App("app.py", routes=routes(), middleware=[Middleware(PreloadPlotly)])
threading.Thread(target=import_app, name="import-app", daemon=True).start()
