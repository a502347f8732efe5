"""How long PDF records take: one typical record, 100 records in one file, and long records.

Run from the top of the repository: ``python bench/bench_pdf.py``. Targets: one record under
150 ms, 100 records under 5 s, and one record with 1 MB of narrative under 5 s whatever its
shape. The first render in a process also loads the fonts; that is shown separately, as the
app pays it once.

Long records are timed at 100 KB, 300 KB and 1 MB of narrative in three shapes: one paragraph
with no line breaks at all, many short lines (a few words each), and paragraphs of sentences
spread over every narrative field. Time should grow in proportion to length, so each line also
gives the time per KB against the 100 KB record of the same shape, measured in the same run:
a ratio near 1 is linear, 3 or 10 would be quadratic. ``--long`` runs only the long records,
``--sizes 100,300`` chooses the sizes in KB.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from visitdesk.reports import (  # noqa: E402
    ReportAddendum,
    ReportAuthorisation,
    ReportChild,
    ReportFinding,
    ReportVisit,
    render_visit,
    render_visits,
)

ONE_TARGET = 0.150
BATCH_TARGET = 5.0
BATCH_SIZE = 100
LONG_TARGET = 5.0  # seconds for one record with 1 MB of narrative
LONG_SIZES_KB = (100, 300, 1000)
LINEAR_RATIO = 1.5  # time per KB at the largest size against 100 KB, at most

SENTENCES = [
    "Zoë showed me her bedroom; it was clean, warm and she had made her bed herself.",
    "Mum said the morning routine is easier since the family support worker started.",
    "The kitchen had food in the cupboards and the fridge, and a meal was being prepared.",
    "Zoë told me she likes her teacher and has made a new friend called Amira.",
    "Grandmother arrived part way through and joined the discussion about school runs.",
    "Mum spoke openly about her low mood and said she has an appointment with her GP.",
    "The home was tidy, although the back door lock is still broken and needs repair.",
    "Zoë drew a picture of her family and put herself next to her mum and her cat.",
    "School report attendance of 94% this half term, up from 81% last term.",
    "Mum has attended three of the four parenting sessions and wants to finish the course.",
    "There were no signs of the previous concerns about supervision in the evenings.",
    "Zoë was chatty and relaxed, made good eye contact and answered my questions.",
    "We agreed that the next core group should look again at support in the holidays.",
    "Dad has not been in contact this month; Zoë said she misses him sometimes.",
]


def _narrative(rng: random.Random, paragraphs: int, sentences: int) -> str:
    return "\n\n".join(
        " ".join(rng.choice(SENTENCES) for _ in range(sentences)) for _ in range(paragraphs)
    )


def typical_visit(number: int, rng: random.Random) -> ReportVisit:
    """A completed record with about 700 words of narrative: three pages on paper."""
    return ReportVisit(
        id=f"visit-{number:05d}",
        revision=rng.randint(1, 4),
        state=rng.choice(["authorised", "authorised", "completed", "draft"]),
        visited_at=datetime(2026, 1, 6, 10) + timedelta(days=14 * number, hours=number % 6),
        location=rng.choice(["home", "home", "home", "school"]),
        announced=rng.choice([True, False, None]),
        present="Mother (Siân Jones)\nZoë\nMaternal grandmother",
        joint_with_health_visitor=False,
        status_of_child="CIN Plan",
        seen="yes",
        seen_alone=rng.choice(["yes", "no"]),
        not_seen_alone_category="refused",
        not_seen_alone_reason="Zoë asked for her mother to stay; she was unwell.",
        seen_awake=True,
        bedroom_seen=rng.choice([True, False]),
        attachment_observed=None,
        purpose=_narrative(rng, 1, 3),
        observations=_narrative(rng, 3, 5),
        childs_voice=_narrative(rng, 2, 3),
        findings=_narrative(rng, 2, 5),
        analysis=_narrative(rng, 3, 5),
        conclusion=_narrative(rng, 1, 3),
        recommendations="Continue four-weekly visits.\nReview at the next CIN meeting.",
        completed_at=datetime(2026, 1, 7, 9, 30) + timedelta(days=14 * number),
        created_by="Aoife Ní Bhriain",
        content_hash=f"sha256:{rng.getrandbits(256):064x}",
        standards_summary=[
            ReportFinding(
                "warning", "Seen alone is overdue: last seen alone 12 weeks ago.", "004 I.8"
            ),
            ReportFinding("info", "The next visit is due within 20 working days.", "000"),
        ],
        authorisation=ReportAuthorisation(
            "authorised", "Priya Shah", datetime(2026, 1, 8, 14, 5) + timedelta(days=14 * number)
        ),
        addenda=[
            ReportAddendum(datetime(2026, 1, 9, 11, 0), "Aoife Ní Bhriain", "Time corrected.")
        ],
    )


SHORT_LINES = [
    "Mum present",
    "Zoë seen alone",
    "bedroom seen, tidy",
    "food in the fridge",
    "school: attending",
    "GP appointment booked",
    "Dad not in contact",
    "next visit in four weeks",
    "cat",
    "no concerns today",
]

NARRATIVE_FIELDS = (
    "purpose",
    "observations",
    "childs_voice",
    "findings",
    "analysis",
    "conclusion",
    "recommendations",
)


def _fill(size: int, pieces: list[str], joiner: str, rng: random.Random) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(pieces)
        parts.append(piece)
        length += len(piece) + len(joiner)
    return joiner.join(parts)[:size].rstrip()


def long_visit(shape: str, size: int, rng: random.Random) -> ReportVisit:
    """A typical record whose narrative totals ``size`` characters, in the given shape."""
    visit = typical_visit(1, rng)
    if shape == "one paragraph":
        return replace(visit, findings=_fill(size, SENTENCES, " ", rng))
    if shape == "short lines":
        return replace(visit, findings=_fill(size, SHORT_LINES, "\n", rng))
    share = size // len(NARRATIVE_FIELDS)
    paragraphs = [" ".join(rng.choice(SENTENCES) for _ in range(8)) for _ in range(50)]
    return replace(
        visit, **{name: _fill(share, paragraphs, "\n\n", rng) for name in NARRATIVE_FIELDS}
    )


def narrative_size(visit: ReportVisit) -> int:
    return sum(len(getattr(visit, name)) for name in NARRATIVE_FIELDS)


def bench_long(child: ReportChild, sizes_kb: tuple[int, ...]) -> bool:
    print(f"one record with long narrative (target < {LONG_TARGET:.0f} s at 1 MB):")
    ok = True
    for shape in ("one paragraph", "short lines", "all fields"):
        per_kb: dict[int, float] = {}
        for size_kb in sizes_kb:
            visit = long_visit(shape, size_kb * 1000, random.Random(size_kb))
            start = time.perf_counter()
            data = render_visit(child, visit)
            took = time.perf_counter() - start
            per_kb[size_kb] = took / (narrative_size(visit) / 1000)
            base = per_kb[sizes_kb[0]]
            pages = len(PdfReader(io.BytesIO(data)).pages)
            print(
                f"  {shape:<14} {size_kb:>5} KB: {took:7.2f} s  {per_kb[size_kb] * 1000:6.2f} ms/KB"
                f"  x{per_kb[size_kb] / base:4.2f} per KB vs {sizes_kb[0]} KB  {pages:>5} pages"
            )
            if size_kb >= 1000 and took >= LONG_TARGET:
                ok = False
        if per_kb[sizes_kb[-1]] / per_kb[sizes_kb[0]] > LINEAR_RATIO:
            ok = False
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="only the long records")
    parser.add_argument("--sizes", help="sizes of the long records in KB, e.g. 100,300,1000")
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else LONG_SIZES_KB

    child = ReportChild(
        id="child-1",
        full_name="Zoë Nguyễn",
        date_of_birth=date(2019, 5, 4),
        case_reference="CF-102938",
        plan_type="CIN",
        standard_title="Getting it Right Practice Standards: CIN visit (2018)",
    )
    rng = random.Random(5)
    visits = [typical_visit(number, rng) for number in range(BATCH_SIZE)]

    start = time.perf_counter()
    data = render_visit(child, visits[0])
    first = time.perf_counter() - start
    print(f"first record in this process (loads fonts): {first * 1000:7.1f} ms")
    if args.long:
        ok = bench_long(child, sizes)
        print("within targets" if ok else "OVER TARGET")
        return 0 if ok else 1

    singles = []
    for visit in visits[1:21]:
        start = time.perf_counter()
        render_visit(child, visit)
        singles.append(time.perf_counter() - start)
    one = statistics.median(singles)

    batches = []
    for _ in range(3):
        start = time.perf_counter()
        batch = render_visits(child, visits)
        batches.append(time.perf_counter() - start)
    many = min(batches)

    pages = len(PdfReader(io.BytesIO(batch)).pages)
    print(
        f"one typical record (median of {len(singles)}):      {one * 1000:7.1f} ms"
        f"   target < {ONE_TARGET * 1000:.0f} ms   {len(data) // 1024} KiB"
    )
    print(
        f"{BATCH_SIZE} records in one file (best of 3):    {many:7.2f} s "
        f"   target < {BATCH_TARGET:.0f} s     {len(batch) // 1024} KiB, {pages} pages"
    )
    ok = one < ONE_TARGET and many < BATCH_TARGET
    ok = bench_long(child, sizes) and ok
    print("within targets" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
