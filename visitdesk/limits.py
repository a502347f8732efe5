"""Every limit on what VisitDesk accepts from outside, in one place (see docs/limits.md).

Each is checked before the input is read whole: a file's size before it is opened for
reading, a bundle's signed counts before its payload is decompressed, the decompressed size
while it streams. A limit is generous for real work and small enough that a hostile file is
refused quickly and in little memory.

The module also holds the two ways outside input is read within those limits, so that every
reader does it alike: :func:`read_file_within` (and :func:`read_stream_within` for standard
input), which refuse anything that is not an ordinary file without ever blocking and read no
further than the limit; and :func:`parse_json`, which counts before it parses.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from visitdesk.errors import UserError

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# --- sync bundles ---------------------------------------------------------------------------
# The file as it arrives, and its payload once decompressed (stopped as soon as it passes).
MAX_BUNDLE_FILE = 32 * MIB
MAX_BUNDLE_PAYLOAD = 48 * MIB
# The manifest (the signed list of contents inside the encryption): a few hundred bytes.
MAX_MANIFEST = 64 * KIB
# Rows of all kinds in one bundle (children, plans, visits, addenda, tasks, audit entries).
MAX_BUNDLE_ROWS = 250_000
# JSON values (numbers, strings, lists, objects) in one payload, counted before it is parsed,
# so that a payload of millions of tiny values cannot take gigabytes once parsed. A real row
# has 10 to 35 values.
MAX_BUNDLE_VALUES = 4_000_000
# Bundle sequence numbers and change marks: far more than a lifetime of bundles, far below
# what SQLite's 64-bit integers can hold, so a hostile number cannot lock a sender out.
MAX_SEQUENCE = 2**31 - 1
# How far one bundle's sequence may jump past the last one applied from its sender: bundles
# lost on the way leave gaps, never thousands in a row. A signed bundle that jumped to the top
# of the range would otherwise leave the sender's next real bundles looking old.
MAX_SEQUENCE_STEP = 10_000
# Text in one field of a record (a narrative section), and in a short field (a name, a
# reference, a choice).
MAX_TEXT_FIELD = 1 * MIB
MAX_SHORT_TEXT = 200

# A plan's meetings and family holidays, kept on the plan as JSON (see
# visitdesk/services/meetings.py). Fortnightly meetings for eighteen years come to under 500;
# a holiday longer than three months is not a holiday but a move, to be planned as one. The
# text is checked for size before it is parsed.
MAX_PLAN_MEETINGS = 500
MAX_PLAN_HOLIDAYS = 200
MAX_HOLIDAY_DAYS = 92
MAX_PLAN_MEETINGS_TEXT = 128 * KIB
MAX_PLAN_HOLIDAYS_TEXT = 32 * KIB

# --- other files ----------------------------------------------------------------------------
MAX_CARD_FILE = 64 * KIB
# A case file for ``visitdesk check``, and what it may hold.
MAX_CASE_FILE = 16 * MIB
MAX_CASE_VISITS = 5_000
MAX_CASE_VALUES = 500_000
# A case's plan meetings and holidays are held to MAX_PLAN_MEETINGS and MAX_PLAN_HOLIDAYS
# (and each holiday to MAX_HOLIDAY_DAYS), as a plan in the database is.
# A visiting interval longer than a year is not a visiting plan, and a bigger number would
# push the engine's dates past the end of the calendar.
MAX_VISIT_INTERVAL = {"days": 366, "weeks": 52, "working_days": 262, "months": 12}
# Dates in a case file: a child's case never reaches either end, and every deadline worked
# out from them stays a real date.
FIRST_YEAR = 1900
LAST_YEAR = 2199
# A backup: FAT32 (the usual USB stick) cannot hold a bigger file, and it is 30 times the
# benchmark caseload of 5,000 children. A backup is whole database pages.
MAX_BACKUP_FILE = 4 * GIB
BACKUP_PAGE_SIZE = 4096

# --- JSON -----------------------------------------------------------------------------------
# Digits in one JSON number: room for any count or sequence, and a plain message instead of
# Python's own (a 4,300-digit limit that asks the reader to change an interpreter setting).
MAX_NUMBER_DIGITS = 20

READ_CHUNK = 1 * MIB


def size_text(size: int) -> str:
    """A limit as people say it: ``32 MB``, ``64 KB``, ``4 GB`` (binary units)."""
    for unit, name in ((GIB, "GB"), (MIB, "MB"), (KIB, "KB")):
        if size >= unit:
            return f"{size / unit:g} {name}"
    return f"{size} bytes"


# --- files ----------------------------------------------------------------------------------


class FileProblem(StrEnum):
    """Why a file was not read, for callers that word the message their own way."""

    MISSING = "missing"
    FOLDER = "folder"
    NOT_A_FILE = "not_a_file"
    TOO_LARGE = "too_large"
    NOT_ALLOWED = "not_allowed"
    UNREADABLE = "unreadable"


class FileRefused(UserError):
    """A file VisitDesk will not read (or could not); the message is one line for the user.

    ``what`` names the kind of file in the message ("sync bundle", "VisitDesk card").
    """

    def __init__(
        self, problem: FileProblem, name: str, *, what: str, limit: int = 0, detail: str = ""
    ) -> None:
        # A file name may hold a line break or bytes that are not text; the message may not.
        name = "".join(char if char.isprintable() else "?" for char in name)
        self.problem = problem
        self.name = name
        self.what = what
        self.limit = limit
        self.detail = detail
        super().__init__(_file_message(problem, name, what, limit, detail))


def _file_message(problem: FileProblem, name: str, what: str, limit: int, detail: str) -> str:
    an = "an" if what[:1] in "aeiou" else "a"
    if problem is FileProblem.MISSING:
        return (
            f"The file {name} could not be found. Check it is still there "
            "(a USB stick may have been removed) and try again."
        )
    if problem is FileProblem.FOLDER:
        return f"{name} is a folder, not {an} {what}. Choose the {what} inside it."
    if problem is FileProblem.NOT_A_FILE:
        return (
            f"{name} is not an ordinary file, so it cannot be {an} {what}. "
            "Save it as a file first, then choose that file."
        )
    if problem is FileProblem.TOO_LARGE:
        return (
            f"{name} is larger than {an} {what} can be (the limit is "
            f"{size_text(limit)}). Check you chose the right file."
        )
    if problem is FileProblem.NOT_ALLOWED:
        return (
            f"VisitDesk is not allowed to read {name}. "
            "Copy it somewhere you can open, then try again."
        )
    return f"The file {name} could not be read ({detail}). Try copying it again."


def _check_kind(info: os.stat_result, path: Path, what: str, limit: int) -> None:
    name = path.name or str(path)
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(FileProblem.FOLDER, name, what=what)
    if not stat.S_ISREG(info.st_mode):
        # A device (/dev/zero), a pipe or a socket: reading could block or never end. Named
        # in full, as "zero" alone would mean nothing to anyone.
        raise FileRefused(FileProblem.NOT_A_FILE, str(path), what=what)
    if info.st_size > limit:
        raise FileRefused(FileProblem.TOO_LARGE, name, what=what, limit=limit)


def _os_refusal(exc: OSError, name: str, what: str) -> FileRefused:
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return FileRefused(FileProblem.MISSING, name, what=what)
    if isinstance(exc, IsADirectoryError):
        return FileRefused(FileProblem.FOLDER, name, what=what)
    if isinstance(exc, PermissionError):
        return FileRefused(FileProblem.NOT_ALLOWED, name, what=what)
    detail = exc.strerror or "it could not be read"
    return FileRefused(FileProblem.UNREADABLE, name, what=what, detail=detail)


_OPEN_FLAGS = (
    os.O_RDONLY
    # Opening a pipe with no writer, or some devices, would otherwise wait for ever.
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_file_within(
    path: str | os.PathLike[str], limit: int, *, what: str
) -> tuple[IO[bytes], int]:
    """Open an ordinary file of at most ``limit`` bytes for reading; return it and its size.

    The path is looked at before it is opened, and what was opened is looked at again, so a
    folder, a device, a pipe or a socket is refused (:class:`FileRefused`) without blocking
    and without reading a byte, even if it was swapped in between.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        _check_kind(path.stat(), path, what, limit)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_refusal(exc, name, what) from None
    try:
        info = os.fstat(fd)
        _check_kind(info, path, what, limit)
        handle = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    return handle, info.st_size


def read_limited(
    handle: IO[bytes], limit: int, *, name: str, what: str, expected: int | None = None
) -> bytes:
    """Read ``handle`` to its end, refusing (:class:`FileRefused`) once it passes ``limit``.

    ``expected`` is the size the file said it had: it is read in one go when it has not grown.
    """
    first = READ_CHUNK if expected is None else min(expected, limit) + 1
    parts: list[bytes] = []
    total = 0
    try:
        while total <= limit:
            chunk = handle.read(min(first if not parts else READ_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _os_refusal(exc, name, what) from None
    if total > limit:
        raise FileRefused(FileProblem.TOO_LARGE, name, what=what, limit=limit)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_file_within(path: str | os.PathLike[str], limit: int, *, what: str) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes (see :func:`open_file_within`)."""
    handle, size = open_file_within(path, limit, what=what)
    with handle:
        return read_limited(
            handle, limit, name=Path(path).name or str(path), what=what, expected=size
        )


def read_stream_within(
    stream: IO[bytes], limit: int, *, what: str, name: str = "standard input"
) -> bytes:
    """Everything on ``stream`` (standard input, say), refused once it passes ``limit``."""
    return read_limited(stream, limit, name=name, what=what)


# --- JSON -----------------------------------------------------------------------------------


class JSONRefused(ValueError):
    """JSON that VisitDesk will not take. The message is a phrase ("it is nested too deeply")
    for the caller to put in a sentence of its own."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise JSONRefused(f"the key {_printable(key)!r} appears twice")
            seen.add(key)
    return result


def _refuse_constant(name: str) -> Any:
    # JSON has no NaN or Infinity; Python's reader would otherwise accept them quietly.
    raise JSONRefused(f"{name} is not allowed in JSON")


def _whole_number(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_NUMBER_DIGITS:
        raise JSONRefused(f"a number in it is longer than {MAX_NUMBER_DIGITS} digits")
    return int(text)


def _real_number(text: str) -> float:
    if len(text) > 2 * MAX_NUMBER_DIGITS:
        raise JSONRefused("a number in it is written with too many digits")
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        raise JSONRefused("a number in it is too large")
    return value


# A \uD800-\uDFFF escape: the only way a JSON text that is valid UTF-8 can carry a lone
# surrogate, which cannot be stored, printed or written as UTF-8 later.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lone_surrogate_at(value: Any) -> str | None:
    """Where in ``value`` a string holds a lone surrogate (``visits[3].id``), or ``None``."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not _is_unicode(item):
                return where or "the top level"
        elif isinstance(item, dict):
            for key, inner in item.items():
                place = f"{where}.{key}" if where else key
                if not _is_unicode(key):
                    return place
                stack.append((inner, place))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}[{i}]") for i, inner in enumerate(item))
    return None


def count_json_values(text: str | bytes) -> int:
    """An upper bound on the values in a JSON text, found without parsing it.

    Every value but the first in a list or object follows a comma, and every list or object
    starts with a bracket, so this is never less than the true number (commas and brackets
    inside strings only make it larger).
    """
    if isinstance(text, str):
        return text.count(",") + text.count("[") + text.count("{") + 1
    return text.count(b",") + text.count(b"[") + text.count(b"{") + 1


def parse_json(text: str | bytes, *, max_values: int | None = None) -> Any:
    """Parse JSON strictly; :class:`JSONRefused` (a ``ValueError``) with a phrase on any fault.

    Refuses bytes that are not UTF-8, more than ``max_values`` values (counted first, see
    :func:`count_json_values`), duplicate keys, NaN and Infinity, numbers too long or too
    large to be real, nesting too deep for the reader, and lone surrogates.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONRefused(f"it is not UTF-8 text (at byte {exc.start + 1})") from None
    if max_values is not None and count_json_values(text) > max_values:
        raise JSONRefused(f"it holds more than {max_values:,} values")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_constant=_refuse_constant,
            parse_int=_whole_number,
            parse_float=_real_number,
        )
    except json.JSONDecodeError as exc:
        raise JSONRefused(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise JSONRefused("it is nested too deeply") from None
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate_at(value)
        if where is not None:
            raise JSONRefused(
                f"the text at {_printable(where)} is not valid Unicode "
                "(it holds half of a character pair)"
            )
    return value


# A visit is written up after it happens. A few minutes' grace lets a worker record "now" on
# a laptop whose clock runs a little behind the phone they checked the time on; the form's
# check, saving and sync all allow the same.
FUTURE_GRACE = timedelta(minutes=5)
