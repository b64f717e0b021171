# plan-extract: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= outputs

.PHONY: install run eval test lint bench units-table clean

install: $(STAMP)

# Re-install only when the project's metadata changes (idempotent).
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/plan-extract run corpus/raw --out $(OUT)
	$(BIN)/plan-extract eval --gold corpus/gold --pred $(OUT)/documents.jsonl

eval: install
	$(BIN)/plan-extract eval --gold corpus/gold --pred $(OUT)/documents.jsonl

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks

# One run, same files: text vs jieba.lcut, PDFs vs pdftotext, 1/10/100 MB, memory, cold start (minutes).
bench: install
	$(BIN)/python -m pytest benchmarks/bench_batch.py --benchmark-only -p no:cacheprovider
	$(BIN)/python benchmarks/bench.py

# After editing rules/units_zh.txt: pint's norms of every unit spelling, read at start-up instead of pint.
units-table: install
	$(BIN)/python -c "from pipeline.units import write_norm_table; write_norm_table()"

clean:
	rm -rf $(VENV) $(OUT)/* .pytest_cache .ruff_cache .hypothesis
	touch $(OUT)/.gitkeep
