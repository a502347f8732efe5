"""A bundle read by hand, step by step as docs/bundle-format.md describes, with plain PyNaCl."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib

from nacl.public import SealedBox
from nacl.signing import VerifyKey

from visitdesk.sync import Card, DeviceIdentity, seal

DOCUMENTED_MAGIC = bytes.fromhex("89 56 44 42 0d 0a 1a 0a")


def test_a_bundle_can_be_read_by_following_the_documented_layout(
    worker: DeviceIdentity, manager: DeviceIdentity, worker_card: Card, manager_card: Card
) -> None:
    payload = json.dumps({"records": [{"id": n} for n in range(500)]}).encode()
    data = seal(
        payload,
        manifest={"sequence": 12, "counts": {"records": 500}},
        sender=worker,
        recipient=manager_card,
    )

    magic, version, sender, recipient, length = struct.unpack_from(">8sH16s16sQ", data)
    assert magic == DOCUMENTED_MAGIC
    assert version == 1
    assert sender.hex() == worker_card.device_id
    assert recipient.hex() == manager_card.device_id
    assert len(data) == 50 + length + 64

    VerifyKey(worker_card.signing_key).verify(data[:-64], data[-64:])
    body = SealedBox(manager.encryption_key).decrypt(data[50:-64])
    (manifest_length,) = struct.unpack_from(">I", body)
    manifest = json.loads(body[4 : 4 + manifest_length])
    packed = body[4 + manifest_length :]
    assert manifest["payload_encoding"] == "zlib"
    recovered = zlib.decompress(packed)
    assert recovered == payload
    assert hashlib.sha256(recovered).hexdigest() == manifest["payload_sha256"]
    assert manifest["payload_size"] == len(payload)
    assert manifest["sequence"] == 12
    assert manifest["counts"] == {"records": 500}
    assert manifest["sender_device_id"] == worker_card.device_id
    assert manifest["recipient_device_id"] == manager_card.device_id
    assert manifest["format_version"] == 1


def test_ids_and_fingerprints_follow_the_documented_derivation(worker: DeviceIdentity) -> None:
    signing, encryption = worker.signing_public_key, worker.encryption_public_key
    assert (
        worker.device_id == hashlib.sha256(b"VisitDesk device id v1\x00" + signing).hexdigest()[:32]
    )
    digest = hashlib.sha256(b"VisitDesk fingerprint v1\x00" + signing + encryption).digest()
    number = int.from_bytes(digest[:13], "big") >> 4  # the first 100 bits
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    chars = "".join(alphabet[(number >> (5 * (19 - i))) & 31] for i in range(20))
    assert worker.fingerprint == " ".join(chars[i : i + 4] for i in range(0, 20, 4))


def test_a_card_signature_can_be_checked_by_following_the_documented_form(
    worker_card: Card,
) -> None:
    document = json.loads(worker_card.to_bytes())
    signature = bytes.fromhex(document.pop("signature"))
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = b"VisitDesk card v1\x00" + canonical.encode("utf-8")
    VerifyKey(bytes.fromhex(document["signing_key"])).verify(message, signature)
