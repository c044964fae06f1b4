# HIG Updates. `make run` serves the demo site; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the browser tests' accessibility checks, pinned in tests/browser/package-lock.json.
NODE_DIR := tests/browser
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
DEV := DEBUG=1

.PHONY: run test lint bench install lock migrate demo clean serve system-packages

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "Python 3.12+ is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(NODE_DIR) --no-audit --no-fund && touch $@; \
	else \
		echo "npm is not installed: axe-core is not installed and the accessibility tests will be skipped (apt-get install npm)"; \
	fi

# WeasyPrint (the PDF edition, articles/edition/) draws with Pango and needs fonts: Debian packages.
# Installed when missing (as root, like CI); otherwise the command to run is named and make stops.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation

system-packages:
	@command -v dpkg >/dev/null 2>&1 || { echo "Not Debian: install Pango 1.44+ and fonts for WeasyPrint yourself."; exit 0; }; \
	dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; } || \
		{ echo "Could not install WeasyPrint's system libraries ($(PDF_PACKAGES)); the PDF edition needs them." >&2; exit 1; }; \
	else \
		echo "The PDF edition (WeasyPrint) needs Debian packages that are missing. Run:" >&2; \
		echo "  sudo apt-get install $(PDF_PACKAGES)" >&2; exit 1; \
	fi

install: system-packages $(STAMP) $(NODE_STAMP)

# requirements.txt and requirements-dev.txt are locks generated from pyproject.toml: edit the
# ranges there, then `make lock` (existing pins are kept; LOCK_ARGS=--upgrade or
# LOCK_ARGS="--upgrade-package django" to move them). The locks name no index or wheel folder,
# whatever pip is configured to use on the machine that makes them.
LOCK_ARGS ?=
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: install
	$(PIP_COMPILE) --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.txt --output-file requirements-dev.txt pyproject.toml

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV) $(BIN)/python manage.py load_demo
	$(DEV) $(BIN)/python manage.py ensure_local_admin

run: demo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: DEBUG off, settings from the environment (hig_updates/production_check.py names
# what is missing), static files collected, migrations applied, then gunicorn on 127.0.0.1:8000
# (hig_updates/gunicorn.conf.py) behind the proxy.
serve: system-packages $(STAMP)
	$(BIN)/python -m hig_updates.production_check
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn --config hig_updates/gunicorn.conf.py

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var staticfiles $(NODE_DIR)/node_modules
