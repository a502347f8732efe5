"""Splitting prose into the words the spell check looks at."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from visitdesk.writing.words import Word, words_in


def texts(text: str) -> list[str]:
    return [w.text for w in words_in(text)]


def test_each_word_is_found_with_where_it_sits_in_the_text():
    text = "Saw Kai at home."
    assert words_in(text) == [
        Word(0, 3, "Saw"),
        Word(4, 7, "Kai"),
        Word(8, 10, "at"),
        Word(11, 15, "home"),
    ]


def test_apostrophes_inside_a_word_are_kept_straight_or_curly():
    assert texts("don't o’clock paediatrician's children’s") == [
        "don't",
        "o’clock",
        "paediatrician's",
        "children’s",
    ]


def test_quotation_marks_round_a_word_are_not_part_of_it():
    assert texts("she said 'fine' and ‘good’, the parents' view") == [
        "she",
        "said",
        "fine",
        "and",
        "good",
        "the",
        "parents",
        "view",
    ]


def test_a_hyphenated_word_gives_each_of_its_parts():
    assert texts("well-being and mother-in-law") == ["well", "being", "and", "mother", "in", "law"]


def test_anything_holding_a_digit_is_left_out():
    assert texts("s17 s47 2nd 17th A1 Section 47 on 12/03/2024 COVID-19") == [
        "Section",
        "on",
        "COVID",
    ]


def test_web_and_email_addresses_are_left_out():
    text = (
        "Email jo.bloggs@leics.gov.uk or see https://www.gov.uk/guidance/working-together "
        "and www.nspcc.org.uk/help today"
    )
    assert texts(text) == ["Email", "or", "see", "and", "today"]


def test_single_letters_are_left_out_but_short_words_with_apostrophes_are_not():
    assert texts("I saw a child, A&E at 3 p.m. I'm sure") == ["saw", "child", "at", "I'm", "sure"]


def test_underscored_names_are_left_out():
    assert texts("see file_name here") == ["see", "here"]


def test_letters_of_any_script_with_their_accents_make_one_word():
    decomposed = unicodedata.normalize("NFD", "café")
    assert len(decomposed) == 5
    text = f"Zoë {decomposed} Łódź Ахмед नमस्ते"
    assert texts(text) == ["Zoë", decomposed, "Łódź", "Ахмед", "नमस्ते"]


def test_text_with_no_words_gives_none():
    assert words_in("") == []
    assert words_in("  12 — 3/4 ... ") == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_every_word_is_the_text_between_its_offsets_in_order(text):
    found = words_in(text)
    end = 0
    for w in found:
        assert text[w.start : w.end] == w.text
        assert w.start >= end
        assert len(w.text) > 1
        assert not any(c.isnumeric() for c in w.text)
        end = w.end
