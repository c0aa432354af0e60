# The two commands of the README: `make demo` and `make test`.
# Both create .venv when missing and install the project into it first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test data bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dalan demo --out out/demo.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Regenerate the embedded network from ../shared/reference (or REF=path).
data: $(STAMP)
	$(BIN)/python scripts/build_network.py $(if $(REF),--reference $(REF),)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/assignment_vs_aequilibrae.py

clean:
	rm -rf $(VENV) out .pytest_cache
