"""What people type to name themselves and to lock their records, one rule for each.

Names and team names follow one rule wherever they are typed or read: at set-up, when renamed
and on enrolment cards, so a name accepted at set-up can always go on a card. Passphrases and
PDF passwords are judged by zxcvbn. Nothing here needs Qt or the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from visitdesk.errors import UserError

MAX_NAME_LENGTH = 100
# Control, format (invisible: direction overrides and marks, zero-width spaces), surrogate, and
# line or paragraph separator characters: each makes a name print differently from how it reads.
_NOT_PLAIN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Except the zero-width non-joiner and joiner, which are part of how many names are spelt in
# Persian, Urdu, Kurdish and the Indic scripts (Bengali, Gurmukhi, Gujarati, Tamil...).
_SPELLING = frozenset({"\u200c", "\u200d"})


def _name_fault(value: object, *, required: bool) -> str | None:
    """What kind of fault a name has ("not_text", "empty", "spaces", "long", "not_plain")."""
    if not isinstance(value, str):
        return "not_text"
    if required and not value.strip():
        return "empty"
    if value != value.strip():
        return "spaces"
    if len(value) > MAX_NAME_LENGTH:
        return "long"
    if any(unicodedata.category(char) in _NOT_PLAIN and char not in _SPELLING for char in value):
        return "not_plain"
    return None


def name_problem(value: object, what: str, *, required: bool) -> str | None:
    """What is wrong with a name as it stands, as a phrase ("the team is empty"), or None.

    ``what`` names the field ("name", "team"); a team may be empty, a name may not. This is the
    rule a card's name and team are read by.
    """
    fault = _name_fault(value, required=required)
    if fault is None:
        return None
    return {
        "not_text": f"the {what} is not text",
        "empty": f"the {what} is empty",
        "spaces": f"the {what} starts or ends with spaces",
        "long": f"the {what} is longer than {MAX_NAME_LENGTH} characters",
        "not_plain": f"the {what} is not plain text on one line",
    }[fault]


def clean_name(value: object, what: str = "name", *, required: bool = True) -> str:
    """A name as typed, made ready to keep: outer spaces gone, composed (NFC) characters.

    Raises :class:`UserError` with a message for the person typing it (``what`` is "name" or
    "team name"). What this returns always passes :func:`name_problem`.
    """
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
    fault = _name_fault(value, required=required)
    if fault is None:
        return value  # type: ignore[return-value] - a str, or the fault would say so
    raise UserError(
        {
            "not_text": f"your {what} must be text",
            "empty": f"please give your {what}",
            "spaces": f"please type your {what} again without spaces at either end",
            "long": f"your {what} is longer than {MAX_NAME_LENGTH} characters; please shorten it",
            "not_plain": f"your {what} must be on one line, without tabs or hidden characters; "
            "please type it again",
        }[fault]
    )


# --- passphrases and PDF passwords --------------------------------------------------------

MIN_PASSPHRASE = 8
# zxcvbn's scores run 0 to 4; 3 means "safely unguessable" (about 10^8 guesses or more), which
# is what stands between a stolen laptop and the records once the disk is copied.
MIN_PASSPHRASE_SCORE = 3
# A PDF travels to someone else with its password given separately; 2 ("somewhat guessable")
# stops the obvious ones without making the password hard to read out.
MIN_PDF_PASSWORD = 8
MIN_PDF_PASSWORD_SCORE = 2
# zxcvbn's work grows quickly with length and it refuses more than 72 characters; the first
# 72 characters of a long passphrase are plenty to judge it by.
_JUDGED_LENGTH = 72
APP_WORD = "visitdesk"

# zxcvbn's warnings, in plainer words for the message.
_REASONS = {
    "This is a top-10 common password.": "it is one of the most common passwords",
    "This is a top-100 common password.": "it is a very common password",
    "This is a very common password.": "it is a common password",
    "This is similar to a commonly used password.": "it is close to a common password",
    "A word by itself is easy to guess.": "it is a single common word",
    "Names and surnames by themselves are easy to guess.": "it is just a name",
    "Common names and surnames are easy to guess.": "it is mostly common names",
    "Straight rows of keys are easy to guess.": "it is a row of keys on the keyboard",
    "Short keyboard patterns are easy to guess.": "it is a keyboard pattern",
    'Repeats like "aaa" are easy to guess.': "it repeats one character",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "it repeats itself",
    'Sequences like "abc" or "6543" are easy to guess.': "it is a sequence like abc or 123",
    "Recent years are easy to guess.": "it has a recent year in it",
    "Dates are often easy to guess.": "it has a date in it",
}
_OWN_WORDS = "it is made of your name, your team or the word VisitDesk"


def user_words(*values: str) -> list[str]:
    """Words zxcvbn should treat as easy to guess: each value whole, and each word in it."""
    words = [APP_WORD]
    for value in values:
        if value and value.strip():
            words.append(value.strip())
            words.extend(part for part in value.split() if len(part) > 1)
    return words


def _judge(secret: str, user_inputs: Iterable[str]) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # loaded on first use: it brings large word lists with it

    return zxcvbn(secret[:_JUDGED_LENGTH], user_inputs=list(user_inputs))


def _only_own_words(secret: str, user_inputs: list[str], sequence: list[dict[str, Any]]) -> bool:
    """True when the secret is nothing but the person's name, team or the app's name, in any
    order: zxcvbn may find other words in them and call the whole strong."""
    own = {word.casefold() for value in user_inputs for word in re.findall(r"\w+", value)}
    words = [word.casefold() for word in re.findall(r"\w+", secret)]
    if words and all(word in own for word in words):
        return True
    parts = [
        m
        for m in sequence
        if not (m.get("pattern") == "bruteforce" and not m["token"].strip(" -_.,;:'!"))
    ]
    return bool(parts) and all(m.get("dictionary_name") == "user_inputs" for m in parts)


def _reason(result: dict[str, Any]) -> str:
    sequence = result.get("sequence") or []
    if any(m.get("dictionary_name") == "user_inputs" for m in sequence):
        return _OWN_WORDS
    feedback = result.get("feedback") or {}
    warning = (feedback.get("warning") or "").strip()
    if warning:
        return _REASONS.get(warning, warning[:1].lower() + warning[1:].rstrip("."))
    suggestions = " ".join(feedback.get("suggestions") or [])
    if "Predictable substitutions" in suggestions:
        return "swapping letters for symbols adds little"
    if "Capitalization" in suggestions or "All-uppercase" in suggestions:
        return "capital letters add little"
    return "it is short and predictable"


def passphrase_problem(
    passphrase: str, user_inputs: Iterable[str] = (), *, what: str = "passphrase"
) -> str | None:
    """Why a passphrase is not good enough to protect the records, or None if it is.

    ``user_inputs`` are words an attacker would try first (see :func:`user_words`).
    """
    if len(passphrase) < MIN_PASSPHRASE:
        return f"the {what} must be at least {MIN_PASSPHRASE} characters long"
    user_inputs = list(user_inputs)
    result = _judge(passphrase, user_inputs)
    own = _only_own_words(passphrase, user_inputs, result.get("sequence") or [])
    if result["score"] >= MIN_PASSPHRASE_SCORE and not own:
        return None
    reason = _OWN_WORDS if own else _reason(result)
    return f"that {what} is too easy to guess ({reason}); try three or four unrelated words"


def pdf_password_problem(password: str) -> str | None:
    """Why a password is not good enough to lock a PDF with, or None if it is."""
    if not password:
        return "the password is empty; type a password or save without one"
    if not password.strip():
        return "the password is only spaces; type a password with letters or numbers in it"
    if len(password) < MIN_PDF_PASSWORD:
        return f"the PDF password must be at least {MIN_PDF_PASSWORD} characters long"
    result = _judge(password, [APP_WORD])
    if result["score"] >= MIN_PDF_PASSWORD_SCORE:
        return None
    return f"that PDF password is too easy to guess ({_reason(result)}); try three unrelated words"
