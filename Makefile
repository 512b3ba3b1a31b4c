# hashtag-kit — the two commands a fresh machine needs:
#   make report   set up, then render the default report variants of the bundled sample into reports/
#   make test     set up, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kit-installed
# The CPU build of torch (several GB smaller than the default CUDA build), from PyTorch's CPU index
# when that host answers (else from pip's configured sources: an offline mirror or a wheel folder);
# on a GPU box: make TORCH_SPEC=torch TORCH_INDEX= setup
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX ?= $(shell $(PYTHON) -c "import socket; socket.getaddrinfo('download.pytorch.org', 443)" \
	>/dev/null 2>&1 && echo https://download.pytorch.org/whl/cpu)
TORCH_FROM = $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX))
# `make wheelhouse`: every wheel an offline laptop needs (see notebooks/workshop/README.md)
WHEELHOUSE ?= wheelhouse

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export NUMBA_CACHE_DIR ?= $(CURDIR)/data/cache/numba
export PYTHONHASHSEED := 0

.PHONY: setup report sample test test-fast lint format bench clean lab wheelhouse

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet $(TORCH_FROM) "$(TORCH_SPEC)"
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

# The kit's wheel and the wheels of exactly the versions installed (and tested) in .venv, for
# `pip install --no-index --find-links wheelhouse 'hashtag-kit[all]'` on machines of the same OS,
# CPU architecture and Python version (pip builds a wheel from any package that ships only sources).
wheelhouse: setup
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/python -m pip list --format=freeze --exclude-editable > $(WHEELHOUSE)/constraints.txt
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w $(WHEELHOUSE) .
	$(BIN)/python -m pip wheel --quiet -w $(WHEELHOUSE) $(TORCH_FROM) \
		-c $(WHEELHOUSE)/constraints.txt "$$(ls $(WHEELHOUSE)/hashtag_kit-*.whl)[all]"
	@echo "$(WHEELHOUSE)/ holds $$(ls $(WHEELHOUSE)/*.whl | wc -l) wheels; on each laptop:" \
		"python3 -m venv .venv && .venv/bin/pip install --no-index --find-links $(WHEELHOUSE) 'hashtag-kit[all]'"

clean:
	rm -rf data/cache data/processed/*.parquet data/processed/*.json reports/*/ reports/index.html
