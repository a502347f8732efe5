"""The sections of one printed visit record, from its title to "End of record", in the order
the field catalogue and the record's answers call for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from visitdesk.reports import layout
from visitdesk.reports import text as t
from visitdesk.reports.blocks import (
    _GRID_TABLE,
    BODY,
    CELL_HEAD,
    CELL_SMALL,
    END,
    NOTE,
    STATE_LINE,
    SUBTITLE,
    TITLE,
    _body,
    _clause_table,
    _heading,
    _label_table,
    _section,
)
from visitdesk.reports.layout import CONTENT_WIDTH
from visitdesk.reports.model import ReportChild, ReportFinding, ReportVisit
from visitdesk.standards import fields as catalogue

# The narrative sections, in the field catalogue's order: its longer text fields, printed as
# headings with the worker's words under them. The short fields print as tables.
NARRATIVE = tuple(item.name for item in catalogue.FIELDS if item.kind == "text" and item.lines >= 4)


def _age_line(child: ReportChild, visit: ReportVisit) -> tuple[str, str]:
    """The label and wording for the child's age at the visit, or their expected birth."""
    on = t.local_time(visit.visited_at).date()
    if child.date_of_birth is not None:
        age = t.age_on(child.date_of_birth, on)
        return "Age at the visit", age if age is not None else "Not yet born at the visit"
    if child.expected_birth_date is not None:
        return "Age at the visit", "Unborn at the visit"
    return "Age at the visit", t.NOT_RECORDED


def _not_seen_alone_reason(visit: ReportVisit) -> str:
    category = visit.not_seen_alone_category
    reason = t.clean(visit.not_seen_alone_reason)
    if category and reason:
        return f"{t.label(t.NOT_SEEN_ALONE_LABELS, category)}: {reason}"
    if category:
        return t.label(t.NOT_SEEN_ALONE_LABELS, category)
    return reason or t.NOT_RECORDED


def _record_completed(visit: ReportVisit) -> str:
    return {
        "completed": "Yes",
        "authorised": "Yes",
        "returned": "No: returned by the manager for changes",
        "draft": "No: this is a draft",
    }.get(visit.state, t.label(t.STATE_LABELS, visit.state))


def _plan(child: ReportChild, visit: ReportVisit) -> tuple[str, str]:
    """The plan in force on the day of the visit and the standards that judged it (the
    child's, when the record does not say)."""
    plan = child.plan_type if visit.plan_type is None else visit.plan_type
    title = child.standard_title if visit.standard_title is None else visit.standard_title
    return plan, title


def _names(names: Sequence[str]) -> str:
    names = [t.clean(n) or t.NOT_RECORDED for n in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _household_line(visit: ReportVisit) -> str:
    """Who else the household visit was to, for the record's first lines."""
    if visit.others_visited:
        verb = "was" if len(visit.others_visited) == 1 else "were"
        return f"A household visit: {_names(visit.others_visited)} {verb} also visited."
    return "A household visit: no other child's record of it is held here."


def _household_answer(child: ReportChild, visit: ReportVisit) -> str:
    """What the visit table says of a household visit: who it was to, and what this record
    holds (another child's own part never is)."""
    name = t.clean(child.full_name) or "this child"
    if not visit.others_visited:
        return (
            "Yes. No other child's record of this visit is held here. This record holds what "
            f"the visit shared and {name}'s own part."
        )
    others = _names(visit.others_visited)
    return (
        f"Yes, with {others}. Each child has their own record: this one holds what the visit "
        f"shared and {name}'s own part."
    )


def _child_section(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    rows: list[tuple[str, str | None]] = [("Name", t.clean(child.full_name) or t.NOT_RECORDED)]
    if child.date_of_birth is not None or child.expected_birth_date is None:
        rows.append(("Date of birth", t.long_date(child.date_of_birth)))
    if child.expected_birth_date is not None and child.date_of_birth is None:
        rows.append(("Expected date of birth", t.long_date(child.expected_birth_date)))
    age_label, age = _age_line(child, visit)
    rows += [
        (age_label, age),
        ("Case-system reference", t.clean(child.case_reference) or t.NOT_RECORDED),
    ]
    plan, standards = _plan(child, visit)
    rows += [
        ("Plan", t.label(t.PLAN_LABELS, plan)),
        ("Practice standard applied", t.clean(standards) or t.NOT_RECORDED),
    ]
    return [*_section("The child"), _label_table(rows)]


def _shown(visit: ReportVisit) -> set[str]:
    """The fields this record prints: those the form asked (the caller says which), or, when
    not told, every field its answers leave open."""
    values = {name: visit.value(name) for name in catalogue.STORED_FIELDS}
    if visit.shown is not None:
        asked = set(visit.shown)
    else:
        asked = {f.name for f in catalogue.FIELDS if f.stored and f.asked != "holiday"}
    return set(catalogue.shown_fields(asked, values))


def _value(visit: ReportVisit, item: catalogue.VisitField) -> str | None:
    value = visit.value(item.name)
    if item.name == "visited_at":
        return t.date_time(value, weekday=True)
    if item.name == "not_seen_alone_category":
        return _not_seen_alone_reason(visit)
    if item.name == "outcome" and value is None and visit.household_visit is None:
        # Records from before the question was asked: what the child's answers show. (Not
        # for a household visit: one child not seen does not make the visit a failed one.)
        value = {"no": "failed", "yes": "visited", "unborn": "visited"}.get(visit.seen or "")
    if item.kind == "flag":
        return t.yes_no(value)
    if item.kind == "choice":
        return t.label(dict(item.choices), value)
    return value


def _rows(
    child: ReportChild, visit: ReportVisit, section: str, shown: set[str]
) -> list[tuple[str, str, str | None]]:
    """(number, question, answer) for the short fields of one part of the form."""
    rows = []
    for item in catalogue.in_section(section):
        if item.name not in shown or item.name in NARRATIVE:
            continue
        if item.name == "not_seen_alone_reason" and "not_seen_alone_category" in shown:
            continue  # printed with the category, as one answer
        number = child.field_numbers.get(item.name, "")
        rows.append((number, item.question, _value(visit, item)))
    return rows


def _table(child: ReportChild, rows: Sequence[tuple[str, str, str | None]]) -> Table:
    """A table of answers, with the case system's field numbers in a first column where the
    authority's case system numbers these fields, and without one where it does not."""
    if any(number for number, _question, _answer in rows):
        return _clause_table(rows)
    return _label_table([(question, answer) for _number, question, answer in rows])


def _visit_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    rows = _rows(child, visit, "visit", shown)
    if visit.household_visit:
        rows.append(("", "Household visit", _household_answer(child, visit)))
    rows.append(("", "Recorded by", t.clean(visit.created_by) or t.NOT_RECORDED))
    return [*_section("The visit"), _table(child, rows)]


def _seen_alone(visit: ReportVisit) -> str:
    # Seen alone is only asked once the child has been seen; say so rather than "not recorded".
    if visit.seen_alone is None and visit.seen == "unborn":
        return "Not applicable (unborn)"
    if visit.seen_alone is None and visit.seen == "no":
        return "Not applicable (not seen)"
    if visit.seen_alone is None and visit.outcome == "cancelled":
        return "Not applicable (cancelled)"
    return t.label(t.SEEN_ALONE_LABELS, visit.seen_alone)


def _statutory_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    rows = _rows(child, visit, "child", shown)
    if not rows:
        return []
    return [*_section("Statutory visit details"), _table(child, rows)]


def _narrative_section(child: ReportChild, visit: ReportVisit, shown: set[str]) -> list[Flowable]:
    story: list[Flowable] = _section("Record of the visit")
    for name in NARRATIVE:
        if name not in shown:
            continue
        story += _heading(catalogue.field(name).question, child.field_numbers.get(name, ""))
        story += _body(visit.value(name))
    # The record's short answers (its significant event, for the chronology): each under its
    # question, and only when given.
    for item in catalogue.in_section("record"):
        if item.name in NARRATIVE or item.kind != "text" or item.name not in shown:
            continue
        value = visit.value(item.name)
        if isinstance(value, str) and t.clean(value):
            story += _heading(item.question, child.field_numbers.get(item.name, ""))
            story += _body(value)
    return story


def _visit_plan_section(visit: ReportVisit) -> list[Flowable]:
    """What was planned before the visit, part by part: printed only when something was."""
    plan = visit.visit_plan
    if plan is None or not plan.parts:
        return []
    title = f"Visit plan ({plan.clause})" if plan.clause else "Visit plan"
    note = "Written before the visit and carried into this record when it was started."
    if plan.source:
        note = f"Written before the visit, as {plan.source} asks, and carried into this record "
        note += "when it was started."
    rows = [(t.clean(label) or t.NOT_RECORDED, words) for label, words in plan.parts]
    return [
        *_section(title),
        Paragraph(t.markup(note), NOTE),
        Spacer(1, 3),
        _label_table(rows),
    ]


def _findings_table(findings: Sequence[ReportFinding], *, changes: bool = False) -> Table:
    first = "Today" if changes else "Result"
    data: list[list[Flowable]] = [
        [
            Paragraph(first, CELL_HEAD),
            Paragraph("Finding", CELL_HEAD),
            Paragraph("Clause", CELL_HEAD),
        ]
    ]
    for finding in findings:
        result = t.label(t.SEVERITY_LABELS, finding.severity)
        if changes:
            result = "No longer found" if finding.change == "gone" else f"New: {result.lower()}"
        data.append(
            [
                Paragraph(t.markup(result), CELL_SMALL),
                Paragraph(t.markup(finding.message) or t.NOT_RECORDED, CELL_SMALL),
                Paragraph(t.markup(finding.source) or "\u2013", CELL_SMALL),
            ]
        )
    widths = (27 * mm, CONTENT_WIDTH - 67 * mm, 40 * mm)
    return Table(
        data, colWidths=widths, style=_GRID_TABLE, repeatRows=1, hAlign="LEFT", splitInRow=1
    )


def _standards_section(visit: ReportVisit) -> list[Flowable]:
    completed = visit.state in ("completed", "authorised")
    # A returned record is being corrected: the check made at its last completion is no
    # longer the one that stands.
    frozen = completed and visit.check_frozen_at is not None
    if frozen:
        note = f"As checked when completed on {t.date_time(visit.check_frozen_at)}."
        if visit.check_standards:
            note += " Standards used: " + "; ".join(visit.check_standards) + "."
    elif completed:
        when = t.long_date(t.local_time(visit.checked_on or datetime.now()).date())
        note = (
            f"Checked when printed on {when}. The check made when this record was completed "
            "was not kept with it, so the standards may have said something different then."
        )
    elif visit.state == "returned":
        note = "As last checked; the record was returned for changes."
    else:
        note = "As last checked; the record has not been completed."
    story: list[Flowable] = [*_section("Standards check"), Paragraph(t.markup(note), NOTE)]
    story.append(Spacer(1, 3))
    if visit.standards_summary:
        story.append(_findings_table(visit.standards_summary))
    elif completed or frozen:
        story.append(Paragraph("The standards check found nothing to report.", BODY))
    else:
        story.append(Paragraph("No findings were recorded.", BODY))
    if frozen and visit.checked_again is not None:
        when = t.long_date(t.local_time(visit.checked_on or datetime.now()).date())
        story += _heading(f"Checked again today, {when}")
        story.append(
            Paragraph(
                t.markup(
                    "The standards now say something different (the child\u2019s later visits "
                    "or the standards themselves may have changed). The check above is the one "
                    "made at completion."
                ),
                NOTE,
            )
        )
        story.append(Spacer(1, 3))
        if visit.checked_again:
            story.append(_findings_table(visit.checked_again, changes=True))
    return story


def _authorisation_section(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    rows: list[tuple[str, str, str | None]] = [
        (
            child.field_numbers.get("completed", ""),
            catalogue.field("completed").question,
            _record_completed(visit),
        ),
        ("", "Completed on", t.date_time(visit.completed_at)),
    ]
    decision = visit.authorisation
    waiting = t.label(t.DECISION_LABELS, decision.state) if decision else ""
    if waiting == "Awaiting authorisation" and not decision.by and decision.at is None:
        decision = None  # an open task: nobody has decided yet, so there is nothing to list
    if decision is None:
        waiting = "Awaiting authorisation" if visit.state == "completed" else "No decision recorded"
        rows.append(("", "Manager's decision", waiting))
    else:
        rows += [
            ("", "Manager's decision", t.label(t.DECISION_LABELS, decision.state)),
            ("", "Decided by", t.clean(decision.by) or t.NOT_RECORDED),
            ("", "Decided on", t.date_time(decision.at)),
            ("", "Manager's comment", decision.comment),
        ]
    return [*_section("Completion and authorisation"), _table(child, rows)]


def _addenda_section(visit: ReportVisit) -> list[Flowable]:
    story: list[Flowable] = _section("Addenda: dated corrections and additions")
    if not visit.addenda:
        story.append(Paragraph("None.", BODY))
        return story
    ordered = sorted(
        visit.addenda,
        key=lambda a: (a.at is None, a.at and t.local_time(a.at).replace(tzinfo=None)),
    )
    for number, addendum in enumerate(ordered, start=1):
        author = t.clean(addendum.author) or t.NOT_RECORDED
        story += _heading(f"Addendum {number}: {t.date_time(addendum.at)}, by {author}")
        story += _body(addendum.text)
    return story


def _details_section(visit: ReportVisit, marking: str, generated: str) -> list[Flowable]:
    rows: list[tuple[str, str | None]] = [
        ("Record", t.clean(visit.id) or t.NOT_RECORDED),
        ("Revision", str(visit.revision)),
        ("Record state", t.label(t.STATE_LABELS, visit.state)),
        ("Content hash", t.clean(visit.content_hash) or t.NOT_RECORDED),
        ("Printed", generated.removeprefix("Printed ")),
    ]
    if marking:
        rows.append(("Protective marking", marking))
    # "End of record" stays with the table above it, never alone on a page of its own.
    return [
        KeepTogether(
            [*_section("About this record"), _label_table(rows), Paragraph("End of record", END)]
        )
    ]


def _title_block(child: ReportChild, visit: ReportVisit) -> list[Flowable]:
    name = t.markup(child.full_name) or t.NOT_RECORDED
    plan = t.label(t.PLAN_LABELS, _plan(child, visit)[0])
    plan = "Plan not recorded" if plan == t.NOT_RECORDED else f"{plan} plan"
    when = t.date_time(visit.visited_at, weekday=True)
    block: list[Flowable] = [
        Paragraph("Visit record", TITLE),
        Paragraph(f"<b>{name}</b>  ·  {t.markup(plan)}", SUBTITLE),
        Paragraph(f"Visit on {t.markup(when)}", SUBTITLE),
        Paragraph(
            f"Record state: {t.markup(t.label(t.STATE_LABELS, visit.state))}",
            ParagraphStyle(
                "stateline",
                STATE_LINE,
                textColor=layout.DRAFT_RED if visit.is_draft else layout.INK,
            ),
        ),
    ]
    if visit.outcome == "cancelled":
        block.append(
            Paragraph("The visit did not take place: the worker could not attend.", STATE_LINE)
        )
    elif visit.seen == "no" or visit.outcome == "failed":
        # A visit where the child was not seen is a failed visit; say so before anything else.
        block.append(Paragraph("The child was not seen at this visit.", STATE_LINE))
    if visit.household_visit:
        block.append(Paragraph(t.markup(_household_line(visit)), SUBTITLE))
    block.append(Spacer(1, 2))
    return block


def _visit_story(
    child: ReportChild, visit: ReportVisit, marking: str, generated: str
) -> list[Flowable]:
    shown = _shown(visit)
    story = _title_block(child, visit)
    story += _child_section(child, visit)
    story += _visit_section(child, visit, shown)
    story += _statutory_section(child, visit, shown)
    story += _visit_plan_section(visit)
    story += _narrative_section(child, visit, shown)
    story += _standards_section(visit)
    story += _authorisation_section(child, visit)
    story += _addenda_section(visit)
    story += _details_section(visit, marking, generated)
    return story
