"""Labels that come from a file or a person, for plotly figures: Plotly renders a subset of HTML
(<a href>, <b>, <br>, <i>, <span style>, ...) in titles, axis titles, legends and hover text.
`label` escapes it, so a CSV column name or a saved run's source name is shown as written."""
from __future__ import annotations

import html


def label(value: object, limit: int = 80) -> str:
    """`value` as plain text in a plotly title or legend entry, cut to `limit` characters."""
    value = str(value).replace("\n", " ")
    if len(value) > limit:
        value = value[:limit - 1] + "…"
    return html.escape(value, quote=True)
