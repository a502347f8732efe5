"""The hand-checked cases in seed_cases.py, each worked out from the seed text with a calendar,
run through the ``check`` command exactly as it runs from the shell (in this process, for
speed; tests/standards/test_cli.py runs the installed command itself)."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from visitdesk.errors import UserError
from visitdesk.standards.commands import cmd_check

from .seed_cases import CASES

# Notes that come from no one rule carry no rule id (docs/policy-profiles.md, Citations).
NO_RULE = {
    "visit.after_as_of",
    "policy.plan_not_covered",
    "record.deadline_not_set",
    "child.facts_missing",
}


def _match(finding: dict, spec: str) -> bool:
    code, _, rest = spec.partition("@")
    visit, _, field = rest.partition(":")
    return (
        finding["code"] == code
        and (not visit or finding.get("visit") == visit)
        and (not field or finding.get("field") == field)
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_hand_checked_case(case, tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(
        case["raw"] if case.get("raw") is not None else json.dumps(case["case"]), encoding="utf-8"
    )
    args = argparse.Namespace(policy=case["policy"], as_of=case["as_of"], case=str(path))
    expect = case["expect"]
    if expect.get("rc", 0) == 2:
        with pytest.raises(UserError) as refused:
            cmd_check(args)
        message = str(refused.value)
        assert "\n" not in message
        assert expect.get("err", "") in message, case["note"]
        return
    cmd_check(args)
    out = json.loads(capsys.readouterr().out)
    note = case["note"]
    if "next" in expect:
        assert out["next_visit_due"] == expect["next"], note
    if "overdue" in expect:
        assert out["visit_overdue"] == expect["overdue"], note
    visits = {v["id"]: v for v in out["visits"]}
    for visit_id, wanted in expect.get("visits", {}).items():
        for key, value in wanted.items():
            assert visits[visit_id][key] == value, f"{visit_id}.{key}: {note}"
    for spec in expect.get("codes", []):
        assert any(_match(f, spec) for f in out["findings"]), f"missing {spec}: {note}"
    for spec in expect.get("absent", []):
        assert not any(_match(f, spec) for f in out["findings"]), f"unexpected {spec}: {note}"
    for finding in out["findings"]:
        assert finding["source"] and not re.search(r"\b00[0-4]\b|\[", finding["source"])
        assert finding["rule"] or finding["code"] in NO_RULE
