"""One rule for names and team names, and what makes a passphrase or PDF password good enough."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitdesk import names
from visitdesk.errors import UserError
from visitdesk.names import (
    MAX_NAME_LENGTH,
    clean_name,
    name_problem,
    passphrase_problem,
    pdf_password_problem,
    user_words,
)
from visitdesk.sync.cards import Card
from visitdesk.sync.identity import DeviceIdentity

DEVICE = DeviceIdentity.generate()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Sam Worker ", "Sam Worker"),
        ("Siân Nguyễn", "Siân Nguyễn"),
        ("Sia\u0302n", "Siân"),  # composed, so the same name is always the same text
        ("S" * MAX_NAME_LENGTH, "S" * MAX_NAME_LENGTH),
    ],
)
def test_a_name_is_trimmed_and_composed(typed, kept):
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "please give your name"),
        ("   ", "please give your name"),
        ("Sam\nWorker", "on one line"),
        ("Sam\u2028Worker", "on one line"),
        ("Sam\tWorker", "without tabs"),
        ("Sam\u200bWorker", "hidden characters"),
        ("Sam\u202eWorker", "hidden characters"),
        ("S" * (MAX_NAME_LENGTH + 1), "longer than 100 characters; please shorten it"),
        (None, "must be text"),
    ],
)
def test_a_name_a_card_would_refuse_is_refused_kindly(typed, message):
    with pytest.raises(UserError, match=message):
        clean_name(typed)


def test_a_team_may_be_empty_but_not_on_two_lines():
    assert clean_name("  ", "team name", required=False) == ""
    with pytest.raises(UserError, match="your team name must be on one line"):
        clean_name("North\nTeam", "team name", required=False)


def test_the_card_phrases_name_the_field():
    assert name_problem("", "name", required=True) == "the name is empty"
    assert name_problem("", "team", required=False) is None
    assert name_problem(" x", "team", required=False) == "the team starts or ends with spaces"
    assert name_problem("x" * 101, "name", required=True) == (
        "the name is longer than 100 characters"
    )
    assert name_problem("a\rb", "name", required=True) == ("the name is not plain text on one line")
    assert name_problem(7, "name", required=True) == "the name is not text"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=120), team=st.text(max_size=120))
def test_whatever_set_up_accepts_goes_on_a_card_and_back(name, team):
    try:
        name, team = clean_name(name), clean_name(team, "team name", required=False)
    except UserError:
        return
    assert name_problem(name, "name", required=True) is None
    card = DEVICE.card("worker", name, team)
    back = Card.from_bytes(card.to_bytes())
    assert (back.name, back.team) == (name, team)


def test_user_words_take_each_word_and_the_whole():
    assert user_words("Sam Worker", "", "Team North") == [
        "visitdesk",
        "Sam Worker",
        "Sam",
        "Worker",
        "Team North",
        "Team",
        "North",
    ]


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("        ", "it repeats one character"),
        ("12345678", "it is one of the most common passwords"),
        ("qwertyuiop", "it is a very common password"),
        ("abcdefghij", "it is a sequence like abc or 123"),
        ("Summer2024!", "it is close to a common password"),
        ("wrong wrong wrong", "it repeats itself"),
        ("Worker Sam", "it is made of your name, your team or the word VisitDesk"),
        ("north-team-visitdesk", "it is made of your name, your team or the word VisitDesk"),
    ],
)
def test_a_guessable_passphrase_is_refused_with_the_reason(passphrase, reason):
    problem = passphrase_problem(passphrase, user_words("Sam Worker", "Team North"))
    assert problem == (
        f"that passphrase is too easy to guess ({reason}); try three or four unrelated words"
    )


@pytest.mark.parametrize(
    "passphrase",
    [
        "correct horse battery",
        "plum kettle orbit sandal",
        "Tr0ub4dor&3",
        "x" * 10 + " ok " * 30,
    ],
)
def test_a_strong_passphrase_is_accepted(passphrase):
    assert passphrase_problem(passphrase, user_words("Sam Worker", "Team North")) is None


def test_length_comes_first_and_a_long_passphrase_is_judged_quickly():
    assert passphrase_problem("Xq7!") == "the passphrase must be at least 8 characters long"
    assert "new passphrase must be" in passphrase_problem("Xq7!", what="new passphrase")
    assert passphrase_problem("plum kettle orbit sandal " * 40) is None  # no error, no wait


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "the password is empty"),
        ("          ", "only spaces"),
        ("kettle", "at least 8 characters"),
        ("password", "too easy to guess (it is one of the most common passwords)"),
        ("12341234", "too easy to guess"),
    ],
)
def test_a_weak_pdf_password_is_refused(password, message):
    assert message in pdf_password_problem(password)


def test_a_reasonable_pdf_password_is_accepted():
    assert pdf_password_problem("kettle-43-lantern") is None
    assert pdf_password_problem("river lamp") is None


def test_the_estimator_is_loaded_only_when_a_secret_is_judged():
    import subprocess
    import sys

    code = (
        "import sys, visitdesk.names, visitdesk.sync.cards; "
        "sys.exit(1 if 'zxcvbn' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    assert names.MIN_PASSPHRASE_SCORE == 3 and names.MIN_PDF_PASSWORD_SCORE == 2


@pytest.mark.parametrize(
    "name",
    [
        "محمد عبدالله",  # Arabic
        "فاطمه\u200cزهرا",  # Persian, with the zero-width non-joiner its spelling needs
        "عائشہ خان",  # Urdu
        "সুমাইয়া রহমান",  # Bengali
        "ਹਰਪ੍ਰੀਤ ਕੌਰ",  # Gurmukhi
        "Łucja Wójcik",
        "Siôn Llŷr",
    ],
)
def test_names_in_the_scripts_of_a_uk_caseload_are_accepted_and_go_on_a_card(name):
    assert name_problem(clean_name(name), "name", required=True) is None


@pytest.mark.parametrize("name", ["Sam\u202eWorker", "Sam\u200bWorker", "Sam\u2066Worker"])
def test_invisible_direction_and_spacing_characters_are_refused(name):
    with pytest.raises(UserError):
        clean_name(name)
