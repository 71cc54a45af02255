"""Files written by scripts/generate.py from their one source, and the one reader of them.

Do not edit the .yml files here: edit the source named at the top of each, then run
`python scripts/generate.py` (CI runs it with --check and fails on drift).
"""
