"""What the NLU adds to a message's reading for the actions: the keys both sides read.

The Rasa components (bot/) write these into a message's parse data and the signposting
actions read them; the action server does not import bot/, so the names live here.
"""

from __future__ import annotations

# The retrieval intent of the answers (data/responses/questions.yml) and the key of
# ResponseSelector's output under `response_selector`.
QUESTION_INTENT = "question"
# ResponseSelector's output for the message read joined to the one before it
# (bot.follow_up_context), beside its output for the message alone.
IN_CONTEXT_KEY = "question_in_context"
# In ResponseSelector's output for the message alone: how sure an answer must be for
# this message to be answered when DIET is unsure of it. QuestionGuard (config.yml)
# writes its own threshold here, so the actions hold the reading in context to the
# same bar without a copy of it.
ANSWERED_FROM_KEY = "answered_from"


def answer_confidence(parse) -> float:
    """How sure ResponseSelector is of the answer it picked for the message alone, 0.0 if none.

    `parse` is a message's parse data, or the Rasa `Message` itself (both have `.get`).
    """
    output = (parse.get("response_selector") or {}).get(QUESTION_INTENT) or {}
    return (output.get("response") or {}).get("confidence") or 0.0
