"""Device identities: generation, secret round trip, device ids and fingerprints."""

from __future__ import annotations

import re

import pytest

from visitdesk.sync import DeviceIdentity
from visitdesk.sync._shared import FINGERPRINT_ALPHABET

FINGERPRINT_SHAPE = re.compile(
    rf"([{FINGERPRINT_ALPHABET}]{{4}} ){{4}}[{FINGERPRINT_ALPHABET}]{{4}}"
)


def test_secret_bytes_round_trip_keeps_every_key() -> None:
    identity = DeviceIdentity.generate()
    secret = identity.to_secret_bytes()
    again = DeviceIdentity.from_secret_bytes(secret)
    assert again == identity
    assert again.to_secret_bytes() == secret
    assert again.device_id == identity.device_id
    assert again.fingerprint == identity.fingerprint
    assert again.signing_public_key == identity.signing_public_key
    assert again.encryption_public_key == identity.encryption_public_key


@pytest.mark.parametrize(
    "secret",
    [b"", b"VDID", b"XXXX" + bytes(65), b"VDID\x02" + bytes(64), b"VDID\x01" + bytes(63)],
)
def test_secret_bytes_that_are_not_an_identity_are_refused(secret: bytes) -> None:
    with pytest.raises(ValueError):
        DeviceIdentity.from_secret_bytes(secret)


def test_device_id_is_stable_and_derived_from_the_signing_key() -> None:
    identity = DeviceIdentity.generate()
    assert re.fullmatch(r"[0-9a-f]{32}", identity.device_id)
    again = DeviceIdentity.from_secret_bytes(identity.to_secret_bytes())
    assert again.device_id == identity.device_id


def test_fingerprint_is_five_groups_of_four_unambiguous_characters() -> None:
    fingerprint = DeviceIdentity.generate().fingerprint
    assert FINGERPRINT_SHAPE.fullmatch(fingerprint), fingerprint
    assert not set(fingerprint) & set("ILOU")


def test_different_keys_give_different_ids_and_fingerprints() -> None:
    identities = [DeviceIdentity.generate() for _ in range(50)]
    assert len({identity.device_id for identity in identities}) == 50
    assert len({identity.fingerprint for identity in identities}) == 50


def test_changing_only_the_encryption_key_changes_the_fingerprint_not_the_id() -> None:
    one = DeviceIdentity.generate()
    other = DeviceIdentity(one.signing_key, DeviceIdentity.generate().encryption_key)
    assert other.device_id == one.device_id
    assert other.fingerprint != one.fingerprint


def test_repr_shows_no_key_material() -> None:
    identity = DeviceIdentity.generate()
    text = repr(identity)
    assert identity.device_id in text
    assert bytes(identity.signing_key).hex() not in text
    assert bytes(identity.encryption_key).hex() not in text
