"""Shared keys, cards and a hand-made bundle writer that follows docs/bundle-format.md."""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from typing import Any

import pytest
from nacl.public import PublicKey, SealedBox

from visitdesk.sync import Card, DeviceIdentity

MAGIC = b"\x89VDB\r\n\x1a\n"


@pytest.fixture
def worker() -> DeviceIdentity:
    return DeviceIdentity.generate()


@pytest.fixture
def manager() -> DeviceIdentity:
    return DeviceIdentity.generate()


@pytest.fixture
def worker_card(worker: DeviceIdentity) -> Card:
    return worker.card("worker", "Jo Bloggs", "North Team")


@pytest.fixture
def manager_card(manager: DeviceIdentity) -> Card:
    return manager.card("manager", "Sam Patel", "North Team")


def craft_manifest(
    sender: DeviceIdentity, recipient: Card, payload: bytes, **changes: Any
) -> dict[str, Any]:
    """A manifest as the format describes it, with any field changed or (``None``) removed."""
    manifest: dict[str, Any] = {
        "format_version": 1,
        "sender_device_id": sender.device_id,
        "recipient_device_id": recipient.device_id,
        "created_at": "2025-03-04T10:15:00Z",
        "sequence": 7,
        "counts": {"records": 1},
        "payload_size": len(payload),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_encoding": "none",
    }
    for key, value in changes.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    return manifest


def craft_bundle(
    *,
    sender: DeviceIdentity,
    recipient: Card,
    manifest_bytes: bytes,
    packed: bytes,
    version: int = 1,
    header_sender: str | None = None,
    header_recipient: str | None = None,
    seal_to: bytes | None = None,
    manifest_length: int | None = None,
) -> bytes:
    """Write a bundle by hand from the documented layout, signed by ``sender``."""
    length = len(manifest_bytes) if manifest_length is None else manifest_length
    body = struct.pack(">I", length) + manifest_bytes + packed
    ciphertext = SealedBox(PublicKey(seal_to or recipient.encryption_key)).encrypt(body)
    header = (
        MAGIC
        + struct.pack(">H", version)
        + bytes.fromhex(header_sender or sender.device_id)
        + bytes.fromhex(header_recipient or recipient.device_id)
        + struct.pack(">Q", len(ciphertext))
    )
    signed = header + ciphertext
    return signed + sender.signing_key.sign(signed).signature


@pytest.fixture
def craft() -> Callable[..., bytes]:
    """``craft(sender=, recipient=, payload=, manifest=dict | bytes, **craft_bundle options)``."""

    def make(
        *,
        sender: DeviceIdentity,
        recipient: Card,
        payload: bytes = b'{"records": []}',
        manifest: dict[str, Any] | bytes | None = None,
        packed: bytes | None = None,
        **options: Any,
    ) -> bytes:
        if manifest is None:
            manifest = craft_manifest(sender, recipient, payload)
        manifest_bytes = (
            manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode("utf-8")
        )
        return craft_bundle(
            sender=sender,
            recipient=recipient,
            manifest_bytes=manifest_bytes,
            packed=payload if packed is None else packed,
            **options,
        )

    return make


@pytest.fixture
def make_manifest() -> Callable[..., dict[str, Any]]:
    """``make_manifest(sender, recipient, payload, **changes)``: see :func:`craft_manifest`."""
    return craft_manifest
