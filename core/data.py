"""Kept so that `from core import data` and `from core.data import read_price_csv` keep working:
the price reader lives in core/prices.py (dates in core/dates.py, file limits and encodings in
core/csvtext.py)."""
from .prices import (LIMITS, MAX_BYTES, MAX_ROWS, bundled_path, read_price_csv, read_price_text,  # noqa: F401
                     require_rows, rows_needed, series_source, too_large)
