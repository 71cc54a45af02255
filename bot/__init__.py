"""Rasa-side Python for Safe Steps: NLU components, danger detection, stores, launcher."""
