# The README's two commands are `make serve` and `make test`; the other targets are what they use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# When mkdocs-jupyter imports nbconvert, nbconvert loads and instantiates every exporter it knows (PDF
# and LaTeX ones too) to list the enabled ones in its command-line help: 0.4 s of every MkDocs start,
# tests' builds included. With this set it lists them by name only; the notebook pages use its HTML
# exporter directly, and the built site is byte-identical.
export NBCONVERT_DISABLE_CONFIG_EXPORTERS := 1

.PHONY: setup serve build offline test check bench notebooks clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: setup
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

# The site in site/, with the offline copy zipped into it (a plain `mkdocs build` leaves the zip out).
build: setup
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m sitebuild offline site

# The site as files to open from disk, in site-offline/ (`make build` also ships it zipped in the site).
offline: setup
	SITE_OFFLINE=true $(BIN)/mkdocs build --strict -f mkdocs-offline.yml

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# The inner loop's fast subset: no site build, no browser, no throw-away builds or training runs.
check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -m "not slow and not site and not browser"

notebooks: setup
	$(BIN)/python -m sitebuild.notebooks

bench: setup
	$(BIN)/python bench/build.py

clean:
	rm -rf site site-offline .cache test-results
