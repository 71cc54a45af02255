"""Rasa-free text safety: danger patterns, language detection, redaction, retention.

Imported by the Rasa plugins in `bot/` and by the gateway alike; imports nothing of
ours but `services_directory` is not needed either: plain Python, spaCy and langdetect.
"""
