"""Benchmark the British English spell check (visitdesk/writing/spelling.py).

Prints: the dictionary's load time, cold, each in a fresh ``python`` process (baseline: the
same process importing the module without loading); the memory loading adds (resident set
before and after, in that process); the time to check the word of one keystroke, new to the
cache and cached; the time to find a keystroke's findings on a whole visit record with the
spell check on (baseline: the same record split into words only); the time to find the
misspelt words of a 20,000-character field, the first time and then cached (baseline:
splitting it into words); and the time to suggest spellings for a misspelt word.
Targets from issue 16: a keystroke still updates the findings in under 16 ms; a
20,000-character field is underlined within 200 ms of opening.
Run: python bench/bench_spelling.py [--repeats N]. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from visitdesk.writing.spelling import (  # noqa: E402
    NARRATIVE_FIELDS,
    Checker,
    load_speller,
    spelling_findings,
    team_words,
)
from visitdesk.writing.words import words_in  # noqa: E402

KEYSTROKE_TARGET_MS = 16.0
UNDERLINE_TARGET_MS = 200.0
FIELD_CHARS = 20_000

# Sentences of the kind a visit record holds (made up), shuffled into longer text.
SENTENCES = [
    "I visited the family home with the health visitor after the referral from school.",
    "Kai was seen alone in his bedroom and talked about his friends and his favourite games.",
    "Mum said the paediatrician had recognised the delay and would arrange a further review.",
    "The home was warm, tidy and organised; there was food in the fridge and clean bedding.",
    "We discussed the child protection plan and what needs to change before the next review.",
    "Dad was not present; mum said he had travelled to see his own father in hospital.",
    "Kai's voice: he told me he feels safe at home but worries when his parents argue.",
    "The analysis is that the risks have reduced, though the neglect concerns remain.",
    "The conclusion of the core group was that the plan should continue for three months.",
    "School report that attendance has improved and that he is more settled in class.",
    "His sister was asleep in her cot and was seen to be well, clean and appropriately dressed.",
    "Mum agreed to attend the parenting programme and to keep her appointments with the GP.",
    "I observed warm interactions between mum and the children during the visit.",
    "Recommendations: continue weekly visits, complete the genogram and review the safety plan.",
    "The family support worker will help with the housing application and the benefits claim.",
    "There were no visible injuries and Kai said nobody had hurt him since the last visit.",
    "We talked about the colour chart he uses to show how he is feeling each day.",
    "The purpose of the visit was to see the children and to review progress against the plan.",
    "Mum was tearful when we spoke about the incident but engaged well with the discussion.",
    "The bedroom had a bed, a wardrobe and toys suitable for his age and understanding.",
]


def prose(chars: int, seed: int = 7, misspelt: float = 0.02) -> str:
    """About ``chars`` characters of shuffled sentences, with a share of words misspelt by
    swapping two letters (each a word new to any cache)."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < chars:
        words = rnd.choice(SENTENCES).split()
        for i, word in enumerate(words):
            if len(word) > 4 and rnd.random() < misspelt:
                at = rnd.randrange(1, len(word) - 2)
                words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        sentence = " ".join(words)
        out.append(sentence)
        size += len(sentence) + 1
        if rnd.random() < 0.2:
            out.append("\n\n")
    return " ".join(out)[:chars]


def timed(fn, repeats: int) -> tuple[float, float]:
    """(first, median of the rest) in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:] or times)


CHILD = r"""
import json, sys, time
start = time.perf_counter()
import visitdesk.writing.spelling as spelling
imported = time.perf_counter()

def rss_mb():
    try:
        with open("/proc/self/status") as status:
            line = next(l for l in status if l.startswith("VmRSS"))
        return int(line.split()[1]) / 1024
    except OSError:
        import resource  # macOS: the peak, in bytes
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024

before = rss_mb()
loaded_at = time.perf_counter()
if sys.argv[1] == "load":
    speller = spelling.load_speller()
    speller.known("colour")
done = time.perf_counter()
print(json.dumps({"import": imported - start, "load": done - loaded_at,
                  "before": before, "after": rss_mb()}))
"""


def cold(what: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, what], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    repeats = max(args.repeats, 2)

    # -- load, cold, in fresh processes
    bare = [cold("bare") for _ in range(repeats)]
    loads = [cold("load") for _ in range(repeats)]
    imported = statistics.median(b["import"] for b in bare) * 1000
    loaded = statistics.median(r["load"] for r in loads) * 1000
    print("Dictionary load, each in a fresh process:")
    print(f"  import the module only (baseline): {imported:7.1f} ms")
    print(f"  load_speller() and a first check:   {loaded:7.1f} ms")
    added = statistics.median(r["after"] - r["before"] for r in loads)
    baseline = statistics.median(b["after"] - b["before"] for b in bare)
    print(f"  resident memory added by loading:   {added:7.1f} MB (baseline {baseline:.1f} MB)")

    # -- one keystroke's word
    speller = load_speller()  # a new one: none of these words is cached yet
    vocabulary = sorted({w.text for w in words_in(" ".join(SENTENCES))})
    new_times = []
    for word in vocabulary:
        start = time.perf_counter()
        speller.known(word)
        new_times.append((time.perf_counter() - start) * 1e6)
    cached_times = []
    for word in vocabulary:
        start = time.perf_counter()
        speller.known(word)
        cached_times.append((time.perf_counter() - start) * 1e6)
    print(f"\nOne word checked ({len(vocabulary)} words of a visit record):")
    median, most = statistics.median(new_times), max(new_times)
    print(f"  new to the cache: median {median:6.1f} µs, max {most:6.1f} µs")
    print(f"  cached:           median {statistics.median(cached_times):6.1f} µs")

    # -- a keystroke's findings on a whole record
    record = {name: prose(1_500, seed=n) for n, name in enumerate(NARRATIVE_FIELDS)}
    checker = Checker(load_speller(), team_words("leicestershire"))
    total = sum(len(v) for v in record.values())
    first, _ = timed(lambda: spelling_findings(record, checker, "v1"), 2)
    _, split = timed(lambda: [words_in(v) for v in record.values()], repeats * 4)
    # Then a worker types a sentence at the end of the findings, one character at a time,
    # and every keystroke asks for the record's spelling findings again.
    keystrokes = []
    for char in " We recieved the refferal from the school nurse on Monday.":
        record["findings"] += char
        start = time.perf_counter()
        spelling_findings(record, checker, "v1")
        keystrokes.append((time.perf_counter() - start) * 1000)
    print(f"\nSpelling findings of a whole record ({len(record)} fields, {total:,} characters):")
    print(f"  split into words only (baseline): {split:6.2f} ms")
    print(f"  first time: {first:6.2f} ms")
    print(
        f"  each of {len(keystrokes)} keystrokes typed: median {statistics.median(keystrokes):6.2f}"
        f" ms, max {max(keystrokes):6.2f} ms (target < {KEYSTROKE_TARGET_MS:.0f} ms)"
    )

    # -- a 20,000-character field
    text = prose(FIELD_CHARS, seed=3)
    checker = Checker(load_speller(), team_words("leicestershire"))
    words = words_in(text)
    first, later = timed(lambda: checker.misspelt(text), repeats * 4)
    _, split = timed(lambda: words_in(text), repeats * 4)
    found = checker.misspelt(text)
    print(
        f"\nMisspelt words of a {len(text):,}-character field ({len(words):,} words, "
        f"{len(found)} misspelt):"
    )
    print(f"  split into words only (baseline): {split:6.2f} ms")
    print(
        f"  first time: {first:6.2f} ms; again (cached): {later:6.2f} ms "
        f"(target < {UNDERLINE_TARGET_MS:.0f} ms)"
    )

    # -- suggestions
    misspellings = ["recieved", "refferal", *sorted({w.text for w in found})[:18]]
    times = []
    for word in misspellings:
        start = time.perf_counter()
        checker.suggest(word)
        times.append((time.perf_counter() - start) * 1000)
    print(f"\nSuggestions for a misspelt word ({len(misspellings)} words):")
    print(f"  median {statistics.median(times):6.2f} ms, max {max(times):6.2f} ms")


if __name__ == "__main__":
    main()
