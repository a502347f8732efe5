"""Profiles are data: the shipped ones load, and a broken one is refused with file, key, problem."""

from __future__ import annotations

import re
import textwrap

import pytest

from visitdesk.errors import UserError
from visitdesk.standards import (
    PolicyError,
    UnknownPolicy,
    list_policies,
    load_policy,
    load_policy_file,
)
from visitdesk.standards.policy import RULE_KINDS

SHIPPED = [
    "england-cla-2010",
    "getting-it-right-2018",
    "leicestershire-cin-2024",
    "seen-alone-guidance",
    "visiting-policy-2019",
]
# Each shipped profile cites its documents by a short name a worker can read, never by the
# seed file's number (issue 12: "[000 1.1.3]" meant nothing to a social worker).
CITATION_PREFIX = {
    "getting-it-right-2018": ("CIN practice standards 2018, ", "CP practice standards 2018, "),
    "leicestershire-cin-2024": ("Leicestershire CIN procedure 2024, ",),
    "seen-alone-guidance": ("Seen alone guidance, ",),
    "visiting-policy-2019": ("Visiting policy 2019, ",),
    "england-cla-2010": (
        "Looked after regulations 2010, reg. 28",
        "Looked after regulations 2010, reg. 29",
        "Looked after regulations 2010, reg. 30",
    ),
}
SEED_NUMBER = re.compile(r"\b00[0-4]\b")


def test_the_five_shipped_profiles_are_listed_in_id_order():
    infos = list_policies()
    assert [p.id for p in infos] == SHIPPED
    for info in infos:
        assert info.title and info.source


@pytest.mark.parametrize("policy_id", SHIPPED)
def test_every_rule_cites_its_document_by_name_not_by_seed_number(policy_id):
    policy = load_policy(policy_id)
    assert policy.rules
    assert policy.name and len(policy.name) <= 60
    for rule in policy.rules:
        assert rule.cite.startswith(CITATION_PREFIX[policy_id]), rule
        assert not SEED_NUMBER.search(rule.cite), rule.cite
        assert rule.cite.endswith(rule.source)


def test_the_short_names_are_those_the_issue_asks_for():
    names = {pid: load_policy(pid).name for pid in SHIPPED}
    assert names == {
        "england-cla-2010": "Looked after regulations 2010",
        "getting-it-right-2018": "Getting it Right practice standards 2018",
        "leicestershire-cin-2024": "Leicestershire CIN procedure 2024",
        "seen-alone-guidance": "Seen alone guidance",
        "visiting-policy-2019": "Visiting policy 2019",
    }
    assert load_policy("getting-it-right-2018").documents == {
        "cin": "CIN practice standards 2018",
        "cp": "CP practice standards 2018",
    }


def test_profiles_cover_the_plans_the_brief_names():
    assert load_policy("getting-it-right-2018").plans == {"CIN", "CP"}
    assert load_policy("leicestershire-cin-2024").plans == {"CIN"}
    assert load_policy("visiting-policy-2019").plans == {"CIN", "CP"}
    assert load_policy("england-cla-2010").plans == {"CLA"}
    assert "CP+CLA" in load_policy("seen-alone-guidance").plans


def test_every_rule_kind_is_used_by_some_shipped_profile():
    used = {r.kind for pid in SHIPPED for r in load_policy(pid).rules}
    assert used == set(RULE_KINDS)


def test_load_policy_is_cached_and_closures_make_a_variant():
    from datetime import date

    assert load_policy("visiting-policy-2019") is load_policy("visiting-policy-2019")
    closed = load_policy("visiting-policy-2019", extra_closures=[date(2026, 12, 29)])
    assert closed is not load_policy("visiting-policy-2019")
    assert closed.extra_closures == {date(2026, 12, 29)}
    assert closed.rules == load_policy("visiting-policy-2019").rules


@pytest.mark.parametrize("bad", ["nope", "", "../getting-it-right-2018", None])
def test_unknown_policy(bad):
    with pytest.raises(UnknownPolicy) as caught:
        load_policy(bad)
    assert isinstance(caught.value, UserError)
    assert "choose one of: england-cla-2010" in str(caught.value)


MINIMAL = """
id = "test-authority"
name = "Test standard"
title = "Test authority"
source = "Test document"
plans = ["CIN"]

[[rules]]
kind = "visit_frequency"
every = 4
unit = "weeks"
source = "T 1"
"""


def write(tmp_path, text: str, name: str = "test-authority.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_minimal_profile_loads(tmp_path):
    policy = load_policy_file(write(tmp_path, MINIMAL))
    assert policy.id == "test-authority"
    assert policy.rules[0].interval.every == 4


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('id = "test-authority"', 'id = "Test Authority"', "id", "lower-case"),
        ('title = "Test authority"', "", "title", "is missing"),
        ('name = "Test standard"', "", "name", "is missing (a short name for citations"),
        ('name = "Test standard"', 'name = ""', "name", "non-empty text"),
        ('name = "Test standard"', f'name = "{"x" * 61}"', "name", "at most 60 characters"),
        ('source = "T 1"', 'source = "T 1"\ndocument = "cp"', "document", "[documents] table"),
        ('source = "Test document"', 'source = ""', "source", "non-empty text"),
        ('plans = ["CIN"]', 'plans = ["CIN", "LAC"]', "plans", "'LAC' is not one of"),
        ('plans = ["CIN"]', "", "plans", "is missing"),
        ('plans = ["CIN"]', 'plans = ["CIN"]\ncolour = "red"', "colour", "not a profile setting"),
        ('kind = "visit_frequency"', 'kind = "visit_often"', "rules[0].kind", "must be one of"),
        ('kind = "visit_frequency"', "", "rules[0].kind", "is missing"),
        ("every = 4", "every = 0", "rules[0] (visit_frequency-0).every", "at least 1"),
        ("every = 4", "every = -3", "every", "at least 1"),
        ("every = 4", "every = 4.5", "every", "whole number"),
        ("every = 4", "every = true", "every", "whole number"),
        ("every = 4", 'every = "often"', "every", 'whole number or "plan"'),
        ("every = 4", "", "every", "is missing"),
        ('unit = "weeks"', 'unit = "fortnights"', "unit", "must be one of days, weeks"),
        ('unit = "weeks"', "", "unit", "is missing"),
        ('source = "T 1"', "", "rules[0] (visit_frequency-0).source", "is missing"),
        ('source = "T 1"', 'source = "T 1"\nfrom_age = "four"', "from_age", "whole number"),
        ('source = "T 1"', 'source = "T 1"\nfrom_age = 5\nbelow_age = 4', "below_age", "greater"),
        ('source = "T 1"', 'source = "T 1"\nwhen = ["rich"]', "when", "'rich' is not one of"),
        ('source = "T 1"', 'source = "T 1"\nplans = ["CP"]', "plans", "not in the profile's"),
        ('source = "T 1"', 'source = "T 1"\nwithin = 3', "within", "not a setting of"),
        ('source = "T 1"', 'source = "T 1"\nloosest = 6', "loosest", "table with every"),
        ("every = 4", 'every = "plan"', "every", "unit, plan_interval and loosest do not apply"),
    ],
)
def test_broken_profile_names_file_key_and_problem(tmp_path, old, new, key, problem):
    assert old in MINIMAL
    path = write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(PolicyError) as caught:
        load_policy_file(path)
    message = str(caught.value)
    assert message.startswith("policy file test-authority.toml: ")
    assert key in message and problem in message, message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("rule", "key", "problem"),
    [
        ('kind = "reattempt"\nwithin = "soon"', "within", "same_working_week"),
        ('kind = "reattempt"\nwithin = 2\nunit = "hours"', "unit", "must be one of"),
        ('kind = "reattempt"\nwithin = "same_working_week"\nunit = "days"', "unit", "not apply"),
        ('kind = "recording_deadline"', "within", "is missing"),
        ('kind = "record_sections"\nfields = ["mood"]', "fields", "'mood' is not one of"),
        ('kind = "record_sections"\nfields = []', "fields", "at least one field"),
        ('kind = "seen_alone_frequency"', "every", "either every"),
        (
            'kind = "seen_alone_frequency"\nevery_other_visit = true\nevery = 2\nunit = "weeks"',
            "every",
            "either every",
        ),
        ('kind = "seen_alone_reason"\nreason_text = "when_other"', "reason_text", "categories"),
        ('kind = "seen_awake"\nunrecorded = "fatal"', "unrecorded", "error, warning, info"),
        ('kind = "joint_visit"\nevery = 4\nunit = "weeks"\nwith = "midwife"', "with", "one of"),
        (
            'kind = "first_visit"\nwithin = 5\nunit = "working_days"\nfrom = "birth"',
            "from",
            "one of plan_start",
        ),
        ('kind = "plan_review"\nat = 16\nunit = "hours"', "unit", "must be one of"),
        ('kind = "statutory_visit"\nlocations = ["car"]', "locations", "'car' is not one of"),
    ],
)
def test_broken_rule_settings(tmp_path, rule, key, problem):
    text = MINIMAL + f'\n[[rules]]\nid = "extra"\n{rule}\nsource = "T 2"\n'
    with pytest.raises(PolicyError) as caught:
        load_policy_file(write(tmp_path, text))
    message = str(caught.value)
    assert "rules[1] (extra)" in message or "rules[1]" in message, message
    assert key in message and problem in message, message


def test_not_toml(tmp_path):
    path = write(tmp_path, "id = \n")
    with pytest.raises(PolicyError, match=r"test-authority.toml: is not valid TOML"):
        load_policy_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(PolicyError, match="nowhere.toml: not found"):
        load_policy_file(tmp_path / "nowhere.toml")


def test_duplicate_rule_id(tmp_path):
    text = MINIMAL.replace('kind = "visit_frequency"', 'id = "f"\nkind = "visit_frequency"')
    text += '\n[[rules]]\nid = "f"\nkind = "first_visit"\nwithin = 5\nunit = "days"\nsource = "x"\n'
    with pytest.raises(PolicyError, match=re.escape("rules[1].id: f is used twice")):
        load_policy_file(write(tmp_path, text))


def test_extends_inherits_replaces_by_id_and_drops(tmp_path):
    text = """
        id = "our-cin"
        name = "Our CIN standard 2026"
        title = "Our CIN standard"
        source = "Our document, 2026"
        extends = "visiting-policy-2019"
        drop = ["interaction"]

        [[rules]]
        id = "cin-frequency"          # replaces the inherited 20-working-day rule
        kind = "visit_frequency"
        plans = ["CIN"]
        every = 15
        unit = "working_days"
        source = "OURS 2.1"
    """
    policy = load_policy_file(write(tmp_path, text, "our-cin.toml"))
    base = load_policy("visiting-policy-2019")
    assert policy.plans == base.plans
    ids = [r.id for r in policy.rules]
    assert "interaction" not in ids
    assert len(ids) == len(base.rules) - 1
    replaced = next(r for r in policy.rules if r.id == "cin-frequency")
    assert replaced.interval.every == 15 and replaced.source == "OURS 2.1"
    # Each rule keeps the citation of the document it came from.
    assert replaced.cite == "Our CIN standard 2026, OURS 2.1"
    inherited = next(r for r in policy.rules if r.id == "seen-alone")
    assert inherited.cite == "Visiting policy 2019, I.8"


def test_documents_name_each_source_of_a_profile(tmp_path):
    text = MINIMAL.replace('plans = ["CIN"]', 'plans = ["CIN"]\n\n[documents]\nours = "Our book"')
    text = text.replace('source = "T 1"', 'document = "ours"\nsource = "T 1"')
    policy = load_policy_file(write(tmp_path, text))
    assert policy.rules[0].cite == "Our book, T 1"
    wrong = text.replace('document = "ours"', 'document = "theirs"')
    with pytest.raises(PolicyError, match=r"document: must be one of ours, not 'theirs'"):
        load_policy_file(write(tmp_path, wrong))


def test_authority_files_are_not_listed_as_profiles():
    from visitdesk.standards.policy import shipped_ids

    assert shipped_ids() == SHIPPED


def test_extends_a_sibling_file_and_refuses_loops(tmp_path):
    write(tmp_path, 'extends = "b"\n' + MINIMAL.replace("test-authority", "a"), "a.toml")
    write(tmp_path, 'extends = "a"\n' + MINIMAL.replace("test-authority", "b"), "b.toml")
    with pytest.raises(PolicyError, match="extends: a leads back to this profile"):
        load_policy_file(tmp_path / "a.toml")


def test_extends_unknown_profile(tmp_path):
    text = 'extends = "nobody"\n' + MINIMAL
    with pytest.raises(PolicyError, match="extends: no profile called nobody"):
        load_policy_file(write(tmp_path, text))


def test_drop_must_name_an_inherited_rule(tmp_path):
    text = 'extends = "visiting-policy-2019"\ndrop = ["nothing-here"]\n' + MINIMAL
    with pytest.raises(PolicyError, match="drop: 'nothing-here' is not one of"):
        load_policy_file(write(tmp_path, text))
