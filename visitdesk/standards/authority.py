"""Authorities: which practice standards judge a child, by plan type, layered.

An authority is data, a ``<id>.authority.toml`` file beside the profiles: its id, name and
default region, and for each plan type (CIN, CP, CLA, CP+CLA and an unborn child's plan) the
profiles that apply. A child is judged by every profile their plan falls under and the answers
are combined: the earliest deadline wins, every finding is kept once, each with its own
citation. A plan type no profile covers is "no standard set", never "on track".
docs/policy-profiles.md describes the file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from visitdesk.errors import UserError
from visitdesk.standards.case import PLANS, REGIONS, ChildFacts, VisitFacts
from visitdesk.standards.engine import (
    check_form,
    due_statuses,
    evaluate,
    plan_parts,
    reason_findings,
    uncovered_parts,
)
from visitdesk.standards.policy import (
    AUTHORITY_SUFFIX,
    POLICIES_DIR,
    Policy,
    UnknownPolicy,
    _Checker,
    _read_toml,
    load_policy,
    load_policy_file,
    shipped_ids,
)
from visitdesk.standards.results import (
    SEVERITY_RANK,
    DueStatus,
    Evaluation,
    Finding,
    ScheduleItem,
    VisitResult,
    result_json,
    sort_findings,
)

UNBORN = "unborn"
PLAN_KEYS = (*PLANS, UNBORN)
_TOP_KEYS = {"id", "name", "region", "source", "plans"}
_PLAN_WORDS = {
    "CIN": "CIN plans",
    "CP": "CP plans",
    "CLA": "looked-after children",
    "CP+CLA": "CP plans of looked-after children",
}

# Findings that ask for one thing on the record: when two standards ask for the same field,
# the worker needs to be told once (the citation of the first standard is kept).
_ONE_PER_FIELD = {
    "record.sections_missing",
    "seen_alone.reason_required",
    "seen_awake.required",
    "attachment.observation_required",
}


class UnknownAuthority(UserError):
    """No authority has the requested id."""


@dataclass(frozen=True, slots=True)
class AuthorityInfo:
    id: str
    name: str
    region: str
    plans: Mapping[str, tuple[str, ...]]  # plan key -> profile ids, in the order they judge

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "plans": {key: list(self.plans.get(key, ())) for key in PLAN_KEYS},
        }


@dataclass(frozen=True, slots=True)
class Authority:
    """A loaded authority: for each plan key, the profiles that judge a child on that plan."""

    id: str
    name: str
    region: str
    plans: Mapping[str, tuple[Policy, ...]] = field(compare=False)
    source: str = ""
    path: str = ""
    # (plan key, plan) -> (judging profiles, uncovered parts): asked for every child on the
    # caseload, so worked out once per kind of plan.
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def plan_key(self, child: ChildFacts) -> str:
        """``unborn`` for a child not yet born (expected date, no birth date), else the plan."""
        if child.date_of_birth is None and child.expected_birth_date is not None:
            return UNBORN
        return child.plan

    def profiles_for(self, child: ChildFacts) -> tuple[Policy, ...]:
        """The profiles that judge this child: those of their plan key that cover any of it."""
        return self.judging(child)[0]

    def judging(self, child: ChildFacts) -> tuple[tuple[Policy, ...], tuple[str, ...]]:
        """The profiles that judge this child, and the parts of their plan none covers."""
        key = (self.plan_key(child), child.plan)
        found = self._memo.get(key)
        if found is None:
            plan = child.plan
            parts = plan_parts(plan)
            listed = self.plans.get(key[0], ())
            policies = tuple(p for p in listed if len(uncovered_parts(p, plan)) < len(parts))
            uncovered = tuple(
                part for part in parts if all(part in uncovered_parts(p, plan) for p in policies)
            )
            found = self._memo[key] = (policies, uncovered)
        return found

    @property
    def policy_ids(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for key in PLAN_KEYS:
            for p in self.plans.get(key, ()):
                seen.setdefault(p.id, None)
        return tuple(seen)

    @property
    def case_system(self) -> tuple[str, Mapping[str, str]]:
        """The case system this authority's standards were written for, and the numbers it
        gives the visit form's fields: those of the first of its profiles that names one
        (("", {}) when none does, and the form shows no numbers)."""
        for key in PLAN_KEYS:
            for p in self.plans.get(key, ()):
                if p.case_system:
                    return p.case_system, p.field_numbers
        return "", {}

    @property
    def info(self) -> AuthorityInfo:
        return AuthorityInfo(
            self.id,
            self.name,
            self.region,
            {key: tuple(p.id for p in self.plans.get(key, ())) for key in PLAN_KEYS},
        )


# ---------------------------------------------------------------------------------------------
# Loading


def _covers_any(policy: Policy, key: str) -> bool:
    if key == UNBORN:
        # An unborn child can be on any plan; the profile must at least speak to one of them.
        return bool(policy.plans)
    return len(uncovered_parts(policy, key)) < len(plan_parts(key))


def _find_policy(policy_id: str, near: Path, check: _Checker, where: str) -> Policy:
    beside = near / f"{policy_id}.toml"
    if near != POLICIES_DIR and beside.is_file():
        return load_policy_file(beside)  # an authority's own profile, beside its file
    if policy_id in shipped_ids():
        return load_policy(policy_id)
    raise check.fail(where, f"no profile called {policy_id} was found")


def _build(path: Path) -> Authority:
    name = path.name
    check = _Checker(name, "authority file")
    raw = _read_toml(path, "authority file")
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise check.fail(sorted(unknown)[0], "is not an authority setting")
    authority_id = check.text(raw, "id", "")
    expected = name[: -len(AUTHORITY_SUFFIX)] if name.endswith(AUTHORITY_SUFFIX) else None
    if expected is not None and authority_id != expected:
        raise check.fail("id", f"must match the file name ({expected})")
    title = check.text(raw, "name", "")
    region = check.choice(raw, "region", "", REGIONS, "england-and-wales")
    source = check.text(raw, "source", "", required=False) or ""
    table = raw.get("plans")
    if table is None:
        raise check.fail("plans", f"is missing (a table with any of {', '.join(PLAN_KEYS)})")
    if not isinstance(table, dict):
        raise check.fail("plans", "must be a table ([plans])")
    plans: dict[str, tuple[Policy, ...]] = {}
    for key, ids in table.items():
        where = f"plans.{key}" if "+" not in key else f'plans."{key}"'
        if key not in PLAN_KEYS:
            raise check.fail(where, f"is not a plan type (one of {', '.join(PLAN_KEYS)})")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise check.fail(where, "must be a list of profile ids")
        if len(set(ids)) != len(ids):
            raise check.fail(where, "names a profile twice")
        found = []
        for policy_id in ids:
            policy = _find_policy(policy_id, path.parent, check, where)
            if not _covers_any(policy, key):
                raise check.fail(where, f"{policy_id} does not cover {key} plans")
            found.append(policy)
        plans[key] = tuple(found)
    if not any(plans.values()):
        raise check.fail("plans", "names no profile for any plan type")
    return Authority(authority_id, title, region, plans, source, str(path))  # type: ignore[arg-type]


_CACHE: dict[str, Authority] = {}
_CACHE_LOCK = threading.Lock()


def shipped_authority_ids() -> list[str]:
    return sorted(
        p.name[: -len(AUTHORITY_SUFFIX)] for p in POLICIES_DIR.glob(f"*{AUTHORITY_SUFFIX}")
    )


def load_authority(authority_id: str) -> Authority:
    """A shipped authority by id; cached."""
    found = _CACHE.get(authority_id) if isinstance(authority_id, str) else None
    if found is not None:
        return found
    known = shipped_authority_ids()
    if not isinstance(authority_id, str) or authority_id not in known:
        raise UnknownAuthority(
            f"unknown authority {authority_id!r}; choose one of: {', '.join(known)}"
        )
    with _CACHE_LOCK:
        found = _CACHE.get(authority_id)
        if found is None:
            found = _CACHE[authority_id] = _build(
                POLICIES_DIR / f"{authority_id}{AUTHORITY_SUFFIX}"
            )
    return found


def load_authority_file(path: str | Path) -> Authority:
    """An authority from any file (one an authority keeps itself); not cached."""
    return _build(Path(path))


def list_authorities() -> list[AuthorityInfo]:
    """The authorities shipped with VisitDesk, sorted by id."""
    return [load_authority(a).info for a in shipped_authority_ids()]


def authorities_using(policy_id: str) -> list[str]:
    """The ids of the shipped authorities that use a profile."""
    return [a for a in shipped_authority_ids() if policy_id in load_authority(a).policy_ids]


def single_profile_authority(policy: Policy) -> Authority:
    """An authority of one profile, for every plan type that profile speaks to."""
    plans = {key: (policy,) for key in PLAN_KEYS if _covers_any(policy, key)}
    return Authority(policy.id, policy.name, "england-and-wales", plans, policy.source, policy.path)


_FOR_POLICY: dict[str, Authority] = {}


def authority_for_policy(policy_id: str) -> Authority:
    """The shipped authority that holds a profile, so an installation set to one profile is
    judged by its authority's whole set.

    A profile no shipped authority holds, or one several share (the looked-after regulations),
    stands alone: it judges the plans it covers and every other plan has no standard set.
    """
    found = _FOR_POLICY.get(policy_id) if isinstance(policy_id, str) else None
    if found is not None:
        return found
    if not isinstance(policy_id, str) or policy_id not in shipped_ids():
        known = ", ".join(shipped_ids())
        raise UnknownPolicy(f"unknown policy {policy_id!r}; choose one of: {known}")
    holders = authorities_using(policy_id)
    if len(holders) == 1:
        found = load_authority(holders[0])
    else:
        found = single_profile_authority(load_policy(policy_id))
    _FOR_POLICY[policy_id] = found
    return found


def choose_standards(authority_id: str | None, policy_id: str | None) -> tuple[str, str, str]:
    """What a new installation is judged by, as (authority id, profile id, default region).

    Given an authority, its whole set, and its first profile as the installation's own.
    Given one profile, the authority holding it when exactly one shipped authority does,
    else the profile alone (authority id ""). Refuses unknown ids and being given neither.
    """
    if authority_id is not None and policy_id is not None:
        raise UserError("choose an authority or one standard, not both")
    if authority_id is not None:
        authority = load_authority(authority_id)
        return authority.id, authority.policy_ids[0], authority.region
    if policy_id is None:
        raise UserError("choose an authority (see 'visitdesk authorities')")
    authority = authority_for_policy(policy_id)
    holders = authorities_using(policy_id)
    return (holders[0] if len(holders) == 1 else ""), policy_id, authority.region


def authority_of(authority_id: str, policy_id: str) -> Authority:
    """The standards an installation is judged by: its authority, else its one profile."""
    return load_authority(authority_id) if authority_id else authority_for_policy(policy_id)


# ---------------------------------------------------------------------------------------------
# Judging one child


def no_standard_message(authority: Authority, child: ChildFacts, parts: Sequence[str]) -> str:
    """'No standard set for CP plans', in words a worker reads on the caseload."""
    if len(parts) < len(plan_parts(child.plan)):
        return f"No standard set for the {' and '.join(parts)} part of this plan"
    what = _PLAN_WORDS[child.plan]
    if authority.plan_key(child) == UNBORN:
        what += " of unborn children"
    return f"No standard set for {what}"


def _coverage_finding(
    authority: Authority, child: ChildFacts, uncovered: Sequence[str], visit: str | None
) -> Finding:
    message = no_standard_message(authority, child, uncovered)
    if len(uncovered) < len(plan_parts(child.plan)):
        consequence = "the visits that part of the plan needs are not checked"
    else:
        consequence = "VisitDesk cannot say when visits are due"
    return Finding(
        "policy.plan_not_covered",
        "warning",
        visit,
        None,
        f"{message} in {authority.name}, so {consequence}. Ask your manager which standard "
        "applies.",
        authority.name,
    )


def _merge_findings(groups: Iterable[Iterable[Finding]]) -> list[Finding]:
    """All findings once: two standards asking for the same thing are told once, and the
    stricter one is kept (an error in one profile is never hidden by another's warning)."""
    out: list[Finding] = []
    where: dict[tuple, int] = {}
    for group in groups:
        for f in group:
            if f.code in _ONE_PER_FIELD:
                key: tuple = (f.code, f.visit, f.field)
            else:
                key = (f.code, f.visit, f.field, f.message)
            at = where.get(key)
            if at is None:
                where[key] = len(out)
                out.append(f)
            elif SEVERITY_RANK[f.severity] < SEVERITY_RANK[out[at].severity]:
                out[at] = f
    return out


def _earliest(values: Iterable[date | None]) -> date | None:
    found = [v for v in values if v is not None]
    return min(found) if found else None


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, 23, 59, 59)


@dataclass(slots=True)
class Judgement:
    """One child judged under an authority: every profile's answer, combined."""

    authority: Authority
    plan_key: str
    policies: tuple[Policy, ...]  # the profiles that judged, in the authority's order
    uncovered: tuple[str, ...]  # parts of the plan no profile covers
    as_of: date
    next_visit_due: date | None
    visit_overdue: bool
    visits: list[VisitResult]
    findings: list[Finding]
    schedule: list[ScheduleItem] = field(default_factory=list)
    evaluations: tuple[Evaluation, ...] = ()

    @property
    def no_standard(self) -> bool:
        """No profile judges any part of this child's plan."""
        return not self.policies

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def to_json(self, *, include_schedule: bool = False) -> dict:
        """The ``check`` output shape, naming the authority and the standards that judged."""
        return {
            "authority": self.authority.id,
            "standards": [p.id for p in self.policies],
            **result_json(self, include_schedule=include_schedule),
        }


def judge(
    authority: Authority, child: ChildFacts, visits: Sequence[VisitFacts], as_of: date
) -> Judgement:
    """Check a child's whole case under every profile their plan falls under."""
    policies, uncovered = authority.judging(child)
    evaluations = tuple(evaluate(p, child, visits, as_of) for p in policies)
    key = authority.plan_key(child)
    time_order = {v.id: i for i, v in enumerate(sorted(visits, key=lambda v: v.visited_at))}

    groups: list[list[Finding]] = []
    if uncovered:
        groups.append([_coverage_finding(authority, child, uncovered, None)])
    # A standard without a recording deadline says so; that matters only when no other
    # standard judging the child sets one.
    all_silent = all(
        any(f.code == "record.deadline_not_set" for f in ev.findings) for ev in evaluations
    )
    for ev in evaluations:
        groups.append(
            [
                f
                for f in ev.findings
                if f.code != "policy.plan_not_covered"
                and (f.code != "record.deadline_not_set" or all_silent)
            ]
        )
    if not evaluations:
        # No standard: the form's own request for the reason still holds.
        groups.append(
            [f for v in visits if v.visited_at.date() <= as_of for f in reason_findings(v)]
        )
    findings = sort_findings(_merge_findings(groups), time_order)

    next_due = _earliest(ev.next_visit_due for ev in evaluations)
    results = []
    for i, v in enumerate(visits):
        mine = [ev.visits[i] for ev in evaluations]
        dues = [r.record_due for r in mine if r.record_due is not None]
        results.append(
            VisitResult(
                v.id,
                bool(mine) and all(r.statutory for r in mine),
                min(dues, key=_as_datetime) if dues else None,
                any(r.recorded_late for r in mine),
                _earliest(r.reattempt_due for r in mine),
            )
        )
    schedule: dict[tuple, ScheduleItem] = {}
    for ev in evaluations:
        for item in ev.schedule:
            if (
                item.at_next_visit
                and next_due is not None
                and (item.due is None or next_due < item.due)
            ):
                # Owed at the next statutory visit, which another standard brings sooner.
                item = replace(item, due=next_due)
            schedule.setdefault((item.kind, item.label, item.due), item)
    return Judgement(
        authority=authority,
        plan_key=key,
        policies=policies,
        uncovered=uncovered,
        as_of=as_of,
        next_visit_due=next_due,
        visit_overdue=next_due is not None and as_of > next_due,
        visits=results,
        findings=findings,
        schedule=sorted(schedule.values(), key=lambda s: (s.due or date.max, s.kind)),
        evaluations=evaluations,
    )


def judge_form(
    authority: Authority,
    child: ChildFacts,
    history: Sequence[VisitFacts],
    draft: VisitFacts,
    as_of: date,
) -> list[Finding]:
    """Findings for a visit record being written, under every profile that judges the child."""
    policies, uncovered = authority.judging(child)
    if len(policies) == 1 and not uncovered:
        return check_form(policies[0], child, history, draft, as_of)  # the common case
    groups = [check_form(p, child, history, draft, as_of) for p in policies]
    if uncovered:
        groups.insert(0, [_coverage_finding(authority, child, uncovered, draft.id)])
    if not policies:
        groups.append(reason_findings(draft))
    return sort_findings(_merge_findings(groups), {draft.id: 0})


@dataclass(frozen=True, slots=True)
class DueJudgement:
    """The caseload view of one child under an authority."""

    due: DueStatus
    standards: tuple[str, ...]  # ids of the profiles that judged
    uncovered: tuple[str, ...]  # parts of the plan no profile covers
    message: str = ""  # "No standard set for CP plans", when any part is uncovered

    @property
    def no_standard(self) -> bool:
        return not self.standards


_NOTHING_DUE = DueStatus(None, False, 0, 0, None, False, None, False)


def judge_due(
    authority: Authority, child: ChildFacts, visits: Sequence[VisitFacts], as_of: date
) -> DueJudgement:
    """What the caseload shows for one child: each profile's due status, combined."""
    policies, uncovered = authority.judging(child)
    message = no_standard_message(authority, child, uncovered) if uncovered else ""
    ids = tuple(p.id for p in policies)
    if not policies:
        # The form's own request for the reason still stops an unfinished record.
        blocked = tuple(
            v.id
            for v in visits
            if v.completed is not True and v.visited_at.date() <= as_of and reason_findings(v)
        )
        if not blocked:
            return DueJudgement(_NOTHING_DUE, ids, uncovered, message)
        due = DueStatus(None, False, 0, len(blocked), None, False, None, False, (), blocked)
        return DueJudgement(due, ids, uncovered, message)
    dues = due_statuses(policies, child, visits, as_of)
    if len(dues) == 1:
        return DueJudgement(dues[0], ids, uncovered, message)
    return DueJudgement(_combine_due(dues, as_of), ids, uncovered, message)


def _sooner(a: date | None, b: date | None) -> date | None:
    return b if a is None or (b is not None and b < a) else a


def _combine_due(dues: Sequence[DueStatus], as_of: date) -> DueStatus:
    """Several standards' due status as one: the earliest of each date, overdue if any says
    so. One pass, as the caseload does this for thousands of children."""
    first = dues[0]
    next_due = first.next_visit_due
    reattempt, alone, bedroom = first.reattempt_due, first.seen_alone_due, first.bedroom_due
    joint, meeting = first.joint_visit_due, first.meeting_due
    notes, review = first.meeting_notes_due, first.review_due
    visit_late = first.visit_overdue
    retry_late = first.reattempt_overdue
    alone_late = first.seen_alone_overdue
    bedroom_late = first.bedroom_overdue
    at_next = first.seen_alone_at_next_visit
    bedroom_next = first.bedroom_at_next_visit
    records = bool(first.overdue_records or first.blocked_records)
    for d in dues[1:]:
        next_due = _sooner(next_due, d.next_visit_due)
        reattempt = _sooner(reattempt, d.reattempt_due)
        alone = _sooner(alone, d.seen_alone_due)
        bedroom = _sooner(bedroom, d.bedroom_due)
        joint = _sooner(joint, d.joint_visit_due)
        meeting = _sooner(meeting, d.meeting_due)
        notes = _sooner(notes, d.meeting_notes_due)
        review = _sooner(review, d.review_due)
        visit_late = visit_late or d.visit_overdue
        retry_late = retry_late or d.reattempt_overdue
        alone_late = alone_late or d.seen_alone_overdue
        bedroom_late = bedroom_late or d.bedroom_overdue
        at_next = at_next or d.seen_alone_at_next_visit
        bedroom_next = bedroom_next or d.bedroom_at_next_visit
        records = records or bool(d.overdue_records or d.blocked_records)
    if at_next:
        # Time alone is due at the next statutory visit, which the earliest standard sets.
        alone = _sooner(alone, next_due)
    if bedroom_next:
        bedroom = _sooner(bedroom, next_due)  # owed at the next visit, as time alone can be
        bedroom_late = bedroom_late or (bedroom is not None and as_of > bedroom)
    overdue: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    if records:
        overdue = tuple(dict.fromkeys(v for d in dues for v in d.overdue_records))
        blocked = tuple(dict.fromkeys(v for d in dues for v in d.blocked_records))
    return DueStatus(
        next_due,
        visit_late,
        len(overdue),
        len(blocked),
        reattempt,
        retry_late,
        alone,
        alone_late or (alone is not None and as_of > alone),
        overdue,
        blocked,
        bedroom,
        bedroom_late,
        joint,
        joint is not None and as_of > joint,
        meeting,
        meeting is not None and as_of > meeting,
        notes,
        notes is not None and as_of > notes,
        review,
        review is not None and as_of > review,
        reattempt is not None
        and any(d.reattempt_due == reattempt and d.reattempt_cancelled for d in dues),
        at_next,
        bedroom_next,
    )


__all__ = [
    "PLAN_KEYS",
    "UNBORN",
    "Authority",
    "AuthorityInfo",
    "DueJudgement",
    "Judgement",
    "UnknownAuthority",
    "authorities_using",
    "authority_for_policy",
    "judge",
    "judge_due",
    "judge_form",
    "list_authorities",
    "load_authority",
    "load_authority_file",
    "no_standard_message",
    "single_profile_authority",
]
