"""Benchmark the quality prompts (visitdesk/writing/prompts.py) on a keystroke.

A record with 6 narrative fields of about 1,500 characters each, a child with 60 earlier
records of the same size and a caseload of 5,000 other children's names, in two kinds of
prose: varied (a worker's stock openings, then what happened, with each visit's own
details) and repetitive (every record made from the same twelve sentences' parts: a worst
case, where every phrase is in hundreds of earlier paragraphs).
Prints, for each: the memory the prompter holds; the time to build it when the form opens;
one keystroke's check while typing into one field (median, 95th percentile, max), with a
baseline in the same run (the same keystrokes with no earlier records and no caseload); a
check with nothing changed (a choice picked); every field changed at once; and building
afresh on each check (``writing_prompts``), which is what the prompter's caches save.
Target: a keystroke's check well under 3 ms.
Run: python bench/bench_prompts.py [--keystrokes N]. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from visitdesk.writing.prompts import (  # noqa: E402
    EarlierRecord,
    Prompter,
    WritingContext,
    writing_prompts,
)

FIELDS = ("observations", "childs_voice", "findings", "analysis", "conclusion", "recommendations")
FIELD_CHARS = 1_500
EARLIER = 60
CASELOAD = 5_000
TARGET_MS = 3.0
DAY = date(2026, 11, 16)

GIVEN = "Tyler Jack Ava Kayden Niamh Mason Isla Leo Amara Oscar Zara Finley Ruby Theo Maya".split()
FAMILY = "Smith Price Holloway Ahmed Brown Evans O'Neill Clarke Khan Walsh Lowe Green".split()

# Varied prose: a worker's stock openings, then what happened, from pools large enough that
# a sentence is rarely written twice (as in real records), though phrases recur.
OPENINGS = (
    "I visited the home and saw that",
    "The children were seen and",
    "Mum said that",
    "Mum told me that",
    "When I arrived",
    "During the visit",
    "I spoke with Tyler alone and he said",
    "I observed that",
    "Dad explained that",
    "The school reported that",
    "Nan said that",
    "I asked Mum whether",
    "Tyler told me that",
    "We talked about how",
    "I reminded Mum that",
    "The health visitor said that",
    "Jack showed me that",
    "It was agreed that",
    "I was told that",
    "There was no sign that",
)
WHO = (
    "Tyler",
    "Jack",
    "Mum",
    "Dad",
    "Nan",
    "the baby",
    "the school nurse",
    "the neighbour",
    "the family support worker",
    "the housing officer",
    "the GP",
    "Dean",
    "the teacher",
    "the dog",
    "the landlord",
    "the police",
    "the youth worker",
    "Aunt Kelly",
    "the boys",
    "the nursery",
)
DID = (
    "has been",
    "had not been",
    "was",
    "seemed",
    "had started",
    "will be",
    "would be",
    "has stopped",
    "kept",
    "said he was",
    "wanted to be",
    "was not",
    "has tried",
    "has asked",
    "was seen",
    "had been told",
    "has agreed",
    "was worried about",
    "is waiting for",
    "was pleased about",
)
WHAT = (
    "going to school every day",
    "sleeping in his own bed",
    "tired and quiet",
    "calmer than last month",
    "happy to talk",
    "upset about the move",
    "late with the rent",
    "in the garden with a football",
    "eating breakfast before school",
    "the new bedtime routine",
    "the repairs to the bathroom",
    "the appointment at the hospital",
    "the letter from court",
    "a referral to CAMHS",
    "contact with his father",
    "the bus pass",
    "a bigger flat",
    "the money for the electric",
    "the cough that will not clear",
    "the parenting course",
    "the food bank voucher",
    "the new washing machine",
    "the hole in the bedroom wall",
    "his reading book",
    "the dentist",
    "the football club on Tuesdays",
    "the speech therapist",
    "a new cot",
    "the damp in the back bedroom",
    "the argument on Saturday night",
    "the phone call from the school",
    "the nursery place",
    "his asthma inhaler",
    "the core group meeting",
    "the safety plan",
    "the family group conference",
    "the bruise on his arm",
    "the stairgate",
    "the smoke alarm",
    "the school trip",
)
WHEN = (
    "this week",
    "since the last visit",
    "most mornings",
    "at the weekend",
    "after school",
    "on Monday",
    "on Wednesday evening",
    "since half term",
    "every night",
    "for a fortnight",
    "before the review",
    "until January",
    "when Dean called",
    "in the holidays",
    "after the core group",
    "by Friday",
)
# Repetitive prose, a worst case: every record written from the same twelve sentences' parts.
SUBJECTS = ("Mum", "Dad", "Tyler", "Jack", "The school", "Nan", "The health visitor", "I")
VERBS = (
    "said that",
    "told me that",
    "was worried that",
    "explained that",
    "agreed that",
    "did not think that",
)
CLAUSES = (
    "the home was warm and tidy and there was food in the fridge",
    "Tyler has been going to school every day this week",
    "the children were seen in the living room watching television",
    "there has been no contact with Dean since the last core group",
    "the repairs to the bathroom will not start until January",
    "Jack has been sleeping better since the new bedtime routine",
    "the housing officer will visit again next week",
    "the children were seen alone in their bedroom",
    "money has been tight since the benefits were stopped",
    "the nursery place starts after half term",
    "the family support worker has been helpful",
    "the dog has been rehomed as agreed at conference",
)


# Each visit's own details (names, places, things): made-up words, so that most runs of
# words in a record are its own, as in real prose.
def made_up_words(count: int) -> list[str]:
    rnd, words = random.Random(5), set()
    while len(words) < count:
        words.add("".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(3)))
    return sorted(words)


DETAILS = made_up_words(5_000)


def varied(rnd: random.Random) -> str:
    c = rnd.choice
    detail = " ".join(rnd.sample(DETAILS, 3))
    return f"{c(OPENINGS)} {c(WHO).lower()} {c(DID)} {c(WHAT)} {c(WHEN)}, {detail}."


def repetitive(rnd: random.Random) -> str:
    return f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(CLAUSES)}."


def field_text(rnd: random.Random, sentence) -> str:
    """About FIELD_CHARS of prose in paragraphs of three to five sentences."""
    paragraphs, size = [], 0
    while size < FIELD_CHARS:
        paragraph = " ".join(sentence(rnd) for _ in range(rnd.randint(3, 5)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:FIELD_CHARS]


def build(rnd: random.Random, sentence) -> tuple[WritingContext, dict]:
    earlier = [
        EarlierRecord(
            visit_id=f"v{n}",
            visited_on=DAY - timedelta(days=14 * (n + 1)),
            texts={name: field_text(rnd, sentence) for name in FIELDS},
            seen="yes",
            seen_alone="no" if n % 3 == 0 else "yes",
            not_seen_alone_category="refused",
            not_seen_alone_reason="Tyler would not come upstairs with me.",
        )
        for n in range(EARLIER)
    ]
    others = [(rnd.choice(GIVEN) + str(n % 7 or ""), rnd.choice(FAMILY)) for n in range(CASELOAD)]
    context = WritingContext(
        date_of_birth=date(2016, 5, 1),
        expected_birth_date=None,
        earlier=earlier,
        other_children=others,
        household=[("Tyler", "Smith"), ("Jack", "Smith")],
        is_word=lambda word: False,
    )
    values = {
        "visited_at": datetime(DAY.year, DAY.month, DAY.day, 16, 0),
        "outcome": "visited",
        "seen": "yes",
        "seen_alone": "no",
        "not_seen_alone_category": "refused",
        "not_seen_alone_reason": "Tyler would not come upstairs.",
        **{name: field_text(rnd, sentence) for name in FIELDS},
    }
    # One paragraph copied from the last record, as a worker might.
    values["findings"] = earlier[0].texts["findings"].split("\n\n")[0] + "\n\n" + values["findings"]
    return context, values


def ms(seconds: list[float]) -> str:
    values = sorted(s * 1000 for s in seconds)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"{statistics.median(values):8.3f} {p95:8.3f} {values[-1]:8.3f}"


def typing(prompter: Prompter, values: dict, keystrokes: int) -> list[float]:
    """Each keystroke adds a character to the end of the analysis, as someone typing."""
    values = dict(values)
    prompter.check(values, "v-now")
    typed = "Mum has kept to the plan, and the children seem settled at school. "
    times = []
    for n in range(keystrokes):
        values["analysis"] += typed[n % len(typed)]
        start = time.perf_counter()
        prompter.check(values, "v-now")
        times.append(time.perf_counter() - start)
    return times


def scenario(title: str, sentence, keystrokes: int) -> float:
    """Print one kind of prose's figures; return its median keystroke in ms."""
    context, values = build(random.Random(16), sentence)
    opened = []
    for _ in range(10):
        start = time.perf_counter()
        prompter = Prompter(context)
        opened.append(time.perf_counter() - start)
    tracemalloc.start()
    held = Prompter(context)
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del held
    found = prompter.check(values, "v-now")
    codes = ", ".join(sorted({f.code for f in found})) or "none"

    bare = Prompter(
        WritingContext(context.date_of_birth, None, [], [], context.household, context.is_word)
    )
    rows = [
        ("open the form: build the prompter", opened),
        ("keystroke in one field", typing(prompter, values, keystrokes)),
        ("  baseline: no earlier records, no caseload", typing(bare, values, keystrokes)),
    ]
    same = []
    for _ in range(keystrokes):
        start = time.perf_counter()
        prompter.check(values, "v-now")
        same.append(time.perf_counter() - start)
    rows.append(("check with no text changed", same))
    every = []
    for n in range(50):
        changed = {**values, **{name: values[name] + str(n) for name in FIELDS}}
        start = time.perf_counter()
        prompter.check(changed, "v-now")
        every.append(time.perf_counter() - start)
    rows.append(("every field changed at once", every))
    afresh = []
    for _ in range(10):
        start = time.perf_counter()
        writing_prompts(values, context, "v-now")
        afresh.append(time.perf_counter() - start)
    rows.append(("writing_prompts (builds afresh each time)", afresh))

    print(f"\n{title}")
    print(f"  prompts found on the record: {codes}")
    print(f"  memory the prompter holds: {size / 1e6:.1f} MB")
    print(f"  {'ms':<46}{'median':>8} {'p95':>8} {'max':>8}")
    for label, times in rows:
        print(f"  {label:<46}{ms(times)}")
    return statistics.median(rows[1][1]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=500)
    args = parser.parse_args()
    print(
        f"{len(FIELDS)} fields of {FIELD_CHARS:,} characters; {EARLIER} earlier records of the "
        f"same; {CASELOAD:,} other children on the caseload"
    )
    usual = scenario("varied prose (stock openings, then what happened)", varied, args.keystrokes)
    worst = scenario(
        "repetitive prose (every record from the same 12 sentences' parts): a worst case",
        repetitive,
        args.keystrokes,
    )
    print(
        f"\nmedian keystroke: {usual:.3f} ms varied, {worst:.3f} ms repetitive "
        f"(target well under {TARGET_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
