"""The content of a relay: a bundle the hub passes on, as it came from its first sender.

A header line (UTF-8 JSON: the first sender's card as text, its manifest exactly as signed,
and the payload's size), a newline, then the first sender's payload byte for byte, so a
payload up to the bundle limit can always be passed on. A device asks for this form when it
fetches (``?relay=2``); to one that does not ask (the first release), the hub still sends
schema 1, the payload in base64 inside one JSON object, and such relays are still read.
The signatures inside are checked by the caller (``check_relayed``), never here.
"""

from __future__ import annotations

import base64
import binascii
import json

from visitdesk import limits
from visitdesk.sync.cards import Card, CardError

RELAY_KIND = "relay"
RELAY_SCHEMA = 2
MAX_RELAY_HEADER = 256 * limits.KIB
"""A card is a few kilobytes and a manifest at most 64 KiB."""

_HEADER_KEYS = {"schema", "origin_card", "manifest", "payload_size"}
_OLD_KEYS = {"schema", "origin_card", "manifest", "payload"}


class RelayError(ValueError):
    """A relay that cannot be read; the message says why, in a few words."""


def pack_relay(
    origin_card: str, manifest: dict, payload: bytes, schema: int = RELAY_SCHEMA
) -> bytes:
    """The relay's content in ``schema`` 2, or 1 for a device of the first release (which
    cannot read 2, and does not ask for it)."""
    if schema == 1:
        document = {
            "schema": 1,
            "origin_card": origin_card,
            "manifest": manifest,
            "payload": base64.b64encode(payload).decode("ascii"),
        }
        return json.dumps(document, separators=(",", ":")).encode("utf-8")
    header = {
        "schema": RELAY_SCHEMA,
        "origin_card": origin_card,
        "manifest": manifest,
        "payload_size": len(payload),
    }
    return json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n" + payload


def unpack_relay(data: bytes) -> tuple[Card, dict, bytes]:
    """The first sender's card, manifest and payload; RelayError if the relay is malformed."""
    end = data.find(b"\n", 0, MAX_RELAY_HEADER + 1)
    if end < 0:
        return _unpack_old(data)
    header = _json(data[:end], max_values=MAX_RELAY_HEADER // 2)
    if set(header) != _HEADER_KEYS or header["schema"] != RELAY_SCHEMA:
        raise RelayError("its header is not one this version reads")
    size = header["payload_size"]
    if not isinstance(size, int) or isinstance(size, bool) or size != len(data) - end - 1:
        raise RelayError("its payload is not the size its header gives")
    return _card(header), _manifest(header), data[end + 1 :]


def _unpack_old(data: bytes) -> tuple[Card, dict, bytes]:
    document = _json(data, max_values=100_000)
    if set(document) != _OLD_KEYS or document["schema"] != 1:
        raise RelayError("it is not one this version reads")
    if not isinstance(document["payload"], str):
        raise RelayError("its payload is not text")
    try:
        payload = base64.b64decode(document["payload"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise RelayError(str(exc)) from None
    return _card(document), _manifest(document), payload


def _json(data: bytes, max_values: int) -> dict:
    try:
        value = limits.parse_json(data, max_values=max_values)
    except ValueError:
        raise RelayError("its header is not JSON") from None
    if not isinstance(value, dict):
        raise RelayError("its header is not a JSON object")
    return value


def _card(document: dict) -> Card:
    if not isinstance(document["origin_card"], str):
        raise RelayError("the first sender's card is not text")
    try:
        return Card.from_bytes(document["origin_card"].encode("utf-8"))
    except (CardError, ValueError) as exc:
        raise RelayError(f"the first sender's card: {exc}") from None


def _manifest(document: dict) -> dict:
    if not isinstance(document["manifest"], dict):
        raise RelayError("the first sender's manifest is not an object")
    return document["manifest"]
