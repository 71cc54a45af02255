#!/usr/bin/env bash
# Sets up and runs every test: lint, directory check, data validation, seeded
# training, conversation tests and held-out NLU gates, then pytest (unit,
# integration against real processes, Redis, browser).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv test

# System packages the integration and browser tests drive for real.
need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if [ -f tests/browser/package-lock.json ]; then
  log "installing browser test tools (npm ci)"
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi

log "lint (ruff)"
"$VENV/bin/ruff" check .

log "services directory check"
"$PY" -m services_directory check --pathways actions/pathways.yml

log "generated files match their sources (scripts/generate.py --check)"
"$PY" scripts/generate.py --check

log "no held-out line is trained on (scripts/heldout_overlap.py)"
"$PY" scripts/heldout_overlap.py

log "rasa data validate"
"$VENV/bin/rasa" data validate --fail-on-warnings --quiet

ensure_model

rm -rf results
log "conversation tests (rasa test core)"
"$VENV/bin/rasa" test core --stories tests/conversations --model "$MODEL" --out results --quiet
log "held-out NLU evaluation (rasa test nlu)"
"$VENV/bin/rasa" test nlu --nlu tests/nlu/heldout.yml --model "$MODEL" --out results --quiet
log "gates"
"$PY" scripts/gates.py results
log "blind held-out sets (tests/heldout/)"
"$PY" scripts/eval_heldout.py --gate

# Unit tests first (fast feedback), on every core (pytest-xdist; PYTEST_WORKERS=0 runs them
# in this process); then real processes and the browser, one at a time, as they start
# servers and time their turns.
log "pytest: unit tests"
"$PY" -m pytest tests/unit -q -p no:cacheprovider -n "${PYTEST_WORKERS:-auto}" "$@"
log "pytest: integration and browser tests"
"$PY" -m pytest tests/integration tests/browser -q -p no:cacheprovider "$@"
