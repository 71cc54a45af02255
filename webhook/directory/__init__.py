"""The services directory as a printable page for partnership staff."""
