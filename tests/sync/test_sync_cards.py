"""Device cards: made by an identity, written and read back, and refused when not whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from visitdesk.errors import UserError
from visitdesk.sync import (
    BundleError,
    BundleProblem,
    Card,
    CardError,
    CardProblem,
    DeviceIdentity,
    open_sealed,
    seal,
)
from visitdesk.sync._shared import canonical_json
from visitdesk.sync.cards import CARD_SIGNING_CONTEXT, CARD_VERSION

_IDENTITY = DeviceIdentity.generate()
_CARD_BYTES = _IDENTITY.card("worker", "Aoife Ní Bhriain", "Team Ω").to_bytes()


def _document(card: Card) -> dict:
    return json.loads(card.to_bytes())


def _refused(data: bytes) -> CardError:
    with pytest.raises(CardError) as caught:
        Card.from_bytes(data)
    error = caught.value
    assert isinstance(error, UserError)
    message = str(error)
    assert message and "\n" not in message and message.endswith(".")
    return error


def test_card_round_trips_through_bytes(worker: DeviceIdentity) -> None:
    card = worker.card("worker", "Jo Bloggs", "North Team")
    again = Card.from_bytes(card.to_bytes())
    assert again == card
    assert again.to_bytes() == card.to_bytes()
    assert again.device_id == worker.device_id
    assert again.signing_key == worker.signing_public_key
    assert again.encryption_key == worker.encryption_public_key
    assert (again.role, again.name, again.team) == ("worker", "Jo Bloggs", "North Team")


def test_card_fingerprint_matches_the_identity(worker: DeviceIdentity) -> None:
    card = worker.card("manager", "Sam Patel", "")
    assert card.fingerprint == worker.fingerprint
    assert _document(card)["fingerprint"] == worker.fingerprint


def test_cards_of_different_devices_have_different_fingerprints(
    worker_card: Card, manager_card: Card
) -> None:
    assert worker_card.fingerprint != manager_card.fingerprint
    assert worker_card.device_id != manager_card.device_id


def test_card_keeps_non_ascii_names_readable() -> None:
    card = Card.from_bytes(_CARD_BYTES)
    assert card.name == "Aoife Ní Bhriain"
    assert "Aoife Ní Bhriain".encode() in _CARD_BYTES


def test_card_created_at_is_kept_in_utc_to_the_second(worker: DeviceIdentity) -> None:
    moment = datetime(2025, 3, 4, 11, 15, 30, 123456, tzinfo=timezone(timedelta(hours=1)))
    card = worker.card("worker", "Jo", "North", created_at=moment)
    assert card.created_at == datetime(2025, 3, 4, 10, 15, 30, tzinfo=UTC)
    assert Card.from_bytes(card.to_bytes()).created_at == card.created_at


@pytest.mark.parametrize(
    ("role", "name", "team"),
    [
        ("admin", "Jo", "North"),
        ("worker", "", "North"),
        ("worker", "   ", "North"),
        ("worker", "Jo\nBloggs", "North"),
        ("worker", " Jo", "North"),
        ("worker", "J" * 101, "North"),
        ("worker", "Jo", "N\x00orth"),
    ],
)
def test_making_a_card_with_bad_details_is_refused(
    worker: DeviceIdentity, role: str, name: str, team: str
) -> None:
    with pytest.raises(CardError, match="The card cannot be made"):
        worker.card(role, name, team)


def test_an_unsigned_card_cannot_be_exported(worker_card: Card) -> None:
    unsigned = Card(
        device_id=worker_card.device_id,
        role="worker",
        name="Jo",
        team="",
        signing_key=worker_card.signing_key,
        encryption_key=worker_card.encryption_key,
        created_at=worker_card.created_at,
    )
    assert not unsigned.is_signed
    with pytest.raises(ValueError):
        unsigned.to_bytes()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"hello",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"[1, 2, 3]",
        b'{"name": "Jo"}',
        b'{"format": "something-else", "version": 1}',
        b"\xff\xfe\x00",
        b"x" * 70_000,
    ],
)
def test_a_file_that_is_not_a_card_is_refused(data: bytes) -> None:
    error = _refused(data)
    assert error.reason is CardProblem.NOT_A_CARD
    assert "VisitDesk card" in str(error)


def test_a_card_edited_by_hand_is_refused(worker_card: Card) -> None:
    document = _document(worker_card)
    document["name"] = "Someone Else"
    error = _refused(json.dumps(document).encode())
    assert error.reason is CardProblem.DAMAGED
    assert "damaged or edited" in str(error)


def test_a_card_whose_keys_were_swapped_is_refused(worker_card: Card, manager_card: Card) -> None:
    document = _document(worker_card)
    document["encryption_key"] = manager_card.encryption_key.hex()
    assert _refused(json.dumps(document).encode()).reason is CardProblem.DAMAGED


def test_a_card_with_a_broken_signature_is_refused(worker_card: Card) -> None:
    document = _document(worker_card)
    signature = bytearray.fromhex(document["signature"])
    signature[10] ^= 0x01
    document["signature"] = signature.hex()
    assert _refused(json.dumps(document).encode()).reason is CardProblem.DAMAGED


def test_a_card_cut_short_is_refused_as_damaged(worker_card: Card) -> None:
    data = worker_card.to_bytes()
    error = _refused(data[: len(data) // 2])
    assert error.reason is CardProblem.DAMAGED


def test_a_card_from_a_newer_version_asks_for_an_update(worker_card: Card) -> None:
    document = _document(worker_card)
    document["version"] = CARD_VERSION + 1
    document["new_field"] = "something"
    error = _refused(json.dumps(document).encode())
    assert error.reason is CardProblem.NEWER_VERSION
    assert "newer version of VisitDesk" in str(error)
    assert "update" in str(error)


@pytest.mark.parametrize("version", [0, -1, "1", True, 1.5])
def test_a_card_with_a_nonsense_version_is_refused(worker_card: Card, version: object) -> None:
    document = _document(worker_card)
    document["version"] = version
    assert _refused(json.dumps(document).encode()).reason is CardProblem.DAMAGED


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("version", "format version"),
        ("device_id", "device id"),
        ("role", "role"),
        ("name", "name"),
        ("signing_key", "signing key"),
        ("encryption_key", "encryption key"),
        ("created_at", "creation date"),
        ("signature", "signature"),
    ],
)
def test_a_card_missing_a_field_says_which(worker_card: Card, field: str, label: str) -> None:
    document = _document(worker_card)
    del document[field]
    error = _refused(json.dumps(document).encode())
    assert error.reason is CardProblem.MISSING_FIELD
    assert f"missing its {label}" in str(error)


def test_a_card_with_an_unknown_field_is_refused(worker_card: Card) -> None:
    document = _document(worker_card)
    document["extra"] = "x"
    assert _refused(json.dumps(document).encode()).reason is CardProblem.DAMAGED


def test_a_card_with_a_repeated_field_is_refused(worker_card: Card) -> None:
    data = worker_card.to_bytes().replace(
        b'"name": "Jo Bloggs",', b'"name": "Jo Bloggs", "name": "X",'
    )
    assert _refused(data).reason is CardProblem.DAMAGED


def test_a_self_consistent_card_with_a_foreign_device_id_is_refused(
    worker: DeviceIdentity, manager_card: Card
) -> None:
    # Signed by the worker's key, but claiming the manager's device id.
    document = _document(worker.card("worker", "Jo", "North"))
    document["device_id"] = manager_card.device_id
    del document["signature"]
    document["signature"] = worker.sign(CARD_SIGNING_CONTEXT + canonical_json(document)).hex()
    error = _refused(json.dumps(document).encode())
    assert error.reason is CardProblem.INVALID
    assert "device id does not match" in str(error)


def test_a_card_is_not_a_bundle_and_a_bundle_is_not_a_card(
    worker: DeviceIdentity, manager: DeviceIdentity, manager_card: Card, worker_card: Card
) -> None:
    bundle = seal(
        b"x", manifest={"sequence": 1, "counts": {}}, sender=worker, recipient=manager_card
    )
    assert _refused(bundle).reason is CardProblem.NOT_A_CARD
    with pytest.raises(BundleError) as caught:
        open_sealed(worker_card.to_bytes(), me=manager, known_senders={})
    assert caught.value.reason is BundleProblem.NOT_A_BUNDLE


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(_CARD_BYTES) - 1), st.integers(1, 255)),
        min_size=1,
        max_size=3,
    ),
    cut=st.one_of(st.none(), st.integers(0, len(_CARD_BYTES) - 1)),
)
def test_a_damaged_card_is_refused_or_reads_as_the_same_card(
    flips: list[tuple[int, int]], cut: int | None
) -> None:
    original = Card.from_bytes(_CARD_BYTES)
    data = bytearray(_CARD_BYTES)
    for index, mask in flips:
        data[index] ^= mask
    if cut is not None:
        data = data[:cut]
    try:
        card = Card.from_bytes(bytes(data))
    except CardError:
        return
    # Only changes to layout (spacing, escapes) may pass, and then nothing on the card differs.
    assert card == original


def test_a_card_file_is_read_safely_and_says_why_not(worker_card: Card, tmp_path) -> None:
    from visitdesk.sync.cards import read_card_file

    path = tmp_path / "jo.vdcard"
    path.write_bytes(worker_card.to_bytes())
    assert read_card_file(path) == worker_card
    with pytest.raises(CardError) as caught:
        read_card_file(tmp_path / "gone.vdcard")
    assert caught.value.reason is CardProblem.UNREADABLE_FILE
    assert "could not be found" in str(caught.value)
    big = tmp_path / "big.vdcard"
    big.write_bytes(b" " * (64 * 1024 + 1))
    with pytest.raises(CardError) as caught:
        read_card_file(big)
    assert caught.value.reason is CardProblem.NOT_A_CARD


def test_a_hubs_card_carries_its_address_and_pin_and_round_trips() -> None:
    hub = DeviceIdentity.generate()
    card = hub.card(
        "hub", "North team hub", "North", address="https://hub.example:8443", tls_sha256="ab" * 32
    )
    again = Card.from_bytes(card.to_bytes())
    assert (again.address, again.tls_sha256, again.role) == (card.address, "ab" * 32, "hub")
    assert json.loads(card.to_bytes())["version"] == 2


def test_a_hubs_card_without_a_pin_or_a_device_card_with_an_address_is_refused() -> None:
    hub = DeviceIdentity.generate()
    with pytest.raises(CardError, match="pin"):
        hub.card("hub", "Hub", "North", address="https://hub.example:8443", tls_sha256="")
    with pytest.raises(CardError, match="address"):
        hub.card("hub", "Hub", "North", address="http://hub.example:8443", tls_sha256="ab" * 32)
    with pytest.raises(CardError, match="only a hub"):
        hub.card("worker", "Ann", "North", address="https://hub.example:8443")


def test_a_hubs_card_edited_to_point_elsewhere_is_refused_as_damaged() -> None:
    hub = DeviceIdentity.generate()
    card = hub.card("hub", "Hub", "North", address="https://hub.example:8443", tls_sha256="ab" * 32)
    document = json.loads(card.to_bytes())
    document["address"] = "https://evil.example:8443"
    error = _refused(json.dumps(document).encode())
    assert error.reason is CardProblem.DAMAGED


def test_a_workers_card_is_still_written_as_version_one() -> None:
    card = DeviceIdentity.generate().card("worker", "Ann", "North")
    assert json.loads(card.to_bytes())["version"] == 1
    assert "address" not in json.loads(card.to_bytes())
