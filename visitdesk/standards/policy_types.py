"""The vocabulary and types of a policy profile: what a rule may say, the Rule and Policy
types, and the indices a loaded profile carries so the engine need not work them out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from visitdesk.errors import UserError
from visitdesk.standards.case import PLANS, VISIT_FIELDS

RULE_KINDS = (
    "visit_frequency",
    "first_visit",
    "statutory_visit",
    "reattempt",
    "recording_deadline",
    "record_sections",
    "seen_alone_reason",
    "seen_alone_frequency",
    "bedroom_frequency",
    "seen_awake",
    "attachment_observation",
    "joint_visit",
    "plan_review",
    "holiday_contact",
    "progress_meeting",
    "meeting_notes",
)

# Facts about the child a rule may be limited to (``when``) or excluded from (``unless``).
CONDITIONS = (
    "electively_home_educated",
    "regulation_24",
    "placement_until_18",
    "dcs_family_support",
    "dcs_direct_payments",
)
START_DATES = ("plan_start", "allocated_on", "placement_start")
PHASES = ("before_first_review", "after_first_review")
SEVERITIES = ("error", "warning", "info")
LOCATIONS = ("home", "school", "other")
REMOTE_CONTACTS = ("video", "agency")  # ways of keeping in touch while a family is away
MEETING_KINDS = ("progress", "review")
REATTEMPT_AFTER = ("not_seen", "unsuccessful", "cancelled")


# Fields a record_sections rule may demand before a record is completed.
SECTION_FIELDS = tuple(
    f for f in VISIT_FIELDS if f not in {"id", "visited_at", "completed", "recorded_at"}
)


class PolicyError(UserError):
    """A profile file that cannot be used: names the file, the key and the problem."""


class UnknownPolicy(UserError):
    """No profile has the requested id."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A span of time in a rule: ``every`` ``unit`` (days, weeks, working days, months, hours)."""

    every: int
    unit: str

    def describe(self) -> str:
        names = {"working_days": "working day", "days": "day", "weeks": "week"}
        name = names.get(self.unit, self.unit.rstrip("s"))
        return f"{self.every} {name}{'' if self.every == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a profile, validated. Attributes a kind does not use keep their defaults."""

    id: str
    kind: str
    source: str  # the clause as the profile writes it, e.g. "I.8"
    plans: frozenset[str]
    cite: str = ""  # what a worker reads: the document's short name and the clause
    from_age: int | None = None
    below_age: int | None = None
    placement_years_from: int | None = None
    placement_years_below: int | None = None
    phase: str | None = None
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    interval: Interval | None = None  # every/within/at with its unit
    use_plan_interval: bool = False  # visit_frequency: every = "plan"
    plan_interval: str = "tighten"  # "tighten" | "replace" | "tighten_only"
    loosest: Interval | None = None
    start: str = "plan_start"  # the date a rule's clock starts from without a visit
    same_working_week: bool = False
    after: str = "not_seen"  # reattempt: "not_seen" | "unsuccessful" | "cancelled"
    escalate_after: int | None = None
    locations: frozenset[str] | None = None
    seen_alone_from_age: int | None = None
    seen_awake_below_age: int | None = None
    fields: tuple[str, ...] = ()
    categories: bool = False
    reason_text: str = "always"  # "always" | "when_other"
    every_other_visit: bool = False
    at_home: bool = True
    unrecorded: str = "error"
    repeat: bool = False
    notice_weeks: int = 0
    met_by: str | None = None  # plan_review: "review_meeting" (a held review meeting)
    contacts: frozenset[str] = frozenset()  # holiday_contact: "video", "agency"
    agency_plans: frozenset[str] | None = None  # holiday_contact: plans agency contact is for
    agency_abroad: bool = True  # holiday_contact: agency contact only on a holiday abroad
    meeting_kinds: frozenset[str] = frozenset()  # progress_meeting / meeting_notes

    @property
    def age_limited(self) -> bool:
        return self.from_age is not None or self.below_age is not None


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    id: str
    title: str
    source: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    """A loaded profile: its identity, the plans it covers and its rules (inherited included)."""

    id: str
    title: str
    source: str
    plans: frozenset[str]
    rules: tuple[Rule, ...]
    path: str = ""
    extra_closures: frozenset[date] = frozenset()
    name: str = ""  # the short name citations start with, e.g. "Visiting policy 2019"
    documents: Mapping[str, str] = field(default_factory=dict, compare=False)
    by_kind: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    # For each plan type, the rules of each kind that can apply to it (a CP+CLA child gets
    # both the CP and the CLA rules): the engine's first cut, done once per profile.
    by_plan: Mapping[str, Mapping[str, tuple[Rule, ...]]] = field(
        default_factory=dict, compare=False
    )
    # For each plan type, the parts of it this profile says nothing about (the CLA part of a
    # CP+CLA plan, for a CP standard): asked for every child, so worked out once.
    gaps: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    # The case-recording system the standard was written for ("CareFirst") and the numbers
    # its visit form gives the fields (field name -> "1.1.4"); empty when it numbers none.
    case_system: str = ""
    field_numbers: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def info(self) -> PolicyInfo:
        return PolicyInfo(self.id, self.title, self.source, self.name)


def _policy(
    policy_id: str,
    title: str,
    source: str,
    plans: frozenset[str],
    rules: Iterable[Rule],
    path: str,
    extra_closures: frozenset[date] = frozenset(),
    *,
    name: str = "",
    documents: Mapping[str, str] | None = None,
    case_system: str = "",
    field_numbers: Mapping[str, str] | None = None,
) -> Policy:
    rules = tuple(rules)
    by_kind = {kind: tuple(r for r in rules if r.kind == kind) for kind in RULE_KINDS}
    by_plan = {}
    for plan in PLANS:
        names = {plan, *plan.split("+")}
        by_plan[plan] = {
            kind: tuple(r for r in by_kind[kind] if not names.isdisjoint(r.plans))
            for kind in RULE_KINDS
        }
    return Policy(
        policy_id,
        title,
        source,
        plans,
        rules,
        path,
        extra_closures,
        name or title,
        dict(documents or {}),
        by_kind,
        by_plan,
        {plan: _gaps(plans, plan) for plan in PLANS},
        case_system,
        dict(field_numbers or {}),
    )


def plan_parts(plan: str) -> tuple[str, ...]:
    """The plans a child is on: a CP+CLA child is on a CP plan and looked after."""
    return ("CP", "CLA") if plan == "CP+CLA" else (plan,)


def _gaps(covers: frozenset[str], plan: str) -> tuple[str, ...]:
    # A profile covers a part of the plan if it names it, or names "CP+CLA" for a child who
    # is on both (as guidance about the move from CP to looked after does).
    if plan == "CP+CLA" and "CP+CLA" in covers:
        return ()
    return tuple(p for p in plan_parts(plan) if p not in covers)
