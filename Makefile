# hashtag-kit — the two commands a fresh machine needs:
#   make report   set up, then render the default report variants of the bundled sample into reports/
#   make test     set up, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kit-installed
# The CPU build of torch (several GB smaller than the default CUDA build); override on a GPU box.
TORCH_SPEC ?= torch==2.13.0

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export NUMBA_CACHE_DIR ?= $(CURDIR)/data/cache/numba
export PYTHONHASHSEED := 0

.PHONY: setup report sample test test-fast lint format bench clean lab

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet "$(TORCH_SPEC)"
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (hashtag-kit)" >/dev/null
	touch $(STAMP)

sample: setup
	$(BIN)/kit sample --out data/raw/sample.jsonl.gz
	$(BIN)/kit import data/raw/sample.jsonl.gz --out data/processed/sample.parquet

report: setup
	$(BIN)/kit render

test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check kit tests benchmarks
	$(BIN)/ruff format --check kit tests benchmarks

test-fast: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow and not browser"

format: setup
	$(BIN)/ruff format kit tests benchmarks
	$(BIN)/ruff check --fix kit tests benchmarks

bench: setup
	$(BIN)/python -m pip install --quiet -e ".[all,dev,bench]"
	$(BIN)/python benchmarks/run_all.py

lab: setup
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf data/cache data/processed/*.parquet data/processed/*.json reports/*/ reports/index.html
