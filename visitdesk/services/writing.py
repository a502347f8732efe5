"""What the writing aids need to know about this installation: the words it accepts (the
team's list, the person's own dictionary, the caseload's names) and, for one record, the
child's earlier records and who lives with them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Any

from visitdesk.errors import UserError
from visitdesk.services import dictionary
from visitdesk.services.facts import installation_authority
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding
from visitdesk.writing.prompts import EarlierRecord, Prompter, WritingContext
from visitdesk.writing.spelling import (
    NARRATIVE_FIELDS,
    Checker,
    shared_speller,
    spelling_findings,
)
from visitdesk.writing.words import words_in


def authority_id(ws: Workspace) -> str:
    """The authority whose team dictionary this installation uses."""
    return installation_authority(ws).id


def caseload_names(ws: Workspace) -> set[str]:
    """Every word of the caseload's children's names: spelt right by definition."""
    from sqlalchemy import select

    from visitdesk.storage.models import Child

    with ws.db.sessions() as session:
        rows = session.execute(select(Child.given_name, Child.family_name)).all()
    return {w.text for given, family in rows for w in words_in(f"{given} {family}")}


def known_words(ws: Workspace) -> set[str]:
    """The words this person's spell check accepts beyond the dictionary and the team's
    list: their own dictionary and the caseload's names."""
    return set(dictionary.personal_words(ws)) | caseload_names(ws)


def writing_context(ws: Workspace, visit_id: str) -> WritingContext:
    """What the quality prompts need for one record: the child, their other records, who
    lives with them and the caseload's other children."""
    from sqlalchemy import select

    from visitdesk.storage import answers
    from visitdesk.storage.models import Child, Visit

    with ws.db.sessions() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise UserError("that record is not on this installation")
        child = session.get(Child, visit.child_id)
        others = session.scalars(
            select(Visit).where(
                Visit.child_id == child.id, Visit.id != visit_id, Visit.conflict_of.is_(None)
            )
        )
        earlier = []
        for other in others:
            values = answers.values_of(other)
            earlier.append(
                EarlierRecord(
                    visit_id=other.id,
                    visited_on=other.visited_at.date(),
                    texts={
                        name: values[name]
                        for name in NARRATIVE_FIELDS
                        if isinstance(values.get(name), str) and values[name]
                    },
                    seen=other.seen,
                    seen_alone=other.seen_alone,
                    not_seen_alone_category=other.not_seen_alone_category,
                    not_seen_alone_reason=other.not_seen_alone_reason or "",
                )
            )
        people = session.execute(
            select(Child.id, Child.given_name, Child.family_name, Child.household_id)
        ).all()
    home = child.household_id
    household = [
        (given, family)
        for cid, given, family, hid in people
        if cid == child.id or (home is not None and hid == home)
    ]
    other_children = [
        (given, family)
        for cid, given, family, hid in people
        if cid != child.id and (home is None or hid != home)
    ]
    return WritingContext(
        date_of_birth=child.date_of_birth,
        expected_birth_date=child.expected_birth_date,
        earlier=earlier,
        other_children=other_children,
        household=household,
    )


def _is_word(word: str) -> bool:
    """Whether ``word`` is an everyday English word, once the dictionary has loaded (before
    that, a given name alone is judged as if it were not)."""
    loading = shared_speller()
    if not loading.done() or loading.exception() is not None:
        return False
    return loading.result().known(word.lower())


class FormWriting:
    """The writing aids of one open record: built once when it opens, then asked on every
    keystroke. Their findings are shown beside the standards' and never printed or frozen
    into the record's completion check."""

    def __init__(self, ws: Workspace, visit_id: str) -> None:
        self.visit_id = visit_id
        context = writing_context(ws, visit_id)
        self._prompter = Prompter(dataclasses.replace(context, is_word=_is_word))

    def check(
        self,
        values: Mapping[str, Any],
        checker: Checker | None = None,
        ignored: Collection[str] = (),
        unavailable: str | None = None,
    ) -> list[Finding]:
        """The prompts, and the spelling findings once ``checker`` has loaded; when the spell
        check cannot run (``unavailable`` says why), a note saying so rather than silence."""
        found = self._prompter.check(values, self.visit_id)
        if checker is not None:
            found = spelling_findings(values, checker, self.visit_id, ignored) + found
        elif unavailable:
            note = Finding(
                code="writing.spelling_off",
                severity="info",
                visit=self.visit_id,
                field=None,
                message=f"The spell check is off: {unavailable}",
                source="Spell check (British English)",
            )
            found = [note, *found]
        return found
