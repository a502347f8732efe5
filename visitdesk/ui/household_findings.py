"""What the household visit form shows of every child's findings: one panel for the whole
visit, each finding naming the child (or children) it is about, each field's message under it.

The findings panel points at a field by one string; here that string names the child's record
too (see :func:`key`), so choosing a finding goes to that child's part and field.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QCoreApplication

from visitdesk.standards import Finding
from visitdesk.standards import fields as catalogue
from visitdesk.ui.findings_panel import FindingsPanel
from visitdesk.ui.form_fields import show_messages, show_rows
from visitdesk.ui.household_parts import SHARED, ChildPart
from visitdesk.ui.widgets import Field


def key(visit_id: str, name: str | None) -> str:
    """The panel's key for a field of one child's record ("" as ``visit_id``: the shared part)."""
    return f"{visit_id}:{name or ''}"


def unkey(value: str) -> tuple[str, str]:
    """``(visit_id, field name)`` back from :func:`key` ("" for either where it names none)."""
    visit_id, _sep, name = value.partition(":")
    return visit_id, name


def panel_order(visit_ids: Sequence[str]) -> list[str]:
    """The order the panel lists findings in (within a severity): the shared part first,
    then each child's part, eldest first, each in the form's field order."""
    return [key("", n) for n in catalogue.SHARED_FIELDS] + [
        key(v, n) for v in visit_ids for n in ("", *catalogue.OWN_FIELDS)
    ]


def list_names(names: Sequence[str]) -> str:
    """ "Jack, Lily and Sam"."""
    if len(names) < 2:
        return "".join(names)
    #: {names} lists all but the last child ("Jack, Lily"); {last} is the last ("Sam").
    joined = QCoreApplication.translate("HouseholdVisitForm", "{names} and {last}")
    return joined.format(names=", ".join(names[:-1]), last=names[-1])


def named(finding: Finding, names: str, where: str) -> Finding:
    """``finding`` as the panel lists it: naming the children it is about, keyed to its field."""
    #: {names} names the child (or children) a finding is about; {message} is the finding.
    said = QCoreApplication.translate("HouseholdVisitForm", "{names}: {message}")
    return replace(finding, message=said.format(names=names, message=finding.message), field=where)


def shared_findings(
    by_child: Sequence[tuple[str, Sequence[Finding]]],
) -> list[tuple[Finding, list[str]]]:
    """The findings about shared fields, each said once with the names of the children it is
    about (and every standard that says it), in the order first found. ``by_child`` is
    (name, findings) for each child."""
    found: dict[tuple, tuple[Finding, list[str]]] = {}
    for name, findings in by_child:
        for f in findings:
            if f.field not in SHARED:
                continue
            entry = found.get((f.field, f.code, f.severity, f.message))
            if entry is None:
                found[(f.field, f.code, f.severity, f.message)] = (f, [name])
                continue
            first, names = entry
            names.append(name)
            if f.source not in first.source.split("; "):
                merged = replace(first, source=f"{first.source}; {f.source}")
                found[(f.field, f.code, f.severity, f.message)] = (merged, names)
    return list(found.values())


_RANK = {"error": 0, "warning": 1, "info": 2}


class HouseholdFindings:
    """Shows the findings of every child's part: in the panel, under the fields, and which
    shared fields are asked at all."""

    def __init__(self, shared_fields: Mapping[str, Field], visit_ids: Sequence[str]) -> None:
        order = panel_order(visit_ids)
        self._order = {where: i for i, where in enumerate(order)}
        self.panel = FindingsPanel(order)
        self.panel.heading.setText(
            "<b>{}</b>".format(
                html.escape(
                    QCoreApplication.translate(
                        "HouseholdVisitForm", "What the standards say, child by child"
                    )
                )
            )
        )
        self.shared_fields = shared_fields
        self.shared_touched: set[str] = set()  # shared fields the worker has changed
        self.listed: list[Finding] = []  # as the panel lists them, named and keyed
        self._by_key: dict[str, ChildPart | None] = {}
        self._said: dict[str, tuple] = {}  # what each part's fields say now ("" the shared part)
        self._shared_shown: set[str] | None = None

    def severity(self, part: ChildPart | None, finding: Finding) -> str:
        """An error on a field nobody has touched yet is shown as a calm "to do"."""
        name = unkey(finding.field)[1] if ":" in (finding.field or "") else finding.field
        if finding.severity != "error" or not name:
            return finding.severity
        if name.startswith("not_seen_alone"):  # asked for because "not alone" was chosen
            return "error"
        touched = self.shared_touched if name in SHARED or part is None else part.touched
        return "error" if name in touched else "todo"

    def show(
        self, parts: Sequence[ChildPart], shared: Mapping[str, object], today: date
    ) -> list[Finding]:
        """Show what each part's findings say now, given the shared answers; returns the
        findings as the panel lists them."""
        every = len(parts)
        about_shared = shared_findings([(p.name, p.findings) for p in parts])
        listed: list[Finding] = []
        by_key: dict[str, ChildPart | None] = {}
        for finding, who in about_shared:
            item = named(finding, list_names(who), key("", finding.field))
            listed.append(item)
            by_key[item.field] = None
        asked_shared: set[str] = set()
        for part in parts:
            own = [f for f in part.findings if f.field not in SHARED]
            for f in own:
                item = named(f, part.name, key(part.visit_id, f.field))
                listed.append(item)
                by_key[item.field] = part
            self._say(part.visit_id, part.fields, own, lambda f, p=part: self.severity(p, f))
            asked_shared |= part.show_fields(shared)
        # On a shared field, a message about every child is said once; one about some names them.
        on_shared = [
            f if len(who) == every else named(f, list_names(who), f.field)
            for f, who in about_shared
        ]
        self._say("", self.shared_fields, on_shared, lambda f: self.severity(None, f))
        shown = asked_shared | {f.field for f in on_shared}
        if shown != self._shared_shown:
            self._shared_shown = shown
            show_rows(self.shared_fields, shown)
        # As the panel lists them: what stops completion is said in the same order.
        listed.sort(key=lambda f: (_RANK[f.severity], self._order.get(f.field, -1)))
        self.listed, self._by_key = listed, by_key
        self.panel.show_findings(
            listed, today=today, severity=lambda f: self.severity(by_key.get(f.field), f)
        )
        return listed

    def _say(
        self,
        part: str,
        fields: Mapping[str, Field],
        findings: list[Finding],
        severity: Callable[[Finding], str],
    ) -> None:
        """Show each field's message, when what a part's fields say has changed (restyling
        every field on every keystroke of four children would be felt)."""
        said = tuple((f.field, severity(f), f.message, f.source) for f in findings if f.field)
        if self._said.get(part) != said:
            self._said[part] = said
            show_messages(fields, findings, severity)
