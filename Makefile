# Two commands: `make run` starts the app, `make test` runs every test (`make lint` checks the code).
# Both create .venv on first use and install the pinned requirements; later runs install nothing.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench clean

run: $(VENV)/.installed
	$(PY) -m streamlit run serve.py --server.port $(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m pytest -q

# ruff with the settings in pyproject.toml (CI runs it before the tests).
lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

bench: $(VENV)/.installed-dev
	$(PY) bench/run_all.py

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# A stamp per requirements file: pip runs only when a requirements file changed.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache
