"""Custom actions of Safe Steps, served by the rasa_sdk action server."""
