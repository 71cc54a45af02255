# Safe Steps tasks. `make help` lists them.
.PHONY: help run test train lint check-directory bench load directory-page stats

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

run:  ## set up, train if stale, run Rasa + actions + gateway (Ctrl-C stops)
	./scripts/run.sh

test:  ## set up and run every test and gate (what CI runs)
	./scripts/test.sh

train:  ## train the model if its inputs changed
	bash -c 'source scripts/lib.sh && ensure_venv && ensure_model'

lint:  ## ruff
	.venv/bin/ruff check .

check-directory:  ## validate the services directory
	.venv/bin/python -m services_directory check

directory-page:  ## write the staff directory page to test-artifacts/directory.html
	mkdir -p test-artifacts && .venv/bin/python -m services_directory render --out test-artifacts/directory.html

stats:  ## aggregate stats report (HTML) of whole ended months, e.g. make stats FROM=2026-01 TO=2026-03
	.venv/bin/python -m reporting $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) --format html --out test-artifacts/stats.html

bench:  ## latency/throughput benchmark vs a stock `rasa init` bot (prints figures)
	./bench/run.sh

load:  ## load benchmark: 20 conversations (web + SMS) for 2 min via the gateway (LOAD_ARGS="--redis --workers 2")
	bash -c 'source scripts/lib.sh && ensure_venv && ensure_model' && .venv/bin/python bench/load.py $(LOAD_ARGS)
