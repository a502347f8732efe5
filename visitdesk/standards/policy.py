"""Policy profiles: an authority's practice standard as data, read from TOML and checked.

A profile names itself shortly (``name``, the words every citation starts with), names the
plan types it covers and lists rules. Each rule has a ``kind`` (one of :data:`RULE_KINDS`), the
numbers that kind needs, optional limits (plans, age band, placement year, review phase, child
conditions) and a ``source``: the clause it comes from. A profile drawn from several documents
names each in ``documents`` and a rule says which it comes from with ``document``.
A profile may ``extends`` another: it inherits the other's rules, replaces any whose ``id`` it
reuses and removes those it lists in ``drop``. docs/policy-profiles.md describes the format.

Everything is validated on load; a mistake raises :class:`PolicyError` naming the file, the
key and the problem, so an authority writing its own profile is told exactly what to fix.

The types are in ``policy_types`` and the reading of a file in ``policy_toml``; this module
finds the shipped profiles, loads them and keeps them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from visitdesk.standards.policy_toml import (
    POLICIES_DIR,
    _build,
    _Checker,  # noqa: F401  (the authority loader imports it from here)
    _read_toml,  # noqa: F401  (the authority loader imports it from here)
)
from visitdesk.standards.policy_types import (
    CONDITIONS,
    LOCATIONS,
    MEETING_KINDS,
    PHASES,
    REATTEMPT_AFTER,
    REMOTE_CONTACTS,
    RULE_KINDS,
    SECTION_FIELDS,
    SEVERITIES,
    START_DATES,
    Interval,
    Policy,
    PolicyError,
    PolicyInfo,
    Rule,
    UnknownPolicy,
    _policy,
    plan_parts,
)

_CACHE: dict[tuple[str, frozenset[date]], Policy] = {}
_CACHE_LOCK = threading.Lock()


AUTHORITY_SUFFIX = ".authority.toml"  # authority files live beside the profiles


def shipped_ids() -> list[str]:
    return sorted(
        p.name[: -len(".toml")]
        for p in POLICIES_DIR.glob("*.toml")
        if not p.name.endswith(AUTHORITY_SUFFIX)
    )


def list_policies() -> list[PolicyInfo]:
    """The profiles shipped with VisitDesk, sorted by id."""
    return [load_policy(pid).info for pid in shipped_ids()]


def load_policy(policy_id: str, *, extra_closures: Iterable[date] = ()) -> Policy:
    """A shipped profile by id, with an installation's extra closure dates; cached."""
    closures = frozenset(extra_closures)
    key = (policy_id, closures)
    found = _CACHE.get(key)
    if found is not None:
        return found
    if not isinstance(policy_id, str) or policy_id not in shipped_ids():
        known = ", ".join(shipped_ids())
        raise UnknownPolicy(f"unknown policy {policy_id!r}; choose one of: {known}")
    with _CACHE_LOCK:
        base = _CACHE.get((policy_id, frozenset()))
        if base is None:
            base = _build(POLICIES_DIR / f"{policy_id}.toml")
            _CACHE[(policy_id, frozenset())] = base
        if closures:
            found = with_closures(base, closures)
            _CACHE[key] = found
        else:
            found = base
    return found


def load_policy_file(path: str | Path, *, extra_closures: Iterable[date] = ()) -> Policy:
    """A profile from any file (an authority's own); not cached, so edits show at once."""
    policy = _build(Path(path))
    closures = frozenset(extra_closures)
    return with_closures(policy, closures) if closures else policy


def with_closures(policy: Policy, closures: Iterable[date]) -> Policy:
    """The same profile counting ``closures`` as non-working days."""
    return _policy(
        policy.id,
        policy.title,
        policy.source,
        policy.plans,
        policy.rules,
        policy.path,
        frozenset(closures),
        name=policy.name,
        documents=policy.documents,
        case_system=policy.case_system,
        field_numbers=policy.field_numbers,
    )


# The types and the reading of files live in policy_types and policy_toml; their public names
# are re-exported so that every ``from visitdesk.standards.policy import ...`` still works.
__all__ = [
    "AUTHORITY_SUFFIX",
    "CONDITIONS",
    "LOCATIONS",
    "MEETING_KINDS",
    "PHASES",
    "POLICIES_DIR",
    "REATTEMPT_AFTER",
    "REMOTE_CONTACTS",
    "RULE_KINDS",
    "SECTION_FIELDS",
    "SEVERITIES",
    "START_DATES",
    "Interval",
    "Policy",
    "PolicyError",
    "PolicyInfo",
    "Rule",
    "UnknownPolicy",
    "list_policies",
    "load_policy",
    "load_policy_file",
    "plan_parts",
    "shipped_ids",
    "with_closures",
]
