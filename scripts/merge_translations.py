"""Writes translations/<code>.yml into domain.yml as `language` slot variations.

Idempotent: a variation for a language is replaced, not added twice. Run after
editing a translation; tests/unit/test_translations.py fails while the two differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

ROOT = Path(__file__).resolve().parent.parent


def language_of(variation) -> str | None:
    """The language a variation is conditioned on, if any."""
    for condition in variation.get("condition") or []:
        if condition.get("name") == "language":
            return condition.get("value")
    return None


def variation_for(code: str, text: str) -> CommentedMap:
    """A response variation shown when the `language` slot is `code`."""
    condition = CommentedSeq(
        [CommentedMap([("type", "slot"), ("name", "language"), ("value", code)])]
    )
    return CommentedMap([("condition", condition), ("text", text)])


def merge(domain: dict, translation: dict) -> int:
    """Puts one language's texts into the domain's responses; returns how many."""
    code = translation["language"]
    count = 0
    for response, text in translation["responses"].items():
        if response not in domain["responses"]:
            raise SystemExit(f"{code}: {response} is not a response in domain.yml")
        variations = domain["responses"][response]
        kept = [v for v in variations if language_of(v) != code]
        variations.clear()
        variations.extend(kept + [variation_for(code, text)])
        count += 1
    return count


def main() -> int:
    """Merges every translations/*.yml into domain.yml."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    domain_path = ROOT / "domain.yml"
    domain = yaml.load(domain_path)
    for path in sorted((ROOT / "translations").glob("*.yml")):
        translation = YAML(typ="safe").load(path)
        print(f"{path.name}: {merge(domain, translation)} responses")
    yaml.dump(domain, domain_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
