"""Authorities: each plan type judged by every standard it falls under, never a false 'On track'."""

from __future__ import annotations

import argparse
import json
import textwrap

import pytest

from visitdesk.errors import UserError
from visitdesk.standards import (
    UnknownAuthority,
    UnknownPolicy,
    authority_for_policy,
    evaluate,
    judge,
    judge_due,
    judge_form,
    list_authorities,
    load_authority,
    load_policy,
)
from visitdesk.standards.authority import PLAN_KEYS, load_authority_file
from visitdesk.standards.policy import PolicyError

from .helpers import child, d, visit

GIR = "getting-it-right"
LEICS = "leicestershire"
CSC = "childrens-social-care-2019"


def test_one_authority_per_seed_authority():
    infos = {a.id: a for a in list_authorities()}
    assert list(infos) == [CSC, GIR, LEICS]
    assert infos[GIR].name == "Getting it Right"
    assert infos[LEICS].name == "Leicestershire County Council"
    assert all(a.region == "england-and-wales" for a in infos.values())
    assert dict(infos[GIR].plans) == {
        "CIN": ("getting-it-right-2018", "seen-alone-guidance"),
        "CP": ("getting-it-right-2018", "seen-alone-guidance"),
        "CLA": ("england-cla-2010",),
        "CP+CLA": ("getting-it-right-2018", "seen-alone-guidance", "england-cla-2010"),
        "unborn": ("getting-it-right-2018", "seen-alone-guidance"),
    }
    assert infos[LEICS].plans["CIN"] == ("leicestershire-cin-2024",)
    assert infos[LEICS].plans["CP"] == ()  # the seeds hold no Leicestershire CP standard
    assert infos[CSC].plans["CP+CLA"] == ("visiting-policy-2019", "england-cla-2010")


@pytest.mark.parametrize(
    ("policy_id", "authority_id"),
    [
        ("getting-it-right-2018", GIR),
        ("seen-alone-guidance", GIR),
        ("leicestershire-cin-2024", LEICS),
        ("visiting-policy-2019", CSC),
        # Shared by every authority, so an installation set to it is judged by it alone.
        ("england-cla-2010", "england-cla-2010"),
    ],
)
def test_an_installation_set_to_one_profile_is_judged_by_its_authority(policy_id, authority_id):
    assert authority_for_policy(policy_id).id == authority_id
    assert policy_id in authority_for_policy(policy_id).policy_ids


def test_unknown_ids_are_refused_with_the_choices():
    with pytest.raises(UnknownAuthority, match="choose one of: childrens-social-care-2019"):
        load_authority("nowhere")
    with pytest.raises(UnknownPolicy, match="choose one of: england-cla-2010"):
        authority_for_policy("nope")
    assert issubclass(UnknownAuthority, UserError)


# ---- the attackers' cases --------------------------------------------------------------------


def test_a_looked_after_child_under_getting_it_right_now_has_a_visit_date():
    # Issue 12: the one installed profile covered CIN and CP only, so a looked-after child had
    # no date and showed "On track". SI 2010/959 reg. 28(2)(a): within a week of placement.
    kid = child("CLA", placement_start=d("2026-03-02"))
    alone = evaluate(load_policy("getting-it-right-2018"), kid, [], d("2026-03-05"))
    assert alone.next_visit_due is None  # the old answer
    judged = judge(load_authority(GIR), kid, [], d("2026-03-05"))
    assert [p.id for p in judged.policies] == ["england-cla-2010"]
    assert judged.next_visit_due == d("2026-03-09")
    due = judge_due(load_authority(GIR), kid, [], d("2026-03-10"))
    assert due.due.visit_overdue and not due.no_standard


def test_cp_and_looked_after_child_is_judged_by_both():
    # Seen alone guidance, CP plans that become CLA, point 4: both CP and CLA visits while the
    # CP plan is in place. CP practice standards 2018: fortnightly from age 1 (17 September);
    # reg. 28(4)(a): a Regulation 24 placement is visited weekly (10 September).
    kid = child("CP+CLA", placement_start=d("2026-09-01"), regulation_24=True)
    visits = [visit("v1", "2026-09-03")]
    judged = judge(load_authority(GIR), kid, visits, d("2026-09-12"))
    assert [p.id for p in judged.policies] == [
        "getting-it-right-2018",
        "seen-alone-guidance",
        "england-cla-2010",
    ]
    assert judged.next_visit_due == d("2026-09-10")  # the earliest deadline wins
    assert judged.visit_overdue
    by_source = {s.source: s.due for s in judged.schedule if s.kind == "next_visit"}
    assert by_source["CP practice standards 2018, Frequency of CP visits"] == d("2026-09-17")
    assert d("2026-09-10") in by_source.values()
    # The record is due by the CP standard's one working day; the regulations set none.
    assert judged.visits[0].record_due == d("2026-09-04")
    assert "record.deadline_not_set" not in {f.code for f in judged.findings}
    assert "policy.plan_not_covered" not in {f.code for f in judged.findings}


def test_cp_and_looked_after_without_regulation_24_takes_the_cp_fortnight():
    kid = child("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(load_authority(GIR), kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert judged.next_visit_due == d("2026-09-17")
    due = judge_due(load_authority(GIR), kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert due.due.next_visit_due == d("2026-09-17")
    assert due.standards == ("getting-it-right-2018", "seen-alone-guidance", "england-cla-2010")


def test_a_visit_not_at_home_does_not_count_if_either_standard_says_so():
    # CP practice standards 2018, What is a CP visit: only at home. Reg. 28(1) likewise.
    kid = child("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(
        load_authority(CSC), kid, [visit("v1", "2026-09-03", location="school")], d("2026-09-04")
    )
    assert judged.visits[0].statutory is False


def test_a_plan_type_no_profile_covers_is_no_standard_never_on_track():
    kid = child("CP")
    leics = load_authority(LEICS)
    visits = [visit("v1", "2026-09-03", completed=False, recorded_at=None)]
    judged = judge(leics, kid, visits, d("2026-09-04"))
    assert judged.no_standard and judged.next_visit_due is None
    assert [(f.code, f.severity) for f in judged.findings] == [
        ("policy.plan_not_covered", "warning")
    ]
    assert judged.findings[0].message.startswith("No standard set for CP plans")
    due = judge_due(leics, kid, visits, d("2026-09-04"))
    assert due.no_standard and due.message == "No standard set for CP plans"


def test_part_of_a_plan_without_a_standard_is_named():
    kid = child("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(load_authority(LEICS), kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert not judged.no_standard and judged.uncovered == ("CP",)
    assert judged.next_visit_due == d("2026-10-15")  # reg. 28(2)(b): six weeks
    coverage = [f for f in judged.findings if f.code == "policy.plan_not_covered"]
    assert len(coverage) == 1 and coverage[0].severity == "warning"
    assert coverage[0].message.startswith("No standard set for the CP part of this plan")
    due = judge_due(load_authority(LEICS), kid, [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert due.uncovered == ("CP",) and due.message.startswith("No standard set for the CP")


def test_an_unborn_child_uses_the_authoritys_unborn_profiles():
    unborn = child("CP", date_of_birth=None, expected_birth_date=d("2027-01-10"))
    visits = [visit("v1", "2026-09-03", seen="unborn", seen_alone=None)]
    gir = judge(load_authority(GIR), unborn, visits, d("2026-09-04"))
    assert gir.plan_key == "unborn"
    # CP practice standards 2018, Frequency of CP visits: under one (and unborn) weekly.
    assert gir.next_visit_due == d("2026-09-10")
    leics = judge(load_authority(LEICS), unborn, visits, d("2026-09-04"))
    assert leics.no_standard
    assert leics.findings[0].message.startswith("No standard set for CP plans of unborn children")


# ---- a reason whenever the child is not seen alone -------------------------------------------

NOT_ALONE = dict(seen_alone="no", not_seen_alone_reason="", not_seen_alone_category=None)


@pytest.mark.parametrize(
    ("authority_id", "plan", "source", "rule"),
    [
        (GIR, "CIN", "CIN practice standards 2018, 1.1.6", "cin-seen-alone-reason"),
        (GIR, "CP", "CP practice standards 2018, 1.1.6", "cp-seen-alone-reason"),
        (GIR, "CLA", "Looked after regulations 2010, reg. 29", "speak-in-private"),
        (GIR, "CP+CLA", "CP practice standards 2018, 1.1.6", "cp-seen-alone-reason"),
        (LEICS, "CIN", "Leicestershire CIN procedure 2024, Visiting, point 7", "seen-alone-reason"),
        (LEICS, "CP", "VisitDesk visit record, 1.1.6", None),  # no standard: the form asks
        (CSC, "CIN", "Visiting policy 2019, I.8", "seen-alone"),
        (CSC, "CP", "Visiting policy 2019, I.8", "seen-alone"),
    ],
)
def test_a_missing_reason_is_asked_once_whatever_the_standard(authority_id, plan, source, rule):
    kid = child(plan, placement_start=d("2026-09-01"))
    draft = visit("new", "2026-09-03", **NOT_ALONE)
    found = judge_form(load_authority(authority_id), kid, [], draft, d("2026-09-03"))
    asked = [f for f in found if f.code == "seen_alone.reason_required"]
    assert [(f.severity, f.visit, f.field, f.source, f.rule) for f in asked] == [
        ("error", "new", "not_seen_alone_reason", source, rule)
    ]
    written = visit("new", "2026-09-03", seen_alone="no", not_seen_alone_reason="Mum stayed.")
    again = judge_form(load_authority(authority_id), kid, [], written, d("2026-09-03"))
    assert "seen_alone.reason_required" not in {f.code for f in again}


def test_two_standards_asking_for_the_same_field_say_it_once():
    # CP practice standards 2018 (1.1.3) and nothing else ask for the narrative; the seen
    # alone guidance and the CP standard both ask the reason: one message each, first cited.
    kid = child("CP")
    draft = visit("new", "2026-09-03", purpose=None, **NOT_ALONE)
    found = judge_form(load_authority(GIR), kid, [], draft, d("2026-09-03"))
    keys = [(f.code, f.field) for f in found]
    assert keys.count(("seen_alone.reason_required", "not_seen_alone_reason")) == 1
    assert keys.count(("record.sections_missing", "purpose")) == 1


def test_each_finding_keeps_its_own_citation():
    kid = child("CP+CLA", placement_start=d("2026-09-01"))
    judged = judge(load_authority(CSC), kid, [visit("v1", "2026-09-03")], d("2026-12-01"))
    overdue = {f.source for f in judged.findings if f.code == "visit.overdue"}
    assert overdue == {"Visiting policy 2019, I.5", "Looked after regulations 2010, reg. 28(2)(b)"}
    assert all(f.rule for f in judged.findings if f.code == "visit.overdue")


def test_the_quick_caseload_answer_matches_the_whole_check():
    kid = child("CP+CLA", placement_start=d("2026-09-01"), regulation_24=True)
    visits = [
        visit("v1", "2026-09-03"),
        visit("v2", "2026-09-09", seen="no", seen_alone=None),
        visit("v3", "2026-09-10", completed=False, recorded_at=None, **NOT_ALONE),
    ]
    for authority_id in (GIR, LEICS, CSC):
        authority = load_authority(authority_id)
        full = judge(authority, kid, visits, d("2026-09-14"))
        quick = judge_due(authority, kid, visits, d("2026-09-14"))
        assert quick.due.next_visit_due == full.next_visit_due, authority_id
        assert quick.due.visit_overdue == full.visit_overdue
        blocked = {f.visit for f in full.blocking}
        assert set(quick.due.blocked_records) == blocked
        assert quick.due.records_blocked == len(blocked)


# ---- the authority file ------------------------------------------------------------------------

GOOD = """
id = "riverside"
name = "Riverside Children's Services"
region = "england-and-wales"

[plans]
CIN = ["visiting-policy-2019"]
CP = ["visiting-policy-2019"]
CLA = ["england-cla-2010"]
"CP+CLA" = ["visiting-policy-2019", "england-cla-2010"]
"""


def write(tmp_path, text):
    path = tmp_path / "riverside.authority.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_an_authority_file_loads_and_leaves_out_plans_it_does_not_name(tmp_path):
    authority = load_authority_file(write(tmp_path, GOOD))
    assert authority.id == "riverside" and authority.name == "Riverside Children's Services"
    assert authority.info.plans["unborn"] == ()
    unborn = child("CIN", date_of_birth=None, expected_birth_date=d("2027-01-10"))
    assert judge_due(authority, unborn, [], d("2026-09-04")).no_standard


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('id = "riverside"', 'id = "elsewhere"', "id: must match the file name (riverside)"),
        ('name = "Riverside Children\'s Services"', "", "name: is missing"),
        ('region = "england-and-wales"', 'region = "wessex"', "region: must be one of"),
        ('CIN = ["visiting-policy-2019"]', 'EH = ["visiting-policy-2019"]', "plans.EH: is not"),
        ('CIN = ["visiting-policy-2019"]', 'CIN = ["nobody"]', "no profile called nobody"),
        ('CIN = ["visiting-policy-2019"]', 'CIN = ["england-cla-2010"]', "does not cover CIN"),
        ('CIN = ["visiting-policy-2019"]', 'CIN = "visiting-policy-2019"', "list of profile"),
        ('region = "england-and-wales"', 'colour = "red"', "colour: is not an authority"),
    ],
)
def test_a_broken_authority_file_names_the_setting_and_the_problem(tmp_path, old, new, problem):
    assert old in GOOD
    with pytest.raises(PolicyError) as caught:
        load_authority_file(write(tmp_path, GOOD.replace(old, new, 1)))
    message = str(caught.value)
    assert message.startswith("authority file riverside.authority.toml: ")
    assert problem in message and "\n" not in message, message


def test_a_missing_authority_file_is_named(tmp_path):
    with pytest.raises(PolicyError, match="authority file nowhere.authority.toml: not found"):
        load_authority_file(tmp_path / "nowhere.authority.toml")


def test_an_authority_may_use_its_own_profile_beside_it(tmp_path):
    (tmp_path / "ours.toml").write_text(
        textwrap.dedent("""
            id = "ours"
            name = "Our CIN standard 2026"
            title = "Our CIN standard"
            source = "Our standard, 2026"
            plans = ["CIN"]

            [[rules]]
            kind = "visit_frequency"
            every = 3
            unit = "weeks"
            source = "2.1"
        """),
        encoding="utf-8",
    )
    authority = load_authority_file(
        write(tmp_path, GOOD.replace('CIN = ["visiting-policy-2019"]', 'CIN = ["ours"]'))
    )
    judged = judge(authority, child("CIN"), [visit("v1", "2026-09-03")], d("2026-09-04"))
    assert judged.next_visit_due == d("2026-09-24")
    assert {s.source for s in judged.schedule} == {"Our CIN standard 2026, 2.1"}


# ---- the command ---------------------------------------------------------------------------------


def _run(args, capsys):
    from visitdesk.standards.authority_commands import register

    parser = argparse.ArgumentParser(prog="visitdesk")
    register(parser.add_subparsers())
    parsed = parser.parse_args(args)
    assert parsed.func(parsed) == 0
    return capsys.readouterr().out


def test_authorities_command_prints_json(capsys):
    rows = json.loads(_run(["authorities", "--json"], capsys))
    assert [r["id"] for r in rows] == [CSC, GIR, LEICS]
    assert set(rows[0]) == {"id", "name", "region", "plans"}
    assert list(rows[1]["plans"]) == list(PLAN_KEYS)
    assert rows[1]["plans"]["CP+CLA"] == [
        "getting-it-right-2018",
        "seen-alone-guidance",
        "england-cla-2010",
    ]
    assert rows[2]["plans"]["CP"] == []


def test_authorities_command_prints_text(capsys):
    out = _run(["authorities"], capsys)
    assert "getting-it-right  Getting it Right" in out
    assert "  CP:     no standard set" in out
    assert "  CP+CLA: getting-it-right-2018, seen-alone-guidance, england-cla-2010" in out


def test_when_two_standards_say_the_same_the_stricter_is_kept():
    """One profile may ask for something as a warning and another as an error: the error
    must still block completing the record."""
    from visitdesk.standards.authority import _merge_findings
    from visitdesk.standards.engine import Finding

    warn = Finding(
        "seen_awake.required",
        "warning",
        "v1",
        "seen_awake",
        "Say if awake.",
        "Visiting policy 2019, I.8",
        "seen-awake",
    )
    block = Finding(
        "seen_awake.required",
        "error",
        "v1",
        "seen_awake",
        "Record if awake.",
        "CP practice standards 2018, Visits",
        "seen-awake",
    )
    assert [f.severity for f in _merge_findings([[warn], [block]])] == ["error"]
    assert [f.severity for f in _merge_findings([[block], [warn]])] == ["error"]
