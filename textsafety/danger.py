"""Deterministic detection of immediate danger and self-harm intent in a message.

Plain Python plus spaCy (no Rasa import). Patterns are data: `textsafety/patterns/danger.yml`
(English) and one `textsafety/patterns/danger.<language>.yml` per other language, each keyed
by language code.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Mapping, Optional

import spacy
import yaml
from spacy.matcher import Matcher

from textsafety.languages import URDU_OR_PANJABI

# libyaml's safe loader where PyYAML has it: the pattern files (2 MB) load in about 1 s
# instead of 10, at every start of Rasa and the action server and in every test process.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PATTERNS_DIR = Path(__file__).parent / "patterns"

DANGER = "danger"
SELF_HARM = "self_harm"
KINDS = (DANGER, SELF_HARM)
# The intent each kind forces (bot.components.DangerOverride); rules answer each with
# 999 and the 55 steps. The one list of the danger intents.
INTENT_OF_KIND = {DANGER: "immediate_danger", SELF_HARM: "self_harm"}
DANGER_INTENTS = tuple(INTENT_OF_KIND.values())

# Apostrophe look-alikes that phones insert; the patterns are written with "'".
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u0060\u00b4]")


def straighten_apostrophes(text: str) -> str:
    """The text with phones' apostrophe look-alikes as "'", as the patterns are written."""
    return _APOSTROPHES.sub("'", text)


# Sentence punctuation glued to words ("ਹੈ.", "دیگا۔وہ", "ফেলবে!!আমাকে"): spaCy's
# multi-language tokenizer leaves some attached, so it is spaced out first.
_PUNCTUATION = re.compile("([.!?,;:\u06d4\u060c\u061f\u0964\u0965]+)")


@dataclass(frozen=True)
class DangerSignal:
    """One pattern that matched: what kind of danger, which rule, in which language."""

    kind: str
    rule: str
    language: str


class DangerDetector:
    """Finds danger and self-harm signals with spaCy `Matcher` patterns per language."""

    def __init__(self, patterns_dir: Path = PATTERNS_DIR, prefilter: bool = True) -> None:
        spec = load_patterns(patterns_dir)
        self._matchers: dict[str, tuple[spacy.language.Language, Matcher]] = {}
        self._words: dict[str, Optional[WordFilter]] = {}
        # Labels of rules that count only when they cover the whole message.
        self._whole_message: dict[str, frozenset] = {}
        # Labels of rules no exclusion may drop (`over_exclude: true`): "he's back and
        # knocking on the door" stays danger though "knocking on the door" alone is excluded.
        self._over_exclude: dict[str, frozenset] = {}
        for language, rules in spec.items():
            nlp = _blank_pipeline(language)
            matcher = Matcher(nlp.vocab, validate=True)
            patterns = []
            whole: set[str] = set()
            over: set[str] = set()
            for kind in KINDS:
                for rule in rules.get(kind, []):
                    label = f"{kind}:{rule['id']}"
                    matcher.add(label, [rule["pattern"]])
                    patterns.append(rule["pattern"])
                    if rule.get("whole_message"):
                        whole.add(label)
                    if rule.get("over_exclude"):
                        over.add(label)
            self._whole_message[language] = frozenset(whole)
            self._over_exclude[language] = frozenset(over)
            for index, pattern in enumerate(rules.get("exclude", [])):
                matcher.add(f"exclude:{index}", [pattern])
            self._matchers[language] = (nlp, matcher)
            self._words[language] = WordFilter(patterns) if prefilter else None
        # spaCy's Matcher is not documented as thread-safe; Rasa may
        # call us from worker threads.
        self._lock = threading.Lock()

    @property
    def languages(self) -> list[str]:
        """Languages that have patterns."""
        return sorted(self._matchers)

    def detect(self, text: str, languages: Optional[Iterable[str]] = None) -> list[DangerSignal]:
        """Returns every danger signal in `text`: by default in every language we have.

        Every language runs by default because language detection is weakest exactly
        where it matters (short, frightened, misspelt messages; Spanish read as
        Portuguese; romanised Urdu), while the patterns are specific: across all
        languages they flag 1 of 1,637 ordinary messages ("socorro", i.e. "help!").
        Pass `languages` to restrict (English always runs: people mix languages).
        """
        if not text or not text.strip():
            return []
        # One space between tokens: spaCy makes a token of any extra whitespace ("back ,
        # i'm" after spacing the comma), which would break a pattern in two.
        text = " ".join(_PUNCTUATION.sub(r" \1 ", straighten_apostrophes(text)).split())
        wanted = (
            list(self._matchers)
            if languages is None
            else ["en", *[lang for lang in languages if lang != "en"]]
        )
        signals: list[DangerSignal] = []
        for language in wanted:
            if language not in self._matchers:
                continue
            nlp, matcher = self._matchers[language]
            words = self._words[language]
            with self._lock:
                doc = nlp.make_doc(text)
                if words is not None and not words.could_match(doc):
                    continue
                matches = matcher(doc)
                words_span = _word_span(doc)
            signals.extend(
                _signals_from(
                    matches,
                    nlp,
                    language,
                    self._whole_message[language],
                    words_span,
                    self._over_exclude[language],
                )
            )
        return signals

    def kind_of(self, text: str, languages: Optional[Iterable[str]] = None) -> str | None:
        """Returns `self_harm`, `danger` or None; self-harm wins as its reply covers both."""
        return kind_of_signals(self.detect(text, languages))


def kind_of_signals(signals: Iterable[DangerSignal]) -> str | None:
    """`self_harm`, `danger` or None for these signals; self-harm wins (its reply covers both)."""
    kinds = {signal.kind for signal in signals}
    if SELF_HARM in kinds:
        return SELF_HARM
    if DANGER in kinds:
        return DANGER
    return None


# When several non-English languages match at once ("socorro" is Portuguese and Spanish,
# "maar dega" romanised Urdu and Panjabi), the one with the most matching rules is
# taken, and on a tie the first in this order: the 2021 census order of main languages
# in England, except that Urdu comes before Panjabi. A tie between those two only
# happens on romanised text (Gurmukhi and Urdu script are recognised by detection), and
# Urdu script is read by Urdu speakers and by most Pakistani Panjabi speakers, who
# write Panjabi in it (Shahmukhi); Gurmukhi is read by Sikh Panjabi speakers only.
MATCH_LANGUAGE_ORDER = ("pl", "ro", "ur", "pa", "pt", "es", "ar", "bn", "gu", "it")


# English rules whose words other languages borrow for the thing itself: "... shohar cricket
# bat se maar raha" matched `bat` as well as the Urdu rules, and was answered in English. A
# match of these alone, beside another language's, leaves the reply in that language.
BORROWED_ENGLISH_RULES = frozenset({"weapon", "bat"})
# Rules that match the name of a weapon alone, in any language's list: "taser",
# "machete", "pistol" are the same word in many of them (Romanian has a taser rule of its
# own besides its list).
WEAPON_NAME_RULES = BORROWED_ENGLISH_RULES | {"weapon_roman", "r23_taser"}
# When as many languages matched and all of them only by a weapon's name, the match cannot
# tell the writer's language (`_loanword_match`).
LOANWORD_LANGUAGES = 3
# Such a message is short ("ta com taser, help pfv"): one of a language's own words, with
# the n-gram guesser sure, is all it has (`_loanword_match`).
LOANWORD_OWN_WORDS = 1
# Romanised languages whose markers tell them from each other (`language_of_match`).
MARKERS_TELL_APART = frozenset({"bn", "gu"})


def language_of_match(
    signals: Iterable[DangerSignal],
    detected: Optional[str],
    markers: Optional[Mapping[str, Collection[str]]] = None,
    told: Optional[str] = None,
    plain_english: bool = False,
    own_words: Optional[str] = None,
) -> Optional[str]:
    """The language the danger reply should switch to, going by which patterns matched.

    `detected` is the language detection (or its romanised guess) gave this message,
    None when it abstained; the person's own choice never reaches here (the caller
    keeps it). Returns None, meaning "leave the language alone", when: nothing matched
    outside English; detection named a language other than English whose own patterns
    matched; or English patterns matched too (the person wrote English danger words, so
    can read the English reply; and "help" alone also matches where other languages
    borrow it), unless they are only BORROWED_ENGLISH_RULES ("knife", "bat").
    Otherwise, when detection abstained, said English, or named a language none of
    whose patterns matched while another's did, it returns the matched
    language, so the reply can be read by the person who wrote. Detection on a short
    unaccented message is often a near neighbour: "a spart usa de la baie ... sticla
    sparta in mana" was read as Italian, "e qui fuori sta sfondando la porta" as
    Portuguese, romanised Panjabi as Urdu. On the development danger sets (rounds 1-7,
    662 lines that match), trusting the match there put 20 more replies in the
    writer's language and 1 near miss's (a false alarm's) in another.

    `markers` are the message's romanised markers by language
    (`textsafety.language.romanised_markers`). Between languages with as many matching
    rules, the one with more of its markers in the message wins before MATCH_LANGUAGE_
    ORDER does: "sass ne ... hun chhuri chuk ke picche aa rahi" matched the Urdu and the
    Panjabi rules alike, and its one Panjabi word ("hun") makes the reply Panjabi.

    `told` is Urdu or Panjabi where the message's telling words say which
    (`textsafety.languages.urdu_or_panjabi`), else None. When detection guessed one of
    the two, only the other's patterns matched and the telling words agree with the
    guess, the guess stays.

    `plain_english` is True when the message is plainly English by its stop words
    (`textsafety.language.plainly_english`). Detected English then stays, whatever
    matched, unless romanised markers are there too ("me ... goli khai lidhi, have kai
    nathi joitu" has two English stop words and is Gujarati). Other languages' patterns
    hold words English shares ("machete" is Spanish and Italian, "acid" romanised
    Bengali and Gujarati, unaccented "sis" a Romanian blade): "theres a machete in his
    shed" got the Spanish danger reply. Over 11,388 labelled lines, 8 English lines
    stay English and none leaves its writer's language.

    When the languages that matched tie (the same rules, "acid" in Bengali and
    Gujarati alike) and none has markers, the match cannot tell them apart
    (`_tied_match`): a language detection or its guess named stays; else the one
    whose markers or telling words are in the message, if any. Over the same lines, 3
    danger lines of blind danger round 29 come in their writer's language, none leaves it.

    A loanword alone (`_loanword_match`): the English rules matched only a borrowed noun,
    and LOANWORD_LANGUAGES or more other languages matched with it, each only by a weapon's
    name (WEAPON_NAME_RULES). Then the message's markers decide, else `own_words`, the
    language whose own words the n-gram guesser is sure of
    (`textsafety.language_ngrams.sure_language(text, LOANWORD_OWN_WORDS)`), else nothing:
    the language stays as detection left it ("hes got a taser. come quick", which
    detection left unknown, had been answered in Romanian).
    """
    markers = markers or {}
    signals = list(signals)
    rules_by_language: dict[str, set[str]] = {}
    for signal in signals:
        rules_by_language.setdefault(signal.language, set()).add(signal.rule)
    if detected not in (None, "en") and detected in rules_by_language:
        return None
    if detected == "en" and plain_english and not any(markers.values()):
        return None
    english = rules_by_language.pop("en", None)
    borrowed_only = bool(english) and english <= BORROWED_ENGLISH_RULES
    if borrowed_only:
        english = None  # a borrowed noun alone does not show that the writer reads English
    if not rules_by_language or english:
        return None
    if (borrowed_only and len(rules_by_language) >= LOANWORD_LANGUAGES
            and all(rules <= WEAPON_NAME_RULES for rules in rules_by_language.values())):
        return _loanword_match(markers, own_words)

    def rank(language: str) -> tuple:
        order = (
            MATCH_LANGUAGE_ORDER.index(language)
            if language in MATCH_LANGUAGE_ORDER
            else len(MATCH_LANGUAGE_ORDER)
        )
        return (-len(rules_by_language[language]), -len(markers.get(language, ())), order,
                language)

    ranked = sorted(rules_by_language, key=rank)
    matched = ranked[0]
    # As many rules as the next language, and no markers for either.
    if (len(ranked) > 1 and rank(ranked[1])[:2] == rank(matched)[:2]
            and not markers.get(matched)):
        return _tied_match(detected, markers, told, matched)
    if detected in URDU_OR_PANJABI and matched in URDU_OR_PANJABI and told == detected:
        # Their romanised patterns share most words, so which one matched says less than
        # the words that tell them apart: "oh sharab pee ke ghar aa gaya, keh reha aj
        # tainu maar dena" matched only an Urdu rule, and "tainu", "reha" are Panjabi.
        return None
    if markers.get(matched):
        return matched
    # The matched language's patterns share a romanised word with another language, and
    # the message has none of its markers but some of another's: the writer's language is
    # the other. "jail theke chhara peyeche, dorjay" (Bengali: released from jail, at the
    # door) matched only a Gujarati rule ("chhara", a knife) and was answered in Gujarati;
    # "theke" is Bengali (blind danger round 21).
    # Only between Bengali and Gujarati, whose markers tell them apart. Over the held-out
    # danger sets' matched lines (1,962), this put 2 more replies in the writer's language
    # and none in another; wider, it cost more than it gained: Urdu and Panjabi share most
    # of their romanised words (a Panjabi line often has only "Urdu" markers), Arabizi
    # without digits has few markers ("hu" is Gujarati and Arabic), and the Latin-script
    # languages' own words are not markers ("pe" is Romanian and Urdu).
    if matched not in MARKERS_TELL_APART:
        return matched
    most = _most_marked(markers)
    return most if most in MARKERS_TELL_APART else matched


class WordFilter:
    """Tells, from a message's words alone, that none of a language's patterns can match.

    Running eleven Matchers (about 1,400 patterns) on every message cost 2-3 ms; most
    messages contain none of the words some pattern requires. A pattern matches only if,
    for each of its required tokens (no `OP`, or `+`), some token of the message has a
    lower-case form in that token's `LOWER: {IN: [...]}` list. When no pattern passes
    that test, the Matcher cannot find anything and is skipped; otherwise it runs as
    before (exclusions included), so the signals are exactly those of the full run (a
    test compares both on every message we have). A pattern whose required tokens are
    all regular expressions (Arabizi spellings) passes when each expression finds some
    word of the message. A pattern the filter cannot read (another attribute, a
    non-string value) always passes.
    """

    _REQUIRED_OPS = (None, "+", "1")

    def __init__(self, patterns: Iterable[list]) -> None:
        self._always = False
        self._required: list[list[frozenset]] = []
        self._by_word: dict[str, list[int]] = {}
        # Patterns with no required listed word: the expressions each one needs.
        self._regex_only: list[list[re.Pattern]] = []
        for pattern in patterns:
            required = self._required_word_sets(pattern)
            if required is None:
                expressions = self._required_expressions(pattern)
                if expressions:
                    self._regex_only.append(expressions)
                else:
                    self._always = True
                continue
            index = len(self._required)
            self._required.append(required)
            for word in set().union(*required):
                self._by_word.setdefault(word, []).append(index)

    @classmethod
    def _required_word_sets(cls, pattern: list) -> Optional[list[frozenset]]:
        """The word sets a match needs, one per required token; None if unreadable.

        A token matched by a regular expression (`LOWER: {REGEX: ...}`, for spellings no
        word list can hold) or by any word but some (`LOWER: {NOT_IN: ...}`) requires no
        listed word: the pattern's other tokens still do. A pattern with nothing but such
        tokens is unreadable, so it always runs.
        """
        required = []
        for token in pattern:
            if token.get("OP") not in cls._REQUIRED_OPS:
                continue  # optional ("?", "*") or negated ("!"): needs no word
            # IS_SENT_START only narrows where the word may stand.
            if set(token) - {"OP", "IS_SENT_START"} != {"LOWER"}:
                return None
            lower = token["LOWER"]
            if isinstance(lower, dict) and set(lower) in ({"REGEX"}, {"NOT_IN"}):
                continue  # any word but a few: nearly every message has one
            if isinstance(lower, str):
                words = [lower]
            elif isinstance(lower, dict) and set(lower) == {"IN"}:
                words = lower["IN"]
            else:
                return None
            if not all(isinstance(word, str) for word in words):
                return None
            required.append(frozenset(words))
        return required or None

    @classmethod
    def _required_expressions(cls, pattern: list) -> list[re.Pattern]:
        """The expressions of a pattern whose required tokens are all `LOWER: {REGEX: ...}`.

        Empty when any required token is something else (the pattern always runs then).
        """
        expressions = []
        for token in pattern:
            if token.get("OP") not in cls._REQUIRED_OPS:
                continue
            lower = token.get("LOWER")
            if set(token) - {"OP"} != {"LOWER"} or not (
                isinstance(lower, dict) and set(lower) == {"REGEX"}
            ):
                return []
            expressions.append(re.compile(lower["REGEX"]))
        return expressions

    def could_match(self, doc) -> bool:
        """False when no pattern can match this doc (its Matcher may be skipped)."""
        if self._always:
            return True
        lowers = {token.lower_ for token in doc}
        for word in lowers:
            for index in self._by_word.get(word, ()):
                if all(not words.isdisjoint(lowers) for words in self._required[index]):
                    return True
        # spaCy's REGEX predicate is re.search on the attribute, as here.
        return any(
            all(any(expression.search(word) for word in lowers) for expression in expressions)
            for expressions in self._regex_only
        )


def load_patterns(patterns_dir: Path) -> dict:
    """Merges danger*.yml files into {language: {danger: [..], self_harm: [..], exclude: [..]}}."""
    spec: dict = {}
    for path in sorted(patterns_dir.glob("danger*.yml")):
        with open(path, encoding="utf-8") as handle:
            for language, rules in (yaml.load(handle, Loader=SAFE_LOADER) or {}).items():
                merged = spec.setdefault(language, {})
                for key, value in rules.items():
                    merged.setdefault(key, []).extend(value or [])
    return spec


def _word_span(doc) -> tuple[int, int]:
    """The token range from the first to the last token with a letter or digit.

    Punctuation, emoji and symbols around the words ("está aquí!!", "he's back 😭")
    do not stop a `whole_message` rule.
    """
    words = [token.i for token in doc if any(char.isalnum() for char in token.text)]
    return (words[0], words[-1] + 1) if words else (0, 0)


def _signals_from(
    matches,
    nlp,
    language: str,
    whole_message: frozenset = frozenset(),
    words_span: tuple[int, int] = (0, 0),
    over_exclude: frozenset = frozenset(),
) -> list[DangerSignal]:
    """Turns Matcher hits into signals, dropping any hit an exclude pattern overlaps.

    A hit of a `whole_message` rule counts only when it covers every word of the
    message (punctuation around it aside): "está aquí" alone, not "el libro está aquí".
    A hit of an `over_exclude` rule is never dropped by an exclusion.
    """
    excluded: list[tuple[int, int]] = []
    hits: list[tuple[str, int, int]] = []
    first_word, end_of_words = words_span
    for match_id, start, end in matches:
        label = nlp.vocab.strings[match_id]
        if label.startswith("exclude:"):
            excluded.append((start, end))
        elif label in whole_message and (start > first_word or end < end_of_words):
            continue
        else:
            hits.append((label, start, end))
    signals = []
    for label, start, end in hits:
        if label not in over_exclude and any(
            start < ex_end and ex_start < end for ex_start, ex_end in excluded
        ):
            continue
        kind, rule = label.split(":", 1)
        signals.append(DangerSignal(kind=kind, rule=rule, language=language))
    return signals


def _blank_pipeline(language: str):
    """A tokenizer-only spaCy pipeline; spaCy has no tokenizer for some languages."""
    try:
        return spacy.blank(language)
    except (ImportError, KeyError, ValueError):
        # e.g. Panjabi: spaCy's multi-language tokenizer splits on spaces and punctuation.
        return spacy.blank("xx")


@functools.lru_cache(maxsize=1)
def default_detector() -> DangerDetector:
    """The process-wide detector built from the shipped patterns."""
    return DangerDetector()


def _tied_match(detected: Optional[str], markers: Mapping[str, Collection[str]],
                told: Optional[str], first: str) -> Optional[str]:
    """The reply language when matched languages tie and none has markers (`first`: the order's).

    "jartna tsayya7, rajelha rmeha b acid ..." (Arabizi, guessed Arabic) matched only
    the Bengali and Gujarati weapon nouns and was answered in Bengali; "help, acid botal
    chakki khada" has a Panjabi marker, "wo acid le aya, help" Urdu's telling "wo".
    """
    if detected not in (None, "en"):
        return None
    return _most_marked(markers) or told or first


def _loanword_match(markers: Mapping[str, Collection[str]],
                    own_words: Optional[str]) -> Optional[str]:
    """The reply language when only a shared loanword matched; None leaves it to detection.

    "pase taser chhe, help" (Gujarati), "ma3o taser, help please" (Arabizi), "taser lia
    aise, help koro" (Sylheti) and "ta com taser, help pfv" (Portuguese) matched the
    weapon nouns of English, Spanish, Italian, Portuguese and Romanian, and Romanian's
    own taser rule besides, so all four were answered in Romanian (blind danger round 31).
    """
    return _most_marked(markers) or (own_words if own_words not in (None, "en") else None)


def _most_marked(markers: Mapping[str, Collection[str]]) -> Optional[str]:
    """The language with more of its markers in the message than any other; None on a tie."""
    counts = sorted(((len(found), language) for language, found in markers.items()
                     if found), reverse=True)
    if not counts or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]
