#!/usr/bin/env bash
# Benchmark (not a test): ours vs a stock `rasa init` bot. Prints figures.
source "$(dirname "$0")/../scripts/lib.sh"
ensure_venv
ensure_model
cd "$ROOT"
exec "$PY" -m bench.bench "$@"
