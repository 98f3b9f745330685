# mockroom: `make run` serves the app, `make test` runs every test.
# Both set up what they need on a fresh machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= $(or $(MOCKROOM_DATA_DIR),var)

.PHONY: run test test-python test-client test-e2e lint bench venv client system-deps clean

run: venv client
	$(PY) -m realtime serve --data-dir $(DATA_DIR) --seed-demo

test: venv system-deps client
	$(MAKE) test-python test-client test-e2e

test-python: venv system-deps
	$(PY) -m pytest -q

test-client: client
	@if [ -f client/package.json ]; then cd client && npm test; fi

test-e2e: venv system-deps client
	@if [ -f client/e2e/run.mjs ]; then cd client && npm run e2e; fi

lint: venv
	$(VENV)/bin/ruff check realtime http_api matching signaling tests bench
	$(VENV)/bin/mypy realtime http_api matching signaling

# Each benchmark prints its own table; together they take about 15 minutes.
BENCHES := bench_matching bench_match_api bench_push bench_booking bench_room

bench: venv system-deps
	@for b in $(BENCHES); do echo "== $$b"; $(PY) -m bench.$$b || exit 1; done

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The client is built when it exists; until then the server shows a
# placeholder page.
client:
	@if [ -f client/package.json ]; then \
	  cd client && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build; \
	fi

# Debian packages the tests use: redis-server (multi-process Socket.IO)
# and chromium (browser end-to-end tests).
system-deps:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -f client/package.json ]; then command -v chromium >/dev/null || missing="$$missing chromium"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf $(VENV) client/node_modules client/dist
