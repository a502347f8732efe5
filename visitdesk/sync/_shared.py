"""Small derivations and encodings shared by device identities, cards and bundles.

Device ids and fingerprints are SHA-256 digests of public keys with a fixed context prefix, so
anyone holding a card can recompute them; see docs/bundle-format.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

from visitdesk.limits import parse_json

DEVICE_ID_CONTEXT = b"VisitDesk device id v1\x00"
FINGERPRINT_CONTEXT = b"VisitDesk fingerprint v1\x00"
DEVICE_ID_SIZE = 16
"""Bytes of digest kept for a device id (shown as 32 lowercase hex characters)."""

# Crockford's base 32: digits and capitals without I, L, O and U, so nothing read aloud or
# copied by hand can be mistaken for something else.
FINGERPRINT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FINGERPRINT_GROUPS = 5
FINGERPRINT_GROUP_SIZE = 4

KEY_SIZE = 32
"""Bytes in an Ed25519 or X25519 public key."""

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z", re.ASCII)
_DEVICE_ID = re.compile(r"[0-9a-f]{32}\Z", re.ASCII)


def device_id_for(signing_key: bytes) -> str:
    """The device id for an Ed25519 public key: 16 bytes of a SHA-256 digest, as hex."""
    digest = hashlib.sha256(DEVICE_ID_CONTEXT + bytes(signing_key)).digest()
    return digest[:DEVICE_ID_SIZE].hex()


def is_device_id(value: object) -> bool:
    """Whether ``value`` has the form of a device id (32 lowercase hex characters)."""
    return isinstance(value, str) and _DEVICE_ID.match(value) is not None


def fingerprint_for(signing_key: bytes, encryption_key: bytes) -> str:
    """Twenty characters in five groups, read aloud to check a card came from the right device.

    The first 100 bits of a SHA-256 digest over both public keys, five bits per character.
    """
    digest = hashlib.sha256(FINGERPRINT_CONTEXT + bytes(signing_key) + bytes(encryption_key))
    total_chars = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_SIZE
    bits = total_chars * 5
    number = int.from_bytes(digest.digest(), "big") >> (256 - bits)
    chars = [
        FINGERPRINT_ALPHABET[(number >> (bits - 5 * (i + 1))) & 0b11111] for i in range(total_chars)
    ]
    groups = [
        "".join(chars[i : i + FINGERPRINT_GROUP_SIZE])
        for i in range(0, total_chars, FINGERPRINT_GROUP_SIZE)
    ]
    return " ".join(groups)


def utc_now() -> datetime:
    """Now, in UTC, to the second (the precision cards and manifests record)."""
    return datetime.now(UTC).replace(microsecond=0)


def format_timestamp(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC; ``moment`` must carry a time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("timestamps must carry a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: object) -> datetime:
    """Read a timestamp written by :func:`format_timestamp`; ``ValueError`` if it is not one."""
    if not isinstance(text, str) or _TIMESTAMP.match(text) is None:
        raise ValueError("not a timestamp")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def strict_json_loads(data: bytes, *, max_values: int | None = None) -> Any:
    """Parse UTF-8 JSON strictly; ``ValueError`` on any fault (see :func:`limits.parse_json`).

    Duplicate keys, NaN/Infinity, absurd numbers, nesting too deep and lone surrogates are all
    refused, and with ``max_values`` so is a text holding more values than that.
    """
    return parse_json(data, max_values=max_values)


def canonical_json(document: dict[str, Any]) -> bytes:
    """The RFC 8785 form of a document made of strings, whole numbers and objects, as UTF-8."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
