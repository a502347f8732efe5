"""A caseload row and how it is said: the statuses, ages and deadlines in words, what needs
attention, and the folded names children are searched and sorted by.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from visitdesk.standards import DueStatus

# Urgency order: most pressing first. "no_standard" (no standard judges the child's plan, or
# part of it) is never "ok": nobody can say the child is on track.
URGENCY = {"overdue": 0, "due_soon": 1, "action": 2, "no_standard": 3, "ok": 4, "no_plan": 5}

# The statuses as the command line names them (the product's contract). A child with no plan
# needs the worker to add one.
STATUS_CODES = {
    "overdue": "overdue",
    "due_soon": "due_soon",
    "action": "needs_action",
    "no_standard": "no_standard",
    "ok": "on_track",
    "no_plan": "needs_action",
}

# Working days ahead within which a visit counts as due soon.
DUE_SOON_DAYS = 3

_SEEN_ALONE_NOTICE = timedelta(weeks=8)


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    child_id: str
    name: str
    case_reference: str
    date_of_birth: date | None
    expected_birth_date: date | None
    plan: str
    next_due: date | None
    working_days_left: int | None  # negative when overdue
    status: str  # one of URGENCY
    last_seen_alone: date | None
    awaiting_write_up: int
    returned: int
    errors: int
    attention: str = ""  # the most pressing things to do, in words
    standards: tuple[str, ...] = ()  # ids of the profiles that judge this child
    # What the standards say is due next, besides the visit itself (None: nothing is).
    next_visit_due: date | None = None  # the statutory visit alone (next_due may be a re-attempt)
    reattempt_due: date | None = None
    seen_alone_due: date | None = None
    seen_alone_overdue: bool = False
    bedroom_due: date | None = None
    bedroom_overdue: bool = False
    last_bedroom_seen: date | None = None
    joint_visit_due: date | None = None
    joint_visit_overdue: bool = False
    meeting_due: date | None = None
    meeting_overdue: bool = False
    review_due: date | None = None
    review_overdue: bool = False
    reasons: tuple[str, ...] = ()  # the finding codes behind the status, most pressing first
    # On a manager's installation: the worker whose device the child's records come from.
    worker: str = ""
    # Family name, then given name, folded (see :func:`folded`): how a list of children sorts.
    sort_name: str = ""

    @property
    def urgency(self) -> tuple[int, int, str]:
        days = self.working_days_left if self.working_days_left is not None else 10**6
        return (URGENCY[self.status], days, self.sort_name or folded(self.name))

    @property
    def status_code(self) -> str:
        """The status as the command line names it: overdue, due_soon, needs_action,
        on_track or no_standard."""
        return STATUS_CODES[self.status]

    def to_json(self) -> dict:
        """One row of ``visitdesk caseload --json``."""
        return {
            "id": self.child_id,
            "name": self.name,
            "plan": None if self.status == "no_plan" else self.plan,
            "standards": list(self.standards),
            "status": self.status_code,
            "next_visit_due": _iso(self.next_visit_due),
            "seen_alone_due": _iso(self.seen_alone_due),
            "bedroom_due": _iso(self.bedroom_due),
            "reattempt_due": _iso(self.reattempt_due),
            "reasons": list(self.reasons),
            "case_reference": self.case_reference,
            "joint_visit_due": _iso(self.joint_visit_due),
            "meeting_due": _iso(self.meeting_due),
            "review_due": _iso(self.review_due),
            "last_seen_alone": _iso(self.last_seen_alone),
            "drafts": self.awaiting_write_up,
            "returned": self.returned,
            "attention": self.attention,
            "worker": self.worker,
        }


# Letters that are their own letter, not a letter with a mark, so Unicode does not decompose
# them; a worker typing on an English keyboard writes them as these.
_FOLDS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)


def folded(text: str) -> str:
    """``text`` without case or accents, for searching and sorting: "Łucja" and "Zoë" become
    "lucja" and "zoe". Letters of scripts without accents (Arabic, Bengali, Chinese...) are
    kept as they are, apart from their combining marks."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    bare = "".join(c for c in text if not unicodedata.combining(c))
    return bare.casefold().translate(_FOLDS)


def sort_name(given_name: str, family_name: str) -> str:
    """The key children sort by: family name, then given name."""
    return f"{folded(family_name.strip())}\t{folded(given_name.strip())}"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def age_text(dob: date | None, expected: date | None, on: date) -> str:
    """'7 years', '5 months', or 'unborn (due 3 Mar 2027)' — how a worker says it."""
    if dob is None:
        return f"unborn (due {expected:%-d %b %Y})" if expected else "not recorded"
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    if months < 0:
        return "not yet born"
    if months == 0:
        return "under 1 month"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12} years"


def due_text(row: CaseloadRow) -> str:
    if row.next_due is None:
        if row.status == "no_plan":
            return "no plan"
        if row.status == "no_standard":
            return "no standard set"
        return "cannot be worked out"
    n = row.working_days_left
    if n is None:
        return f"{row.next_due:%-d %b}"
    if row.status == "overdue" and n >= 0:
        # Due on a day now past, with no working day since (a Friday seen at the weekend).
        return "overdue"
    if n < 0:
        return f"overdue by {-n} working day{'s' if n != -1 else ''}"
    if n == 0:
        return "due today"
    return f"in {n} working day{'s' if n != 1 else ''}"


def seen_alone_text(row: CaseloadRow) -> str:
    """When the child was last seen alone, in words; says so when time alone is overdue."""
    if row.seen_alone_overdue:
        if row.last_seen_alone is None:
            return "Not yet seen alone"
        return f"Not seen alone since {row.last_seen_alone:%-d %b %Y}"
    if row.last_seen_alone:
        return f"{row.last_seen_alone:%-d %b %Y}"
    return "Not applicable" if row.date_of_birth is None else "Not yet"


def _short(day: date, as_of: date) -> str:
    """'Fri 6 Mar', with the year when the day is more than about six months away."""
    return f"{day:%a %-d %b %Y}" if abs((day - as_of).days) > 180 else f"{day:%a %-d %b}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _attention(
    due: DueStatus,
    drafts: int,
    returned: int,
    conflicts: int,
    last_alone: date | None,
    last_bedroom: date | None,
    as_of: date,
) -> str:
    """The most pressing things to do for a child, in words, most pressing first (joined by
    :func:`_joined`)."""
    parts = []
    if conflicts:
        parts.append(f"{_plural(conflicts, 'record')} changed in two places: choose a version")

    def by(day: date) -> str:
        return _short(day, as_of)

    if due.reattempt_cancelled:
        if due.reattempt_overdue:
            parts.append("cancelled visit: rearranging it is overdue")
        elif due.reattempt_due is not None:
            parts.append(f"cancelled visit: rearrange it by {by(due.reattempt_due)}")
    elif due.reattempt_overdue:
        parts.append("failed visit: the re-attempt is overdue")
    elif due.reattempt_due is not None:
        parts.append(f"failed visit: try again by {by(due.reattempt_due)}")
    if due.visit_overdue:
        parts.append("statutory visit overdue")
    if due.records_overdue:
        parts.append(f"{_plural(due.records_overdue, 'record')} past the recording deadline")
    if returned:
        parts.append(f"{_plural(returned, 'returned record')} to correct")
    if drafts:
        parts.append(f"{_plural(drafts, 'draft')} to finish")
    if due.seen_alone_overdue:
        parts.append(
            f"not seen alone since {last_alone:%-d %b}" if last_alone else "not yet seen alone"
        )
    elif due.seen_alone_at_next_visit:
        parts.append("seen alone due at the next visit")
    elif due.seen_alone_due is not None and due.seen_alone_due <= as_of + _SEEN_ALONE_NOTICE:
        # A young child's first time alone may be years away (from their fourth birthday):
        # the date stays in the row and its JSON, the words only once it is near.
        parts.append(f"seen alone due by {by(due.seen_alone_due)}")
    if due.bedroom_overdue:
        parts.append(
            f"bedroom not seen since {last_bedroom:%-d %b}"
            if last_bedroom
            else "bedroom not yet seen"
        )
    elif due.bedroom_due is not None:
        parts.append(f"bedroom to be seen by {by(due.bedroom_due)}")
    for overdue, when, late, coming in (
        (
            due.joint_visit_overdue,
            due.joint_visit_due,
            "joint visit with the health visitor overdue",
            "joint visit with the health visitor due",
        ),
        (due.meeting_overdue, due.meeting_due, "progress meeting overdue", "progress meeting due"),
        (
            due.meeting_notes_overdue,
            due.meeting_notes_due,
            "meeting notes to send out",
            "meeting notes to send out",
        ),
        (due.review_overdue, due.review_due, "plan review overdue", "plan review due"),
    ):
        if overdue:
            parts.append(late)
        elif when is not None:
            parts.append(f"{coming} by {by(when)}")
    return "; ".join(parts)


def _joined(parts) -> str:  # noqa: ANN001 - any iterable of strings
    """Parts of what needs attention as one line, starting with a capital."""
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]
