"""What core says about a person's file or paste, as ids with fields rather than finished text.

The readers (core/csvtext.py, core/prices.py, core/dates.py, core/runs.py) note what they repaired and refuse
what they cannot use. Each such sentence is a `Said`: an id of `ENGLISH` plus the values that fill
it. A Said *is* its English sentence (a str), so the CLI, the logs and every caller that treats
notes and errors as text keep working; a screen words the same id in its own language through the
catalogue (ui/words/said.py holds the Korean under "said.<id>", ui.i18n.said picks the language).

    notes.append(Said("csv.cp949"))                        a note
    raise InputError("prices.header_only", header="Date")  an error: a ValueError, e.said its Said

A field may itself be a Said (a clause, a month's name): it is worded in the same language, so a
sentence built of parts stays grammatical in both languages (Korean puts the clause elsewhere).
"""
from __future__ import annotations

ENGLISH: dict[str, str] = {
    # core/csvtext.py: from bytes to rows
    "csv.no_file": "There is no file at {path}.",
    "csv.too_big": ("The file is {mb:.1f} MB; files of at most {max_mb} MB are read "
                    "(a daily price series of {max_rows:,} rows is smaller)."),
    "csv.too_many_lines": ("The file has {lines:,} lines; at most {max_rows:,} rows are read (about 400 years of "
                           "trading days). Keep the dates you need, or save a weekly or monthly series."),
    "csv.empty": "The file is empty. Expected a CSV with a date column and a price column, e.g.\n{example}",
    "csv.binary": ("This is not a text file (it looks like a spreadsheet, a PDF or another binary file). "
                   "Save it as CSV (comma-separated text) and try again."),
    "csv.cp949": "The file was not UTF-8; it was read as Korean Windows text (CP949).",
    "csv.cp1252": "The file was not UTF-8; it was read as Western European Windows text (Windows-1252).",
    "csv.not_utf8": "The file is not UTF-8 text. Save it as 'CSV UTF-8' (comma-separated) and try again.",
    "csv.one_field": ("No column with dates was found: every line has a single field. Expected a date column "
                      "and a price column separated by commas or semicolons, e.g.\n{example}"),
    # core/prices.py: from rows to a series
    "prices.too_few_rows": ("The series has {rows} rows; a window of {window} days needs at least {need} rows "
                            "({window} days of history for each forecast, plus days to train on and to test on). "
                            "Use a shorter window or a longer series."),
    "prices.no_date_column": ("No column with dates was found (columns: {columns}). Expected a column such as "
                              "{name_en} or {name_ko} with values like 2024-01-31, e.g.\n{example}"),
    "prices.no_header": "The first line holds values, not column names; it was read as data.",
    "prices.header_only": "The file has a header ({header}) but no rows of data.",
    "prices.sep_semicolon": "Columns were separated by ';'.",
    "prices.sep_tab": "Columns were separated by tabs.",
    "prices.sep_pipe": "Columns were separated by '|'.",
    "prices.no_number_column": ("No column of numbers was found besides the dates (columns: {columns}). "
                                "Expected prices such as 101.5, $1,234.50 or 1.234,50, e.g.\n{example}"),
    "prices.undated_rows": ("{rows} row(s) had no readable date and were left out "
                            "(the first is data row {row}: '{value}')."),
    "prices.unknown_symbol": "The symbol '{symbol}' is not in the file; it holds: {symbols}.",
    "prices.long_file": ("The file lists {count} symbols in a '{column}' column ({shown}); "
                         "each became a column of '{value}' values. Showing {chosen}."),
    "prices.sorted": "The dates were not in order; the rows were sorted from oldest to newest.",
    "prices.duplicates": ("{count} date(s) appeared more than once (first: {first}); "
                          "the last row for each date was kept."),
    "prices.filled": ("Column '{column}' had {count} missing value(s) (first on {first}); each was "
                      "filled with the previous day's value (forward fill)."),
    "prices.no_numbers": "No column of numbers was found besides the dates. Expected, e.g.\n{example}",
    "prices.gaps": ("There are {count} gap(s) longer than a week between dates (the longest: {days} days, "
                    "before {date}); rows are used one after another as consecutive days."),
    "prices.ohlc": "This looks like an open/high/low/close export; using '{column}' by default.",
    "prices.paste_empty": "Paste some prices first, e.g. 101.5, 102.25, 101.75, or CSV lines with a date and a price.",
    "prices.not_a_number": ("'{value}' is not a number. Paste prices separated by commas or new lines, "
                            "e.g. 101.5, 102.25"),
    "prices.no_dates": "No dates were given; the values are numbered day 1, 2, 3, … in the order pasted.",
    "prices.no_such_column": "There is no column '{column}'; choose one of: {columns}.",
    "prices.infinite": "Column '{column}' holds infinite values.",
    # core/dates.py: how the dates were read. {date} is a "dates.day", {why} a "dates.why.*" clause.
    "dates.excel": "The dates were Excel serial numbers (days since {origin}); {value} is {date}.",
    "dates.unix_seconds": "The dates were Unix timestamps (seconds since 1970-01-01, UTC).",
    "dates.unix_milliseconds": "The dates were Unix timestamps (milliseconds since 1970-01-01, UTC).",
    "dates.day_first": ("The dates could be read as month/day or day/month; they were read as day/month "
                        "({example} = {date}), because {why}."),
    "dates.month_first": ("The dates could be read as month/day or day/month; they were read as month/day, "
                          "US style ({example} = {date}), because {why}."),
    "dates.month_first_even": ("The dates could be read as month/day or day/month; they were read as month/day, "
                               "US style ({example} = {date}): both readings look equally plausible. "
                               "If that is wrong, write them as 2024-03-05."),
    "dates.why.order": "only that reading puts them in order",
    "dates.why.gap": "that reading puts them {gap:g} day(s) apart instead of {other:g}",
    "dates.why.weekdays": "that reading puts {share:.0f} % of them on weekdays (trading days) instead of {other:.0f} %",
    "dates.day": "{day} {month} {year}",
    # core/text.py and the tasks (core/tasks/*.py): what a person typed or brought cannot be read
    "text.not_text": "Give the {what} as text.",
    "text.empty": "The {what} is empty: type at least one word.",
    "text.what.sentence": "sentence",
    "text.what.added": "added sentence {n}",
    "text.binary": ("This is not a text file (it looks like a document, a spreadsheet, a PDF or another binary "
                    "file). Save it as plain text (.txt, UTF-8) and try again."),
    "text.not_utf8": "This file is not UTF-8 text. Save it as UTF-8 plain text (.txt) and try again.",
    "translate.empty": "Type an English sentence, for example: I love deep learning",
    "translate.unknown_words": "I don't know the words: {named}{more}. Known words: {known}.",
    "translate.and_more": " and {count} more",
    "translate.too_many_words": ("The sentence has {count} words; this network reads at most {most} "
                                 "(the sequence length T)."),
    "sentiment.cut_chars": "The text has {chars:,} characters; only the last {most:,} were read.",
    "sentiment.cut_tokens": ("The sentence is {tokens} tokens long; only the last {most} were read "
                             "(the sequence length)."),
    "sentiment.not_a_label": "'{value}' is not a label: use positive or negative ({korean}).",
    "sentiment.not_a_list": "Your sentences must be a list of (sentence, label) pairs.",
    "sentiment.too_many": "At most {most} added sentences, please; got {count}.",
    "sentiment.not_a_pair": "Added sentence {n} is not a (sentence, label) pair.",
    "sentiment.too_long": "Added sentence {n} is longer than {most} characters; split it up.",
    "sentiment.no_lines": "Type at least one sentence, one per line.",
    "sentiment.no_label": "Line {n} has no label: write 'positive<TAB>sentence' or pick one label for all lines.",
    "sentiment.line": "Line {n}: {error}",
    "weather.days_format": "Give each day as 6 values separated by commas, days separated by ';'. Example: {example}",
    "weather.missing_columns": "The weather file needs the columns date, {measured}, weather; missing: {missing}.",
    "weather.bad_values": "Dates must look like 2015-12-31 and the four measurements must be numbers.",
    "weather.unknown_sky": "Unknown sky '{sky}'; use one of: {skies}.",
    "weather.forecast": ("Tomorrow's maximum temperature: {tomorrow:.1f} °C "
                         "(persistence, tomorrow = today: {today:.1f} °C)."),
    "caption.bad_index": "Pick an image number from 0 to {last}; got {index}.",
    "caption.not_a_number": "Give the number of a held-out test image, for example: 17",
    "sine.not_numbers": "Give numbers separated by commas, for example: 0, 0.5, 0.87, 1",
    "sine.no_numbers": "Give at least one number, for example: 0, 0.5, 0.87, 1",
    "recall.not_a_symbol": "Give one of the symbols A, B, C or D.",
    "price.not_a_series": "The price data must be a series of numbers (a dict with a 'values' list).",
    "price.not_numbers": "Every price must be a number.",
    "price.not_finite": "Every price must be a finite number (no gaps, no text).",
    "price.dates_mismatch": "There are {prices} prices but {dates} dates.",
    "price.no_dates_list": "There are {prices} prices but no dates.",
    "price.flat": "The training part of the series never changes; there is nothing to learn.",
    "price.too_few": "Give at least {need} prices (this network reads the last {seq_len} daily changes); got {count}.",
    "price.not_positive": "This network was trained on positive prices; the values must all be above zero.",
    "price.forecast": ("Tomorrow's forecast: {tomorrow:,.2f} (today {today:,.2f}{change}). "
                       "Naive forecast (tomorrow = today): {today:,.2f}; mean of the last {seq_len} days: "
                       "{mean:,.2f}."),
    "generate.no_such_text": "There is no bundled text called '{key}'. Choose one of: {choices}.",
    "generate.bad_source": "The text source must be a bundled text's name or a pasted text.",
    "generate.no_text": "The pasted text is missing: paste some text or pick a bundled one.",
    "generate.empty_text": "The text is empty (or only spaces): paste some text to learn from.",
    "generate.cut": "The text has {chars:,} characters; only the first {most:,} are used.",
    "generate.rare_chars": "The text has {count} different characters; the {rare} rarest are shown as {placeholder}.",
    "generate.too_short": ("This text has {chars} characters; with a training window of {seq_len} characters "
                           "it needs at least {need} (one part to train on, one to validate, one to test). "
                           "Use a longer text or a shorter window."),
    "generate.no_start": "Type at least one character to start from.",
    "generate.unknown_chars": ("These characters never occur in the training text, so the network cannot read "
                               "them: {shown}. Leave them out or train on a text that has them."),
    "generate.none_known": ("None of the characters of this start string occur in the training text; "
                            "try one that does, for example {example}."),
    "generate.left_out": "Left out characters the training text never uses: {shown}",
    # core/runs.py: a saved run that cannot be loaded (the run in use is kept)
    "run.unusable": "This file is not a usable saved run ({kind} while reading it).",
    "run.too_large": "This file is larger than {most} MB; a saved run is much smaller.",
    "run.not_zip": "This file is not a saved RNN Explorer run (it is not the zip archive torch.save writes).",
    "run.python_objects": ("This file is not a saved RNN Explorer run: it holds Python objects (a whole model, a "
                           "class or code) besides numbers and weights, and such a file is not opened, because "
                           "opening it could run code."),
    "run.no_header": "This file is not a saved RNN Explorer run (no run header found).",
    "run.version": "This run was saved in format version {version}; this app reads version {reads}.",
    "run.no_field": "This run file has no valid '{key}' field.",
    "run.compressed": ("This file's records are compressed; a saved run stores them as they are "
                       "(a compressed record can unpack to far more than the file's size)."),
    "run.tensors_large": "This run's tensors declare {mb:.0f} MB; a run of this app holds at most {most} MB.",
    "run.records_large": ("This run's settings and records take {mb:.0f} MB; "
                          "a run of this app holds at most {most} MB."),
    "run.too_many_values": ("This run's records hold more than {most:,} values; a run of this app keeps at most "
                            "{rows:,} rows of history."),
    "run.value_kind": "This run file holds a {kind}, which a saved run never holds.",
    "run.tensor_kind": "This run file holds a {kind} tensor; a saved run holds ordinary tensors only.",
    "run.tensor_view": ("This run file holds a tensor that repeats its storage (a view larger than its data); "
                        "a saved run holds ordinary tensors only."),
    "run.settings": "This run's settings are not valid: {problems}",
    "run.step": "This run's step count {step} is not possible.",
    "run.task_data": "This run's data for the task '{task}' is not valid: {reason}",
    "run.task_data_kind": "This run's data for the task '{task}' is not valid ({kind}).",
    "run.history": "This run's history is damaged: {why}.",
    "run.history.not_table": "it is a {kind}, not a table of steps",
    "run.history.not_columns": "its '{part}' are not columns of numbers",
    "run.history.lengths": "its '{part}' columns have different lengths",
    "run.history.not_numbers": "its column '{column}' holds something other than numbers",
    "run.history.grads_not_columns": "its ‖∂L/∂x_t‖ records are not columns",
    "run.history.grads_lengths": "its ‖∂L/∂x_t‖ columns have different lengths",
    "run.history.grads_not_numbers": "its ‖∂L/∂x_t‖ steps or losses are not numbers",
    "run.history.grads_per_step": "its ‖∂L/∂x_t‖ records are not one number per time step",
    "run.weights_fit": "The weights in this run do not fit the network (missing: {missing}, unexpected: {extra}).",
    "run.weight_shape": "The weight {name} has shape {got}; the network needs {need}.",
    "run.weight_dtype": "The weight {name} is {got}; the network needs {need}.",
    "run.weight_finite": "The weight {name} holds NaN or infinite values.",
    "run.optimizer": ("This run's optimizer state does not fit its network, so 'continue' would not be the same "
                      "run; the file was not loaded ({why})."),
    "run.optimizer.bare": ("This run's optimizer state does not fit its network, so 'continue' would not be the "
                           "same run; the file was not loaded."),
    "run.optimizer.none": "no optimizer state in it",
    "run.optimizer.index": "a state for parameter {index}",
    "run.optimizer.shape": "'{key}' of parameter {index} has shape {got}; the parameter is {need}",
    "run.rng_missing": ("This run's random-number state is missing or damaged, so 'continue' would not draw "
                        "the same batches; the file was not loaded."),
    "run.rng_damaged": ("This run's random-number state is damaged, so 'continue' would not draw the same "
                        "batches; the file was not loaded."),
    **{f"dates.month.{m}": name for m, name in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"), start=1)},
}


def _rebuilt(key: str, fields: dict) -> Said:
    return Said(key, **fields)


class Said(str):
    """A sentence of ENGLISH as id + fields; its str value is the English, filled in.
    `key` is the id, `fields` the values (a field that is a Said is worded too)."""

    key: str
    fields: dict[str, object]

    def __new__(cls, key: str, /, **fields: object) -> Said:
        self = super().__new__(cls, ENGLISH[key].format(**fields))
        self.key, self.fields = key, fields
        return self

    def __reduce__(self) -> tuple:
        # Parsed frames (notes in their attrs) are pickled by Streamlit's cache and deep-copied by pandas.
        return _rebuilt, (self.key, self.fields)


class InputError(ValueError):
    """A person's file or paste cannot be used: str(e) is the English sentence, `e.said` the Said.
    InputError("csv.empty", example=...) or InputError(a_said). A ValueError, so callers that catch
    ValueError keep working."""

    def __init__(self, key: str, /, **fields: object) -> None:
        self.said = key if isinstance(key, Said) else Said(key, **fields)
        super().__init__(self.said)

    def __reduce__(self) -> tuple:
        return InputError, (self.said,)
