"""The case file schema: one file in the docs and the package, true to what the engine reads,
and each kind of mismatch refused in one line naming the path."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from visitdesk import limits
from visitdesk.standards import case
from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import (
    CaseError,
    ChildFacts,
    HolidayFacts,
    MeetingFacts,
    VisitFacts,
    VisitInterval,
)
from visitdesk.standards.case_schema import case_file_schema, inline_refs, validate_case_file

from .test_case import GOOD

REPO = Path(__file__).resolve().parents[2]
DOCS_SCHEMA = REPO / "docs" / "case-file.schema.json"
PACKAGE_SCHEMA = REPO / "visitdesk" / "standards" / "schemas" / "case-file.schema.json"


def _def(name: str) -> dict:
    return case_file_schema()["$defs"][name]


def _props(name: str) -> dict:
    return _def(name)["properties"]


def test_the_schema_is_valid_draft_2020_12():
    schema = case_file_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    Draft202012Validator.check_schema(inline_refs(schema))


def test_the_docs_copy_and_the_package_copy_are_the_same_file():
    # docs/case-file.schema.json is the one people read; the package copy is the one an
    # installed VisitDesk checks by. Edit the docs copy and copy it over.
    assert DOCS_SCHEMA.read_bytes() == PACKAGE_SCHEMA.read_bytes()


def test_the_package_ships_the_schema():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "standards/schemas/*.json" in config["tool"]["setuptools"]["package-data"]["visitdesk"]
    assert "jsonschema" in " ".join(config["project"]["dependencies"])
    shipped = json.loads(DOCS_SCHEMA.read_text(encoding="utf-8"))
    schema = copy.deepcopy(case_file_schema())
    # A visit field the catalogue gains is described from its catalogue entry until the docs
    # describe it more fully; everything else is the docs' file exactly.
    visit = schema["$defs"]["visit"]["properties"]
    for name in set(visit) - set(shipped["$defs"]["visit"]["properties"]):
        assert name in catalogue.BY_NAME
        del visit[name]
    assert schema == shipped


@pytest.mark.parametrize(
    ("facts", "where"),
    [
        (ChildFacts, "child"),
        (VisitFacts, "visit"),
        (MeetingFacts, "meeting"),
        (HolidayFacts, "holiday"),
    ],
)
def test_every_fact_the_engine_reads_is_in_the_schema(facts, where):
    assert {f.name for f in fields(facts)} <= set(_props(where))


def test_the_visit_interval_is_in_the_schema():
    assert {f.name for f in fields(VisitInterval)} == set(
        _props("child")["visit_interval"]["properties"]
    )


def _every_property(node, path="$"):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, value in node.items():
            yield from _every_property(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _every_property(item, f"{path}[{i}]")


def test_every_property_is_described():
    missing = [
        path
        for path, sub in _every_property(case_file_schema())
        if len(sub.get("description", "")) < 20
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("where", "key", "choices"),
    [
        ("child", "plan", case.PLANS),
        ("child", "region", case.REGIONS),
        ("child", "dcs_level", case.DCS_LEVELS),
        ("visit", "location", case.LOCATIONS),
        ("visit", "seen", case.SEEN_VALUES),
        ("visit", "seen_alone", case.SEEN_ALONE_VALUES),
        ("visit", "not_seen_alone_category", case.NOT_SEEN_ALONE_CATEGORIES),
        ("visit", "outcome", case.VISIT_OUTCOMES),
        ("visit", "contact", case.CONTACT_MODES),
        ("meeting", "kind", case.MEETING_KINDS),
    ],
)
def test_the_schemas_choices_are_the_engines(where, key, choices):
    assert [c for c in _props(where)[key]["enum"] if c is not None] == list(choices)


def test_the_interval_units_and_limits_are_the_engines():
    interval = _props("child")["visit_interval"]["properties"]
    assert interval["unit"]["enum"] == list(case.INTERVAL_UNITS)
    assert set(limits.MAX_VISIT_INTERVAL) == set(case.INTERVAL_UNITS)
    assert interval["every"]["maximum"] == max(limits.MAX_VISIT_INTERVAL.values())


def test_the_schemas_limits_are_visitdesks():
    schema = case_file_schema()
    assert schema["properties"]["visits"]["maxItems"] == limits.MAX_CASE_VISITS
    assert _props("child")["meetings"]["maxItems"] == limits.MAX_PLAN_MEETINGS
    assert _props("child")["holidays"]["maxItems"] == limits.MAX_PLAN_HOLIDAYS
    assert _def("long_text")["maxLength"] == limits.MAX_TEXT_FIELD
    assert _def("id")["maxLength"] == limits.MAX_SHORT_TEXT


def test_the_schemas_date_patterns_are_the_parsers():
    assert _def("date")["pattern"] == f"^{case.DATE_PATTERN}$"
    assert _def("date_time")["pattern"] == f"^{case.DATETIME_PATTERN}$"


def test_required_fields_are_as_the_brief_says():
    schema = case_file_schema()
    assert schema["required"] == ["child"]
    assert _def("child")["required"] == ["plan"]
    assert _def("visit")["required"] == ["id", "visited_at"]


def test_unknown_keys_are_allowed_so_newer_files_still_read():
    schema = case_file_schema()
    for node in (schema, _def("child"), _def("visit"), _def("meeting"), _def("holiday")):
        assert node["additionalProperties"] is True
    data = copy.deepcopy(GOOD)
    data["written_by"] = "a newer VisitDesk"
    data["child"]["allergies"] = ["nuts"]
    data["visits"][0]["weather"] = {"rain": True}
    validate_case_file(data)
    assert "ignored" in schema["description"]  # and the schema says so


def test_the_brief_example_validates():
    validate_case_file(GOOD)


def _doc_examples() -> list[tuple[str, str]]:
    found = []
    for doc in sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md"]:
        for block in re.findall(r"```json\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            if '"child"' in block and '"visited_at"' in block:
                found.append((doc.name, block))
    return found


def test_the_docs_have_case_examples():
    assert len(_doc_examples()) >= 2


@pytest.mark.parametrize(("doc", "block"), _doc_examples())
def test_every_case_example_in_the_docs_validates(doc, block):
    data = json.loads(block)
    validate_case_file(data)
    case.parse_case(data)


def test_inlining_refs_keeps_the_meaning():
    # The validator runs on the inlined schema for speed; it must judge as the published one.
    published = Draft202012Validator(case_file_schema())
    inlined = Draft202012Validator(inline_refs(case_file_schema()))
    samples = [GOOD, *(data for _, data, _ in BAD), *(json.loads(b) for _, b in _doc_examples())]
    for data in samples:

        def verdict(validator, data=data):
            # Where and why, not how often: a required date that is null breaks "type" both in
            # the reference and beside it, and once when inlined.
            return {(tuple(e.absolute_path), e.validator) for e in validator.iter_errors(data)}

        assert verdict(published) == verdict(inlined)


def test_inlining_refuses_what_it_cannot_keep_the_meaning_of():
    schema = {
        "$defs": {"d": {"type": ["string", "null"]}},
        "properties": {"a": {"$ref": "#/$defs/d", "minLength": 3}},
    }
    with pytest.raises(ValueError, match="minLength beside"):
        inline_refs(schema)
    schema["properties"]["a"] = {"$ref": "#/$defs/d", "type": "integer"}
    with pytest.raises(ValueError, match="not narrower"):
        inline_refs(schema)


def _with(path: str, value):
    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        if key.isdigit():
            target = target[int(key)]
        else:
            target = target.setdefault(key, {})
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


MEETING = {"id": "m1", "kind": "progress", "date": "2026-09-08"}

BAD = [
    (
        "wrong enum",
        _with("visits.0.seen", "maybe"),
        "case file: visits[0].seen must be one of yes, no, unborn, not 'maybe'",
    ),
    (
        "wrong interval unit",
        _with("child.visit_interval.unit", "fortnights"),
        "case file: child.visit_interval.unit must be one of days, weeks, working_days, months, "
        "not 'fortnights'",
    ),
    (
        "wrong type",
        _with("visits.0.completed", "yes"),
        "case file: visits[0].completed must be true or false, not 'yes'",
    ),
    (
        "number for text",
        _with("visits.0.purpose", 5),
        "case file: visits[0].purpose must be text, not 5",
    ),
    (
        "wrong type for interval",
        _with("child.visit_interval", 10),
        "case file: child.visit_interval must be an object, not 10",
    ),
    (
        "missing plan",
        _with("child.plan", KeyError),
        "case file: child.plan is missing (one of CIN, CP, CLA, CP+CLA)",
    ),
    ("missing child", {"visits": []}, "case file: child is missing"),
    ("missing visit id", _with("visits.0.id", KeyError), "case file: visits[0].id is missing"),
    (
        "blank visit id",
        _with("visits.0.id", "  "),
        "case file: visits[0].id must be non-empty text, not '  '",
    ),
    (
        "missing visit time",
        _with("visits.0.visited_at", KeyError),
        "case file: visits[0].visited_at is missing",
    ),
    (
        "bad date pattern",
        _with("child.plan_start", "01/09/2026"),
        "case file: child.plan_start must be a date written YYYY-MM-DD, not '01/09/2026'",
    ),
    (
        "date-time without a time",
        _with("visits.0.recorded_at", "2026-09-04"),
        "case file: visits[0].recorded_at must be a date and time written YYYY-MM-DDTHH:MM, "
        "not '2026-09-04'",
    ),
    (
        "date-time as a number",
        _with("visits.0.visited_at", 5),
        "case file: visits[0].visited_at must be a date and time written YYYY-MM-DDTHH:MM, not 5",
    ),
    (
        "other digits",
        _with("child.date_of_birth", "٢٠١٩-05-04"),
        "case file: child.date_of_birth must be a date written YYYY-MM-DD",
    ),
    (
        "interval of zero",
        _with("child.visit_interval.every", 0),
        "case file: child.visit_interval.every must be at least 1, not 0",
    ),
    (
        "interval as true",
        _with("child.visit_interval.every", True),
        "case file: child.visit_interval.every must be a whole number, not true",
    ),
    (
        "bad nested meeting kind",
        _with("child.meetings", [{**MEETING, "kind": "core"}]),
        "case file: child.meetings[0].kind must be one of progress, review, not 'core'",
    ),
    (
        "bad nested meeting date",
        _with("child.meetings", [{**MEETING, "date": "8 Sept"}]),
        "case file: child.meetings[0].date must be a date written YYYY-MM-DD, not '8 Sept'",
    ),
    (
        "null meeting date",
        _with("child.meetings", [{**MEETING, "date": None}]),
        "case file: child.meetings[0].date is missing (it is null)",
    ),
    (
        "meeting held as text",
        _with("child.meetings", [{**MEETING, "held": "yes"}]),
        "case file: child.meetings[0].held must be true or false, not 'yes'",
    ),
    (
        "holiday without an end",
        _with("child.holidays", [{"start": "2026-10-19"}]),
        "case file: child.holidays[0].end is missing",
    ),
    (
        "meetings not a list",
        _with("child.meetings", {"id": "m1"}),
        "case file: child.meetings must be a list, not an object",
    ),
    (
        "visits not a list",
        _with("visits", {"id": "v1"}),
        "case file: visits must be a list, not an object",
    ),
    ("child a list", _with("child", []), "case file: child must be an object, not a list"),
    (
        "not an object",
        [1, 2],
        "the case file must be a JSON object with child and visits, not a list",
    ),
    (
        "bad contact",
        _with("visits.0.contact", "phone"),
        "case file: visits[0].contact must be one of in_person, video, agency, not 'phone'",
    ),
    (
        "bad outcome",
        _with("visits.0.outcome", "no_access"),
        "case file: visits[0].outcome must be one of visited, failed, cancelled, not 'no_access'",
    ),
]


@pytest.mark.parametrize(("what", "data", "expected"), BAD, ids=[b[0] for b in BAD])
def test_a_mismatch_is_refused_in_one_line_naming_the_path(what, data, expected):
    with pytest.raises(CaseError) as caught:
        validate_case_file(data)
    message = str(caught.value)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_the_first_mistake_in_the_files_own_order_is_named():
    data = copy.deepcopy(GOOD)
    data["visits"] = [
        {"id": "a", "visited_at": "2026-09-03T10:00", "seen": "partly", "location": "car"},
        {"id": "b", "visited_at": "2026-09-10T10:00", "seen": "maybe"},
    ]
    with pytest.raises(CaseError, match=r"visits\[0\]\.seen must be one of"):
        validate_case_file(data)
    data["visits"][0] = {
        "location": "car",
        "seen": "partly",
        "id": "a",
        "visited_at": "2026-09-03T10:00",
    }
    with pytest.raises(CaseError, match=r"visits\[0\]\.location must be one of"):
        validate_case_file(data)


def test_a_list_longer_than_the_limit_is_named():
    data = _with("child.holidays", [{"start": "2026-10-19", "end": "2026-10-20"}] * 201)
    with pytest.raises(CaseError, match=r"child\.holidays holds 201 entries, more than the 200"):
        validate_case_file(data)


def test_text_longer_than_the_limit_is_named():
    data = _with("visits.0.findings", "x" * (limits.MAX_TEXT_FIELD + 1))
    with pytest.raises(CaseError, match=r"visits\[0\]\.findings is longer than 1,048,576"):
        validate_case_file(data)


def test_nulls_mean_not_recorded():
    data = copy.deepcopy(GOOD)
    for key in list(data["child"]):
        if key != "plan":
            data["child"][key] = None
    for key in list(data["visits"][0]):
        if key not in ("id", "visited_at"):
            data["visits"][0][key] = None
    validate_case_file(data)
    case.parse_case(data)


def test_a_big_case_validates_quickly():
    import time

    data = copy.deepcopy(GOOD)
    visit = data["visits"][0]
    data["visits"] = [
        {
            **visit,
            "id": f"v{i}",
            "visited_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00",
            "recorded_at": None,
        }
        for i in range(1000)
    ]
    validate_case_file(data)  # compiles the validator once
    started = time.perf_counter()
    validate_case_file(data)
    assert time.perf_counter() - started < 1.0  # about 0.1 s; generous for slow machines
