"""Real rasa_sdk Trackers as Rasa hands them to an action: one latest user message."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker


def tracker_after(
    intent: str,
    text: str = "",
    slots: Optional[dict] = None,
    entities: Optional[list] = None,
    confidence: float = 0.9,
) -> Tracker:
    """A tracker whose latest user message has this intent, text, entities and slots."""
    return Tracker(
        sender_id="test",
        slots=dict(slots or {}),
        latest_message={
            "intent": {"name": intent, "confidence": confidence},
            "entities": entities or [],
            "text": text,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
