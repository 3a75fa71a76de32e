"""Where the bundled data sets live: every file under assets/ that a task, a preset or a screen
reads is found through `bundled_path`, so moving the folder is one change here. Reading a file a
person uploads is core/csvtext.py (limits, encodings) and core/prices.py (price series)."""
import os

ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets")


def bundled_path(*parts: str) -> str:
    """The path of a bundled file, e.g. bundled_path("prices", "sp500_2010_2018.csv")."""
    return os.path.join(ASSETS, *parts)
