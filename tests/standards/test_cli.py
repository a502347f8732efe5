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
    assert "source: 004 Visiting Children" in done.stdout
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
    assert main(["check", "--policy", "visiting-policy-2019", "--as-of", "2026-09-20",
                 str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["policy"] == "visiting-policy-2019"


def test_standard_input_past_the_size_limit_is_refused_in_one_line(monkeypatch, capsys):
    from visitdesk import limits

    monkeypatch.setattr(limits, "MAX_CASE_FILE", 1024)
    big = json.dumps({**GOOD, "padding": "x" * 2000})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(big.encode())))
    assert main(["check", "--policy", "visiting-policy-2019", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "larger than 1 KB" in err
