"""Reading a profile file: its TOML checked setting by setting, with ``extends`` and ``drop``
resolved, so that every mistake is a PolicyError naming the file, the key and the problem."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from visitdesk.standards.case import PLANS
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
    Rule,
    _policy,
)

POLICIES_DIR = Path(__file__).resolve().parent / "policies"


_COMMON_KEYS = {
    "kind",
    "id",
    "source",
    "document",
    "plans",
    "from_age",
    "below_age",
    "placement_years_from",
    "placement_years_below",
    "phase",
    "when",
    "unless",
}
_KIND_KEYS: dict[str, set[str]] = {
    "visit_frequency": {"every", "unit", "plan_interval", "loosest", "from"},
    "first_visit": {"within", "unit", "from"},
    "statutory_visit": {"locations", "seen_alone_from_age", "seen_awake_below_age"},
    "reattempt": {"within", "unit", "after", "escalate_after"},
    "holiday_contact": {"contacts", "agency_plans", "agency_abroad"},
    "progress_meeting": {"every", "unit", "from", "kinds"},
    "meeting_notes": {"within", "unit", "kinds"},
    "recording_deadline": {"within", "unit"},
    "record_sections": {"fields"},
    "seen_alone_reason": {"categories", "reason_text"},
    "seen_alone_frequency": {"every", "unit", "every_other_visit", "from"},
    "bedroom_frequency": {"every", "unit", "every_other_visit", "at_home", "from"},
    "seen_awake": {"unrecorded"},
    "attachment_observation": {"unrecorded"},
    "joint_visit": {"every", "unit", "with", "from", "at_home"},
    "plan_review": {"at", "unit", "repeat", "notice_weeks", "from", "met_by"},
}
_UNITS: dict[str, tuple[str, ...]] = {
    "visit_frequency": ("days", "weeks", "working_days", "months"),
    "first_visit": ("days", "weeks", "working_days"),
    "reattempt": ("days", "working_days"),
    "recording_deadline": ("days", "working_days", "hours"),
    "seen_alone_frequency": ("days", "weeks", "working_days", "months"),
    "bedroom_frequency": ("days", "weeks", "working_days", "months"),
    "joint_visit": ("days", "weeks", "working_days", "months"),
    "plan_review": ("days", "weeks", "months"),
    "progress_meeting": ("days", "weeks", "working_days", "months"),
    "meeting_notes": ("days", "working_days"),
}


_TOP_KEYS = {
    "id",
    "name",
    "title",
    "source",
    "documents",
    "plans",
    "extends",
    "drop",
    "rules",
    "case_system",
}
_FIELD_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_FIELD_NUMBER_MAX = 16
_NAME_MAX = 60  # a short name leads every citation, so it has to stay short
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


# ---------------------------------------------------------------------------------------------
# Validation helpers. ``where`` is "file.toml: rules[2] (id)" so every message names the place.


class _Checker:
    def __init__(self, name: str, what: str = "policy file"):
        self.name = name
        self.what = what

    def fail(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"{self.what} {self.name}: {key}: {problem}")

    def text(self, table: Mapping, key: str, where: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}{key}", "must be non-empty text")
        return value.strip()

    def integer(self, table: Mapping, key: str, where: str, minimum: int = 0) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}{key}", f"must be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(f"{where}{key}", f"must be at least {minimum}, not {value}")
        return value

    def boolean(self, table: Mapping, key: str, where: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}{key}", f"must be true or false, not {value!r}")
        return value

    def choice(
        self, table: Mapping, key: str, where: str, allowed: Iterable[str], default: str | None
    ) -> str | None:
        value = table.get(key, default)
        allowed = tuple(allowed)
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(f"{where}{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def choices(
        self, table: Mapping, key: str, where: str, allowed: Iterable[str]
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        allowed = tuple(allowed)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(f"{where}{key}", "must be a list of names")
        for item in value:
            if not isinstance(item, str) or item not in allowed:
                raise self.fail(f"{where}{key}", f"{item!r} is not one of {', '.join(allowed)}")
        return tuple(value)

    def interval(
        self, table: Mapping, key: str, where: str, units: tuple[str, ...]
    ) -> Interval | None:
        if table.get(key) is None:
            return None
        every = self.integer(table, key, where, minimum=1)
        unit = self.choice(table, "unit", where, units, None)
        if unit is None:
            raise self.fail(f"{where}unit", f"is missing (one of {', '.join(units)})")
        return Interval(every, unit)  # type: ignore[arg-type]


def _parse_rule(
    check: _Checker,
    raw: object,
    index: int,
    plans: frozenset[str],
    name: str,
    documents: Mapping[str, str],
) -> Rule:
    where = f"rules[{index}]."
    if not isinstance(raw, dict):
        raise check.fail(f"rules[{index}]", "must be a table ([[rules]])")
    kind = check.choice(raw, "kind", where, RULE_KINDS, None)
    if kind is None:
        raise check.fail(f"{where}kind", f"is missing (one of {', '.join(RULE_KINDS)})")
    rule_id = check.text(raw, "id", where, required=False) or f"{kind}-{index}"
    where = f"rules[{index}] ({rule_id})."
    unknown = set(raw) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        raise check.fail(f"{where}{sorted(unknown)[0]}", f"is not a setting of a {kind} rule")
    source = check.text(raw, "source", where)
    document = name
    if "document" in raw:
        if not documents:
            raise check.fail(f"{where}document", "needs a [documents] table naming it")
        key = check.choice(raw, "document", where, documents, None)
        document = documents[key]  # type: ignore[index]
    rule_plans = frozenset(check.choices(raw, "plans", where, PLANS)) or plans
    values: dict[str, object] = {
        "id": rule_id,
        "kind": kind,
        "source": source,
        "plans": rule_plans,
        "cite": f"{document}, {source}",
        "from_age": check.integer(raw, "from_age", where),
        "below_age": check.integer(raw, "below_age", where, minimum=1),
        "placement_years_from": check.integer(raw, "placement_years_from", where),
        "placement_years_below": check.integer(raw, "placement_years_below", where, minimum=1),
        "phase": check.choice(raw, "phase", where, PHASES, None),
        "when": check.choices(raw, "when", where, CONDITIONS),
        "unless": check.choices(raw, "unless", where, CONDITIONS),
    }
    fa, ba = values["from_age"], values["below_age"]
    if fa is not None and ba is not None and fa >= ba:  # type: ignore[operator]
        raise check.fail(f"{where}below_age", "must be greater than from_age")
    units = _UNITS.get(kind, ())

    if kind == "visit_frequency":
        every = raw.get("every")
        if every == "plan":
            values["use_plan_interval"] = True
            if "unit" in raw or "plan_interval" in raw or "loosest" in raw:
                raise check.fail(
                    f"{where}every", 'is "plan", so unit, plan_interval and loosest do not apply'
                )
        else:
            if every is None:
                raise check.fail(f"{where}every", 'is missing (a whole number, or "plan")')
            if isinstance(every, str):
                raise check.fail(
                    f"{where}every", f'must be a whole number or "plan", not {every!r}'
                )
            values["interval"] = check.interval(raw, "every", where, units)
        values["plan_interval"] = check.choice(
            raw, "plan_interval", where, ("tighten", "replace", "tighten_only"), "tighten"
        )
        loosest = raw.get("loosest")
        if loosest is not None:
            if not isinstance(loosest, dict):
                raise check.fail(f"{where}loosest", "must be a table with every and unit")
            values["loosest"] = check.interval(loosest, "every", f"{where}loosest.", units)
            if values["loosest"] is None:
                raise check.fail(f"{where}loosest.every", "is missing")
        values["start"] = check.choice(raw, "from", where, START_DATES, "plan_start")
    elif kind == "first_visit":
        values["interval"] = _required_interval(check, raw, "within", where, units)
        values["start"] = check.choice(raw, "from", where, START_DATES, "allocated_on")
    elif kind == "statutory_visit":
        locs = check.choices(raw, "locations", where, LOCATIONS)
        values["locations"] = frozenset(locs) if locs else None
        values["seen_alone_from_age"] = check.integer(raw, "seen_alone_from_age", where)
        values["seen_awake_below_age"] = check.integer(
            raw, "seen_awake_below_age", where, minimum=1
        )
    elif kind == "reattempt":
        within = raw.get("within")
        if within == "same_working_week":
            values["same_working_week"] = True
            if "unit" in raw:
                raise check.fail(f"{where}unit", 'does not apply to "same_working_week"')
        elif isinstance(within, str):
            raise check.fail(
                f"{where}within",
                f'must be a whole number or "same_working_week", not {within!r}',
            )
        else:
            values["interval"] = _required_interval(check, raw, "within", where, units)
        values["after"] = check.choice(raw, "after", where, REATTEMPT_AFTER, "not_seen")
        values["escalate_after"] = check.integer(raw, "escalate_after", where, minimum=2)
    elif kind == "recording_deadline":
        values["interval"] = _required_interval(check, raw, "within", where, units)
    elif kind == "record_sections":
        names = check.choices(raw, "fields", where, SECTION_FIELDS)
        if not names:
            raise check.fail(f"{where}fields", "must list at least one field")
        values["fields"] = names
    elif kind == "seen_alone_reason":
        values["categories"] = check.boolean(raw, "categories", where, False)
        values["reason_text"] = check.choice(
            raw, "reason_text", where, ("always", "when_other"), "always"
        )
        if values["reason_text"] == "when_other" and not values["categories"]:
            raise check.fail(f"{where}reason_text", '"when_other" needs categories = true')
    elif kind in ("seen_alone_frequency", "bedroom_frequency"):
        values["every_other_visit"] = check.boolean(raw, "every_other_visit", where, False)
        values["interval"] = check.interval(raw, "every", where, units)
        if values["every_other_visit"] == (values["interval"] is not None):
            raise check.fail(
                f"{where}every", "give either every (with unit) or every_other_visit = true"
            )
        if kind == "bedroom_frequency":
            values["at_home"] = check.boolean(raw, "at_home", where, True)
        values["start"] = check.choice(raw, "from", where, START_DATES, "plan_start")
    elif kind in ("seen_awake", "attachment_observation"):
        default = "error" if kind == "seen_awake" else "warning"
        values["unrecorded"] = check.choice(raw, "unrecorded", where, SEVERITIES, default)
    elif kind == "joint_visit":
        values["interval"] = _required_interval(check, raw, "every", where, units)
        check.choice(raw, "with", where, ("health_visitor",), "health_visitor")
        # A joint visit sees the child in their home environment (CP 2018), unless a profile
        # says otherwise.
        values["at_home"] = check.boolean(raw, "at_home", where, True)
        values["start"] = check.choice(raw, "from", where, START_DATES, "plan_start")
    elif kind == "plan_review":
        values["interval"] = _required_interval(check, raw, "at", where, units)
        values["repeat"] = check.boolean(raw, "repeat", where, False)
        values["notice_weeks"] = check.integer(raw, "notice_weeks", where) or 0
        values["start"] = check.choice(raw, "from", where, START_DATES, "plan_start")
        values["met_by"] = check.choice(raw, "met_by", where, ("review_meeting",), None)
    elif kind == "holiday_contact":
        contacts = check.choices(raw, "contacts", where, REMOTE_CONTACTS)
        if not contacts:
            raise check.fail(
                f"{where}contacts", f"must list at least one of {', '.join(REMOTE_CONTACTS)}"
            )
        values["contacts"] = frozenset(contacts)
        agency_plans = check.choices(raw, "agency_plans", where, PLANS)
        values["agency_plans"] = frozenset(agency_plans) if agency_plans else None
        values["agency_abroad"] = check.boolean(raw, "agency_abroad", where, True)
    elif kind == "progress_meeting":
        values["interval"] = _required_interval(check, raw, "every", where, units)
        values["start"] = check.choice(raw, "from", where, START_DATES, "plan_start")
        kinds = check.choices(raw, "kinds", where, MEETING_KINDS)
        values["meeting_kinds"] = frozenset(kinds or MEETING_KINDS)
    elif kind == "meeting_notes":
        values["interval"] = _required_interval(check, raw, "within", where, units)
        kinds = check.choices(raw, "kinds", where, MEETING_KINDS)
        values["meeting_kinds"] = frozenset(kinds or MEETING_KINDS)
    return Rule(**values)  # type: ignore[arg-type]


def _required_interval(
    check: _Checker, raw: Mapping, key: str, where: str, units: tuple[str, ...]
) -> Interval:
    found = check.interval(raw, key, where, units)
    if found is None:
        raise check.fail(f"{where}{key}", "is missing")
    return found


# ---------------------------------------------------------------------------------------------
# Loading.


def _read_toml(path: Path, what: str = "policy file") -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(f"{what} {path.name}: not found") from None
    except OSError as exc:
        raise PolicyError(f"{what} {path.name}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{what} {path.name}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{what} {path.name}: is not valid TOML ({exc})") from None


def _build(path: Path, chain: tuple[str, ...] = ()) -> Policy:
    check = _Checker(path.name)
    raw = _read_toml(path)
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise check.fail(sorted(unknown)[0], "is not a profile setting")
    policy_id = check.text(raw, "id", "")
    if not _ID_RE.fullmatch(policy_id):  # type: ignore[arg-type]
        raise check.fail("id", "must be lower-case letters, digits and hyphens")
    title = check.text(raw, "title", "")
    source = check.text(raw, "source", "")
    name = _short_name(check, raw, "name", "name")

    parent: Policy | None = None
    parent_id = check.text(raw, "extends", "", required=False)
    if parent_id is not None:
        if parent_id in chain or parent_id == policy_id:
            raise check.fail("extends", f"{parent_id} leads back to this profile")
        parent = _build(_find_profile(parent_id, path.parent, check), (*chain, policy_id))

    plans_list = check.choices(raw, "plans", "", PLANS)
    if plans_list:
        plans = frozenset(plans_list)
    elif parent is not None:
        plans = parent.plans
    else:
        raise check.fail("plans", f"is missing (a list from {', '.join(PLANS)})")

    documents: dict[str, str] = dict(parent.documents) if parent else {}
    raw_docs = raw.get("documents", {})
    if not isinstance(raw_docs, dict):
        raise check.fail("documents", "must be a table of short names ([documents])")
    for key in raw_docs:
        documents[key] = _short_name(check, raw_docs, key, f"documents.{key}")

    rules: list[Rule] = list(parent.rules) if parent else []
    drop = check.choices(raw, "drop", "", [r.id for r in rules])
    rules = [r for r in rules if r.id not in drop]
    raw_rules = raw.get("rules", [])
    if not isinstance(raw_rules, list):
        raise check.fail("rules", "must be an array of tables ([[rules]])")
    own_ids: set[str] = set()
    for index, item in enumerate(raw_rules):
        rule = _parse_rule(check, item, index, plans, name, documents)  # type: ignore[arg-type]
        if rule.id in own_ids:
            raise check.fail(f"rules[{index}].id", f"{rule.id} is used twice")
        own_ids.add(rule.id)
        if not rule.plans <= plans:
            extra = sorted(rule.plans - plans)[0]
            raise check.fail(
                f"rules[{index}] ({rule.id}).plans", f"{extra} is not in the profile's plans"
            )
        # Reusing an inherited rule's id replaces that rule in place.
        for i, existing in enumerate(rules):
            if existing.id == rule.id:
                rules[i] = rule
                break
        else:
            rules.append(rule)
    if not rules:
        raise check.fail("rules", "the profile has no rules")
    case_system, field_numbers = _case_system(check, raw.get("case_system"), parent)
    return _policy(
        policy_id,  # type: ignore[arg-type]
        title,  # type: ignore[arg-type]
        source,  # type: ignore[arg-type]
        plans,
        rules,
        str(path),
        name=name,
        documents=documents,
        case_system=case_system,
        field_numbers=field_numbers,
    )


def _case_system(check: _Checker, raw: object, parent: Policy | None) -> tuple[str, dict[str, str]]:
    """``[case_system]``: the system's name and, in ``[case_system.fields]``, the number its
    visit form gives each field. A profile without the table keeps its parent's."""
    if raw is None:
        return (parent.case_system, dict(parent.field_numbers)) if parent else ("", {})
    if not isinstance(raw, dict):
        raise check.fail("case_system", "must be a table ([case_system])")
    unknown = set(raw) - {"name", "fields"}
    if unknown:
        raise check.fail(f"case_system.{sorted(unknown)[0]}", "is not a case_system setting")
    name = _short_name(check, raw, "name", "case_system.name")
    numbers = raw.get("fields", {})
    if not isinstance(numbers, dict):
        raise check.fail("case_system.fields", 'must be a table of field = "number"')
    found: dict[str, str] = {}
    for key, value in numbers.items():
        where = f"case_system.fields.{key}"
        if not _FIELD_KEY_RE.fullmatch(key):
            raise check.fail(where, "must name a visit field (lower-case, e.g. seen_alone)")
        if not isinstance(value, str) or not value.strip() or len(value) > _FIELD_NUMBER_MAX:
            raise check.fail(
                where,
                f"must be the field's number as text, at most "
                f'{_FIELD_NUMBER_MAX} characters (e.g. "1.1.4")',
            )
        found[key] = value.strip()
    return name, found


def _short_name(check: _Checker, table: Mapping, key: str, where: str) -> str:
    value = table.get(key)
    if value is None:
        raise check.fail(
            where, 'is missing (a short name for citations, e.g. "Visiting policy 2019")'
        )
    if not isinstance(value, str) or not value.strip():
        raise check.fail(where, "must be non-empty text")
    value = value.strip()
    if len(value) > _NAME_MAX:
        raise check.fail(
            where, f"must be at most {_NAME_MAX} characters, as it leads every citation"
        )
    return value


def _find_profile(policy_id: str, near: Path, check: _Checker) -> Path:
    for folder in (near, POLICIES_DIR):
        candidate = folder / f"{policy_id}.toml"
        if candidate.is_file():
            return candidate
    raise check.fail("extends", f"no profile called {policy_id} was found")
