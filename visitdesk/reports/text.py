"""Plain-English wording for the printed record: dates, ages, answers and safe markup."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from xml.sax.saxutils import escape

from visitdesk.reports import fonts
from visitdesk.standards import fields as catalogue

NOT_RECORDED = "Not recorded"

PLAN_LABELS = {
    "CIN": "Child in Need (CIN)",
    "CP": "Child Protection (CP)",
    "CLA": "Looked After (CLA)",
    "CP+CLA": "Child Protection and Looked After (CP+CLA)",
}

# The labels of each choice come from the field catalogue, as the form shows them.
LOCATION_LABELS = dict(catalogue.field("location").choices)
LOCATION_SHORT = LOCATION_LABELS
SEEN_LABELS = dict(catalogue.field("seen").choices)
SEEN_ALONE_LABELS = dict(catalogue.field("seen_alone").choices)
NOT_SEEN_ALONE_LABELS = dict(catalogue.field("not_seen_alone_category").choices)
OUTCOME_LABELS = dict(catalogue.field("outcome").choices)
CONTACT_LABELS = dict(catalogue.field("contact").choices)

STATE_LABELS = {
    "draft": "Draft, not yet completed",
    "completed": "Completed, awaiting authorisation",
    "authorised": "Authorised",
    "returned": "Returned by the manager for changes",
}

STATE_SHORT = {
    "draft": "Draft",
    "completed": "Completed",
    "authorised": "Authorised",
    "returned": "Returned",
}

DECISION_LABELS = {
    "authorised": "Authorised",
    "returned": "Returned for changes",
    "open": "Awaiting authorisation",
    "pending": "Awaiting authorisation",
    "awaiting authorisation": "Awaiting authorisation",
}

SEVERITY_LABELS = {"error": "Not met", "warning": "Warning", "info": "Note"}

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Control characters (other than new lines and tabs), lone surrogates, zero-width spaces,
# direction marks and embeddings, and variation selectors cannot be drawn and carry no words
# of their own; the bidirectional algorithm decides the order of every printed line itself.
# The zero-width joiner and non-joiner stay: they change how Urdu, Persian and Bengali words
# are spelled, and the font shapes them.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2069\ud800-\udfff\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f]"
)
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")


def clean(value: str | None) -> str:
    """Text as it should print: NFC (so accents sit on their letters), no control characters."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = unicodedata.normalize("NFC", _UNPRINTABLE.sub("", text)).strip()
    if text.isascii():
        return text
    return fonts.missing_glyphs().sub(_describe, text)


def _describe(match: re.Match[str]) -> str:
    """A visible stand-in for a character the font cannot print, so nothing vanishes silently.

    Symbols (emoji) are named, ``[smiling face with smiling eyes]``; letters of scripts no
    bundled font has are given by code, ``[U+0D05]``, which anyone can look up.
    """
    char = match.group()
    name = unicodedata.name(char, "")
    if name and unicodedata.category(char) == "So" and len(name) <= 40:
        return f"[{name.lower()}]"
    return f"[U+{ord(char):04X}]"


def escaped(text: str) -> str:
    """Text already :func:`clean` as reportlab markup: escaped, single line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def markup(value: str | None) -> str:
    """One paragraph's text escaped for reportlab markup; single line breaks are kept."""
    return escaped(clean(value))


def paragraph_texts(value: str | None) -> list[str]:
    """Typed text split into paragraphs at blank lines: cleaned, plain, not yet escaped."""
    text = clean(value)
    if not text:
        return []
    return [part for part in _BLANK_LINES.split(text) if part.strip()]


def paragraphs(value: str | None) -> list[str]:
    """Split typed text into paragraphs at blank lines, each escaped for reportlab markup."""
    return [escaped(part) for part in paragraph_texts(value)]


def label(mapping: dict[str, str], value: str | None) -> str:
    """The plain label for a coded value; an unknown code prints as it is, never hidden."""
    if value is None or value == "":
        return NOT_RECORDED
    return mapping.get(value, value)


def yes_no(value: bool | None) -> str:
    if value is None:
        return NOT_RECORDED
    return "Yes" if value else "No"


def long_date(value: date | None) -> str:
    """``3 September 2026``."""
    if value is None:
        return NOT_RECORDED
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: date) -> str:
    """``03 Sep 2026``: fixed width, for the contents table."""
    return f"{value.day:02d} {_MONTHS[value.month - 1][:3]} {value.year}"


def local_time(value: datetime) -> datetime:
    """Wall-clock time in England and Wales; naive times are taken as already local."""
    if value.tzinfo is None:
        return value
    try:
        from zoneinfo import ZoneInfo

        return value.astimezone(ZoneInfo("Europe/London"))
    except (ImportError, LookupError, OSError):  # no time zone database on this machine
        return value.astimezone()


def date_time(value: datetime | None, *, weekday: bool = False) -> str:
    """``Thursday 3 September 2026 at 10:00`` (24-hour clock)."""
    if value is None:
        return NOT_RECORDED
    value = local_time(value)
    day = long_date(value.date())
    if weekday:
        day = f"{_WEEKDAYS[value.weekday()]} {day}"
    return f"{day} at {value:%H:%M}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def age_on(date_of_birth: date, on: date) -> str | None:
    """Age in whole years and months (``7 years 3 months``); ``None`` if not yet born.

    A month is complete on the day of the month the child was born on; a child born on the
    31st completes the month on the 1st of a shorter month, as a 29 February birthday falls
    on 1 March.
    """
    if on < date_of_birth:
        return None
    months = (on.year - date_of_birth.year) * 12 + on.month - date_of_birth.month
    if on.day < date_of_birth.day:
        months -= 1
    years, months = divmod(months, 12)
    if years:
        text = _plural(years, "year")
        return f"{text} {_plural(months, 'month')}" if months else text
    if months:
        return _plural(months, "month")
    days = (on - date_of_birth).days
    if days >= 14:
        return _plural(days // 7, "week")
    return _plural(days, "day")


def short_hash(value: str | None, length: int = 16) -> str:
    """The start of a content hash, enough to tell records apart; an ``algo:`` prefix is dropped."""
    if not value:
        return NOT_RECORDED
    return value.rsplit(":", 1)[-1][:length]
