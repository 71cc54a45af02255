"""Shared test support: the pytest plugin (fixtures) and the helpers test modules import.

`tests/conftest.py` registers `tests.support.plugin`; test modules import helpers from
`tests.support.stack`, never from a conftest.
"""
