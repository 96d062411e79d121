# townsquare — `make run` starts an instance, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Account and status URLs use the public host name; locally that is where `make run` listens.
export TOWNSQUARE_DOMAIN ?= $(HOST):$(PORT)

.PHONY: install install-browser run test lint format bench bench-core bench-feeds bench-notes bench-polls bench-poll-2m bench-moderation bench-web bench-integrity wrk demo migrate clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium (never Playwright's own download).
install-browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

migrate: install
	$(BIN)/townsquare migrate

demo: migrate
	$(BIN)/townsquare demo --if-empty

run: demo
	$(BIN)/townsquare serve --host $(HOST) --port $(PORT) --no-migrate

lint: install
	$(BIN)/ruff check src tests bench migrations
	$(BIN)/ruff format --check src tests bench migrations
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench migrations
	$(BIN)/ruff check --fix src tests bench migrations

test: install install-browser lint
	$(BIN)/pytest

# Every benchmark; each writes its own section of docs/benchmarks.md.
bench: bench-core bench-feeds bench-notes bench-polls bench-moderation bench-web bench-integrity

wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

# Feeds: following, for-you and bridging pages on a large seeded database.
bench-feeds: install
	$(BIN)/python -m bench.feeds --databases SQLite,PostgreSQL $(BENCH_ARGS)

# Seeds, serves (2 workers) and load-tests SQLite and PostgreSQL.
bench-core: install wrk
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Fits the community notes model on 1,000,000 generated ratings, then runs the scoring job.
bench-notes: install
	$(BIN)/python -m bench.notes $(BENCH_ARGS)

# Poll storm: votes/s at 64 clients next to the trivial endpoint, SQLite and PostgreSQL.
bench-polls: install wrk
	$(BIN)/python -m bench.polls $(BENCH_ARGS)

# 2,000,000 ballots through the service layer, then the recount (not part of `make bench`).
bench-poll-2m: install
	$(BIN)/python -m bench.polls_2m $(BENCH_ARGS)

# Moderation: 100,000 actions appended and the chain verified; timelines with 20 filters
# and 10 label preferences next to the same timeline without them.
bench-moderation: install
	$(BIN)/python -m bench.moderation $(BENCH_ARGS)

# Integrity: the detectors on a synthetic network with ground truth (about 1,000,000 posts):
# precision, recall, F1, organic false positives and the scan time; then the platform's scan
# end to end on 1,000,000 posts seeded in SQLite (load, detect, write labels and campaigns).
bench-integrity: install
	$(BIN)/python -m bench.integrity $(BENCH_ARGS)
	$(BIN)/python -m bench.integrity_scan $(SCAN_BENCH_ARGS)

# Web pages: home and thread render p99 next to the API's home, under the core bench's load.
bench-web: install wrk
	$(BIN)/python -m bench.web $(BENCH_ARGS)

# A PNG of every page into docs/screenshots/ (a fresh server, seeded through the browser).
screenshots: install install-browser
	$(BIN)/python -m tests.e2e.web.screenshots

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
