"""The personal dictionary and the words ignored in one record, kept in the encrypted database.

A person's own words are stored with owner ``""`` (whoever uses this installation, whatever
name they go by later). A manager's installation also keeps, under each worker's name, the
words that worker's bundles carried, so it can pass them on to that worker's other
installations. A word taken out keeps its row, marked removed, so the removal travels as
well; of two changes to one word the later wins (a dictionary is no record: nothing is lost
by that).

Words never go to the log or the audit trail: a personal word may be a family's name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from visitdesk.errors import UserError
from visitdesk.services.changes import Changes
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import IgnoredWord, PersonalWord, Visit

MINE = ""  # the owner of this installation's own words
MAX_WORD = 100
MAX_WORDS = 20_000  # in one person's dictionary, and in one bundle's list
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class WordChange:
    """One word's latest state, as a bundle carries it."""

    word: str
    removed: bool
    changed_at: datetime


def word_problem(word: object) -> str | None:
    """Why ``word`` cannot go in a dictionary, in words a person reads; None when it can."""
    if not isinstance(word, str) or not word.strip():
        return "a dictionary word cannot be empty"
    if len(word) > MAX_WORD:
        return f"a dictionary word can be at most {MAX_WORD} characters"
    if any(ch.isspace() for ch in word):
        return "add one word at a time"
    if any(unicodedata.category(ch)[0] == "C" for ch in word):
        return "a dictionary word cannot hold control characters"
    if not any(ch.isalpha() for ch in word):
        return "a dictionary word needs at least one letter"
    return None


def _clean(word: object) -> str:
    problem = word_problem(word)
    if problem:
        raise UserError(problem)
    return unicodedata.normalize("NFC", str(word).strip()).replace("\u2019", "'")


def personal_words(ws: Workspace) -> list[str]:
    """This person's own words, in alphabetical order."""
    with ws.db.sessions() as session:
        return sorted(
            session.scalars(
                select(PersonalWord.word).where(
                    PersonalWord.owner == MINE, PersonalWord.removed.is_(False)
                )
            ),
            key=str.casefold,
        )


def _set(session: Session, owner: str, word: str, removed: bool, at: datetime) -> bool:
    """Record a change to one word unless a later one is already there; whether it changed."""
    row = session.get(PersonalWord, (owner, word))
    if row is None:
        # Kept even when it removes a word never added here: the removal still travels on.
        session.add(PersonalWord(owner=owner, word=word, removed=removed, changed_at=at))
        return True
    if row.changed_at > at or (row.changed_at == at and row.removed == removed):
        return False
    row.removed, row.changed_at = removed, at
    return True


def _my_time(session: Session, word: str, now: datetime) -> datetime:
    """When this person's own change to ``word`` happened, as the dictionary orders changes:
    never before the change it replaces, so what they do here always takes effect (a
    laptop's clock that ran fast once cannot pin a word in place)."""
    row = session.get(PersonalWord, (MINE, word))
    return now if row is None or row.changed_at < now else row.changed_at + _TICK


def add_word(ws: Workspace, word: str) -> Changes:
    """Put ``word`` in this person's dictionary ("Add to my dictionary")."""
    clean = _clean(word)
    with ws.db.transaction() as session:
        count = len(
            session.scalars(
                select(PersonalWord.word).where(
                    PersonalWord.owner == MINE, PersonalWord.removed.is_(False)
                )
            ).all()
        )
        if count >= MAX_WORDS and session.get(PersonalWord, (MINE, clean)) is None:
            raise UserError(
                f"your dictionary holds {MAX_WORDS:,} words already: take some out first"
            )
        _set(session, MINE, clean, False, _my_time(session, clean, ws.now()))
    return Changes()


def remove_word(ws: Workspace, word: str) -> Changes:
    """Take ``word`` out of this person's dictionary again."""
    clean = _clean(word)
    with ws.db.transaction() as session:
        row = session.get(PersonalWord, (MINE, clean))
        if row is None or row.removed:
            raise UserError(f"'{clean}' is not in your dictionary")
        _set(session, MINE, clean, True, _my_time(session, clean, ws.now()))
    return Changes()


def ignored_words(ws: Workspace, visit_id: str) -> frozenset[str]:
    """The words ignored in one record."""
    with ws.db.sessions() as session:
        return frozenset(
            session.scalars(select(IgnoredWord.word).where(IgnoredWord.visit_id == visit_id))
        )


def ignore_word(ws: Workspace, visit_id: str, word: str) -> Changes:
    """Stop marking ``word`` in this record ("Ignore"): this installation's aid, never sent."""
    clean = _clean(word)
    with ws.db.transaction() as session:
        if session.get(Visit, visit_id) is None:
            raise UserError("that record is not on this installation")
        if session.get(IgnoredWord, (visit_id, clean)) is None:
            session.add(IgnoredWord(visit_id=visit_id, word=clean))
    return Changes()


# ---- travel in bundles ------------------------------------------------------------------


def changes_since(session: Session, owner: str, mark: int) -> list[WordChange]:
    """The changes to ``owner``'s words stamped after ``mark``, oldest first."""
    rows = session.scalars(
        select(PersonalWord)
        .where(PersonalWord.owner == owner, PersonalWord.change_seq > mark)
        .order_by(PersonalWord.change_seq, PersonalWord.word)
        .limit(MAX_WORDS)
    )
    return [WordChange(r.word, r.removed, r.changed_at) for r in rows]


def all_of(session: Session, owner: str) -> list[WordChange]:
    """Every word change kept for ``owner`` (a worker's words, for their other devices)."""
    rows = session.scalars(
        select(PersonalWord)
        .where(PersonalWord.owner == owner)
        .order_by(PersonalWord.word)
        .limit(MAX_WORDS)
    )
    return [WordChange(r.word, r.removed, r.changed_at) for r in rows]


def merge(
    session: Session, owner: str, changes: Iterable[WordChange], now: datetime
) -> list[WordChange]:
    """Apply word changes that arrived (already checked); the later change to a word wins.
    A change dated after ``now`` (another device's clock running fast, or a forged date)
    counts as made now, so it can never outrank what is done here later. Returns the
    changes that took effect."""
    taken = []
    for c in changes:
        at = min(c.changed_at, now)
        if _set(session, owner, c.word, c.removed, at):
            taken.append(WordChange(c.word, c.removed, at))
    return taken


def parse_changes(value: object, where: str = "words") -> list[WordChange]:
    """Read a bundle's list of word changes strictly: a list of ``{"word", "removed",
    "changed_at"}``, each word a valid dictionary word. Raises UserError naming the item."""
    if not isinstance(value, list):
        raise UserError(f"{where} must be a list")
    if len(value) > MAX_WORDS:
        raise UserError(f"{where} holds more than {MAX_WORDS:,} words")
    out: list[WordChange] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(item, Mapping) or set(item) != {"word", "removed", "changed_at"}:
            raise UserError(f"{at} must have exactly word, removed and changed_at")
        word, removed, changed = item["word"], item["removed"], item["changed_at"]
        problem = word_problem(word)
        if problem:
            raise UserError(f"{at}.word: {problem}")
        if not isinstance(removed, bool):
            raise UserError(f"{at}.removed must be true or false")
        try:
            when = datetime.fromisoformat(changed) if isinstance(changed, str) else None
        except ValueError:
            when = None
        if when is None or when.tzinfo is not None:
            raise UserError(f"{at}.changed_at is not a valid date and time")
        clean = _clean(word)
        if clean in seen:
            raise UserError(f"{at}.word appears twice")
        seen.add(clean)
        out.append(WordChange(clean, removed, when))
    return out


def to_json(changes: Iterable[WordChange]) -> list[dict]:
    return [
        {"word": c.word, "removed": c.removed, "changed_at": c.changed_at.isoformat()}
        for c in changes
    ]
