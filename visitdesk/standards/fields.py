"""The visit record's fields, each named once: what it holds, how a worker is asked, and for
which children it is asked.

The form, the printed record and the exports read this catalogue for their labels, choices
and order; the stored choices and the engine's ``VisitFacts`` agree with it (a test holds
them to it). Which children a field is asked for comes from the standards themselves: a
field some rule can require ("seen awake" for the ages a ``seen_awake`` rule covers) is asked
exactly where one of the authority's profiles could require it. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from visitdesk.standards.ages import age_on

if TYPE_CHECKING:
    from visitdesk.standards.authority import Authority
    from visitdesk.standards.case import ChildFacts
    from visitdesk.standards.policy import Rule

KINDS = ("choice", "text", "flag", "datetime")
# What each kind holds once read (None, always allowed, is "not recorded").
VALUE_TYPES: Mapping[str, type] = {"choice": str, "text": str, "flag": bool, "datetime": datetime}
SECTIONS = ("visit", "child", "record", "complete")

# Who a field is asked of, before any answer is given:
#   "always"  every visit record;
#   "born"    every child already born (an unborn baby has no bedroom or time alone);
#   "rules"   only where a rule of the authority's profiles can require it for this child
#             on the day of the visit (its plan, age band and conditions);
#   "holiday" only while a holiday the plan records covers the day of the visit.
ASKED = ("always", "born", "rules", "holiday")

# Answers that decide whether a field makes sense at all: nothing about the child is asked
# of a visit the worker could not attend, and nothing about how they were seen of a child
# who was not seen.
ATTENDED = (None, "visited", "failed")
TOOK_PLACE = (None, "visited")


@dataclass(frozen=True, slots=True)
class VisitField:
    """One field of a visit record."""

    name: str  # the stored name, also the engine's VisitFacts name
    kind: str  # one of KINDS
    label: str  # what the worker reads beside the input: short
    question: str  # the full question, as the printed record asks it
    section: str  # one of SECTIONS: where the form and the PDF put it
    help: str = ""  # one line under the input: what to write or choose
    choices: tuple[tuple[object, str], ...] = ()  # (stored value, label), for choice and flag
    asked: str = "always"  # one of ASKED
    # Rule kinds that can require this field; a field asked "always" or "born" is also asked
    # under them, and a field asked by "rules" is asked only where one applies.
    required_by: tuple[str, ...] = ()
    # Shown only while other answers allow: (field, allowed values), all must hold.
    only_if: tuple[tuple[str, tuple[object, ...]], ...] = ()
    stored: bool = True  # a column of the visit record
    engine: bool = True  # carried in VisitFacts for the standards engine
    lines: int = 1  # how much a worker is expected to write: 1 is a line, more a box
    # How a finding names it, as in "Add <phrase> before completing the record"; by default
    # the label in lower case.
    phrase: str = ""
    # The choices offered before and after the child's birth, in the order offered, where
    # they differ ("unborn" only before; "yes" only after); empty: every choice, always.
    before_birth: tuple[object, ...] = ()
    after_birth: tuple[object, ...] = ()
    # Part of a household visit's shared part: the same for every child visited together
    # (when, where, who was there, why, the home); every other field is each child's own.
    shared: bool = False
    # How a household visit's form asks a shared field, where one visit to several children
    # reads otherwise: a line of help shown before ``help``, and (stored value, label) for
    # the choices worded otherwise there.
    household_help: str = ""
    household_choices: tuple[tuple[object, str], ...] = ()

    @property
    def column(self) -> bool:
        """Whether the visits table holds it in a column of its own (the first releases'
        fields); every field added since is kept in the record's ``answers``, so a new field
        needs no migration."""
        return self.stored and self.name in COLUMNS

    @property
    def named(self) -> str:
        """How a message names the field."""
        return self.phrase or self.label[:1].lower() + self.label[1:]

    @property
    def values(self) -> tuple[object, ...]:
        """The stored values a choice allows, in the order offered."""
        return tuple(value for value, _label in self.choices)

    def offered(self, *, unborn: bool) -> tuple[tuple[object, str], ...]:
        """The (value, label) choices a worker is offered, for a child unborn or born."""
        wanted = self.before_birth if unborn else self.after_birth
        if not wanted:
            return self.choices
        by_value = dict(self.choices)
        return tuple((value, by_value[value]) for value in wanted)

    def choice_label(self, value: object) -> str:
        """The label of a stored value; an unknown one is shown as it is, never hidden."""
        for candidate, text in self.choices:
            if candidate == value:
                return text
        return str(value)


_YES_NO_FLAG = ((True, "Yes"), (False, "No"))

FIELDS: tuple[VisitField, ...] = (
    # -- the visit -------------------------------------------------------------------------
    VisitField("visited_at", "datetime", "Date and time", "Date and time", "visit", shared=True),
    VisitField(
        "outcome",
        "choice",
        "What happened",
        "What happened",
        "visit",
        "If you could not go, choose \u201cI could not attend\u201d: it is not the family\u2019s "
        "missed visit, and another visit is arranged.",
        choices=(
            ("visited", "The visit took place"),
            ("failed", "The family was not in, or I did not see the child"),
            ("cancelled", "I could not attend (cancelled)"),
        ),
        shared=True,
        # One child not seen is that child's own answer ("Seen: No"), never a failed visit
        # for the whole household.
        household_help="A child you did not see: answer Seen: No in their own part.",
        household_choices=(("failed", "Nobody was in, or I saw none of the children"),),
    ),
    VisitField(
        "location",
        "choice",
        "Where",
        "Where the visit took place",
        "visit",
        "A statutory visit is normally at the child\u2019s home.",
        choices=(("home", "Home"), ("school", "School"), ("other", "Somewhere else")),
        only_if=(("outcome", ATTENDED),),
        phrase="where the visit took place",
        shared=True,
    ),
    VisitField(
        "contact",
        "choice",
        "How you saw the child",
        "How the child was seen",
        "visit",
        "The family is away on a holiday the plan records: say how you kept in touch.",
        choices=(
            ("in_person", "In person"),
            ("video", "By video call"),
            ("agency", "Through an agency where they are staying"),
        ),
        asked="holiday",
        only_if=(("outcome", ATTENDED),),
        shared=True,
    ),
    VisitField(
        "announced",
        "flag",
        "Announced",
        "Announced visit",
        "visit",
        choices=_YES_NO_FLAG,
        only_if=(("outcome", ATTENDED),),
        engine=False,
        shared=True,
    ),
    VisitField(
        "present",
        "text",
        "Who was present",
        "Who was present",
        "visit",
        only_if=(("outcome", ATTENDED),),
        engine=False,
        shared=True,
    ),
    VisitField(
        "home_conditions",
        "text",
        "What the home was like",
        "What the home was like",
        "visit",
        "The home\u2019s condition and who lives there now: anything changed since last time.",
        only_if=(("outcome", TOOK_PLACE),),
        engine=False,
        lines=3,
        shared=True,
    ),
    VisitField(
        "joint_with_health_visitor",
        "flag",
        "Joint with the Health Visitor",
        "Joint visit with a Health Visitor",
        "visit",
        "A joint visit with the child\u2019s Health Visitor is due regularly for young children.",
        choices=_YES_NO_FLAG,
        asked="rules",
        required_by=("joint_visit",),
        only_if=(("outcome", TOOK_PLACE),),
        phrase="whether this was a joint visit with the health visitor",
    ),
    # -- the child -------------------------------------------------------------------------
    VisitField(
        "status_of_child",
        "text",
        "Status of the child",
        "Status of the child",
        "child",
        "The child\u2019s plan as your case system records it, e.g. CIN Plan.",
        engine=False,
    ),
    VisitField(
        "seen",
        "choice",
        "Seen",
        "Has the child been seen?",
        "child",
        choices=(("yes", "Yes"), ("no", "No"), ("unborn", "Unborn")),
        before_birth=("unborn", "no"),
        after_birth=("yes", "no"),
        only_if=(("outcome", ATTENDED),),
        phrase="whether the child was seen",
    ),
    VisitField(
        "seen_alone",
        "choice",
        "Seen alone",
        "Has the child been seen alone?",
        "child",
        "Alone means without their parents or main carers there: seen together with brothers "
        "or sisters, and no carer, is seen alone.",
        choices=(("yes", "Yes"), ("no", "No")),
        asked="born",
        required_by=("seen_alone_frequency", "statutory_visit.seen_alone"),
        only_if=(("outcome", TOOK_PLACE), ("seen", ("yes",))),
        phrase="whether the child was seen alone",
    ),
    VisitField(
        "not_seen_alone_category",
        "choice",
        "Why not alone",
        "If not seen alone, why not",
        "child",
        choices=(
            ("refused", "The child refused"),
            ("inappropriate", "It was not appropriate"),
            ("not_possible", "It was not possible"),
            ("other", "Another reason"),
        ),
        asked="born",
        required_by=("seen_alone_reason",),
        only_if=(("outcome", TOOK_PLACE), ("seen", ("yes",)), ("seen_alone", ("no",))),
        phrase="the reason category for not seeing the child alone",
    ),
    VisitField(
        "not_seen_alone_reason",
        "text",
        "Reason in your words",
        "Why the child was not seen alone, in the worker\u2019s words",
        "child",
        "Say what stopped you and what you will do next time.",
        asked="born",
        lines=3,
        required_by=("seen_alone_reason",),
        only_if=(("outcome", TOOK_PLACE), ("seen", ("yes",)), ("seen_alone", ("no",))),
        phrase="why the child was not seen alone",
    ),
    VisitField(
        "seen_awake",
        "flag",
        "Seen awake",
        "Was the child seen awake?",
        "child",
        "Young children need to be seen awake, not only asleep.",
        choices=_YES_NO_FLAG,
        asked="rules",
        required_by=("seen_awake", "statutory_visit.seen_awake"),
        only_if=(("outcome", TOOK_PLACE), ("seen", ("yes",))),
        phrase="whether the child was seen awake",
    ),
    VisitField(
        "bedroom_seen",
        "flag",
        "Bedroom seen",
        "Was the child\u2019s bedroom seen?",
        "child",
        choices=_YES_NO_FLAG,
        asked="born",
        required_by=("bedroom_frequency",),
        only_if=(("outcome", TOOK_PLACE),),
        phrase="whether you saw the child's bedroom",
    ),
    VisitField(
        "attachment_observed",
        "flag",
        "Child and carer observed together",
        "Observed with parent or carer?",
        "child",
        "How the child and their carer respond to each other; write what you saw in the findings.",
        choices=_YES_NO_FLAG,
        asked="rules",
        required_by=("attachment_observation",),
        only_if=(("outcome", TOOK_PLACE), ("seen", ("yes",))),
        phrase="what you observed of the child with their parent or carer",
    ),
    VisitField(
        "observations",
        "text",
        "Observations",
        "Observations",
        "child",
        only_if=(("outcome", ATTENDED),),
        engine=False,
        lines=4,
    ),
    # -- the record ------------------------------------------------------------------------
    VisitField(
        "purpose",
        "text",
        "Purpose of the visit",
        "Purpose of the visit",
        "record",
        "Why you went: the plan\u2019s actions or worries this visit was to look at.",
        lines=6,
        phrase="the purpose of the visit",
        shared=True,
    ),
    VisitField(
        "childs_voice",
        "text",
        "The child\u2019s voice: wishes and feelings",
        "The child\u2019s voice: wishes, feelings and what they said",
        "record",
        "What the child said, showed or how they seemed, in their own words where you can.",
        asked="born",
        only_if=(("outcome", TOOK_PLACE),),
        engine=False,
        lines=6,
    ),
    VisitField(
        "findings",
        "text",
        "Findings and outcome",
        "Findings and outcome",
        "record",
        "What you saw and heard: the home, the child\u2019s room, the people there.",
        lines=6,
        phrase="the findings or outcome",
    ),
    VisitField(
        "analysis",
        "text",
        "Analysis",
        "Analysis",
        "record",
        "What it means for the child\u2019s safety and needs, and for the plan.",
        lines=6,
        phrase="your analysis",
    ),
    VisitField(
        "conclusion",
        "text",
        "Conclusion",
        "Conclusion",
        "record",
        "Your view in a sentence or two.",
        lines=6,
        phrase="your conclusion",
    ),
    VisitField(
        "recommendations",
        "text",
        "Recommendations",
        "Recommendations",
        "record",
        "What happens next, who does it, and by when.",
        lines=6,
        phrase="your recommendations",
    ),
    VisitField(
        "significant_event",
        "text",
        "Significant event (for the chronology)",
        "Significant event for the child\u2019s chronology",
        "record",
        "Only if this visit was a significant event in the child\u2019s life: say what, in one "
        "line. It goes into the child\u2019s chronology. Leave it empty otherwise.",
        engine=False,
        phrase="the significant event",
    ),
    # -- completion (set by completing the record, never typed) ------------------------------
    VisitField(
        "completed",
        "flag",
        "Record completed",
        "Has the record been completed?",
        "complete",
        choices=_YES_NO_FLAG,
        stored=False,
    ),
    VisitField("recorded_at", "datetime", "Completed on", "Completed on", "complete", stored=False),
)

# The fields the visits table has held in columns of their own since before the catalogue.
# Never add to this: a field added later is kept in the record's answers (see
# VisitField.column), so adding one needs no migration and old records keep their hashes.
COLUMNS = frozenset(
    {
        "visited_at",
        "outcome",
        "location",
        "contact",
        "announced",
        "present",
        "joint_with_health_visitor",
        "status_of_child",
        "seen",
        "seen_alone",
        "not_seen_alone_category",
        "not_seen_alone_reason",
        "seen_awake",
        "bedroom_seen",
        "attachment_observed",
        "observations",
        "purpose",
        "childs_voice",
        "findings",
        "analysis",
        "conclusion",
        "recommendations",
    }
)

BY_NAME: Mapping[str, VisitField] = {f.name: f for f in FIELDS}
STORED_FIELDS = tuple(f.name for f in FIELDS if f.stored)
COLUMN_FIELDS = tuple(f.name for f in FIELDS if f.column)
ANSWER_FIELDS = tuple(f.name for f in FIELDS if f.stored and not f.column)
ENGINE_FIELDS = tuple(f.name for f in FIELDS if f.engine)
CHOICES: Mapping[str, tuple[object, ...]] = {f.name: f.values for f in FIELDS if f.kind == "choice"}
TEXT_FIELDS = tuple(f.name for f in FIELDS if f.stored and f.kind == "text")
FLAG_FIELDS = tuple(f.name for f in FIELDS if f.stored and f.kind == "flag")
# The record's narrative: the boxes a worker writes at length, in form order.
NARRATIVE = tuple(f.name for f in FIELDS if f.kind == "text" and f.lines >= 4)
# A household visit's shared part, and each child's own part, in form order.
SHARED_FIELDS = tuple(f.name for f in FIELDS if f.stored and f.shared)
OWN_FIELDS = tuple(f.name for f in FIELDS if f.stored and not f.shared)


def field(name: str) -> VisitField:
    return BY_NAME[name]


def problem(name: str, value: object) -> str | None:
    """What is wrong with ``value`` for the stored field ``name`` ("must be text", ...), or
    ``None`` when it may be stored; ``None`` (not recorded) always may. Lengths are held
    where text arrives from outside (a case file, a bundle), never where a worker types."""
    item = BY_NAME[name]
    if value is None:
        return None
    if item.kind == "choice":
        if value not in item.values:
            return f"must be one of {', '.join(map(str, item.values))}, not {value!r}"
    elif item.kind == "text":
        if not isinstance(value, str):
            return "must be text"
    elif item.kind == "flag":
        if not isinstance(value, bool):
            return "must be yes, no or not recorded"
    elif not isinstance(value, datetime):
        return "must be a date and time"
    return None


def in_section(section: str) -> tuple[VisitField, ...]:
    return tuple(f for f in FIELDS if f.section == section)


def label(name: str, numbers: Mapping[str, str] | None = None, *, question: bool = False) -> str:
    """The field's label, with its case-system number when the authority's system gives one
    ("Seen (1.1.4)" under CareFirst; "Seen" where the case system numbers no fields)."""
    item = BY_NAME[name]
    text = item.question if question else item.label
    number = (numbers or {}).get(name)
    return f"{text} ({number})" if number else text


# ---------------------------------------------------------------------------------------------
# Who is asked what


def on_holiday(child: ChildFacts, day: date) -> bool:
    """Whether a holiday the plan records covers ``day`` (from its start to its end)."""
    return any(h.start <= day <= h.end for h in child.holidays)


def _unborn_on(child: ChildFacts, day: date) -> bool:
    if child.date_of_birth is None:
        return child.expected_birth_date is not None
    return day < child.date_of_birth


def _in_band(rule: Rule, age: int | None, below: int | None = None) -> bool:
    """Whether a child of ``age`` is in the rule's age band (and under ``below``, if given)."""
    limited = rule.from_age is not None or rule.below_age is not None or below is not None
    if not limited:
        return True
    if age is None:
        return False  # an age band cannot be placed without a date of birth
    if rule.from_age is not None and age < rule.from_age:
        return False
    if rule.below_age is not None and age >= rule.below_age:
        return False
    return below is None or age < below


def _asks(rule: Rule, age: int | None) -> Iterable[str]:
    """The rule-kind keys (as in ``VisitField.required_by``) a rule asks of a child this age,
    and the fields a record_sections rule names."""
    if not _in_band(rule, age):
        return ()
    if rule.kind == "record_sections":
        return rule.fields
    if rule.kind == "statutory_visit":
        keys = []
        if rule.seen_awake_below_age is not None and _in_band(rule, age, rule.seen_awake_below_age):
            keys.append("statutory_visit.seen_awake")
        if (
            rule.seen_alone_from_age is not None
            and age is not None
            and age >= rule.seen_alone_from_age
        ):
            keys.append("statutory_visit.seen_alone")
        return keys
    return (rule.kind,)


def required_keys(authority: Authority, child: ChildFacts, on: date) -> frozenset[str]:
    """What the profiles judging ``child`` can require of a visit on ``on``: rule-kind keys
    and field names."""
    age = None if child.date_of_birth is None else age_on(child.date_of_birth, on)
    keys: set[str] = set()
    for policy in authority.profiles_for(child):
        for rules in policy.by_plan.get(child.plan, {}).values():
            for rule in rules:
                if rule.when and not all(child.meets(c) for c in rule.when):
                    continue
                if rule.unless and any(child.meets(c) for c in rule.unless):
                    continue
                keys.update(_asks(rule, age))
    return frozenset(keys)


def asked_fields(authority: Authority, child: ChildFacts, on: date) -> frozenset[str]:
    """The fields a visit record on ``on`` asks about this child, before any answer: every
    field some profile judging the child can require, and the record's own fields.

    Nothing is asked about seeing an unborn child (the standards' rules about what is seen
    of a child do not apply before birth), and how the child was contacted is asked only
    while the family is away on a holiday the plan records.
    """
    unborn = _unborn_on(child, on)
    keys = required_keys(authority, child, on)
    asked: set[str] = set()
    for item in FIELDS:
        if not item.stored:
            continue
        if item.asked == "always":
            asked.add(item.name)
        elif item.asked == "holiday":
            if on_holiday(child, on):
                asked.add(item.name)
        elif unborn:
            continue
        elif item.asked == "born":
            asked.add(item.name)
        elif item.name in keys or any(k in keys for k in item.required_by):
            asked.add(item.name)
    return frozenset(asked)


def recorded(value: object) -> bool:
    """Whether a stored value says something (False, a "No", does; None and "" do not)."""
    return value is not None and value != ""


def shown_fields(asked: Iterable[str], values: Mapping[str, object]) -> list[str]:
    """Of the fields asked, those the answers so far leave open, in catalogue order (no
    reason for not being seen alone when the child was seen alone, say).

    A field that holds an answer is shown even where it is no longer asked (a record written
    before the child's plan changed), so nothing recorded is hidden; the answers it depends
    on still decide.
    """
    asked = set(asked) | {name for name in STORED_FIELDS if recorded(values.get(name))}
    return [
        item.name
        for item in FIELDS
        if item.name in asked
        and all(values.get(other) in allowed for other, allowed in item.only_if)
    ]
