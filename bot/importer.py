"""Rasa's file importer, with the generated domain files joined to domain.yml.

Named in config.yml (`importers`), so `rasa train`, `rasa data validate` and `rasa test`
all see the whole domain: the hand-written domain.yml plus what scripts/generate.py
writes into generated/ (pathway intents, the language slot, numbers from the directory,
translated replies). See generated/domain.py for how the parts join.
"""

from __future__ import annotations

from rasa.shared.core.domain import Domain
from rasa.shared.importers.rasa import RasaFileImporter

from generated.domain import generated_domain_files, join, read_yaml


class SafeStepsImporter(RasaFileImporter):
    """Reads the data and domain.yml as Rasa does, and joins the generated domain files."""

    def get_domain(self) -> Domain:
        """domain.yml (or the --domain path) joined with generated/domain_*.yml."""
        hand = super().get_domain()
        if hand.is_empty():
            return hand
        whole = join(hand.as_dict(), [read_yaml(path) for path in generated_domain_files()])
        return Domain.from_dict(whole)
