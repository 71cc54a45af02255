"""Aggregate pathway statistics: the metric vocabulary, the suppressed report, its formats.

* `metric_keys`: the vocabulary (metrics.yml) and the weekly Redis keys; the metrics
  broker in `bot/` imports it.
* `periods`: the fixed months figures are published for.
* `report`: the typed `Report`, with suppression applied once.
* `format_json`, `format_csv`, `format_html`, `format_prometheus`: each imports only
  `report`; `formats` names them. `cli` (`python -m reporting`) and the gateway's
  /stats and /metrics serve them.

Imports nothing from `bot/` or `webhook/`.
"""
