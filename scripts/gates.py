"""Quality gates on `rasa test` results; exits non-zero when a gate fails.

- conversation tests: every story right (results/story_report.json)
- held-out NLU: intent macro-F1 >= 0.90 and recall 1.0 for both danger intents
  (results/intent_report.json)
- held-out questions: answer (retrieval) macro-F1 >= 0.85
  (results/response_selection_report.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from textsafety.danger import DANGER_INTENTS  # noqa: E402

MIN_MACRO_F1 = 0.90
MIN_ANSWER_MACRO_F1 = 0.85


def main(results: Path) -> int:
    """Prints each figure with its gate and returns 1 if any gate fails."""
    failures = []
    stories = json.loads((results / "story_report.json").read_text())
    conversation = stories["conversation_accuracy"]
    print(
        f"conversation accuracy: {conversation['accuracy']:.3f} "
        f"({conversation['correct']}/{conversation['total']}) gate = 1.0"
    )
    if conversation["accuracy"] < 1.0:
        failures.append("conversation accuracy < 1.0 (see results/failed_test_stories.yml)")

    intents = json.loads((results / "intent_report.json").read_text())
    macro_f1 = intents["macro avg"]["f1-score"]
    print(
        f"held-out intent macro-F1: {macro_f1:.3f} (accuracy {intents['accuracy']:.3f})"
        f" gate >= {MIN_MACRO_F1}"
    )
    if macro_f1 < MIN_MACRO_F1:
        failures.append(f"macro-F1 {macro_f1:.3f} < {MIN_MACRO_F1}")
    for intent in DANGER_INTENTS:
        recall = intents[intent]["recall"]
        print(
            f"held-out recall {intent}: {recall:.3f} ({intents[intent]['support']} messages)"
            " gate = 1.0"
        )
        if recall < 1.0:
            failures.append(f"{intent} recall {recall:.3f} < 1.0 (see results/intent_errors.json)")
    answers = json.loads((results / "response_selection_report.json").read_text())
    answer_f1 = answers["macro avg"]["f1-score"]
    print(
        f"held-out answer macro-F1: {answer_f1:.3f} ({answers['macro avg']['support']} questions)"
        f" gate >= {MIN_ANSWER_MACRO_F1}"
    )
    if answer_f1 < MIN_ANSWER_MACRO_F1:
        failures.append(f"answer macro-F1 {answer_f1:.3f} < {MIN_ANSWER_MACRO_F1}")
    for failure in failures:
        print(f"GATE FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "results")))
