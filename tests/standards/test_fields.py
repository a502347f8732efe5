"""The field catalogue: every visit field named once, and asked of the children it applies to."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import date

import pytest

from visitdesk.standards import ChildFacts, VisitFacts, load_authority
from visitdesk.standards import case as case_module
from visitdesk.standards import fields as catalogue
from visitdesk.standards.case import HolidayFacts

ON = date(2026, 9, 3)
ELEVEN = date(2015, 5, 4)
TWO = date(2024, 6, 1)
ONE = date(2025, 6, 1)
FOUR = date(2022, 6, 1)


def _asked(authority: str, plan: str, born: date | None, **facts) -> frozenset[str]:
    child = ChildFacts(plan=plan, date_of_birth=born, **facts)
    return catalogue.asked_fields(load_authority(authority), child, ON)


def test_stored_choices_are_the_catalogues_choices():
    from visitdesk.services import records
    from visitdesk.storage import models

    assert {k: tuple(v) for k, v in records._CHOICES.items()} == dict(catalogue.CHOICES)
    assert catalogue.CHOICES["location"] == case_module.LOCATIONS == models.LOCATIONS
    assert catalogue.CHOICES["seen"] == case_module.SEEN_VALUES == models.SEEN
    assert catalogue.CHOICES["seen_alone"] == case_module.SEEN_ALONE_VALUES == models.YES_NO
    assert (
        catalogue.CHOICES["not_seen_alone_category"]
        == case_module.NOT_SEEN_ALONE_CATEGORIES
        == models.NOT_ALONE_CATEGORIES
    )
    assert catalogue.CHOICES["outcome"] == case_module.VISIT_OUTCOMES == models.VISIT_OUTCOMES
    assert catalogue.CHOICES["contact"] == case_module.CONTACT_MODES == models.CONTACT_MODES


def test_every_stored_and_engine_field_is_in_the_catalogue_once():
    from visitdesk.services import records

    names = [f.name for f in catalogue.FIELDS]
    assert len(names) == len(set(names))
    assert set(catalogue.STORED_FIELDS) == set(records.VISIT_FIELDS)
    engine = {f.name for f in dataclass_fields(VisitFacts)} - {"id"}
    assert set(catalogue.ENGINE_FIELDS) == engine
    for item in catalogue.FIELDS:
        assert item.kind in catalogue.KINDS and item.section in catalogue.SECTIONS
        assert item.asked in catalogue.ASKED
        assert item.label and item.question
        assert (item.kind in ("choice", "flag")) == bool(item.choices), item.name
        for other, _allowed in item.only_if:
            assert other in catalogue.BY_NAME, item.name


def test_labels_carry_the_case_systems_number_only_where_it_gives_one():
    _name, numbers = load_authority("getting-it-right").case_system
    assert catalogue.label("seen", numbers) == "Seen (1.1.4)"
    assert catalogue.label("seen", {}) == "Seen"
    assert catalogue.label("seen_awake", numbers) == "Seen awake"
    _name, none = load_authority("leicestershire").case_system
    assert catalogue.label("seen", none) == "Seen"


@pytest.mark.parametrize(
    "authority", ["getting-it-right", "leicestershire", "childrens-social-care-2019"]
)
def test_an_eleven_year_old_is_not_asked_about_being_seen_awake_or_attachment(authority):
    asked = _asked(authority, "CP", ELEVEN)
    assert {"seen", "seen_alone", "bedroom_seen", "outcome", "purpose"} <= asked
    assert not asked & {"seen_awake", "attachment_observed", "joint_with_health_visitor", "contact"}


def test_under_fives_are_asked_to_be_seen_awake_where_the_visiting_policy_says_so():
    # Visiting policy 2019, I.8: under-fives seen awake, child and parent observed.
    assert {"seen_awake", "attachment_observed"} <= _asked(
        "childrens-social-care-2019", "CIN", FOUR
    )
    # Getting it Right and the seen alone guidance ask no such thing of seeing awake ...
    assert "seen_awake" not in _asked("getting-it-right", "CIN", TWO)
    # ... but the guidance asks for attachment under 4, and not at 4.
    assert "attachment_observed" in _asked("getting-it-right", "CIN", TWO)
    assert "attachment_observed" not in _asked("getting-it-right", "CIN", FOUR)
    # Leicestershire's procedure asks neither.
    assert not _asked("leicestershire", "CIN", TWO) & {"seen_awake", "attachment_observed"}


def test_the_joint_health_visitor_visit_is_asked_for_under_twos_on_cp_only():
    assert "joint_with_health_visitor" in _asked("getting-it-right", "CP", ONE)
    assert "joint_with_health_visitor" not in _asked("getting-it-right", "CP", TWO)
    assert "joint_with_health_visitor" not in _asked("getting-it-right", "CIN", ONE)
    assert "joint_with_health_visitor" not in _asked("leicestershire", "CIN", ONE)


def test_nothing_is_asked_about_seeing_an_unborn_baby():
    child = ChildFacts(plan="CP", expected_birth_date=date(2027, 1, 5))
    asked = catalogue.asked_fields(load_authority("getting-it-right"), child, ON)
    assert {"seen", "outcome", "purpose"} <= asked
    assert not asked & {
        "seen_alone",
        "bedroom_seen",
        "seen_awake",
        "attachment_observed",
        "joint_with_health_visitor",
        "childs_voice",
    }


def test_contact_is_asked_only_while_a_recorded_holiday_covers_the_visit():
    away = (HolidayFacts(date(2026, 8, 30), date(2026, 9, 6), abroad=True),)
    assert "contact" in _asked("childrens-social-care-2019", "CP", ELEVEN, holidays=away)
    before = (HolidayFacts(date(2026, 8, 1), date(2026, 8, 10)),)
    assert "contact" not in _asked("childrens-social-care-2019", "CP", ELEVEN, holidays=before)


def test_answers_decide_what_follows():
    asked = catalogue.asked_fields(
        load_authority("childrens-social-care-2019"), ChildFacts(plan="CP", date_of_birth=TWO), ON
    )
    alone = catalogue.shown_fields(asked, {"seen": "yes", "seen_alone": "yes"})
    assert "seen_awake" in alone and "not_seen_alone_reason" not in alone
    not_alone = catalogue.shown_fields(asked, {"seen": "yes", "seen_alone": "no"})
    assert "not_seen_alone_reason" in not_alone
    cancelled = catalogue.shown_fields(asked, {"outcome": "cancelled", "seen": None})
    assert "seen" not in cancelled and "bedroom_seen" not in cancelled
    assert "purpose" in cancelled and "outcome" in cancelled


def test_a_recorded_answer_is_shown_even_where_no_longer_asked():
    asked = _asked("leicestershire", "CIN", ELEVEN)
    shown = catalogue.shown_fields(asked, {"seen": "yes", "seen_awake": True})
    assert "seen_awake" in shown
    assert "seen_awake" not in catalogue.shown_fields(asked, {"seen": "yes"})
