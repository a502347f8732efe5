"""The wording of printed values: ages, dates, answers and typed text."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from visitdesk.reports import text


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (date(2019, 5, 4), date(2026, 9, 3), "7 years 3 months"),
        (date(2019, 5, 4), date(2026, 5, 4), "7 years"),
        (date(2019, 5, 4), date(2026, 5, 3), "6 years 11 months"),
        (date(2025, 5, 4), date(2026, 6, 4), "1 year 1 month"),
        (date(2026, 1, 31), date(2026, 2, 28), "4 weeks"),
        (date(2026, 1, 31), date(2026, 3, 1), "1 month"),
        (date(2026, 3, 10), date(2026, 8, 9), "4 months"),
        (date(2026, 8, 1), date(2026, 8, 23), "3 weeks"),
        (date(2026, 8, 20), date(2026, 8, 21), "1 day"),
        (date(2026, 8, 20), date(2026, 8, 20), "0 days"),
        (date(2024, 2, 29), date(2025, 2, 28), "11 months"),
        (date(2024, 2, 29), date(2025, 3, 1), "1 year"),
    ],
)
def test_age_is_given_in_years_and_months(born, on, expected):
    assert text.age_on(born, on) == expected


def test_no_age_before_birth():
    assert text.age_on(date(2026, 9, 1), date(2026, 8, 1)) is None


def test_dates_are_written_out_in_british_style():
    moment = datetime(2026, 9, 3, 9, 5)
    assert text.date_time(moment, weekday=True) == "Thursday 3 September 2026 at 09:05"
    assert text.date_time(moment) == "3 September 2026 at 09:05"
    assert text.short_date(moment.date()) == "03 Sep 2026"
    assert text.date_time(None) == "Not recorded"
    assert text.long_date(None) == "Not recorded"


def test_answers_and_codes_have_plain_labels():
    assert [text.yes_no(v) for v in (True, False, None)] == ["Yes", "No", "Not recorded"]
    assert text.label(text.PLAN_LABELS, "CP+CLA") == "Child Protection and Looked After (CP+CLA)"
    assert text.label(text.SEEN_LABELS, None) == "Not recorded"
    assert text.label(text.SEEN_LABELS, "maybe") == "maybe", "unknown codes print as they are"


def test_typed_text_is_split_into_paragraphs_at_blank_lines():
    typed = "First line\r\nsecond line\n\n  \n<Second> & last\n"

    assert text.paragraphs(typed) == ["First line<br/>second line", "&lt;Second&gt; &amp; last"]
    assert text.paragraphs("   ") == []
    assert text.paragraphs(None) == []


def test_plain_paragraphs_are_cleaned_but_not_escaped():
    typed = "First line\r\nsecond line\n\n  \n<Second> & last\n"

    assert text.paragraph_texts(typed) == ["First line\nsecond line", "<Second> & last"]
    assert [text.escaped(part) for part in text.paragraph_texts(typed)] == text.paragraphs(typed)
    assert text.paragraph_texts(None) == []


def test_invisible_and_control_characters_are_dropped():
    assert text.clean("a\x00b\x1bc\u200bd\ufeff") == "abcd"


def test_short_hash_drops_the_algorithm_name():
    assert text.short_hash("sha256:0123456789abcdef0123") == "0123456789abcdef"
    assert text.short_hash("") == "Not recorded"
