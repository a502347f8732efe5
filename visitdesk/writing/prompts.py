"""Quality prompts on a visit record's writing: the analysis repeating the findings, a
paragraph copied forward from an earlier record, another family's child named, the same
reason for not seeing the child alone again, and no words from the child.

They are findings (warnings, never errors) built from plain data, so the form can ask on
every keystroke and the command line for a whole case file. No Qt here.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from itertools import chain
from typing import Any

from visitdesk.standards.ages import age_on
from visitdesk.standards.fields import BY_NAME, NARRATIVE, TEXT_FIELDS
from visitdesk.standards.results import Finding

REPEATS_FINDINGS = "writing.repeats_findings"
COPIED_FORWARD = "writing.copied_forward"
OTHER_CHILD_NAMED = "writing.other_child_named"
SAME_REASON = "writing.same_reason"
NO_VOICE = "writing.no_voice"

WRITING_AID = "Writing aid"
# CIN plans, point 7: a child not seen alone, where the worker has concerns, is reported to
# the team manager (and parents' non-engagement is discussed in supervision). The same
# reason three times running is such a concern.
SEEN_ALONE_CITE = "Seen alone guidance, CIN plans, point 7"
# I.2: a visit is the opportunity to obtain the child's wishes, views and feelings.
VOICE_CITE = "Visiting policy 2019, I.2"

# The age from which a child seen is expected to give their own words. From the seen alone
# guidance (002), CIN plans, point 6 (and CP plans, point 5): children under 4 are observed
# with their parents and workers "attempt to talk to toddlers", while from 4 they are seen
# alone (CIN point 1, CP point 1) and can be asked. The visiting policy (004) I.15 agrees
# that observation stands in where children are very young; it sets no age of its own.
VOICE_FROM_AGE = 4

# What the prompts compare. The purpose is left out of the copy check: the reason for a
# statutory visit is rightly the same each time, whereas what was found must be this visit's.
COPY_FIELDS = tuple(name for name in ("home_conditions", *NARRATIVE) if name != "purpose")
REPEAT_FIELDS = ("analysis", "conclusion")
NAME_FIELDS = TEXT_FIELDS

# Similarity. Text is compared as sets of shingles (runs of three words) once case,
# punctuation and spacing are set aside. Two paragraphs are alike when the shingles they
# share make up most of the shorter one: a paragraph with a few words changed ("Mum" for
# "Mother", a new date) keeps well over half its shingles, while two paragraphs about one
# family in the same stock phrases ("I visited the home", "the children were seen") share a
# handful. An analysis repeats the findings when most of its shingles are theirs. The
# thresholds come from the tests' social-work prose (tests/writing/test_prompts.py).
MIN_WORDS = 12  # a shorter paragraph is too short to call copied
COPY_SIMILARITY = 0.6
MIN_SHARED = 6  # shingles in common, so that two short paragraphs need a real run of words
REPEAT_SIMILARITY = 0.6
REASON_SIMILARITY = 0.7  # difflib's ratio over the words of two short reasons

# Given names that are everyday words, never matched alone whatever the caller's dictionary
# says (it may still be loading): "Will" at the start of a sentence is not a child.
EVERYDAY_NAMES = frozenset(
    """
    amber april autumn bill bob brook candy carol china chris crystal dawn destiny dot eve
    faith frank gene georgia gift grace guy hazel heather holly honey hope iris ivy jack
    jade jasmine jay jean jewel joy june kit lily mark may melody miles misty olive pansy
    pat patience penny pearl poppy rich river robin rose ruby rusty sage scarlett sky
    skye sonny star storm summer sunny tanya will willow winter
    """.split()
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_APOSTROPHES = "\u2019\u2018\u02bc`"
# Straight apostrophes and hyphens for curly and non-breaking ones, one character for one,
# so that offsets into the text still hold.
_FOLD = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), "\u2010": "-", "\u2011": "-"})
# Apostrophes dropped, so that "child's" and "child’s" compare as one word.
_DROP = str.maketrans(dict.fromkeys("'" + _APOSTROPHES))
# A word for comparing prose: a run of letters and digits.
_PROSE_WORD = re.compile(r"[^\W_]+")
# A word that may be a name: letters, with apostrophes and hyphens inside ("O'Neill",
# "Lily-Mae"), so "Lily" is never found inside "Lily-Mae".
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_MISSING = object()


@dataclass(frozen=True, slots=True)
class EarlierRecord:
    visit_id: str
    visited_on: date
    texts: Mapping[str, str]  # narrative field name -> text
    seen: str | None
    seen_alone: str | None
    not_seen_alone_category: str | None
    not_seen_alone_reason: str


@dataclass(frozen=True, slots=True)
class WritingContext:
    date_of_birth: date | None
    expected_birth_date: date | None
    earlier: Sequence[EarlierRecord]  # this child's other records, any order
    # (given, family) of the caseload's children who do not live with this child
    other_children: Sequence[tuple[str, str]]
    household: Sequence[tuple[str, str]]  # this child and those living with them
    # Whether a word is an everyday English word ("Grace", "Will"); None: not known.
    is_word: Callable[[str], bool] | None = None


# ---------------------------------------------------------------------------------------------
# Text


def prose_words(text: str) -> list[str]:
    """The words of ``text`` for comparing: lower case, no punctuation or apostrophes."""
    return _PROSE_WORD.findall(text.translate(_DROP).casefold())


def shingles(words: Sequence[str]) -> frozenset[int]:
    """Every run of three words, each kept as its hash: a set of numbers takes less memory
    than one of tuples, and is quicker to look up."""
    return frozenset(map(hash, zip(words, words[1:], words[2:], strict=False)))


def paragraphs(text: str) -> list[frozenset[int]]:
    """The shingles of each paragraph (each line) long enough to compare."""
    found = []
    for part in text.translate(_DROP).casefold().splitlines():
        words = _PROSE_WORD.findall(part)
        if len(words) >= MIN_WORDS:
            found.append(shingles(words))
    return found


def _split_name(name: str) -> tuple[str, ...]:
    """A name as the words it is matched by: "Lily-Mae O’Neill" is ("lily-mae", "o'neill")."""
    return tuple(_NAME_WORD.findall(name.translate(_FOLD).casefold()))


def spoken_date(day: date, this_year: int) -> str:
    """A date as a person says it: "3 Nov", with the year when it is another year's."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == this_year else f"{text} {day.year}"


def _label(name: str) -> str:
    item = BY_NAME.get(name)
    return f"\u201c{item.label if item else name}\u201d"


def _named(name: str) -> str:
    item = BY_NAME.get(name)
    text = item.named if item else name
    return text[:1].upper() + text[1:]


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return value if isinstance(value, str) else ""


# ---------------------------------------------------------------------------------------------
# The prompter


@dataclass(frozen=True, slots=True)
class _NameHit:
    key: tuple[str, ...]
    typed: str
    capitalised: bool


class Prompter:
    """Built once when a form opens (precompute what can be: earlier records' shingles, the
    names' pattern); then .check() on every keystroke."""

    def __init__(self, context: WritingContext) -> None:
        self._context = context
        self._earlier = sorted(context.earlier, key=lambda r: r.visited_on)
        # The records of visits where the child was seen, oldest first, with the words of
        # the reason each gave for not seeing them alone (none when they were seen alone).
        self._seen_visits = [
            (r, prose_words(r.not_seen_alone_reason))
            for r in self._earlier
            if r.seen in (None, "yes") and r.seen_alone in ("yes", "no")
        ]
        # Every earlier paragraph, and for each shingle the paragraphs holding it.
        self._owner: list[int] = []  # paragraph -> index into self._earlier
        self._size: list[int] = []  # paragraph -> how many shingles it has
        index: defaultdict[int, list[int]] = defaultdict(list)
        for number, record in enumerate(self._earlier):
            for text in record.texts.values():
                if not isinstance(text, str):
                    continue
                for shingle_set in paragraphs(text):
                    paragraph = len(self._owner)
                    self._owner.append(number)
                    self._size.append(len(shingle_set))
                    for shingle in shingle_set:
                        index[shingle].append(paragraph)
        self._index = dict(index)  # a lookup never adds to it
        self._build_names(context)
        # The last text seen in each field and what was worked out from it.
        self._cache: dict[tuple[str, str], tuple[object, object]] = {}
        # What each line was found to hold, so that a keystroke looks again only at the line
        # it changed. The copy check's answers hold while the visit's day stays the same.
        self._copy_key: tuple[date, str | None] | None = None
        self._copy_lines = _Lines()
        self._name_lines = _Lines()

    def _build_names(self, context: WritingContext) -> None:
        home_full = {_split_name(f"{g} {f}") for g, f in context.household}
        home_given = {_split_name(g) for g, _f in context.household}
        given_count = Counter(_split_name(g) for g, _f in context.other_children)
        self._full: set[tuple[str, ...]] = set()
        self._given: dict[tuple[str, ...], str] = {}  # key -> the given name as recorded
        for given, family in context.other_children:
            full, alone = _split_name(f"{given} {family}"), _split_name(given)
            if not alone or full in home_full:
                continue
            if len(full) > len(alone):
                self._full.add(full)
            if alone in home_given or " ".join(alone) in EVERYDAY_NAMES:
                continue
            # Without a dictionary to tell names from words, a given name alone counts
            # only when it is no other child's on the caseload.
            if context.is_word is None and given_count[alone] > 1:
                continue
            self._given[alone] = given
        self._longest = max((len(k) for k in chain(self._full, self._given)), default=0)
        self._starts = {k[0] for k in chain(self._full, self._given)}

    def _cached(self, kind: str, field: str, key: object, work: Callable[[], Any]) -> Any:
        slot = (kind, field)
        held = self._cache.get(slot)
        if held is not None and held[0] == key:
            return held[1]
        result = work()
        self._cache[slot] = (key, result)
        return result

    def _whole(self, field: str, text: str) -> tuple[int, frozenset]:
        def work() -> tuple[int, frozenset]:
            words = prose_words(text)
            return len(words), shingles(words)

        return self._cached("whole", field, text, work)

    # -- the checks ---------------------------------------------------------------------------

    def check(self, values: Mapping[str, Any], visit_id: str | None) -> list[Finding]:
        day = _visit_day(values)
        found: list[Finding] = []
        found += self._repeats_findings(values, visit_id)
        found += self._copied_forward(values, visit_id, day)
        found += self._other_children(values, visit_id)
        found += self._same_reason(values, visit_id, day)
        found += self._no_voice(values, visit_id, day)
        return found

    def _repeats_findings(self, values: Mapping[str, Any], visit_id: str | None) -> list[Finding]:
        findings_text = _text(values, "findings")
        if not findings_text.strip():
            return []
        _count, source = self._whole("findings", findings_text)
        found = []
        for name in REPEAT_FIELDS:
            count, own = self._whole(name, _text(values, name))
            if count < MIN_WORDS or len(own & source) / len(own) < REPEAT_SIMILARITY:
                continue
            found.append(
                Finding(
                    REPEATS_FINDINGS,
                    "warning",
                    visit_id,
                    name,
                    f"{_named(name)} repeats the findings almost word for word. Say what they "
                    "mean for the child and the plan: as it is, a manager reading it learns "
                    "nothing new.",
                    WRITING_AID,
                )
            )
        return found

    def _closest(
        self, shingle_set: frozenset, visit_id: str | None, day: date
    ) -> tuple[float, EarlierRecord] | None:
        """The earlier record most like one paragraph, as (likeness, record), or None."""
        # How many shingles each earlier paragraph shares with this one, counted from the
        # index: only paragraphs sharing some are ever looked at.
        hits = Counter(chain.from_iterable(self._index.get(s, ()) for s in shingle_set))
        best = None
        for paragraph, shared in hits.items():
            if shared < MIN_SHARED:
                continue
            score = shared / min(len(shingle_set), self._size[paragraph])
            if score < COPY_SIMILARITY:
                continue
            record = self._earlier[self._owner[paragraph]]
            if record.visited_on > day or record.visit_id == visit_id:
                continue
            if best is None or _closer((score, record), best):
                best = (score, record)
        return best

    def _paragraph_like(
        self, text: str, visit_id: str | None, day: date
    ) -> tuple[float, EarlierRecord] | None:
        words = prose_words(text)
        if len(words) < MIN_WORDS:
            return None
        return self._closest(shingles(words), visit_id, day)

    def _copied_forward(
        self, values: Mapping[str, Any], visit_id: str | None, day: date
    ) -> list[Finding]:
        found: list[Finding] = []
        if not self._index:
            return found
        lines = self._copy_lines
        if self._copy_key != (day, visit_id):
            self._copy_key = (day, visit_id)
            lines.forget()

        def work(line: str) -> tuple[float, EarlierRecord] | None:
            return self._paragraph_like(line, visit_id, day)

        for name in COPY_FIELDS:
            best = None
            for line in _text(values, name).splitlines():
                hit = lines.get(line, work)
                if hit is not None and (best is None or _closer(hit, best)):
                    best = hit
            if best is None:
                continue
            record = best[1]
            found.append(
                Finding(
                    COPIED_FORWARD,
                    "warning",
                    visit_id,
                    name,
                    f"A paragraph in {_label(name)} is almost the same as your record of "
                    f"{spoken_date(record.visited_on, day.year)}. Write what you found at this "
                    "visit: notes should be made close to the event (Re M and N, 2018), and a "
                    "copied paragraph may not be true today.",
                    WRITING_AID,
                )
            )
        lines.settle()
        return found

    def _name_hits(self, text: str) -> list[_NameHit]:
        """Every run of words in ``text`` that is another child's full or given name."""
        if not self._longest:
            return []
        # Both translations keep every character in place, so offsets hold for ``text``.
        plain = text.translate(_FOLD)
        spans = [(m.group(), m.start(), m.end()) for m in _NAME_WORD.finditer(plain)]
        keys = tuple(_possessive(word).casefold() for word, _s, _e in spans)
        hits = []
        i = 0
        while i < len(spans):
            if keys[i] not in self._starts:
                i += 1
                continue
            for length in range(min(self._longest, len(spans) - i), 0, -1):
                key = keys[i : i + length]
                if key in self._full or key in self._given:
                    last, _start, end = spans[i + length - 1]
                    end -= len(last) - len(_possessive(last))  # the name, not "'s"
                    typed = text[spans[i][1] : end]
                    full = key in self._full
                    hits.append(_NameHit(key, typed, full or spans[i][0][:1].isupper()))
                    i += length
                    break
            else:
                i += 1
        return hits

    def _other_children(self, values: Mapping[str, Any], visit_id: str | None) -> list[Finding]:
        found = []
        is_word = self._context.is_word
        for name in NAME_FIELDS:
            text = _text(values, name)
            if not text:
                continue
            seen: set[tuple[str, ...]] = set()
            hits = (self._name_lines.get(line, self._name_hits) for line in text.splitlines())
            for hit in chain.from_iterable(hits):
                if hit.key in seen:
                    continue
                if hit.key not in self._full:
                    # A given name alone: capitalised, and no everyday word.
                    if not hit.capitalised:
                        continue
                    if is_word is not None and is_word(self._given[hit.key]):
                        continue
                seen.add(hit.key)
                found.append(
                    Finding(
                        OTHER_CHILD_NAMED,
                        "warning",
                        visit_id,
                        name,
                        f"\u201c{hit.typed}\u201d in {_label(name)} is the name of a child who "
                        "does not live with this child. If it came from another family\u2019s "
                        "record, please take it out: it could be a data breach.",
                        WRITING_AID,
                    )
                )
        self._name_lines.settle()
        return found

    def _same_reason(
        self, values: Mapping[str, Any], visit_id: str | None, day: date
    ) -> list[Finding]:
        if values.get("outcome") not in (None, "visited") or values.get("seen") != "yes":
            return []
        if values.get("seen_alone") != "no":
            return []
        category = values.get("not_seen_alone_category")
        words = prose_words(_text(values, "not_seen_alone_reason"))
        before = [
            (r, then)
            for r, then in self._seen_visits
            if r.visited_on <= day and r.visit_id != visit_id
        ]
        # The last two visits, one after the other: a reason given twice long ago, with
        # visits where the child was seen alone since, is no pattern to raise.
        last_two = before[-2:]
        if len(last_two) < 2 or any(r.seen_alone != "no" for r, _then in last_two):
            return []
        by_category = all(
            _same_category(category, r.not_seen_alone_category) for r, _then in last_two
        )
        if not by_category and not all(_same_words(words, then) for _r, then in last_two):
            return []
        field = "not_seen_alone_category" if by_category else "not_seen_alone_reason"
        return [
            Finding(
                SAME_REASON,
                "warning",
                visit_id,
                field,
                "The child was not seen alone for the same reason at the last two visits "
                "where they were not seen alone. Please talk to your team manager about it, "
                "as the seen alone guidance asks, and plan how to see the child alone next "
                "time.",
                SEEN_ALONE_CITE,
            )
        ]

    def _no_voice(
        self, values: Mapping[str, Any], visit_id: str | None, day: date
    ) -> list[Finding]:
        if values.get("outcome") not in (None, "visited") or values.get("seen") != "yes":
            return []
        born = self._context.date_of_birth
        if born is None or age_on(born, day) < VOICE_FROM_AGE:
            return []  # of an age not known, too young, or not born yet (age -1)
        if prose_words(_text(values, "childs_voice")):
            return []
        return [
            Finding(
                NO_VOICE,
                "warning",
                visit_id,
                "childs_voice",
                "There are no words from the child yet. Add what they said or showed about "
                "their wishes and feelings, in their own words where you can: the visit is the "
                "chance to hear them.",
                VOICE_CITE,
            )
        ]


class _Lines:
    """What was worked out from each line of a record's text, kept for the lines it still
    holds: ``get`` during one check, then ``settle``."""

    def __init__(self) -> None:
        self._held: dict[str, Any] = {}
        self._now: dict[str, Any] = {}

    def get(self, line: str, work: Callable[[str], Any]) -> Any:
        found = self._now.get(line, _MISSING)
        if found is _MISSING:
            found = self._held.get(line, _MISSING)
            if found is _MISSING:
                found = work(line)
            self._now[line] = found
        return found

    def settle(self) -> None:
        self._held, self._now = self._now, {}

    def forget(self) -> None:
        self._held, self._now = {}, {}


def _closer(hit: tuple[float, EarlierRecord], other: tuple[float, EarlierRecord]) -> bool:
    """Whether one earlier record is closer than another: more alike, or as alike and later."""
    return (hit[0], hit[1].visited_on) > (other[0], other[1].visited_on)


def _possessive(word: str) -> str:
    """A word without its possessive ending ("Kayden's", "James'")."""
    if word[-2:].casefold() == "'s":
        return word[:-2]
    return word.rstrip("'")


def _same_category(now: object, then: object) -> bool:
    # "Another reason" says nothing alike by itself: its words decide.
    return now is not None and now != "other" and now == then


def _same_words(now: list[str], then: list[str]) -> bool:
    if not now or not then:
        return False
    return SequenceMatcher(None, now, then, autojunk=False).ratio() >= REASON_SIMILARITY


def _visit_day(values: Mapping[str, Any]) -> date:
    when = values.get("visited_at")
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, date):
        return when
    return date.today()


def writing_prompts(
    values: Mapping[str, Any], context: WritingContext, visit_id: str | None
) -> list[Finding]:
    """The quality prompts on one record (see ``Prompter``)."""
    return Prompter(context).check(values, visit_id)
