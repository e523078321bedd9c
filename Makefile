# The two commands a newcomer needs: `make run` (the archive on its embedded default, with a
# demo catalogue) and `make test` (the whole suite). Both start with `make setup`.
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: setup run test lint bench clean-instance

setup:
	@bash scripts/setup.sh

run: setup
	$(BIN)/replay-archive init
	$(BIN)/replay-archive demo
	$(BIN)/replay-archive run --host $(HOST) --port $(PORT)

test: setup
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check config.py archive media_jobs tests bench
	$(BIN)/mypy config.py archive media_jobs

bench: setup
	$(BIN)/python bench/transcode.py
	$(BIN)/python bench/search.py

clean-instance:
	rm -rf instance
