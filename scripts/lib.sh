# Shared by scripts/*.sh: find Python 3.10, build the venv from the lock, train if stale.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
MODEL="$ROOT/models/safe-steps.tar.gz"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# Quieter TensorFlow start-up; no telemetry from Rasa.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_SILENCE_UBER_WARNING=1

# Each line carries the minutes and seconds since the script started, so a CI log shows
# where its time went.
log() { printf '\033[1m[safe-steps %d:%02d]\033[0m %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 "$(command -v pyenv >/dev/null 2>&1 && pyenv root)/versions/"3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  log "Python 3.10 not found (Rasa 3.6 needs Python < 3.11). Set PYTHON310=/path/to/python3.10."
  return 1
}

# Creates .venv and installs exactly requirements.lock, once per lock change;
# `ensure_venv test` also installs the test tools of requirements-test.lock.
ensure_venv() {
  local stamp="$VENV/.lock.sha256" want locks=("$ROOT/requirements.lock")
  if [ "${1:-}" = test ]; then
    locks+=("$ROOT/requirements-test.lock")
    stamp="$VENV/.test-lock.sha256"
  fi
  want="$(cat "${locks[@]}" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  if [ ! -x "$PY" ]; then
    local py310
    py310="$(find_python310)"
    log "creating virtualenv with $py310"
    "$py310" -m venv "$VENV"
  fi
  log "installing locked dependencies (a few minutes the first time)"
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade "pip<25"
  "$PY" -m pip install --quiet --disable-pip-version-check "${locks[@]/#/--requirement=}"
  "$PY" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  echo "$want" > "$stamp"
}

# The fingerprint of what shapes the trained model. Our other NLU components are not
# trainable and load their patterns at start-up, so their code needs no retrain.
model_fingerprint() {
  # bot/answer_ranker.py and its examples: the one component of ours that trains (the rest
  # are rules).
  (cd "$ROOT" && { find config.yml domain.yml data generated -type f -name '*.yml'; \
      echo bot/answer_ranker.py; echo bot/answer_examples.yml; } | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
}

# Trains (seeded, see config.yml) only when the inputs changed since the last training.
ensure_model() {
  local stamp="$ROOT/models/safe-steps.fingerprint" want
  want="$(model_fingerprint)"
  if [ -f "$MODEL" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "model is up to date"
    return 0
  fi
  log "training the model (a few minutes)"
  # ops.rasa_cli: Rasa's own command, quiet as the launcher is when PYTHONWARNINGS=ignore.
  (cd "$ROOT" && "$PY" -m ops.rasa_cli train --fixed-model-name safe-steps --out models --quiet)
  echo "$want" > "$stamp"
}
