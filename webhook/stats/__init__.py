"""Token-protected, small-number-suppressed aggregate stats."""
