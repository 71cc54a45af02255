"""Aggregate pathway statistics: the metric vocabulary, the suppressed report and its formats.

Imported by the metrics broker in `bot/`, the gateway's /stats and the stats CLI; imports
nothing from `bot/` or `webhook/`.
"""
