"""What a printed visit record says, page by page, read back from the PDF itself."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from visitdesk.errors import UserError
from visitdesk.reports import ReportChild, ReportVisit, render_visit, render_visits

GENERATED_AT = datetime(2026, 9, 10, 8, 15)
SENTENCE = "Zoë talked about her week at school and the friends she has made in her class. "


def _long_text(paragraphs: int) -> str:
    return "\n\n".join(
        f"Paragraph {number} begins here. " + SENTENCE * 4 for number in range(1, paragraphs + 1)
    )


def _after(text: str, label: str) -> str:
    """The line that follows ``label`` in extracted text: a field's printed value."""
    lines = text.splitlines()
    return lines[lines.index(label) + 1]


def test_record_prints_every_label_and_value(child, visit, read_pages):
    text = "\n".join(read_pages(render_visit(child, visit, generated_at=GENERATED_AT)))

    assert "Visit record" in text
    assert "Record state: Authorised" in text
    # The child.
    assert _after(text, "Name") == "Zoë Nguyễn Łucja Ó Briain"
    assert _after(text, "Date of birth") == "4 May 2019"
    assert _after(text, "Age at the visit") == "7 years 3 months"
    assert _after(text, "Case-system reference") == "CF-102938"
    assert _after(text, "Plan") == "Child in Need (CIN)"
    assert (
        _after(text, "Practice standard applied")
        == "Getting it Right Practice Standards: CIN visit (2018)"
    )
    # The visit.
    assert _after(text, "Date and time") == "Thursday 3 September 2026 at 10:00"
    assert _after(text, "What happened") == "The visit took place"
    assert _after(text, "Where the visit took place") == "Home"
    assert _after(text, "Announced visit") == "No"
    assert "Mother (Siân Jones)\nZoë\nMaternal grandmother" in text
    assert _after(text, "Joint visit with a Health Visitor") == "No"
    assert _after(text, "Recorded by") == "Aoife Ní Bhriain"
    # Statutory fields, each with its clause.
    assert "1.1.1\nStatus of the child\nCIN Plan" in text
    assert "1.1.4\nHas the child been seen?\nYes" in text
    assert "1.1.5\nHas the child been seen alone?\nNo" in text
    assert (
        "1.1.6\nIf not seen alone, why not\nThe child refused: Zoë asked for her mother to stay"
        in text
    )
    assert "Was the child seen awake?\nYes" in text
    assert "1.1.3\nWas the child’s bedroom seen?\nYes" in text
    assert "Observed with parent or carer?\nNo" in text
    # The narrative, under headings.
    for heading, body in [
        ("Purpose of the visit (1.1.3)", "Planned visit to review the CIN plan."),
        ("Observations (1.1.3)", "The home was warm and tidy."),
        ("The child’s voice: wishes, feelings and what they said", "Zoë said she likes her"),
        ("Findings and outcome (1.1.3)", "The plan is helping; school attendance is up."),
        ("Analysis (1.1.3)", "Mother is engaging well"),
        ("Conclusion (1.1.3)", "Progress is good."),
        ("Recommendations (1.1.3)", "Continue four-weekly visits."),
    ]:
        assert f"{heading}\n{body}" in text
    # Standards summary, completion and authorisation, addenda.
    assert "As checked when completed on 4 September 2026 at 09:30." in text
    assert "Standards used: Getting it Right practice standards 2018 (version 1a2b3c4d5e6f)." in (
        " ".join(text.split())
    )
    assert "Warning\nSeen alone is overdue.\n000 1.1.5" in text
    assert "2.1.1\nHas the record been completed?\nYes" in text
    assert _after(text, "Completed on") == "4 September 2026 at 09:30"
    assert _after(text, "Manager's decision") == "Authorised"
    assert _after(text, "Decided by") == "Priya Shah"
    assert _after(text, "Decided on") == "5 September 2026 at 14:05"
    assert _after(text, "Manager's comment") == "Good analysis."
    assert "Addendum 1: 6 September 2026 at 11:00, by Aoife Ní Bhriain" in text
    assert "Grandmother arrived at 10:20." in text
    # About this record.
    assert _after(text, "Revision") == "3"
    assert "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" in (
        text.replace("\n", "")
    )
    assert "End of record" in text


def test_every_page_has_marking_footer_and_page_numbers(child, visit, read_pages):
    pages = read_pages(render_visit(child, visit, generated_at=GENERATED_AT))

    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, "marking at the head and the foot"
        assert page.splitlines()[0] == "OFFICIAL-SENSITIVE"
        assert page.splitlines()[-1] == "OFFICIAL-SENSITIVE"
        assert "Record visit-0001  ·  revision 3  ·  content hash 9f86d081884c7d65" in page
        assert "Printed 10 September 2026 at 08:15" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Zoë Nguyễn Łucja Ó Briain  ·  CF-102938" in page


def test_marking_can_be_chosen(child, visit, read_pages):
    pages = read_pages(render_visit(child, visit, marking="OFFICIAL"))

    assert all(page.splitlines()[0] == "OFFICIAL" for page in pages)
    assert all(page.splitlines()[-1] == "OFFICIAL" for page in pages)
    assert not any("OFFICIAL-SENSITIVE" in page for page in pages)


def test_unicode_names_can_be_searched_and_copied(child, visit, read_pages):
    decomposed = replace(child, full_name=unicodedata.normalize("NFD", "Siân Nguyễn"))
    data = render_visit(decomposed, replace(visit, created_by="Łucja Zoë Ó Briain"))
    text = "\n".join(read_pages(data))

    for name in ("Nguyễn", "Łucja", "Zoë", "Siân", "Ó Briain"):
        assert name in text
    # Typed accents that arrive as separate marks are joined to their letters before printing.
    assert "Siân Nguyễn" in text
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Only the embedded family: no base-14 font that a viewer would have to substitute.
    assert fonts == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def test_long_record_flows_across_three_pages_keeping_paragraphs(child, visit, read_pages):
    long_visit = replace(visit, observations=_long_text(5), findings=_long_text(5))
    pages = read_pages(render_visit(child, long_visit))

    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of 3" in page
    text = "\n".join(pages)
    # Each typed paragraph still starts on a line of its own, in order, none lost.
    starts = re.findall(r"^Paragraph (\d+) begins here\.", text, flags=re.MULTILINE)
    assert starts == [str(n) for n in range(1, 6)] * 2
    assert " ".join(text.split()).count(SENTENCE.strip()) == 40


def test_single_line_breaks_are_kept(child, visit, read_pages):
    text = "\n".join(read_pages(render_visit(child, replace(visit, recommendations="One\nTwo"))))

    assert "Recommendations (1.1.3)\nOne\nTwo" in text


def test_draft_is_marked_on_every_page(child, draft, read_pages):
    pages = read_pages(render_visit(child, replace(draft, observations=_long_text(12))))

    assert len(pages) >= 3
    for page in pages:
        assert "DRAFT — not a completed record" in page
    assert "Record state: Draft, not yet completed" in pages[0]
    assert "2.1.1\nHas the record been completed?\nNo: this is a draft" in "\n".join(pages)


def test_completed_record_carries_no_draft_mark(child, visit, read_pages):
    for state in ("completed", "authorised", "returned"):
        pages = read_pages(render_visit(child, replace(visit, state=state)))
        assert not any("DRAFT" in page.upper() for page in pages), state


def test_markup_characters_print_exactly_as_typed(child, visit, read_pages):
    said = 'I said <b>no</b> & "go away" <script>alert(1)</script> a<b>c &amp; 5 > 3 <br/>'
    marked = replace(
        visit,
        childs_voice=said,
        present="Mum & Dad <both>",
        not_seen_alone_reason="<i>refused</i>",
    )
    text = "\n".join(read_pages(render_visit(child, marked)))

    assert said in text.replace("\n", " ")
    assert "Mum & Dad <both>" in text
    assert "The child refused: <i>refused</i>" in text


def test_missing_values_print_as_not_recorded(read_pages):
    bare_child = ReportChild(id="c", full_name="Sam Doe")
    bare = ReportVisit(id="v", revision=1, state="draft", visited_at=datetime(2026, 9, 3, 10))
    text = "\n".join(read_pages(render_visit(bare_child, bare)))

    for label in [
        "Date of birth",
        "Age at the visit",
        "Case-system reference",
        "Plan",
        "Practice standard applied",
        "What happened",
        "Where the visit took place",
        "Announced visit",
        "Who was present",
        "Joint visit with a Health Visitor",
        "Recorded by",
        "Status of the child",
        "Has the child been seen?",
        "Was the child’s bedroom seen?",
        "Purpose of the visit",
        "Analysis",
        "Recommendations",
        "Completed on",
        "Content hash",
    ]:
        assert _after(text, label) == "Not recorded", label
    # Nothing is asked about how a child was seen before the record says they were seen.
    for question in ("Has the child been seen alone?", "Was the child seen awake?"):
        assert question not in text
    assert "Manager's decision\nNo decision recorded" in text
    assert "Addenda: dated corrections and additions\nNone." in text
    assert "content hash Not recorded" in text


def test_reason_row_is_left_out_when_the_child_was_seen_alone(child, visit, read_pages):
    alone = replace(visit, seen_alone="yes", not_seen_alone_category=None, not_seen_alone_reason="")
    text = "\n".join(read_pages(render_visit(child, alone)))

    assert "1.1.5\nHas the child been seen alone?\nYes" in text
    assert "1.1.6" not in text


def test_unborn_child_shows_the_expected_date(child, visit, read_pages):
    unborn = replace(
        child,
        id="u",
        full_name="Baby Jones",
        date_of_birth=None,
        expected_birth_date=date(2027, 1, 5),
        plan_type="CP",
    )
    text = "\n".join(read_pages(render_visit(unborn, replace(visit, seen="unborn"))))

    assert _after(text, "Expected date of birth") == "5 January 2027"
    assert _after(text, "Age at the visit") == "Unborn at the visit"
    assert "1.1.4\nHas the child been seen?\nUnborn" in text
    assert "Date of birth\n" not in text.replace("Expected date of birth\n", "")


def test_times_with_a_zone_print_in_uk_time(child, visit, read_pages):
    summer = replace(visit, visited_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    text = "\n".join(read_pages(render_visit(child, summer)))

    assert _after(text, "Date and time") == "Wednesday 1 July 2026 at 10:00"


def test_characters_the_font_lacks_are_shown_not_dropped(child, visit, read_pages):
    typed = "I feel 😊 today, 你好\x07 and ✓"
    text = "\n".join(read_pages(render_visit(child, replace(visit, childs_voice=typed))))

    assert "I feel [smiling face with smiling eyes] today, 你好 and ✓" in text


def test_huge_fields_still_lay_out(child, visit, read_pages):
    huge = "word " * 3000 + "x" * 4000
    big = replace(visit, present=huge, not_seen_alone_reason=huge, status_of_child=huge)
    pages = read_pages(render_visit(child, big))

    assert len(pages) > 5
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_returned_record_says_so(child, visit, read_pages):
    returned = replace(
        visit,
        state="returned",
        standards_summary=[],
        authorisation=replace(visit.authorisation, state="returned", comment="Add school view."),
    )
    text = "\n".join(read_pages(render_visit(child, returned)))

    assert "Record state: Returned by the manager for changes" in text
    assert "Has the record been completed?\nNo: returned by the manager for changes" in text
    assert "Manager's decision\nReturned for changes" in text
    assert "No findings were recorded." in text


def test_a_failed_visit_says_the_child_was_not_seen(child, visit, read_pages):
    failed = replace(visit, seen="no", seen_alone=None, not_seen_alone_category=None)
    first = read_pages(render_visit(child, failed))[0]

    assert "The child was not seen at this visit." in first
    assert "1.1.4\nHas the child been seen?\nNo" in first


def test_a_completed_record_without_a_decision_is_awaiting_authorisation(child, visit, read_pages):
    waiting = replace(visit, state="completed", authorisation=None)
    text = "\n".join(read_pages(render_visit(child, waiting)))

    assert "Record state: Completed, awaiting authorisation" in text
    assert "Manager's decision\nAwaiting authorisation" in text


# -- several records ---------------------------------------------------------------------------


def _visits(visit: ReportVisit) -> list[ReportVisit]:
    """Three visits, given out of date order; the middle one a draft, the first long."""
    return [
        replace(visit, id="v-b", visited_at=datetime(2026, 10, 1, 14, 30), state="draft"),
        replace(
            visit,
            id="v-a",
            visited_at=datetime(2026, 9, 3, 10, 0),
            observations=_long_text(8),
            location="school",
        ),
        replace(visit, id="v-c", visited_at=datetime(2026, 10, 29, 9, 0), state="completed"),
    ]


def test_batch_has_a_contents_page_in_date_order(child, visit, read_pages):
    data = render_visits(child, _visits(visit), generated_at=GENERATED_AT)
    pages = read_pages(data)
    contents = pages[0]

    assert "Visit records: Zoë Nguyễn Łucja Ó Briain" in contents
    assert "3 visit records from 3 September 2026 to 29 October 2026, in date order." in contents
    rows = re.findall(
        r"^(\d)\n(\d\d \w{3} \d{4}, \d\d:\d\d)\n(\w+)\n(\w+)\n(\w+)\n(\w+)$",
        contents,
        flags=re.MULTILINE,
    )
    assert rows == [
        ("1", "03 Sep 2026, 10:00", "School", "Yes", "No", "Authorised"),
        ("2", "01 Oct 2026, 14:30", "Home", "Yes", "No", "Draft"),
        ("3", "29 Oct 2026, 09:00", "Home", "Yes", "No", "Completed"),
    ]
    # The page numbers listed are where each record really starts, each on a new page.
    # The page numbers are drawn last, once the whole document is laid out.
    listed = [int(n) for n in contents.split("OFFICIAL-SENSITIVE\n")[-1].split()]
    starts = [number for number, page in enumerate(pages, start=1) if "Visit record\n" in page]
    assert listed == starts
    assert starts[0] == 2
    for start, day in zip(starts, ["3 September", "1 October", "29 October"], strict=True):
        assert f"Visit on {day} 2026" in pages[start - 1]
        assert pages[start - 1].count("Visit record\n") == 1
    # Page X of Y counts the whole document.
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page


def test_batch_marks_only_the_draft_pages(child, visit, read_pages):
    pages = read_pages(render_visits(child, _visits(visit)))
    starts = [number for number, page in enumerate(pages, start=1) if "Visit record\n" in page]
    draft_pages = range(starts[1], starts[2])

    for number, page in enumerate(pages, start=1):
        assert ("DRAFT — not a completed record" in page) == (number in draft_pages), number


def test_batch_counts_pages_within_each_record(child, visit, read_pages):
    pages = read_pages(render_visits(child, _visits(visit)))
    first = pages[1:]
    record_pages = [re.search(r"Record page (\d+) of (\d+)", page) for page in first]

    assert all(record_pages)
    assert record_pages[0].groups() == ("1", record_pages[0].group(2))
    assert int(record_pages[0].group(2)) >= 2


def test_batch_has_bookmarks_and_links_to_each_record(child, visit, read_pages):
    data = render_visits(child, _visits(visit))
    reader = PdfReader(io.BytesIO(data))
    starts = [n for n, page in enumerate(read_pages(data)) if "Visit record\n" in page]

    assert [(item.title, reader.get_destination_page_number(item)) for item in reader.outline] == [
        ("Contents", 0),
        ("3 September 2026: School, authorised", starts[0]),
        ("1 October 2026: Home, draft", starts[1]),
        ("29 October 2026: Home, completed", starts[2]),
    ]
    links = [annot.get_object() for annot in reader.pages[0]["/Annots"]]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) for link in links]
    assert targets == starts


def test_batch_title_can_be_given(child, visit, read_pages):
    pages = read_pages(render_visits(child, [visit], title="Visits for the court bundle"))

    assert pages[0].splitlines()[3] == "Visits for the court bundle"
    assert "1 visit record on 3 September 2026, in date order." in pages[0]


def test_batch_with_no_visits_is_refused(child):
    with pytest.raises(UserError, match="no visit records"):
        render_visits(child, [])


def test_many_records_spread_the_contents_over_pages(child, visit, read_pages):
    many = [
        replace(visit, id=f"v{n}", visited_at=datetime(2026, 1, 5, 10) + timedelta(days=7 * n))
        for n in range(45)
    ]
    pages = read_pages(render_visits(child, many))

    contents = [page for page in pages if page.splitlines()[2] == "Contents"]
    assert len(contents) == 2
    listed = [int(n) for page in contents for n in page.split("OFFICIAL-SENSITIVE\n")[-1].split()]
    starts = [number for number, page in enumerate(pages, start=1) if "Visit record\n" in page]
    assert listed == starts
    assert len(starts) == 45
    assert starts[0] == 3


# -- rendering to an image ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm is not installed")
def test_first_page_renders_to_an_image(child, draft, tmp_path):
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(render_visit(child, draft))

    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), "page"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    png = tmp_path / "page.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000

    from PIL import Image

    with Image.open(png) as image:
        width, height = image.size
        assert abs(width / height - 210 / 297) < 0.01, "A4 portrait"
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    dark = sum(count for count, (r, g, b) in colours if r + g + b < 300)
    reddish = sum(count for count, (r, g, b) in colours if r > 150 and g < 120 and b < 120)
    assert dark > 1_000, "text is drawn"
    assert reddish > 100, "the draft banner is drawn in red"


def test_seen_alone_is_not_asked_of_an_unborn_child(read_pages):
    child = ReportChild(
        id="c", full_name="Baby Doe", expected_birth_date=datetime(2027, 1, 9).date()
    )
    visit = ReportVisit(
        id="v", revision=1, state="draft", visited_at=datetime(2026, 9, 3, 10), seen="unborn"
    )
    text = "\n".join(read_pages(render_visit(child, visit)))
    assert _after(text, "Has the child been seen?") == "Unborn"
    # The form never asks it, so the record never prints it.
    assert "Has the child been seen alone?" not in text
    assert "If not seen alone, why not" not in text
