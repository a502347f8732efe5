"""A relay's content: the first sender's payload carried byte for byte, and every malformed
relay refused with a reason."""

from __future__ import annotations

import base64
import json

import pytest

from visitdesk import limits
from visitdesk.sync import DeviceIdentity, open_sealed, seal
from visitdesk.sync.relay import RelayError, pack_relay, unpack_relay

ORIGIN = DeviceIdentity.generate().card("worker", "Sam Worker", "Team North")
CARD_TEXT = ORIGIN.to_bytes().decode("utf-8")
MANIFEST = {"sequence": 3, "kind": "records", "to": "team", "payload_sha256": "ab" * 32}


def test_a_relay_gives_back_the_first_senders_card_manifest_and_payload() -> None:
    payload = b'{"schema":7,"visits":[]}\n\x00 any bytes at all'
    card, manifest, got = unpack_relay(pack_relay(CARD_TEXT, MANIFEST, payload))
    assert (card.device_id, manifest, got) == (ORIGIN.device_id, MANIFEST, payload)


def test_a_payload_near_the_limit_can_still_be_passed_on() -> None:
    # 40 MiB of payload: in base64 it would pass the 48 MiB a device unpacks.
    payload = b'{"text":"' + b"a visit record. " * (40 * limits.MIB // 16) + b'"}'
    hub, device = DeviceIdentity.generate(), DeviceIdentity.generate()
    hub_card = hub.card("hub", "Hub", "Team North", address="https://h:1", tls_sha256="0" * 64)
    device_card = device.card("manager", "Morgan", "Team North")
    sealed = seal(
        pack_relay(CARD_TEXT, MANIFEST, payload),
        manifest={"sequence": 1, "counts": {"relayed": 1}, "kind": "relay"},
        sender=hub,
        recipient=device_card,
    )
    opened = open_sealed(sealed, me=device, known_senders={hub.device_id: hub_card})
    assert unpack_relay(opened.payload)[2] == payload


def test_a_relay_from_the_first_release_of_the_hub_is_still_read() -> None:
    document = {
        "schema": 1,
        "origin_card": CARD_TEXT,
        "manifest": MANIFEST,
        "payload": base64.b64encode(b"old payload").decode("ascii"),
    }
    old = json.dumps(document, separators=(",", ":")).encode("utf-8")
    assert unpack_relay(old)[1:] == (MANIFEST, b"old payload")


def _header(**change) -> bytes:
    header = {"schema": 2, "origin_card": CARD_TEXT, "manifest": MANIFEST, "payload_size": 4}
    header.update(change)
    return json.dumps({k: v for k, v in header.items() if v is not None}).encode("utf-8")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_header() + b"\nabc", "its payload is not the size its header gives"),
        (_header() + b"\nabcde", "its payload is not the size its header gives"),
        (_header(payload_size=True) + b"\nabcd", "its payload is not the size its header gives"),
        (_header(schema=3) + b"\nabcd", "its header is not one this version reads"),
        (_header(extra=1) + b"\nabcd", "its header is not one this version reads"),
        (_header(payload_size=None) + b"\nabcd", "its header is not one this version reads"),
        (_header(manifest=[1]) + b"\nabcd", "the first sender's manifest is not an object"),
        (_header(origin_card=7) + b"\nabcd", "the first sender's card is not text"),
        (b"not json\nabcd", "its header is not JSON"),
        (b"[1, 2]\nabcd", "its header is not a JSON object"),
        (b"\xff\xfe" * 10, "its header is not JSON"),
        (b"", "its header is not JSON"),
    ],
)
def test_a_malformed_relay_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(RelayError) as caught:
        unpack_relay(data)
    assert str(caught.value) == reason


def test_a_card_that_does_not_read_is_refused() -> None:
    with pytest.raises(RelayError, match="^the first sender's card: "):
        unpack_relay(_header(origin_card="VisitDesk card\nnonsense") + b"\nabcd")


def test_a_header_line_too_long_is_never_read_as_a_header() -> None:
    long = b'{"schema":2,"pad":"' + b"x" * (300 * limits.KIB) + b'"}\nabcd'
    with pytest.raises(RelayError):
        unpack_relay(long)


def test_a_manifest_with_many_values_still_reads_as_the_hub_took_it() -> None:
    # The hub takes any manifest up to 64 KiB; the header that carries it must read too.
    manifest = {**MANIFEST, "pad": [0] * 30_000}
    assert unpack_relay(pack_relay(CARD_TEXT, manifest, b"x"))[1] == manifest


def test_schema_1_is_still_made_for_a_device_that_does_not_ask_for_2() -> None:
    old = pack_relay(CARD_TEXT, MANIFEST, b"payload", schema=1)
    assert old.startswith(b'{"schema":1,') and b"\n" not in old
    assert unpack_relay(old)[1:] == (MANIFEST, b"payload")
