"""Project scripts (importable so tests can reuse their helpers)."""
