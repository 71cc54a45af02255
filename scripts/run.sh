#!/usr/bin/env bash
# Sets up and runs Safe Steps: Rasa on 127.0.0.1:5005, the action server on
# 127.0.0.1:5055, the gateway (chat page, SMS, stats) on :8000. Ctrl-C stops all three.
# Embedded defaults: in-memory stores. Set REDIS_URL to use Redis (see README).
# Quiet by default: progress and the three URLs. `--verbose` shows every library
# warning and Rasa's INFO log again.
verbose=0
for arg in "$@"; do
  if [ "$arg" = "--verbose" ]; then verbose=1; fi
done
if [ "$verbose" = 0 ]; then
  # Library deprecation notices and TensorFlow's start-up chatter, filtered at their
  # source (the launcher keeps them out of its children the same way).
  export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
  export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
fi
source "$(dirname "$0")/lib.sh"
ensure_venv
ensure_model
cd "$ROOT"
exec "$PY" -m ops.launcher "$@"
