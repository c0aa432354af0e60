# The two commands of the README: `make demo` and `make test`.
# Both create .venv when missing and install the project into it first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint postgresql data bench bench-web serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dalan demo --out out/demo.html

# Debian's Chromium for the real-browser tests (Playwright drives it; it never downloads a browser).
$(CHROMIUM):
	-(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium) >/dev/null 2>&1 || echo "no chromium: the browser tests will be skipped"

# Debian's PostgreSQL server for the PostgreSQL tests (scripts/pg_test_cluster.sh starts a
# throw-away cluster in a temporary folder and stops it after the tests).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql) >/dev/null 2>&1 \
		|| echo "no postgresql: the PostgreSQL tests will be skipped"

# Lint (ruff) and type check (mypy) of the sources.
lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy src

# The tests run in TEST_WORKERS processes (pytest-xdist), a test file per process at a time.
TEST_WORKERS ?= 2

test: $(STAMP) $(CHROMIUM) postgresql lint
	scripts/pg_test_cluster.sh $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# Regenerate the embedded network from ../shared/reference (or REF=path).
data: $(STAMP)
	$(BIN)/python scripts/build_network.py $(if $(REF),--reference $(REF),)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/assignment_vs_aequilibrae.py

bench-web: $(STAMP)
	$(BIN)/python benchmarks/api_load.py --clients 50 --duration 60

serve: $(STAMP)
	$(BIN)/dalan serve

clean:
	rm -rf $(VENV) out .pytest_cache
