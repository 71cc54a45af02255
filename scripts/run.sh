#!/usr/bin/env bash
# Sets up and runs Safe Steps: Rasa on 127.0.0.1:5005, the action server on
# 127.0.0.1:5055, the gateway (chat page, SMS, stats) on :8000. Ctrl-C stops all three.
# Embedded defaults: in-memory stores. Set REDIS_URL to use Redis (see README).
source "$(dirname "$0")/lib.sh"
ensure_venv
ensure_model
cd "$ROOT"
exec "$PY" -m ops.launcher "$@"
