"""Sealed bundles: a round trip, and every kind of bad input refused with a plain reason."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from visitdesk.errors import UserError
from visitdesk.sync import (
    BundleError,
    BundleProblem,
    Card,
    DeviceIdentity,
    Opened,
    open_sealed,
    open_sealed_file,
    seal,
)
from visitdesk.sync.envelope import HEADER_SIZE, MAGIC, SIGNATURE_SIZE

PAYLOAD = json.dumps(
    {
        "records": [
            {"id": n, "notes": "Seen alone in her bedroom; happy at school."} for n in range(50)
        ]
    }
).encode("utf-8")


@pytest.fixture
def senders(worker_card: Card) -> dict[str, Card]:
    return {worker_card.device_id: worker_card}


@pytest.fixture
def bundle(worker: DeviceIdentity, manager_card: Card) -> bytes:
    return seal(
        PAYLOAD,
        manifest={"sequence": 3, "counts": {"records": 50}},
        sender=worker,
        recipient=manager_card,
    )


def refused(
    data: bytes, me: DeviceIdentity, senders: dict[str, Card], **options: Any
) -> BundleError:
    """Open ``data``, expect a BundleError, check its message is one calm line, return it."""
    with pytest.raises(BundleError) as caught:
        open_sealed(data, me=me, known_senders=senders, **options)
    return _checked(caught.value)


def _checked(error: BundleError) -> BundleError:
    assert isinstance(error, UserError)
    message = str(error)
    assert message and "\n" not in message and message.endswith(".")
    assert len(message) < 220
    return error


def flip(data: bytes, index: int, mask: int = 0x01) -> bytes:
    changed = bytearray(data)
    changed[index] ^= mask
    return bytes(changed)


# --- round trips ---------------------------------------------------------------------------


def test_sealed_bundle_opens_for_its_recipient(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card], worker_card: Card
) -> None:
    opened = open_sealed(bundle, me=manager, known_senders=senders)
    assert isinstance(opened, Opened)
    assert opened.payload == PAYLOAD
    assert opened.sender == worker_card
    assert opened.sequence == 3
    manifest = opened.manifest
    assert manifest["counts"] == {"records": 50}
    assert manifest["format_version"] == 1
    assert manifest["sender_device_id"] == worker_card.device_id
    assert manifest["recipient_device_id"] == manager.device_id
    assert manifest["payload_size"] == len(PAYLOAD)
    assert manifest["payload_sha256"] == hashlib.sha256(PAYLOAD).hexdigest()
    assert manifest["payload_encoding"] == "zlib"


def test_the_payload_cannot_be_read_in_the_file(bundle: bytes) -> None:
    assert b"Seen alone" not in bundle
    assert b"records" not in bundle
    assert len(bundle) < len(PAYLOAD)  # compressed before encrypting


def test_caller_fields_and_creation_time_are_carried(
    worker: DeviceIdentity, manager: DeviceIdentity, manager_card: Card, senders: dict[str, Card]
) -> None:
    moment = datetime(2025, 3, 4, 10, 15, tzinfo=UTC)
    data = seal(
        b"{}",
        manifest={"sequence": 0, "counts": {}, "schema_version": 4, "note": "Décisions"},
        sender=worker,
        recipient=manager_card,
        created_at=moment,
    )
    opened = open_sealed(data, me=manager, known_senders=senders)
    assert opened.manifest["schema_version"] == 4
    assert opened.manifest["note"] == "Décisions"
    assert opened.manifest["created_at"] == "2025-03-04T10:15:00Z"
    assert opened.created_at == moment


@pytest.mark.parametrize(
    "payload",
    [b"", b"x", os.urandom(200_000), b"a" * 3_000_000],
    ids=["empty", "one", "random", "big"],
)
def test_payloads_of_every_kind_round_trip(
    payload: bytes,
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    data = seal(
        payload, manifest={"sequence": 1, "counts": {}}, sender=worker, recipient=manager_card
    )
    assert open_sealed(data, me=manager, known_senders=senders).payload == payload


def test_incompressible_payload_is_stored_without_compression(
    worker: DeviceIdentity, manager: DeviceIdentity, manager_card: Card, senders: dict[str, Card]
) -> None:
    data = seal(
        os.urandom(50_000),
        manifest={"sequence": 1, "counts": {}},
        sender=worker,
        recipient=manager_card,
    )
    opened = open_sealed(data, me=manager, known_senders=senders)
    assert opened.manifest["payload_encoding"] == "none"


def test_decisions_go_back_from_manager_to_worker(
    worker: DeviceIdentity, manager: DeviceIdentity, worker_card: Card, manager_card: Card
) -> None:
    data = seal(
        b'{"decisions": []}',
        manifest={"sequence": 1, "counts": {}},
        sender=manager,
        recipient=worker_card,
    )
    opened = open_sealed(data, me=worker, known_senders={manager_card.device_id: manager_card})
    assert opened.payload == b'{"decisions": []}'
    assert opened.sender.role == "manager"


def test_each_seal_is_different_even_for_the_same_content(
    worker: DeviceIdentity, manager_card: Card
) -> None:
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    one, two = (
        seal(
            PAYLOAD,
            manifest={"sequence": 1, "counts": {}},
            sender=worker,
            recipient=manager_card,
            created_at=moment,
        )
        for _ in range(2)
    )
    assert one != two


def test_a_replayed_bundle_opens_the_same_and_the_caller_decides_by_sequence(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    first = open_sealed(bundle, me=manager, known_senders=senders)
    second = open_sealed(bundle, me=manager, known_senders=senders)
    assert first == second
    assert second.sequence == 3


def test_open_sealed_file_reads_a_bundle_from_disc(
    bundle: bytes, tmp_path: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    path = tmp_path / "visits.vdbundle"
    path.write_bytes(bundle)
    assert open_sealed_file(path, me=manager, known_senders=senders).payload == PAYLOAD


# --- sealing mistakes are programming errors -----------------------------------------------


@pytest.mark.parametrize(
    "manifest",
    [
        {},
        {"sequence": -1},
        {"sequence": True},
        {"sequence": "1"},
        {"sequence": 2**63},
        {"sequence": 2**31},
        {"sequence": 1},
        {"sequence": 1, "counts": {"records": -1}},
        {"sequence": 1, "counts": [1, 2]},
        {"sequence": 1, "payload_sha256": "0" * 64},
        {"sequence": 1, "sender_device_id": "x"},
        {"sequence": 1, "created_at": "2025-01-01T00:00:00Z"},
    ],
)
def test_sealing_with_a_bad_manifest_is_a_programming_error(
    manifest: dict[str, Any], worker: DeviceIdentity, manager_card: Card
) -> None:
    with pytest.raises(ValueError):
        seal(b"x", manifest=manifest, sender=worker, recipient=manager_card)


# --- not a bundle at all --------------------------------------------------------------------


def test_an_empty_file_is_refused(manager: DeviceIdentity, senders: dict[str, Card]) -> None:
    error = refused(b"", manager, senders)
    assert error.reason is BundleProblem.EMPTY
    assert "empty" in str(error)


@pytest.mark.parametrize(
    "data",
    [
        b"hello",
        b"%PDF-1.7\n" + bytes(100),
        b"PK\x03\x04" + bytes(100),
        b"\x89PNG\r\n\x1a\n" + bytes(60),
    ],
)
def test_a_file_that_is_not_a_bundle_is_refused(
    data: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.NOT_A_BUNDLE
    assert "not a VisitDesk sync bundle" in str(error)


def test_a_bundle_sent_through_a_text_mode_link_is_not_taken_for_one(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    mangled = bundle.replace(b"\r\n", b"\n")
    assert refused(mangled, manager, senders).reason is BundleProblem.NOT_A_BUNDLE


# --- truncated, extended, oversized ---------------------------------------------------------


@pytest.mark.parametrize(
    "keep", [1, 4, len(MAGIC), len(MAGIC) + 1, 20, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 10]
)
def test_a_bundle_cut_short_in_the_header_is_refused_as_incomplete(
    keep: int, bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = refused(bundle[:keep], manager, senders)
    assert error.reason is BundleProblem.TRUNCATED
    assert "incomplete" in str(error)


@pytest.mark.parametrize("lose", [1, SIGNATURE_SIZE, SIGNATURE_SIZE + 1, 200])
def test_a_bundle_missing_its_end_is_refused_as_incomplete(
    lose: int, bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    assert refused(bundle[:-lose], manager, senders).reason is BundleProblem.TRUNCATED


def test_a_bundle_with_bytes_added_at_the_end_is_refused(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = refused(bundle + b"\n", manager, senders)
    assert error.reason is BundleProblem.DAMAGED
    assert "extra bytes" in str(error)


def test_a_bundle_larger_than_the_limit_is_refused(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = refused(bundle, manager, senders, max_size=len(bundle) - 1)
    assert error.reason is BundleProblem.TOO_LARGE
    assert "larger than a VisitDesk bundle can be" in str(error)


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path,
    manager: DeviceIdentity,
    senders: dict[str, Card],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "huge.vdbundle"
    with path.open("wb") as handle:  # sparse: takes no space on disc
        handle.truncate(300 * 1024 * 1024)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_reading)
    with pytest.raises(BundleError) as caught:
        open_sealed_file(path, me=manager, known_senders=senders)
    monkeypatch.undo()
    assert _checked(caught.value).reason is BundleProblem.TOO_LARGE
    assert "32 MB" in str(caught.value)


def test_a_bundle_holding_more_than_the_payload_limit_is_refused(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = refused(bundle, manager, senders, max_payload_size=len(PAYLOAD) - 1)
    assert error.reason is BundleProblem.TOO_LARGE


def test_a_missing_file_is_refused_calmly(
    tmp_path: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    with pytest.raises(BundleError) as caught:
        open_sealed_file(tmp_path / "gone.vdbundle", me=manager, known_senders=senders)
    assert _checked(caught.value).reason is BundleProblem.UNREADABLE_FILE
    assert "could not be found" in str(caught.value)


def test_a_folder_is_refused_calmly(
    tmp_path: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    with pytest.raises(BundleError) as caught:
        open_sealed_file(tmp_path, me=manager, known_senders=senders)
    assert _checked(caught.value).reason is BundleProblem.UNREADABLE_FILE
    assert "is a folder" in str(caught.value)


def test_an_empty_file_on_disc_is_refused(
    tmp_path: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    path = tmp_path / "empty.vdbundle"
    path.write_bytes(b"")
    with pytest.raises(BundleError) as caught:
        open_sealed_file(path, me=manager, known_senders=senders)
    assert _checked(caught.value).reason is BundleProblem.EMPTY


# --- versions -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 9, 0xFFFF])
def test_a_bundle_from_a_newer_version_asks_for_an_update(
    version: int, bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    # Only the magic and the version are looked at, so the rest may be anything at all.
    data = MAGIC + struct.pack(">H", version) + b"future layout"
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.NEWER_VERSION
    assert "newer version of VisitDesk" in str(error)
    assert "update VisitDesk" in str(error)
    newer = bundle[: len(MAGIC)] + struct.pack(">H", version) + bundle[len(MAGIC) + 2 :]
    assert refused(newer, manager, senders).reason is BundleProblem.NEWER_VERSION


def test_a_bundle_claiming_version_zero_is_refused_as_damaged(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    data = bundle[: len(MAGIC)] + b"\x00\x00" + bundle[len(MAGIC) + 2 :]
    assert refused(data, manager, senders).reason is BundleProblem.DAMAGED


# --- who it is from and for -----------------------------------------------------------------


def test_a_bundle_from_a_device_not_enrolled_is_refused(
    bundle: bytes, manager: DeviceIdentity
) -> None:
    error = refused(bundle, manager, {})
    assert error.reason is BundleProblem.UNKNOWN_SENDER
    assert "not enrolled" in str(error)


def test_a_sender_listed_under_the_wrong_id_is_not_trusted(
    bundle: bytes, manager: DeviceIdentity, worker_card: Card, manager_card: Card
) -> None:
    misfiled = {worker_card.device_id: manager_card}
    assert refused(bundle, manager, misfiled).reason is BundleProblem.UNKNOWN_SENDER


def test_a_bundle_for_someone_else_is_refused(bundle: bytes, senders: dict[str, Card]) -> None:
    stranger = DeviceIdentity.generate()
    error = refused(bundle, stranger, senders)
    assert error.reason is BundleProblem.WRONG_RECIPIENT
    assert "different device" in str(error)


def test_a_bundle_readdressed_to_me_but_sealed_for_someone_else_cannot_be_unlocked(
    craft: Callable[..., bytes],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    other = DeviceIdentity.generate()
    data = craft(sender=worker, recipient=manager_card, seal_to=other.encryption_public_key)
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.CANNOT_DECRYPT
    assert "could not be unlocked" in str(error)


# --- tampering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["ciphertext start", "ciphertext middle", "ciphertext end", "signature start", "signature end"],
)
def test_a_bit_flipped_in_the_signed_part_is_caught_by_the_signature(
    where: str, bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    index = {
        "ciphertext start": HEADER_SIZE,
        "ciphertext middle": (HEADER_SIZE + len(bundle) - SIGNATURE_SIZE) // 2,
        "ciphertext end": len(bundle) - SIGNATURE_SIZE - 1,
        "signature start": len(bundle) - SIGNATURE_SIZE,
        "signature end": len(bundle) - 1,
    }[where]
    error = refused(flip(bundle, index), manager, senders)
    assert error.reason is BundleProblem.BAD_SIGNATURE
    assert "says it is from Jo Bloggs, has been altered or damaged" in str(error)


@pytest.mark.parametrize(
    ("index", "reason"),
    [
        (0, BundleProblem.NOT_A_BUNDLE),
        (len(MAGIC) - 1, BundleProblem.NOT_A_BUNDLE),
        (len(MAGIC) + 1, BundleProblem.NEWER_VERSION),  # version 1 -> 0 is damaged, 1 -> 3 newer
        (len(MAGIC) + 2, BundleProblem.UNKNOWN_SENDER),
        (len(MAGIC) + 2 + 16, BundleProblem.WRONG_RECIPIENT),
        (HEADER_SIZE - 1, BundleProblem.TRUNCATED),
        (HEADER_SIZE - 8, BundleProblem.TRUNCATED),
    ],
)
def test_a_bit_flipped_in_the_header_is_refused(
    index: int,
    reason: BundleProblem,
    bundle: bytes,
    manager: DeviceIdentity,
    senders: dict[str, Card],
) -> None:
    mask = 0x02 if index == len(MAGIC) + 1 else 0x01
    assert refused(flip(bundle, index, mask), manager, senders).reason is reason


def test_a_shorter_length_in_the_header_is_refused(
    bundle: bytes, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    assert refused(flip(bundle, HEADER_SIZE - 1, 0x02), manager, senders).reason in {
        BundleProblem.TRUNCATED,
        BundleProblem.DAMAGED,
    }


def test_a_header_changed_to_name_an_enrolled_sender_fails_the_signature(
    bundle: bytes, manager: DeviceIdentity, worker_card: Card
) -> None:
    colleague = DeviceIdentity.generate()
    colleague_card = colleague.card("worker", "Alex Kim", "North Team")
    data = bundle[: len(MAGIC) + 2] + bytes.fromhex(colleague.device_id) + bundle[len(MAGIC) + 18 :]
    senders = {worker_card.device_id: worker_card, colleague.device_id: colleague_card}
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.BAD_SIGNATURE
    assert "Alex Kim" in str(error)


def test_a_colleague_re_signing_someone_elses_bundle_is_caught(
    bundle: bytes, manager: DeviceIdentity, worker_card: Card
) -> None:
    # An enrolled colleague cannot read the worker's bundle, but could try to pass it off as
    # their own by re-signing it. The sender sealed inside the body gives it away.
    colleague = DeviceIdentity.generate()
    colleague_card = colleague.card("worker", "Alex Kim", "North Team")
    signed = bundle[:-SIGNATURE_SIZE]
    relabelled = (
        signed[: len(MAGIC) + 2] + bytes.fromhex(colleague.device_id) + signed[len(MAGIC) + 18 :]
    )
    data = relabelled + colleague.sign(relabelled)
    senders = {worker_card.device_id: worker_card, colleague.device_id: colleague_card}
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.LABEL_MISMATCH
    assert "tampered" in str(error)


# --- a signed bundle whose inside is wrong (a faulty or hostile sender) ---------------------


@pytest.mark.parametrize(
    "manifest_bytes",
    [b"", b"{", b"not json", b"\xff\xfe", b'{"a": NaN}', b'{"a": 1, "a": 2}', b"[" * 60_000],
    ids=["empty", "unclosed", "text", "not-utf8", "nan", "duplicate", "deep"],
)
def test_a_manifest_that_is_not_valid_json_is_refused(
    manifest_bytes: bytes,
    craft: Callable[..., bytes],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    data = craft(sender=worker, recipient=manager_card, manifest=manifest_bytes)
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.BAD_MANIFEST
    assert "manifest" in str(error)
    assert "not readable JSON" in str(error)


def test_a_manifest_that_is_not_an_object_is_refused(
    craft: Callable[..., bytes],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    data = craft(sender=worker, recipient=manager_card, manifest=b"[1, 2]")
    assert refused(data, manager, senders).reason is BundleProblem.BAD_MANIFEST


def test_a_manifest_length_past_the_end_is_refused(
    craft: Callable[..., bytes],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    data = craft(sender=worker, recipient=manager_card, manifest=b"{}", manifest_length=10_000)
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.BAD_MANIFEST
    assert "length is wrong" in str(error)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"sequence": None}, BundleProblem.BAD_MANIFEST),
        ({"sequence": -1}, BundleProblem.BAD_MANIFEST),
        ({"sequence": 1.5}, BundleProblem.BAD_MANIFEST),
        ({"sequence": True}, BundleProblem.BAD_MANIFEST),
        ({"created_at": None}, BundleProblem.BAD_MANIFEST),
        ({"created_at": "yesterday"}, BundleProblem.BAD_MANIFEST),
        ({"counts": {"records": "many"}}, BundleProblem.BAD_MANIFEST),
        ({"payload_size": None}, BundleProblem.BAD_MANIFEST),
        ({"payload_sha256": "abc"}, BundleProblem.BAD_MANIFEST),
        ({"payload_sha256": "A" * 64}, BundleProblem.BAD_MANIFEST),
        ({"payload_encoding": "lzma"}, BundleProblem.BAD_MANIFEST),
        ({"format_version": 2}, BundleProblem.LABEL_MISMATCH),
        ({"format_version": True}, BundleProblem.LABEL_MISMATCH),
        ({"sender_device_id": "0" * 32}, BundleProblem.LABEL_MISMATCH),
        ({"recipient_device_id": None}, BundleProblem.LABEL_MISMATCH),
        ({"payload_size": 5}, BundleProblem.PAYLOAD_DAMAGED),
        ({"payload_sha256": "0" * 64}, BundleProblem.HASH_MISMATCH),
        # Limits, checked from the signed manifest before anything is decompressed.
        ({"sequence": 2**31}, BundleProblem.BAD_MANIFEST),
        ({"sequence": 2**63 - 1}, BundleProblem.BAD_MANIFEST),
        ({"counts": None}, BundleProblem.BAD_MANIFEST),
        ({"counts": {"visits": 250_001}}, BundleProblem.TOO_LARGE),
        ({"counts": {"visits": 200_000, "audit": 50_001}}, BundleProblem.TOO_LARGE),
        ({"counts": {"visits": 2**63}}, BundleProblem.TOO_LARGE),
        ({"payload_size": 48 * 1024 * 1024 + 1}, BundleProblem.TOO_LARGE),
    ],
)
def test_a_signed_bundle_with_a_wrong_manifest_is_refused(
    changes: dict[str, Any],
    reason: BundleProblem,
    craft: Callable[..., bytes],
    make_manifest: Callable[..., dict[str, Any]],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    payload = b'{"records": []}'
    manifest = make_manifest(worker, manager_card, payload, **changes)
    data = craft(sender=worker, recipient=manager_card, payload=payload, manifest=manifest)
    assert refused(data, manager, senders).reason is reason


def test_a_payload_that_does_not_match_its_checksum_is_refused(
    craft: Callable[..., bytes],
    make_manifest: Callable[..., dict[str, Any]],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    manifest = make_manifest(worker, manager_card, b'{"records": [1]}')
    data = craft(
        sender=worker, recipient=manager_card, payload=b'{"records": [2]}', manifest=manifest
    )
    error = refused(data, manager, senders)
    assert error.reason is BundleProblem.HASH_MISMATCH
    assert "checksum" in str(error)


@pytest.mark.parametrize(
    "packed",
    [
        b"not zlib at all",
        zlib.compress(b'{"records": []}')[:-3],
        zlib.compress(b'{"records": []}') + b"more",
        zlib.compress(b'{"records": []} and more'),
    ],
    ids=["garbage", "cut", "trailing", "longer"],
)
def test_a_payload_that_will_not_unpack_is_refused(
    packed: bytes,
    craft: Callable[..., bytes],
    make_manifest: Callable[..., dict[str, Any]],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    payload = b'{"records": []}'
    manifest = make_manifest(worker, manager_card, payload, payload_encoding="zlib")
    data = craft(
        sender=worker, recipient=manager_card, payload=payload, manifest=manifest, packed=packed
    )
    assert refused(data, manager, senders).reason is BundleProblem.PAYLOAD_DAMAGED


def test_a_hand_made_bundle_that_follows_the_format_opens(
    craft: Callable[..., bytes],
    make_manifest: Callable[..., dict[str, Any]],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    payload = b'{"records": [{"id": 1}]}'
    manifest = make_manifest(worker, manager_card, payload, payload_encoding="zlib")
    data = craft(
        sender=worker,
        recipient=manager_card,
        payload=payload,
        manifest=manifest,
        packed=zlib.compress(payload, 9),
    )
    opened = open_sealed(data, me=manager, known_senders=senders)
    assert opened.payload == payload
    assert opened.sequence == 7


def test_the_largest_sequence_and_row_count_allowed_still_open(
    worker: DeviceIdentity, manager: DeviceIdentity, manager_card: Card, senders: dict[str, Card]
) -> None:
    data = seal(
        b"{}",
        manifest={"sequence": 2**31 - 1, "counts": {"visits": 200_000, "audit": 50_000}},
        sender=worker,
        recipient=manager_card,
    )
    assert open_sealed(data, me=manager, known_senders=senders).sequence == 2**31 - 1


def test_sealing_more_rows_than_a_bundle_may_carry_asks_for_smaller_batches(
    worker: DeviceIdentity, manager_card: Card
) -> None:
    with pytest.raises(BundleError) as caught:
        seal(
            b"{}",
            manifest={"sequence": 1, "counts": {"visits": 250_001}},
            sender=worker,
            recipient=manager_card,
        )
    assert _checked(caught.value).reason is BundleProblem.TOO_LARGE
    assert "smaller batches" in str(caught.value)


def test_a_payload_spanning_many_pieces_unpacks_whole(
    worker: DeviceIdentity, manager: DeviceIdentity, manager_card: Card, senders: dict[str, Card]
) -> None:
    rows = [{"id": n, "findings": f"Visit {n}: seen alone, room tidy. " * 20} for n in range(6000)]
    payload = json.dumps({"visits": rows}).encode("utf-8")
    assert len(payload) > 4 * 1024 * 1024  # several of the pieces it is unpacked in
    data = seal(
        payload,
        manifest={"sequence": 1, "counts": {"visits": 6000}},
        sender=worker,
        recipient=manager_card,
    )
    opened = open_sealed(data, me=manager, known_senders=senders)
    assert opened.manifest["payload_encoding"] == "zlib" and opened.payload == payload
