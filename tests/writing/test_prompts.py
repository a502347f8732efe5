"""The quality prompts on a record's writing, met as a worker meets them: what they typed,
the child's earlier records and the caseload's names, and the prompts that come back."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from visitdesk.writing.prompts import (
    COPIED_FORWARD,
    NO_VOICE,
    OTHER_CHILD_NAMED,
    REPEATS_FINDINGS,
    SAME_REASON,
    EarlierRecord,
    Prompter,
    WritingContext,
    writing_prompts,
)

VISIT = "v-now"
HOUSEHOLD = [("Tyler", "Smith"), ("Jack", "Smith"), ("Lily-Mae", "Smith")]
OTHERS = [
    ("Kayden", "Price"),
    ("Grace", "Holloway"),
    ("Will", "Ahmed"),
    ("Jack", "Brown"),
    ("Lily", "Evans"),
    ("Niamh", "O\u2019Neill"),
    ("Mason", "Clarke"),
]
EVERYDAY = {"grace", "will", "mason", "lily", "jack"}

FINDINGS_NOV = (
    "I visited the home at 4pm and was let in by Mum. The children were seen in the living "
    "room watching television. The home was warm and tidy and there was food in the fridge and "
    "cupboards. Mum said that Tyler has been going to school every day this week and that his "
    "teacher is pleased with him. Mum told me she has not had contact with Dean since the last "
    "core group meeting."
)
# The same paragraph a month on, with "Mum" made "Mother", a time, a word or two and the
# meeting's date changed.
FINDINGS_DEC_COPIED = (
    "On 1 December I visited the home at 5pm and was let in by Mother. The children were seen "
    "in the living room playing a game. The home was warm and clean and there was food in the "
    "fridge and cupboards. Mother said that Tyler has been going to school every day this month "
    "and that his teacher is pleased with him. Mother told me she has not had contact with Dean "
    "since the core group meeting on 24 November."
)
# Another visit to the same family, in the same worker's stock phrases.
FINDINGS_DEC_NEW = (
    "I visited the home after school and was let in by Mum. The children were seen in the "
    "kitchen with their grandmother. Tyler showed me his new football boots and talked about the "
    "match on Saturday. Mum was tearful and said the housing officer has told her the repairs to "
    "the bathroom will not start until January. I agreed to ring the housing officer and ask for "
    "a date in writing."
)
# Opens as the November record did, then tells of something new.
FINDINGS_DEC_SAME_OPENING = (
    "I visited the home at 4pm and was let in by Mum. The children were seen in the living "
    "room. The home was warm and tidy. Mum said that Tyler has been going to school every day "
    "this week. Ms Jones from the school rang me on Tuesday to say Tyler had a bruise on his "
    "arm, and Mum said he fell off his bike in the park. The children were seen alone in their "
    "bedroom and Tyler said the same."
)
ANALYSIS_REPEATING = (
    "Mum said that Tyler has been going to school every day this week and that his teacher is "
    "pleased with him. The home was warm and tidy and there was food in the fridge and "
    "cupboards. Mum told me she has not had contact with Dean since the last core group "
    "meeting."
)
# Quotes the findings, then says what they mean.
ANALYSIS_QUOTING = (
    "Mum said that Tyler has been going to school every day this week, and his teacher is "
    "pleased with him: the morning routine agreed at the core group is working. Mum told me she "
    "has not had contact with Dean, which fits what the school has seen, but nobody has checked "
    "it with the police, so the risk of domestic abuse is still the main worry."
)
ANALYSIS_OWN = (
    "Tyler going to school every day this week suggests the morning routine Mum agreed at the "
    "core group is working. Her account that she has not had contact with Dean fits what the "
    "school has seen, but it has not been checked with the police, so the risk of domestic "
    "abuse is still the main worry for the children."
)
VOICE = "Tyler said he likes his new teacher and wants to stay for football club."


def context(
    earlier=(),
    *,
    born=date(2016, 5, 1),
    expected=None,
    others=OTHERS,
    household=HOUSEHOLD,
    is_word=lambda word: word.casefold() in EVERYDAY,
):
    return WritingContext(
        date_of_birth=born,
        expected_birth_date=expected,
        earlier=list(earlier),
        other_children=list(others),
        household=list(household),
        is_word=is_word,
    )


def earlier(
    visit_id,
    day,
    *,
    findings="",
    seen="yes",
    seen_alone="yes",
    category=None,
    reason="",
    **texts,
):
    if findings:
        texts["findings"] = findings
    return EarlierRecord(
        visit_id=visit_id,
        visited_on=day,
        texts=texts,
        seen=seen,
        seen_alone=seen_alone,
        not_seen_alone_category=category,
        not_seen_alone_reason=reason,
    )


def record(on=date(2025, 12, 1), **values):
    base = {
        "visited_at": datetime(on.year, on.month, on.day, 16, 0),
        "outcome": "visited",
        "seen": "yes",
        "seen_alone": "yes",
        "childs_voice": VOICE,
    }
    base.update(values)
    return base


def prompts(values, ctx=None, code=None):
    found = writing_prompts(values, ctx or context(), VISIT)
    return [f for f in found if code is None or f.code == code]


# -- the analysis repeats the findings ---------------------------------------------------------


def test_an_analysis_that_repeats_the_findings_is_prompted():
    found = prompts(
        record(findings=FINDINGS_NOV, analysis=ANALYSIS_REPEATING), code=REPEATS_FINDINGS
    )
    assert [(f.field, f.severity) for f in found] == [("analysis", "warning")]
    assert "repeats the findings" in found[0].message
    assert "learns nothing new" in found[0].message


def test_a_conclusion_copied_from_the_findings_is_prompted():
    found = prompts(record(findings=FINDINGS_NOV, conclusion=FINDINGS_NOV), code=REPEATS_FINDINGS)
    assert [f.field for f in found] == ["conclusion"]


def test_an_analysis_that_says_what_the_findings_mean_is_not_prompted():
    for analysis in (ANALYSIS_OWN, ANALYSIS_QUOTING):
        values = record(findings=FINDINGS_NOV, analysis=analysis, conclusion="Tyler is safe.")
        assert prompts(values, code=REPEATS_FINDINGS) == []


# -- a paragraph copied forward ----------------------------------------------------------------


def test_a_paragraph_copied_with_a_few_words_changed_names_the_earlier_record():
    ctx = context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)])
    found = prompts(record(findings=FINDINGS_DEC_COPIED), ctx, code=COPIED_FORWARD)
    assert [(f.field, f.severity, f.visit) for f in found] == [("findings", "warning", VISIT)]
    assert "almost the same as your record of 3 Nov." in found[0].message
    assert "Re M and N" in found[0].message


def test_an_earlier_record_from_another_year_is_named_with_its_year():
    ctx = context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)])
    found = prompts(record(date(2026, 1, 12), findings=FINDINGS_DEC_COPIED), ctx)
    assert "your record of 3 Nov 2025." in found[0].message


def test_a_paragraph_moved_into_another_field_is_still_found():
    ctx = context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)])
    found = prompts(record(observations=FINDINGS_DEC_COPIED), ctx, code=COPIED_FORWARD)
    assert [f.field for f in found] == ["observations"]


def test_the_closest_earlier_record_is_named_and_later_ones_are_ignored():
    ctx = context(
        [
            # Later than this record: ignored, though it is the very same text.
            earlier("v-jan", date(2026, 1, 5), findings=FINDINGS_DEC_COPIED),
            earlier("v-oct", date(2025, 10, 6), findings=FINDINGS_NOV),
            earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_DEC_COPIED),
        ]
    )
    this_one = FINDINGS_DEC_COPIED.replace("playing a game", "doing homework")
    found = prompts(record(findings=this_one), ctx, code=COPIED_FORWARD)
    assert len(found) == 1
    assert "your record of 3 Nov." in found[0].message


def test_one_prompt_per_field_however_many_paragraphs_are_copied():
    ctx = context(
        [
            earlier("v-oct", date(2025, 10, 6), findings=FINDINGS_DEC_NEW),
            earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV),
        ]
    )
    values = record(findings=FINDINGS_DEC_COPIED + "\n\n" + FINDINGS_DEC_NEW)
    found = prompts(values, ctx, code=COPIED_FORWARD)
    assert len(found) == 1
    # Both are copied; the October paragraph, copied word for word, is the closer.
    assert "6 Oct" in found[0].message


def test_paragraphs_about_the_same_family_in_stock_phrases_are_not_prompted():
    ctx = context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)])
    for text in (FINDINGS_DEC_NEW, FINDINGS_DEC_SAME_OPENING):
        assert prompts(record(findings=text), ctx, code=COPIED_FORWARD) == []


def test_a_short_line_written_the_same_as_last_time_is_not_prompted():
    line = "The home was warm and tidy and the children were well."
    ctx = context([earlier("v-nov", date(2025, 11, 3), home_conditions=line)])
    assert prompts(record(home_conditions=line), ctx, code=COPIED_FORWARD) == []


def test_the_purpose_of_a_visit_may_stay_the_same():
    purpose = (
        "Statutory child protection visit to see Tyler and Jack, to see them alone and to see "
        "their bedrooms, in line with the child protection plan agreed at conference."
    )
    ctx = context([earlier("v-nov", date(2025, 11, 3), purpose=purpose)])
    assert prompts(record(purpose=purpose), ctx, code=COPIED_FORWARD) == []


def test_a_record_not_yet_dated_is_compared_with_every_earlier_record():
    ctx = context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)])
    found = prompts(record(visited_at=None, findings=FINDINGS_DEC_COPIED), ctx)
    assert [f.code for f in found] == [COPIED_FORWARD]
    assert "your record of 3 Nov" in found[0].message


def test_the_prompt_goes_once_the_copied_paragraph_is_rewritten():
    prompter = Prompter(context([earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV)]))
    assert prompter.check(record(findings=FINDINGS_DEC_COPIED), VISIT)
    assert prompter.check(record(findings=FINDINGS_DEC_COPIED), VISIT)
    # The visit's date moved before the earlier record's: nothing was copied from it.
    moved = record(date(2025, 10, 1), findings=FINDINGS_DEC_COPIED)
    assert prompter.check(moved, VISIT) == []
    assert prompter.check(record(findings=FINDINGS_DEC_COPIED), VISIT)
    assert prompter.check(record(findings=FINDINGS_DEC_NEW), VISIT) == []


# -- another family's child named --------------------------------------------------------------


def test_another_childs_full_name_is_prompted_in_any_case():
    text = "I spoke to kayden price about school and he said it is going well."
    found = prompts(record(findings=text), code=OTHER_CHILD_NAMED)
    assert [(f.field, f.severity) for f in found] == [("findings", "warning")]
    assert "\u201ckayden price\u201d" in found[0].message
    assert "\u201cFindings and outcome\u201d" in found[0].message
    assert "data breach" in found[0].message


def test_names_with_hyphens_and_apostrophes_are_found_typed_either_way():
    others = [("Lily-Mae", "O'Neill")]
    household = [("Tyler", "Smith")]
    for typed in ("Lily-Mae O'Neill", "lily-mae o\u2019neill", "Lily\u2011Mae O\u2019Neill's"):
        text = f"At school {typed} was upset and the teacher called home."
        found = prompts(record(observations=text), context(others=others, household=household))
        assert [f.code for f in found] == [OTHER_CHILD_NAMED], typed


def test_a_given_name_alone_is_prompted_when_it_is_no_everyday_word():
    text = "Mum said Kayden's dad has been picking the children up from school."
    found = prompts(record(findings=text), code=OTHER_CHILD_NAMED)
    assert len(found) == 1
    assert "\u201cKayden\u201d" in found[0].message
    # Named once per field, however often.
    again = prompts(record(findings=text + " Kayden was there too."), code=OTHER_CHILD_NAMED)
    assert len(again) == 1


def test_a_given_name_that_is_an_everyday_word_needs_the_family_name():
    alone = (
        "Will you ring the school, Mum asked. By the grace of the head teacher Tyler was not "
        "excluded, and Grace from the family centre will call on Friday."
    )
    assert prompts(record(findings=alone), code=OTHER_CHILD_NAMED) == []
    named = "Grace Holloway and will ahmed were in the garden when I arrived."
    found = prompts(record(findings=named), code=OTHER_CHILD_NAMED)
    assert len(found) == 2
    assert "\u201cGrace Holloway\u201d" in found[0].message
    assert "\u201cwill ahmed\u201d" in found[1].message


def test_a_given_name_alone_in_lower_case_is_a_word_not_a_name():
    no_dictionary = context(is_word=None)
    text = "A mason was repairing the garden wall when I arrived."
    assert prompts(record(findings=text), no_dictionary, code=OTHER_CHILD_NAMED) == []


def test_a_siblings_name_is_never_prompted():
    text = (
        "Jack Smith and Lily-Mae were playing upstairs. Jack showed me his drawing and "
        "Lily-Mae Smith was asleep by the time I left."
    )
    assert prompts(record(findings=text), code=OTHER_CHILD_NAMED) == []
    # Another Tyler, of another family, is never found by his given name alone.
    ctx = context(others=[*OTHERS, ("Tyler", "Green")])
    assert prompts(record(findings="Tyler was at school."), ctx, code=OTHER_CHILD_NAMED) == []
    # Another Jack, of another family, is still found by his full name.
    found = prompts(record(findings="Jack Brown was at the house."), code=OTHER_CHILD_NAMED)
    assert "\u201cJack Brown\u201d" in found[0].message


def test_without_a_dictionary_a_given_name_alone_counts_only_when_one_child_has_it():
    others = [("Kayden", "Price"), ("Kayden", "Lowe"), ("Tiana", "Walsh")]
    ctx = context(others=others, is_word=None)
    text = "Kayden was mentioned by Mum, and Tiana came round after school."
    found = prompts(record(findings=text), ctx, code=OTHER_CHILD_NAMED)
    assert len(found) == 1
    assert "\u201cTiana\u201d" in found[0].message
    # "Will" is an everyday word even before any dictionary has loaded.
    will = prompts(record(findings="Will Mum be at home?"), ctx=context(is_word=None))
    assert [f for f in will if f.code == OTHER_CHILD_NAMED] == []


def test_the_name_prompt_goes_once_the_name_is_taken_out():
    prompter = Prompter(context())
    typed = "Mum said the boys played with Kayden Price after school.\nTyler was tired."
    assert [f.code for f in prompter.check(record(findings=typed), VISIT)] == [OTHER_CHILD_NAMED]
    taken_out = typed.replace("Kayden Price", "a friend")
    assert prompter.check(record(findings=taken_out), VISIT) == []


def test_the_prompt_does_not_name_the_other_childs_record():
    found = prompts(record(findings="Kayden Price was there."), code=OTHER_CHILD_NAMED)
    assert "Kayden Price" in found[0].message
    assert "record of" not in found[0].message
    assert found[0].source == "Writing aid"


# -- the same reason for not seeing the child alone --------------------------------------------


def not_alone(visit_id, day, category, reason=""):
    return earlier(visit_id, day, seen_alone="no", category=category, reason=reason)


def alone_now(category, reason=""):
    return record(seen_alone="no", not_seen_alone_category=category, not_seen_alone_reason=reason)


def test_the_same_reason_as_the_last_two_visits_not_alone_is_prompted():
    ctx = context(
        [
            earlier("v0", date(2025, 9, 22)),  # seen alone before them: not the last two
            not_alone("v1", date(2025, 10, 6), "refused", "Tyler would not come upstairs."),
            not_alone("v3", date(2025, 11, 3), "refused", "He hid in the kitchen."),
        ]
    )
    found = prompts(alone_now("refused", "Tyler ran off when I asked."), ctx, code=SAME_REASON)
    assert [(f.field, f.severity) for f in found] == [("not_seen_alone_category", "warning")]
    assert "team manager" in found[0].message
    assert found[0].source.startswith("Seen alone guidance")


def test_another_reason_in_almost_the_same_words_is_prompted():
    ctx = context(
        [
            not_alone("v1", date(2025, 10, 6), "other", "Mum would not leave the room."),
            not_alone("v2", date(2025, 11, 3), "other", "Mum would not leave the room again."),
        ]
    )
    found = prompts(alone_now("other", "Mother would not leave the room."), ctx)
    assert [(f.code, f.field) for f in found] == [(SAME_REASON, "not_seen_alone_reason")]


def test_the_same_reason_must_be_the_last_two_not_any_two():
    ctx = context(
        [
            not_alone("v1", date(2025, 9, 8), "refused"),
            not_alone("v2", date(2025, 10, 6), "refused"),
            not_alone("v3", date(2025, 11, 3), "not_possible", "Tyler was at his nan's."),
        ]
    )
    assert prompts(alone_now("refused"), ctx, code=SAME_REASON) == []


def test_different_reasons_in_other_words_are_not_prompted():
    ctx = context(
        [
            not_alone("v1", date(2025, 10, 6), "other", "Mum would not leave the room."),
            not_alone("v2", date(2025, 11, 3), "other", "Mum would not leave the room again."),
        ]
    )
    # Some of the same words, but another reason.
    found = prompts(alone_now("other", "Tyler would not leave his bedroom."), ctx)
    assert [f for f in found if f.code == SAME_REASON] == []


def test_the_same_reason_long_ago_with_visits_seen_alone_since_is_not_prompted():
    ctx = context(
        [
            not_alone("v1", date(2025, 1, 6), "refused"),
            not_alone("v2", date(2025, 2, 3), "refused"),
            earlier("v3", date(2025, 10, 6)),
            earlier("v4", date(2025, 11, 3)),
        ]
    )
    assert prompts(alone_now("refused"), ctx, code=SAME_REASON) == []


def test_one_earlier_visit_not_alone_is_not_enough():
    ctx = context([not_alone("v1", date(2025, 11, 3), "refused")])
    assert prompts(alone_now("refused"), ctx, code=SAME_REASON) == []
    # Nor are two when the child was seen alone this time (a reason chosen before the
    # answer changed to "Yes" may still be held).
    ctx = context([not_alone("v1", date(2025, 10, 6), "refused"), *ctx.earlier])
    assert prompts(alone_now("refused"), ctx, code=SAME_REASON)
    seen_alone = record(seen_alone="yes", not_seen_alone_category="refused")
    assert prompts(seen_alone, ctx, code=SAME_REASON) == []


# -- no words from the child -------------------------------------------------------------------


def test_no_words_from_a_child_old_enough_to_give_them_is_prompted():
    found = prompts(record(childs_voice="  "), code=NO_VOICE)
    assert [(f.field, f.severity) for f in found] == [("childs_voice", "warning")]
    assert "wishes and feelings" in found[0].message
    assert found[0].source == "Visiting policy 2019, I.2"
    assert prompts(record(), code=NO_VOICE) == []


@pytest.mark.parametrize(
    ("born", "expected", "prompted"),
    [
        (date(2024, 12, 1), None, False),  # a baby of one
        (date(2021, 12, 2), None, False),  # three, four tomorrow
        (date(2021, 12, 1), None, True),  # four today
        (None, date(2026, 2, 1), False),  # unborn
        (date(2026, 1, 10), None, False),  # born after the visit
        (None, None, False),  # age not known
    ],
)
def test_no_voice_is_asked_of_children_from_four(born, expected, prompted):
    ctx = context(born=born, expected=expected)
    found = prompts(record(childs_voice=""), ctx, code=NO_VOICE)
    assert bool(found) is prompted


@pytest.mark.parametrize(
    "values",
    [
        {"seen": "no"},
        {"seen": "unborn"},
        {"seen": None},
        {"outcome": "cancelled", "seen": None},
        {"outcome": "failed", "seen": "no"},
    ],
)
def test_no_voice_is_not_asked_when_the_child_was_not_seen(values):
    assert prompts(record(childs_voice="", **values), code=NO_VOICE) == []


# -- all together ------------------------------------------------------------------------------


def test_a_well_written_record_gets_no_prompts():
    ctx = context(
        [
            earlier("v-nov", date(2025, 11, 3), findings=FINDINGS_NOV),
            not_alone("v1", date(2025, 10, 6), "refused"),
        ]
    )
    values = record(
        findings=FINDINGS_DEC_NEW,
        analysis=ANALYSIS_OWN,
        conclusion="Tyler is safe and the plan is working.",
    )
    assert Prompter(ctx).check(values, VISIT) == []


def test_every_prompt_is_a_warning_about_this_record_from_no_rule():
    ctx = context(
        [
            earlier("v-nov", date(2025, 9, 1), findings=FINDINGS_NOV),
            not_alone("v1", date(2025, 10, 6), "refused"),
            not_alone("v2", date(2025, 10, 20), "refused"),
        ]
    )
    values = alone_now("refused")
    values.update(
        findings=FINDINGS_DEC_COPIED + "\nKayden Price was there.",
        analysis=FINDINGS_DEC_COPIED,
        childs_voice="",
    )
    found = writing_prompts(values, ctx, VISIT)
    assert sorted({f.code for f in found}) == sorted(
        [REPEATS_FINDINGS, COPIED_FORWARD, OTHER_CHILD_NAMED, SAME_REASON, NO_VOICE]
    )
    assert {(f.severity, f.visit, f.rule) for f in found} == {("warning", VISIT, None)}
