"""The web chat: page, chat API and quick-exit wipe."""
