"""Integration tests run against real processes: the fixtures are in tests/support/plugin.py.

Helpers (Stack, start_stack, rest, user_events, ...) are imported from tests.support.stack.
"""
