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

# The model trains while the unit tests (which need none) run: training keeps about one
# core busy, and one after the other they took 23 of CI's 37 minutes (2026-12-06).
# Training's output follows when it ends. A unit failure stops here, training too.
# The unit tests run at the lowest priority, on what training leaves: side by side at the
# same priority, training took 17:52 in CI (2026-12-07), 15 minutes alone.
train_log="$(mktemp)"
(ensure_model) >"$train_log" 2>&1 &
train_pid=$!
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
trap 'kill_tree "$train_pid"' EXIT
log "pytest: unit tests, while the model trains"
nice -n 19 "$PY" -m pytest tests/unit -q -p no:cacheprovider -n "${PYTEST_WORKERS:-auto}" "$@"
log "waiting for the model"
train_status=0
wait "$train_pid" || train_status=$?
trap - EXIT
cat "$train_log" >&2
rm -f "$train_log"
[ "$train_status" -eq 0 ] || { log "training failed (exit $train_status)"; exit "$train_status"; }

# The three evaluations each load the model and use one core. They run side by side, at
# the lowest priority, beside the integration and browser tests: those start servers one
# at a time and time their turns, and left a core mostly idle (CI on 2026-12-07: 42 CPU
# minutes in 31, the evaluations 2:33 and then integration 8:18, one after the other).
# Each evaluation's output, and the gates, follow when the tests have ended.
rm -rf results
mkdir -p results
log "conversation tests (rasa test core), held-out NLU (rasa test nlu) and the blind held-out sets, side by side, at low priority"
nice -n 19 "$VENV/bin/rasa" test core --stories tests/conversations --model "$MODEL" \
  --out results/core --quiet >results/core.log 2>&1 &
core_pid=$!
nice -n 19 "$VENV/bin/rasa" test nlu --nlu tests/nlu/heldout.yml --model "$MODEL" \
  --out results/nlu --quiet >results/nlu.log 2>&1 &
nlu_pid=$!
nice -n 19 "$PY" scripts/eval_heldout.py --gate >results/heldout.log 2>&1 &
heldout_pid=$!
trap 'kill_tree "$core_pid"; kill_tree "$nlu_pid"; kill_tree "$heldout_pid"' EXIT

# Real processes and the browser, one at a time, as they start servers and time their turns.
log "pytest: integration and browser tests (the evaluations run beside them)"
pytest_status=0
"$PY" -m pytest tests/integration tests/browser -q -p no:cacheprovider "$@" || pytest_status=$?

log "waiting for the evaluations"
core_status=0; wait "$core_pid" || core_status=$?
nlu_status=0; wait "$nlu_pid" || nlu_status=$?
heldout_status=0; wait "$heldout_pid" || heldout_status=$?
trap - EXIT
for step in core nlu heldout; do
  log "output of: $step"
  cat "results/$step.log"
done
[ "$pytest_status" -eq 0 ] || { log "integration or browser tests failed (above)"; exit "$pytest_status"; }
[ "$core_status" -eq 0 ] || { log "rasa test core failed"; exit "$core_status"; }
[ "$nlu_status" -eq 0 ] || { log "rasa test nlu failed"; exit "$nlu_status"; }
log "gates"
"$PY" scripts/gates.py results
[ "$heldout_status" -eq 0 ] || { log "blind held-out sets: a gate failed (above)"; exit "$heldout_status"; }
