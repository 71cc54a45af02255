"""Registers the shared fixtures (tests/support/plugin.py) for every test directory."""

pytest_plugins = ["tests.support.plugin"]
