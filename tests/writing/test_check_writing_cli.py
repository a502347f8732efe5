"""``visitdesk check --writing``: the writing aids' findings for a case file, from a real
process, after the standards' own."""

from __future__ import annotations

import json

import pytest

from tests.standards.test_cli import run_cli

SENTENCE = (
    "recieved the refferal about the colour of the paediatrician's programme, discussed at the ICPC"
)


def _case(**visit):
    return {
        "child": {"date_of_birth": "2016-05-04", "plan": "CP", "plan_start": "2026-09-01"},
        "visits": [
            {
                "id": "v1",
                "visited_at": "2026-09-03T10:00",
                "location": "home",
                "seen": "yes",
                "seen_alone": "yes",
                **visit,
            }
        ],
    }


def _check(tmp_path, case, *extra):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    done = run_cli(
        ["check", "--policy", "getting-it-right-2018", "--as-of", "2026-09-20", *extra, str(path)]
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["findings"]


def test_only_the_two_misspelt_words_of_the_issue_are_reported(tmp_path):
    found = _check(tmp_path, _case(findings=SENTENCE), "--writing")
    spelling = [f for f in found if f["code"] == "writing.spelling"]
    assert [(f["field"], f["word"]) for f in spelling] == [
        ("findings", "recieved"),
        ("findings", "refferal"),
    ]
    assert all(f["visit"] == "v1" and f["severity"] == "info" for f in spelling)


def test_without_writing_the_output_is_the_standards_alone(tmp_path):
    found = _check(tmp_path, _case(findings=SENTENCE))
    assert not [f for f in found if f["code"].startswith("writing.")]


def test_a_personal_word_and_a_household_name_in_the_case_file_are_accepted(tmp_path):
    case = _case(findings="Kaylee-Mae told me about Wigstonshire and recieved a card.")
    case["writing"] = {
        "household": [{"given_name": "Kaylee-Mae", "family_name": "Rowe"}],
        "words": ["Wigstonshire"],
    }
    found = _check(tmp_path, case, "--writing")
    assert [f["word"] for f in found if f["code"] == "writing.spelling"] == ["recieved"]


def test_a_name_from_another_family_is_a_prompt(tmp_path):
    case = _case(findings="I spoke with Tyler Brookes about his new school and his friends.")
    case["writing"] = {"other_children": [{"given_name": "Tyler", "family_name": "Brookes"}]}
    found = _check(tmp_path, case, "--writing")
    named = [f for f in found if f["code"] == "writing.other_child_named"]
    assert len(named) == 1 and named[0]["field"] == "findings"
    assert named[0]["severity"] in ("warning", "info")


@pytest.mark.parametrize(
    "writing, match",
    [
        ({"words": ["two words"]}, "writing.words"),
        ({"household": [{"family_name": "Rowe"}]}, "given_name"),
    ],
)
def test_a_bad_writing_part_exits_2_with_one_line(tmp_path, writing, match):
    case = _case(findings="Fine.")
    case["writing"] = writing
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    done = run_cli(["check", "--policy", "getting-it-right-2018", "--writing", str(path)])
    assert done.returncode == 2
    assert match in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_an_unknown_authority_or_a_misspelt_key_in_writing_exits_2(tmp_path):
    for writing, match in (({"authority": "nowhere"}, "nowhere"), ({"houshold": []}, "houshold")):
        case = _case(findings="Fine.")
        case["writing"] = writing
        path = tmp_path / "case.json"
        path.write_text(json.dumps(case), encoding="utf-8")
        done = run_cli(["check", "--policy", "getting-it-right-2018", "--writing", str(path)])
        assert done.returncode == 2, done.stdout
        assert match in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_run_of_letters_longer_than_any_word_is_not_reported_whole(tmp_path):
    found = _check(tmp_path, _case(findings="x" * 5000 + " recieved"), "--writing")
    assert [f["word"] for f in found if f["code"] == "writing.spelling"] == ["recieved"]
