"""The case file's JSON Schema (docs/case-file.schema.json, shipped inside the package too):
the first layer of checking for a case file from outside, naming the path of the first
mistake. ``visitdesk.standards.case.parse_case`` is the second layer: real dates, year
limits, facts that contradict each other.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import (
    CASE_FIELDS,
    DATE_PATTERN,
    DATETIME_PATTERN,
    CaseError,
    show_value,
)

SCHEMA_FILE = "case-file.schema.json"  # in visitdesk/standards/schemas/


@cache
def case_file_schema() -> dict[str, Any]:
    """The case file's JSON Schema (draft 2020-12), as shipped with VisitDesk, with every
    visit field of the catalogue it does not describe yet described from the catalogue."""
    found = resources.files("visitdesk.standards").joinpath("schemas", SCHEMA_FILE)
    schema = json.loads(found.read_text("utf-8"))
    described = schema["$defs"]["visit"]["properties"]
    for item in CASE_FIELDS:
        if item.name not in described:
            described[item.name] = _catalogue_property(item)
    return schema


# A catalogue kind's definition in the schema's $defs (a choice lists its values instead).
_KIND_DEFS = {"text": "long_text", "flag": "flag", "datetime": "date_time"}


def _catalogue_property(item: catalogue.VisitField) -> dict[str, Any]:
    description = " ".join(part for part in (item.question, item.help) if part)
    description += " Null, or absent, when not recorded."
    if item.kind == "choice":
        return {"description": description, "enum": [*item.values, None]}
    return {"$ref": f"#/$defs/{_KIND_DEFS[item.kind]}", "description": description}


@cache
def _schema_validator() -> Any:
    # Imported here, not at the top: the app's start and live validation never need it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_refs(case_file_schema()))


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with each local ``$ref`` replaced by the definition it names.

    The validator then checks a visit about twice as fast (following a reference costs more
    than the check it leads to). The schema's references sit beside a description and at most
    a narrower ``type`` (a required date is a date that may not be null), so putting the
    definition's keywords under the sibling ones checks exactly what the schema says; anything
    else beside a reference is refused here, so a later edit cannot change the meaning
    unnoticed.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        ref = node.get("$ref")
        if ref is not None:
            name = ref.removeprefix("#/$defs/")
            if name == ref or name not in defs:
                raise ValueError(f"case file schema: cannot inline $ref {ref}")
            out.update(walk(defs[name]))
            for key, value in node.items():
                if key not in ("$ref", "description", "type"):
                    raise ValueError(f"case file schema: {key} beside $ref {ref}")
                if key == "type" and not set(_as_list(value)) <= set(_as_list(out["type"])):
                    raise ValueError(f"case file schema: type beside $ref {ref} is not narrower")
        for key, value in node.items():
            if key not in ("$ref", "$defs"):
                out[key] = walk(value)
        return out

    return walk(schema)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def validate_case_file(data: object) -> None:
    """Check a decoded case file against its schema; :class:`CaseError` names the first
    mistake in the file's own order, in one line (``case file: visits[2].seen must be ...``).
    """
    errors = list(_schema_validator().iter_errors(data))
    if errors:
        first = min(errors, key=lambda error: _error_order(data, error))
        raise CaseError(_schema_message(first))


# Which message to give when one value breaks several keywords: an unknown choice says more
# than "must be text", and a missing field comes before what is wrong inside its parent.
_KEYWORD_RANK = {"required": 0, "enum": 1, "type": 2}
_PATTERN_WORDS = {
    f"^{DATE_PATTERN}$": "a date written YYYY-MM-DD",
    f"^{DATETIME_PATTERN}$": "a date and time written YYYY-MM-DDTHH:MM",
    r"\S": "non-empty text",
}
_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "object": "an object",
    "array": "a list",
}


def _error_order(data: object, error: Any) -> tuple[list[int], int]:
    # The position of each step of the error's path in the file itself (keys in the order
    # written, items by index), so the first mistake a reader meets is the one reported.
    steps: list[int] = []
    node = data
    for step in error.absolute_path:
        if isinstance(node, dict):
            steps.append(list(node).index(step))
        else:
            steps.append(step)
        node = node[step]
    return steps, _KEYWORD_RANK.get(error.validator, len(_KEYWORD_RANK))


def _path_text(path: Any) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _pattern_of(schema: dict[str, Any]) -> str | None:
    if "pattern" in schema:
        return schema["pattern"]
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return case_file_schema()["$defs"].get(ref.removeprefix("#/$defs/"), {}).get("pattern")
    return None


def _schema_message(error: Any) -> str:
    path = _path_text(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if not path:
        if keyword == "type":
            return (
                "the case file must be a JSON object with child and visits, not "
                f"{show_value(value)}"
            )
    place = f"case file: {path}"
    if keyword == "required":
        missing = next(name for name in expected if name not in value)
        named = f"{place}.{missing}" if path else f"case file: {missing}"
        choices = error.schema.get("properties", {}).get(missing, {}).get("enum")
        hint = f" (one of {', '.join(c for c in choices if c is not None)})" if choices else ""
        return f"{named} is missing{hint}"
    if keyword == "enum":
        allowed = ", ".join(str(c) for c in expected if c is not None)
        return f"{place} must be one of {allowed}, not {show_value(value)}"
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        if value is None:
            return f"{place} is missing (it is null)"
        pattern = _pattern_of(error.schema)
        if pattern in _PATTERN_WORDS:  # a date given as a number, say: say how to write it
            words = _PATTERN_WORDS[pattern]
        else:
            words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k != "null")
        return f"{place} must be {words}, not {show_value(value)}"
    if keyword == "pattern":
        words = _PATTERN_WORDS.get(expected, f"text matching {expected}")
        return f"{place} must be {words}, not {show_value(value)}"
    if keyword == "minimum":
        return f"{place} must be at least {expected}, not {show_value(value)}"
    if keyword == "maximum":
        if path.endswith("visit_interval.every"):
            return (
                f"{place} must be at most {expected} days (a year) or the same in its "
                f"unit, not {show_value(value)}"
            )
        return f"{place} must be at most {expected}, not {show_value(value)}"
    if keyword == "minLength":
        return f"{place} must not be empty"
    if keyword == "maxLength":
        return f"{place} is longer than {expected:,} characters"
    if keyword == "maxItems":
        return (
            f"{place} holds {len(value):,} entries, more than the {expected:,} VisitDesk "
            "checks for one child; check the file holds one child's case"
        )
    return f"{place}: {' '.join(str(error.message).split())[:200]}"
