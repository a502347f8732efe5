"""``visitdesk policies`` and ``visitdesk check``: JSON out, exit 2 with one line for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from visitdesk.cli import main

from .test_case import GOOD

REPO = Path(__file__).resolve().parents[2]


def run_cli(args, stdin: str | None = None):
    """Run ``python -m visitdesk`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "visitdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


@pytest.fixture
def case_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    return path


def test_check_prints_the_brief_json(case_file):
    done = run_cli(
        ["check", "--policy", "getting-it-right-2018", "--as-of", "2026-09-20", str(case_file)]
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = json.loads(done.stdout)
    assert out["policy"] == "getting-it-right-2018"
    assert out["as_of"] == "2026-09-20"
    assert out["next_visit_due"] == "2026-09-13"  # the plan's agreed 10 days
    assert out["visit_overdue"] is True
    assert out["visits"] == [
        {
            "id": "v1",
            "statutory": True,
            "record_due": "2026-09-10",
            "recorded_late": False,
            "reattempt_due": None,
        }
    ]
    got = {(f["code"], f["visit"], f["field"]) for f in out["findings"]}
    assert ("seen_alone.reason_required", "v1", "not_seen_alone_reason") in got
    assert ("record.sections_missing", "v1", "purpose") in got
    assert ("visit.overdue", None, None) in got


def test_check_reads_standard_input():
    done = run_cli(
        ["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-04", "-"],
        stdin=json.dumps(GOOD),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["next_visit_due"] == "2026-09-13"


def test_as_of_defaults_to_today(case_file, capsys):
    from datetime import date

    assert main(["check", "--policy", "visiting-policy-2019", str(case_file)]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == date.today().isoformat()


def test_policies_text_and_json():
    done = run_cli(["policies"])
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("england-cla-2010 ")
    assert any(line.startswith("visiting-policy-2019 ") for line in lines)
    assert "source: Visiting Children" in done.stdout
    assert "source: 00" not in done.stdout  # documents by name, never by seed file number
    done = run_cli(["policies", "--json"])
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert set(rows[0]) == {"id", "title", "source"}
    assert len(rows) == 5


def _bad(data) -> str:
    return data if isinstance(data, str) else json.dumps(data)


def _with(path: str, value):
    import copy

    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = value
    return data


BAD_CASES = [
    ("invalid JSON", '{"child": {"plan": "CIN"', "not valid JSON"),
    ("empty input", "   ", "is empty"),
    ("NaN is not JSON", '{"child": {"plan": "CIN"}, "visits": NaN}', "NaN is not allowed"),
    ("not an object", "[1, 2]", "must be a JSON object"),
    ("impossible date", _with("child.date_of_birth", "2026-02-30"), "not a real date"),
    ("unknown enum value", _with("visits.0.seen", "partly"), "seen must be one of"),
    ("unknown plan", _with("child.plan", "EH"), "child.plan must be one of"),
    ("missing required field", {"child": {}}, "child.plan is missing"),
    ("missing visit time", {"child": {"plan": "CP"}, "visits": [{"id": "a"}]}, "visited_at is"),
    ("visit before birth", _with("child.date_of_birth", "2026-10-01"), "before the child's date"),
    ("wrong type", _with("visits.0.completed", "true"), "completed must be true or false"),
    ("wrong type for interval", _with("child.visit_interval", 10), "visit_interval must be"),
    ("key given twice", '{"child": {"plan": "CIN", "plan": "CP"}}', "'plan' appears twice"),
    ("lone surrogate", '{"child": {"plan": "\\ud800"}}', "child.plan is not valid Unicode"),
    ("Infinity is not JSON", '{"child": {"plan": "CIN"}, "x": Infinity}', "Infinity is not"),
    ("year out of range", _with("child.date_of_birth", "1066-10-14"), "outside the years"),
    (
        "interval over a year",
        _with("child.visit_interval", {"every": 60, "unit": "weeks"}),
        "at most 52 weeks",
    ),
]


@pytest.mark.parametrize(("what", "data", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_case_input_exits_2_with_one_line(what, data, expected, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(_bad(data).encode())))
    code = main(["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-20", "-"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("visitdesk: ")
    assert expected in err, err
    assert "Traceback" not in err


BAD_ARGS = [
    ("unknown policy", ["--policy", "nope"], "unknown policy 'nope'"),
    (
        "impossible --as-of",
        ["--policy", "visiting-policy-2019", "--as-of", "2026-02-30"],
        "--as-of is not a real date",
    ),
    (
        "badly written --as-of",
        ["--policy", "visiting-policy-2019", "--as-of", "30/09/2026"],
        "--as-of must be a date written YYYY-MM-DD",
    ),
    ("no --policy", [], "--policy"),
]


@pytest.mark.parametrize(("what", "args", "expected"), BAD_ARGS, ids=[c[0] for c in BAD_ARGS])
def test_bad_arguments_exit_2_with_one_line(what, args, expected, case_file):
    done = run_cli(["check", *args, str(case_file)])
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_missing_file_and_folder(tmp_path, capsys):
    assert main(["check", "--policy", "visiting-policy-2019", str(tmp_path / "no.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["check", "--policy", "visiting-policy-2019", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_not_utf8(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_bytes(b'{"child": {"plan": "CIN\xff"}}')
    assert main(["check", "--policy", "visiting-policy-2019", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err and err.count("\n") == 1


def test_deeply_nested_json_is_refused_calmly(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000 + "]" * 100000)
    done = run_cli(["check", "--policy", "visiting-policy-2019", str(path)])
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ('{"child": ', "not valid JSON"),
        (json.dumps(_with("visits.0.visited_at", "2026-02-30T10:00")), "not a real date"),
        (
            json.dumps({"child": {"plan": "CIN"}, "visits": [{"id": "a", "visited_at": 5}]}),
            "visited_at must be a date and time",
        ),
    ],
)
def test_bad_case_through_the_real_command(stdin, expected):
    done = run_cli(["check", "--policy", "getting-it-right-2018", "-"], stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_case_starting_with_a_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode("utf-8"))
    assert (
        main(["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-20", str(path)]) == 0
    )
    assert json.loads(capsys.readouterr().out)["policy"] == "visiting-policy-2019"


def test_standard_input_past_the_size_limit_is_refused_in_one_line(monkeypatch, capsys):
    from visitdesk import limits

    monkeypatch.setattr(limits, "MAX_CASE_FILE", 1024)
    big = json.dumps({**GOOD, "padding": "x" * 2000})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big.encode())))
    assert main(["check", "--policy", "visiting-policy-2019", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "larger than 1 KB" in err


# --- the case file schema, through the installed command ------------------------------------


def run_visitdesk(args, stdin: str | None = None):
    """Run the installed ``visitdesk`` script (``python -m visitdesk`` where there is none)."""
    script = Path(sys.executable).with_name("visitdesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "visitdesk"]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, cwd=REPO, timeout=60
    )


def _case_with(path: str, value):
    """The brief's example with one field changed (``KeyError`` removes it)."""
    import copy

    data = copy.deepcopy(GOOD)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


SCHEMA_CASES = [
    (
        "wrong enum",
        _case_with("visits.0.seen", "maybe"),
        "visitdesk: case file: visits[0].seen must be one of yes, no, unborn, not 'maybe'",
    ),
    (
        "wrong type",
        _case_with("visits.0.bedroom_seen", "yes"),
        "visitdesk: case file: visits[0].bedroom_seen must be true or false, not 'yes'",
    ),
    (
        "missing plan",
        _case_with("child.plan", KeyError),
        "visitdesk: case file: child.plan is missing (one of CIN, CP, CLA, CP+CLA)",
    ),
    (
        "missing visit id",
        _case_with("visits.0.id", KeyError),
        "visitdesk: case file: visits[0].id is missing",
    ),
    (
        "bad date pattern",
        _case_with("child.allocated_on", "1 Sept 2026"),
        "visitdesk: case file: child.allocated_on must be a date written YYYY-MM-DD, "
        "not '1 Sept 2026'",
    ),
    (
        "bad interval unit",
        _case_with("child.visit_interval.unit", "fortnights"),
        "visitdesk: case file: child.visit_interval.unit must be one of days, weeks, "
        "working_days, months, not 'fortnights'",
    ),
    (
        "bad nested meeting field",
        _case_with(
            "child.meetings",
            [
                {
                    "id": "m1",
                    "kind": "progress",
                    "date": "2026-09-08",
                    "notes_circulated_on": "10/09/2026",
                }
            ],
        ),
        "visitdesk: case file: child.meetings[0].notes_circulated_on must be a date written "
        "YYYY-MM-DD, not '10/09/2026'",
    ),
    (
        "bad nested holiday field",
        _case_with(
            "child.holidays", [{"start": "2026-10-19", "end": "2026-10-30", "abroad": "France"}]
        ),
        "visitdesk: case file: child.holidays[0].abroad must be true or false, not 'France'",
    ),
    (
        "failed visit where the child was seen",
        _case_with("visits.0.outcome", "failed"),
        "visitdesk: visit v1 is recorded as a failed visit, but the child as seen; a visit "
        "where the child was seen has not failed, so correct outcome or seen",
    ),
    (
        "visit after the day checked",
        GOOD,
        "visitdesk: visit v1 is dated 2026-09-03, after the day checked (2026-09-01); a visit "
        "cannot be recorded before it happens",
    ),
]


@pytest.mark.parametrize(("what", "data", "line"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_a_case_that_does_not_match_exits_2_with_one_line_naming_the_path(
    what, data, line, tmp_path
):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run_visitdesk(
        ["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-01", str(path)]
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == line + "\n"


def test_a_visit_dated_after_today_is_refused_by_default():
    from datetime import date, timedelta

    later = date.today() + timedelta(days=3)
    data = _case_with("visits.0.visited_at", f"{later.isoformat()}T10:00")
    data["visits"][0]["recorded_at"] = None
    data["child"]["plan_start"] = data["child"]["allocated_on"] = None
    data["child"]["date_of_birth"] = None
    done = run_visitdesk(["check", "--policy", "visiting-policy-2019", "-"], stdin=json.dumps(data))
    assert done.returncode == 2
    assert done.stderr == (
        f"visitdesk: visit v1 is dated {later.isoformat()}, after the day checked "
        f"({date.today().isoformat()}); a visit cannot be recorded before it happens\n"
    )


def test_a_monthly_plan_interval_is_accepted():
    data = _case_with(
        "child.visit_interval", {"every": 1, "unit": "months", "rationale": "agreed at review"}
    )
    done = run_visitdesk(
        ["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-04", "-"],
        stdin=json.dumps(data),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["policy"] == "visiting-policy-2019"


def test_meetings_holidays_outcome_and_contact_are_accepted():
    data = _case_with(
        "child.meetings",
        [
            {
                "id": "m1",
                "kind": "progress",
                "date": "2026-09-08",
                "notes_circulated_on": "2026-09-10",
            },
            {"id": "m2", "kind": "review", "date": "2026-12-15", "held": False},
        ],
    )
    data["child"]["holidays"] = [{"start": "2026-10-19", "end": "2026-10-30", "abroad": True}]
    data["visits"].append(
        {"id": "v2", "visited_at": "2026-10-01T16:00", "seen": "no", "outcome": "failed"}
    )
    data["visits"].append(
        {"id": "v3", "visited_at": "2026-10-22T18:00", "seen": "yes", "contact": "video"}
    )
    done = run_visitdesk(
        ["check", "--policy", "visiting-policy-2019", "--as-of", "2026-11-30", "-"],
        stdin=json.dumps(data),
    )
    assert done.returncode == 0, done.stderr
    assert {v["id"] for v in json.loads(done.stdout)["visits"]} == {"v1", "v2", "v3"}


def test_the_size_limit_is_applied_before_the_schema_reads_anything(monkeypatch, capsys):
    from visitdesk import limits
    from visitdesk.standards import commands

    def never(data):
        raise AssertionError("the schema was asked to read a file past the size limit")

    monkeypatch.setattr(commands, "validate_case_file", never)
    monkeypatch.setattr(limits, "MAX_CASE_FILE", 1024)
    big = json.dumps({**GOOD, "padding": "x" * 2000})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big.encode())))
    assert main(["check", "--policy", "visiting-policy-2019", "-"]) == 2
    assert "larger than 1 KB" in capsys.readouterr().err
