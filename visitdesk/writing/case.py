"""The writing aids over a case file, for ``visitdesk check --writing``: the spell check of
every visit's narrative and the quality prompts, with the case's other visits as its history.

The case file's optional ``writing`` object says who the aids should know about (the child's
household, the caseload's other children), which extra words to accept, and whose team
dictionary to use; see docs/case-file.schema.json.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from visitdesk.errors import UserError
from visitdesk.standards import ChildFacts, Finding, VisitFacts
from visitdesk.standards.authority import authority_of, shipped_authority_ids
from visitdesk.writing.prompts import EarlierRecord, Prompter, WritingContext
from visitdesk.writing.spelling import (
    NARRATIVE_FIELDS,
    Checker,
    load_speller,
    spelling_findings,
    team_words,
)
from visitdesk.writing.words import words_in


def _people(value: object) -> list[tuple[str, str]]:
    """(given, family) of each person listed (the schema has checked their shape)."""
    out = []
    for person in value or ():
        if isinstance(person, Mapping) and isinstance(person.get("given_name"), str):
            family = person.get("family_name")
            out.append((person["given_name"], family if isinstance(family, str) else ""))
    return out


def _earlier(raw: Mapping[str, Any], facts: VisitFacts) -> EarlierRecord:
    return EarlierRecord(
        visit_id=facts.id,
        visited_on=facts.visited_at.date(),
        texts={name: raw[name] for name in NARRATIVE_FIELDS if isinstance(raw.get(name), str)},
        seen=facts.seen,
        seen_alone=facts.seen_alone,
        not_seen_alone_category=getattr(facts, "not_seen_alone_category", None),
        not_seen_alone_reason=raw.get("not_seen_alone_reason") or "",
    )


def writing_findings(
    data: Mapping[str, Any], child: ChildFacts, visits: Sequence[VisitFacts], policy_id: str
) -> list[Finding]:
    """The writing aids' findings for every visit of a checked case file, visit by visit.
    Raises ``SpellingUnavailable`` (one line) when the spell check cannot be loaded."""
    writing = data.get("writing") or {}
    household = _people(writing.get("household"))
    others = _people(writing.get("other_children"))
    authority = writing.get("authority")
    if authority:
        if authority not in shipped_authority_ids():
            shown = "".join(ch if ch.isprintable() else "?" for ch in authority)
            raise UserError(
                f"case file: writing.authority: no authority has the id '{shown}' "
                "(visitdesk authorities lists them)"
            )
    else:
        authority = authority_of("", policy_id).id
    accepted = set(team_words(authority)) | set(writing.get("words") or ())
    accepted |= {
        w.text for given, family in household + others for w in words_in(f"{given} {family}")
    }
    speller = load_speller()
    checker = Checker(speller, accepted)
    raw_by_id = {
        str(item["id"]): item for item in data.get("visits") or () if isinstance(item, Mapping)
    }
    earlier = [_earlier(raw_by_id.get(v.id, {}), v) for v in visits]
    found: list[Finding] = []
    for facts in visits:
        raw = raw_by_id.get(facts.id, {})
        values = {**raw, "visited_at": facts.visited_at}
        found += spelling_findings(values, checker, facts.id)
        context = WritingContext(
            date_of_birth=child.date_of_birth,
            expected_birth_date=child.expected_birth_date,
            earlier=[e for e in earlier if e.visit_id != facts.id],
            other_children=others,
            household=household,
            # A given name that is also an everyday word ("Grace") is looked for only
            # beside the family name.
            is_word=lambda word: speller.known(word.lower()),
        )
        found += Prompter(context).check(values, facts.id)
    return found
