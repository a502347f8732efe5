"""PDF visit records fit for a paper file: plain Python and reportlab, no Qt, no database.

``render_visit`` lays out one record and ``render_visits`` a child's records behind a contents
page; both return PDF bytes. ``write_pdf`` saves them atomically, optionally AES-256 encrypted.

Printing: the GUI prints by rendering these same PDF bytes (for example with ``QPdfDocument``)
onto A4 portrait paper at actual size, as ``PRINT_LAYOUT`` describes, never by drawing its own
version of a record. What is printed and what is saved are therefore always the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from visitdesk.reports.model import (
    ReportAddendum,
    ReportAuthorisation,
    ReportChild,
    ReportFinding,
    ReportPlan,
    ReportVisit,
)
from visitdesk.reports.output import encrypt_pdf, write_pdf
from visitdesk.reports.render import DEFAULT_MARKING, render_visit, render_visits


@dataclass(frozen=True)
class PrintLayout:
    """How to put the PDF on paper: the pages are laid out for exactly this."""

    paper: str = "A4"
    width_mm: float = 210.0
    height_mm: float = 297.0
    orientation: str = "portrait"
    # The pages carry their own margins (18 mm at the sides, 7 mm to the marking at the foot);
    # print at 100% with the printer's minimum margins and no "fit to page" scaling.
    scale: str = "actual size"


PRINT_LAYOUT = PrintLayout()

__all__ = [
    "DEFAULT_MARKING",
    "PRINT_LAYOUT",
    "PrintLayout",
    "ReportAddendum",
    "ReportAuthorisation",
    "ReportChild",
    "ReportFinding",
    "ReportPlan",
    "ReportVisit",
    "encrypt_pdf",
    "render_visit",
    "render_visits",
    "write_pdf",
]
