"""Prose split into the words a spell checker looks at, each with where it sits in the text.

A word is a run of letters (of any script, with their accents and other combining marks),
with apostrophes inside it kept ("don't", "children’s"). A hyphen, a slash or any other mark
ends a word, so "well-being" is two. Left out: anything holding a digit or an underscore
("s17", "2nd", "A1", "m²"), web and e-mail addresses (the whole run of non-space characters
around an "@", a "://" or a "www."), and single letters.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # offset in the text (Python str index)
    end: int
    text: str  # as typed


def _mark_class() -> str:
    """The body of a character class holding the combining marks of the scripts below U+2000
    (and the zero-width joiners): Python's ``\\w`` matches none of them, and a word in Hindi
    or a decomposed "é" must not be cut at one."""
    codes = [c for c in range(0x0300, 0x2000) if unicodedata.category(chr(c))[0] == "M"]
    codes += [*range(0x20D0, 0x2100), *range(0xFE20, 0xFE30), 0x200C, 0x200D]
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


def _number_class() -> str:
    """The characters ``\\w`` takes as letters that are numbers all the same ("²", "½", "⑤"),
    below U+3300 (where the rest are)."""
    codes = [
        c
        for c in range(0x00A0, 0x3300)
        if chr(c).isnumeric() and not chr(c).isdecimal() and chr(c).isalnum()
    ]
    return "".join(f"\\u{c:04x}" for c in codes)


def _word_pattern(marks: str) -> re.Pattern[str]:
    # A letter is any character \w takes except numbers and "_", with the marks after it. A
    # word is two letters or more, or a letter with an apostrophe and more letters ("I'm"),
    # and sits in no longer run of \w: so "s17" and "17th" give nothing at all. The
    # quantifiers are possessive: a run that fails is never tried again shorter.
    letter = f"[^\\W\\d_{_NUMBERS}]"
    if marks:
        letter += f"[{marks}]*"
    joined = f"[\\w{marks}]" if marks else "\\w"
    more = f"(?:{letter})++"
    return re.compile(
        f"(?<!{joined})(?:{letter})(?:{more}(?:['’]{more})*+|(?:['’]{more})++)(?!{joined})"
    )


_MARKS = _mark_class()
_NUMBERS = _number_class()
_PLAIN = _word_pattern("")  # text with no combining mark in it: most of it, and faster
_MARKED = _word_pattern(_MARKS)
_HAS_MARK = re.compile(f"[{_MARKS}]")
# A web or e-mail address is the whole run of non-space characters around an "@", a "://"
# or a "www.": none of it is prose.
_ADDRESS_MARK = re.compile(r"://|www\.|@", re.IGNORECASE)
_SPACE = re.compile(r"\s")


def words_in(text: str) -> list[Word]:
    """The words of ``text`` to check, in order."""
    pattern = _MARKED if _HAS_MARK.search(text) else _PLAIN
    found = list(pattern.finditer(text))
    if _ADDRESS_MARK.search(text):
        found = _outside_addresses(found, text)
    # map() builds the words without a Python-level loop: a long record has thousands.
    return list(
        map(Word, map(re.Match.start, found), map(re.Match.end, found), map(re.Match.group, found))
    )


def _address_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for hit in _ADDRESS_MARK.finditer(text):
        at = hit.start()
        if spans and at < spans[-1][1]:
            continue  # the second mark of one address
        start = at
        while start and not text[start - 1].isspace():
            start -= 1
        gap = _SPACE.search(text, at)
        spans.append((start, gap.start() if gap else len(text)))
    return spans


def _outside_addresses(found: list[re.Match[str]], text: str) -> list[re.Match[str]]:
    """The words found, less those inside a web or e-mail address."""
    starts = list(map(re.Match.start, found))
    inside: set[int] = set()
    for start, end in _address_spans(text):
        inside.update(range(bisect_left(starts, start), bisect_left(starts, end)))
    if not inside:
        return found
    return [m for i, m in enumerate(found) if i not in inside]


__all__ = ["Word", "words_in"]
