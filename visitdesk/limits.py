"""Every limit on what VisitDesk accepts from outside, in one place (see docs/limits.md).

Each is checked before the input is read whole: a file's size before it is opened for
reading, a bundle's signed counts before its payload is decompressed, the decompressed size
while it streams. A limit is generous for real work and small enough that a hostile file is
refused quickly and in little memory.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# --- sync bundles ---------------------------------------------------------------------------
# The file as it arrives, and its payload once decompressed (stopped as soon as it passes).
MAX_BUNDLE_FILE = 32 * MIB
MAX_BUNDLE_PAYLOAD = 48 * MIB
# Rows of all kinds in one bundle (children, plans, visits, addenda, tasks, audit entries).
MAX_BUNDLE_ROWS = 250_000
# Bundle sequence numbers and change marks: far more than a lifetime of bundles, far below
# what SQLite's 64-bit integers can hold, so a hostile number cannot lock a sender out.
MAX_SEQUENCE = 2**31 - 1
# Text in one field of a record (a narrative section), and in a short field (a name, a
# reference, a choice).
MAX_TEXT_FIELD = 1 * MIB
MAX_SHORT_TEXT = 200

# --- other files ----------------------------------------------------------------------------
MAX_CARD_FILE = 64 * KIB
