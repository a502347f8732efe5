"""The rule kinds and settings for cancelled visits, holiday contact and plan meetings load,
and a mistake in them is refused naming the file, the setting and the problem."""

from __future__ import annotations

import textwrap

import pytest

from visitdesk.standards import PolicyError, load_policy, load_policy_file

HEAD = """
id = "ours"
name = "Our standard"
title = "Our standard"
source = "Ours"
plans = ["CIN", "CP"]
"""


def write(tmp_path, rules: str):
    path = tmp_path / "ours.toml"
    path.write_text(HEAD + textwrap.dedent(rules), encoding="utf-8")
    return path


def test_the_new_kinds_load_with_their_settings(tmp_path):
    policy = load_policy_file(
        write(
            tmp_path,
            """
        [[rules]]
        kind = "reattempt"
        after = "cancelled"
        within = 1
        unit = "working_days"
        source = "S.1"

        [[rules]]
        kind = "holiday_contact"
        contacts = ["video"]
        source = "S.2"

        [[rules]]
        kind = "progress_meeting"
        every = 4
        unit = "weeks"
        kinds = ["progress"]
        source = "S.3"

        [[rules]]
        kind = "meeting_notes"
        within = 3
        unit = "working_days"
        source = "S.4"

        [[rules]]
        kind = "plan_review"
        at = 12
        unit = "weeks"
        met_by = "review_meeting"
        source = "S.5"
    """,
        )
    )
    by_kind = {r.kind: r for r in policy.rules}
    assert by_kind["reattempt"].after == "cancelled"
    assert by_kind["holiday_contact"].contacts == frozenset({"video"})
    assert by_kind["holiday_contact"].agency_abroad is True
    assert by_kind["progress_meeting"].meeting_kinds == frozenset({"progress"})
    assert by_kind["meeting_notes"].meeting_kinds == frozenset({"progress", "review"})
    assert by_kind["plan_review"].met_by == "review_meeting"


@pytest.mark.parametrize(
    ("rules", "problem"),
    [
        (
            'kind = "holiday_contact"\ncontacts = []\nsource = "S"',
            "rules[0] (holiday_contact-0).contacts: must list at least one of video, agency",
        ),
        (
            'kind = "holiday_contact"\ncontacts = ["phone"]\nsource = "S"',
            "'phone' is not one of video, agency",
        ),
        (
            'kind = "meeting_notes"\nwithin = 5\nunit = "hours"\nsource = "S"',
            "unit: must be one of days, working_days, not 'hours'",
        ),
        ('kind = "progress_meeting"\nunit = "weeks"\nsource = "S"', "every: is missing"),
        (
            'kind = "progress_meeting"\nevery = 6\nunit = "weeks"\nkinds = ["core"]\nsource = "S"',
            "'core' is not one of progress, review",
        ),
        (
            'kind = "plan_review"\nat = 16\nunit = "weeks"\nmet_by = "manager"\nsource = "S"',
            "met_by: must be one of review_meeting, not 'manager'",
        ),
        (
            'kind = "reattempt"\nafter = "postponed"\nwithin = 2\nunit = "days"\nsource = "S"',
            "after: must be one of not_seen, unsuccessful, cancelled",
        ),
        (
            'kind = "seen_awake"\ncontacts = ["video"]\nsource = "S"',
            "contacts: is not a setting of a seen_awake rule",
        ),
    ],
)
def test_mistakes_are_refused_by_name(tmp_path, rules, problem):
    with pytest.raises(PolicyError) as caught:
        load_policy_file(write(tmp_path, "[[rules]]\n" + rules + "\n"))
    assert problem in str(caught.value)
    assert "ours.toml" in str(caught.value)


def test_the_shipped_profiles_cite_the_new_rules_by_clause():
    vp = {r.id: r.cite for r in load_policy("visiting-policy-2019").rules}
    assert vp["rearrange-cancelled"] == "Visiting policy 2019, I.11"
    assert vp["holiday-contact"] == "Visiting policy 2019, I.12-I.13"
    leics = {r.id: r.cite for r in load_policy("leicestershire-cin-2024").rules}
    prefix = "Leicestershire CIN procedure 2024, "
    assert leics["progress-meetings"] == prefix + "Progress meetings, frequency"
    assert leics["progress-meeting-notes"] == prefix + "Progress meetings, notes"
    assert leics["review-record"] == prefix + "Progress review, record"
    assert leics["review-16-weeks"] == prefix + "Drift and delay"
