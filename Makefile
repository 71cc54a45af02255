# Safe Steps tasks. `make help` lists them.
.PHONY: help run test unit integration browser train lint check-directory bench load directory-page stats

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

run:  ## set up, train if stale, run Rasa + actions + gateway (Ctrl-C stops)
	./scripts/run.sh

test:  ## set up and run every test and gate (what CI runs)
	./scripts/test.sh

unit:  ## unit tests only (no servers, no model): tests not marked integration or browser
	bash -c 'source scripts/lib.sh && ensure_venv test' && .venv/bin/python -m pytest -m "not integration and not browser" -q -p no:cacheprovider

integration:  ## integration tests: real Rasa, action server, gateway (and redis-server)
	bash -c 'source scripts/lib.sh && ensure_venv test && ensure_model' && .venv/bin/python -m pytest -m integration -q -p no:cacheprovider

browser:  ## browser tests in headless Chromium (SAFE_STEPS_FAKE_STACK=1: a fake Rasa, no model)
	bash -c 'source scripts/lib.sh && ensure_venv test' && .venv/bin/python -m pytest -m browser -q -p no:cacheprovider

train:  ## train the model if its inputs changed
	bash -c 'source scripts/lib.sh && ensure_venv && ensure_model'

lint:  ## ruff
	.venv/bin/ruff check .

check-directory:  ## validate the services directory and the need tags pathways ask for
	.venv/bin/python -m services_directory check --pathways actions/pathways.yml

directory-page:  ## write the staff directory page to test-artifacts/directory.html
	mkdir -p test-artifacts && .venv/bin/python -m services_directory render --out test-artifacts/directory.html

stats:  ## aggregate stats report (HTML) of whole ended months, e.g. make stats FROM=2026-01 TO=2026-03
	.venv/bin/python -m reporting $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) --format html --out test-artifacts/stats.html

bench:  ## latency/throughput/RSS benchmark vs a stock `rasa init` bot (python -m bench.bench)
	./bench/run.sh

load:  ## load benchmark: 20 conversations (web + SMS) for 2 min via the gateway (LOAD_ARGS="--redis --workers 2")
	bash -c 'source scripts/lib.sh && ensure_venv && ensure_model' && .venv/bin/python bench/load.py $(LOAD_ARGS)
