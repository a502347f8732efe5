"""Sealed bundles: a payload and its manifest, encrypted to one card and signed by one device.

A bundle is a plain header (magic, format version, sender and recipient device ids, body length),
the body sealed to the recipient's X25519 key (libsodium ``crypto_box_seal``), and an Ed25519
signature by the sender over header and body. Opening checks the header, then the signature
against the enrolled sender's card, then decrypts and checks the manifest and the payload's
SHA-256. Every fault becomes a :class:`BundleError` with one line for the user. Whether a bundle
is new, a replay or out of order is for the caller to decide from ``manifest["sequence"]``.
The format is described byte by byte in docs/bundle-format.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PublicKey, SealedBox
from nacl.signing import VerifyKey

from visitdesk.errors import UserError
from visitdesk.sync._shared import (
    DEVICE_ID_SIZE,
    format_timestamp,
    parse_timestamp,
    strict_json_loads,
    utc_now,
)
from visitdesk.sync.cards import Card
from visitdesk.sync.identity import DeviceIdentity

MAGIC = b"\x89VDB\r\n\x1a\n"
FORMAT_VERSION = 1
_HEADER = struct.Struct(f">{len(MAGIC)}sH{DEVICE_ID_SIZE}s{DEVICE_ID_SIZE}sQ")
HEADER_SIZE = _HEADER.size  # 50
SIGNATURE_SIZE = 64
SEAL_OVERHEAD = 48  # crypto_box_SEALBYTES: ephemeral public key and MAC
_MANIFEST_LENGTH = struct.Struct(">I")

MIB = 1024 * 1024
MAX_BUNDLE_SIZE = 256 * MIB
MAX_PAYLOAD_SIZE = 1024 * MIB
MAX_MANIFEST_SIZE = 1 * MIB
MAX_SEQUENCE = 2**63 - 1

ENCODING_ZLIB = "zlib"
ENCODING_NONE = "none"
_ZLIB_LEVEL = 1  # fast; sync payloads are JSON and still shrink about sixfold
_SAMPLE_SIZE = 1 * MIB

RESERVED_MANIFEST_KEYS = frozenset(
    {
        "format_version",
        "sender_device_id",
        "recipient_device_id",
        "created_at",
        "payload_size",
        "payload_sha256",
        "payload_encoding",
    }
)

_SEND_AGAIN = "Ask for it to be sent again."


class BundleProblem(StrEnum):
    """Why a bundle was refused, for code and logs; the message is for people."""

    UNREADABLE_FILE = "unreadable_file"
    EMPTY = "empty"
    NOT_A_BUNDLE = "not_a_bundle"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"
    DAMAGED = "damaged"
    NEWER_VERSION = "newer_version"
    WRONG_RECIPIENT = "wrong_recipient"
    UNKNOWN_SENDER = "unknown_sender"
    BAD_SIGNATURE = "bad_signature"
    CANNOT_DECRYPT = "cannot_decrypt"
    BAD_MANIFEST = "bad_manifest"
    LABEL_MISMATCH = "label_mismatch"
    PAYLOAD_DAMAGED = "payload_damaged"
    HASH_MISMATCH = "hash_mismatch"


class BundleError(UserError):
    """A bundle could not be made or opened; the message is one line for the user."""

    def __init__(self, message: str, reason: BundleProblem) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Opened:
    """What a bundle held, once every check has passed."""

    manifest: dict[str, Any]
    payload: bytes
    sender: Card

    @property
    def sequence(self) -> int:
        """The sender's sequence number; the caller decides whether it is new."""
        return int(self.manifest["sequence"])

    @property
    def created_at(self) -> datetime:
        return parse_timestamp(self.manifest["created_at"])


def _mb(size: int) -> str:
    return f"{size / MIB:g} MB"


_MESSAGES = {
    BundleProblem.EMPTY: "The file is empty, so it is not a VisitDesk bundle. " + _SEND_AGAIN,
    BundleProblem.NOT_A_BUNDLE: (
        "This file is not a VisitDesk sync bundle. Check you chose the right file."
    ),
    BundleProblem.TRUNCATED: (
        "The bundle is incomplete; it may have been cut short while being copied. " + _SEND_AGAIN
    ),
    BundleProblem.DAMAGED: "The bundle is damaged: {detail}. " + _SEND_AGAIN,
    BundleProblem.NEWER_VERSION: (
        "This bundle was made by a newer version of VisitDesk. "
        "Please update VisitDesk, then import it again."
    ),
    BundleProblem.WRONG_RECIPIENT: (
        "This bundle was made for a different device, so it cannot be opened here. "
        "Check it was meant for you."
    ),
    BundleProblem.UNKNOWN_SENDER: (
        "This bundle comes from a device that is not enrolled here. "
        "Enrol that device's card first, or check where the file came from."
    ),
    BundleProblem.BAD_SIGNATURE: (
        "The bundle, which says it is from {detail}, has been altered or damaged since it was "
        "signed. Do not use it; ask for it to be sent again."
    ),
    BundleProblem.CANNOT_DECRYPT: (
        "The bundle could not be unlocked with this device's key. "
        "Ask the sender to make it again from this device's current card."
    ),
    BundleProblem.BAD_MANIFEST: (
        "The bundle's manifest (its list of contents) is not valid: {detail}. " + _SEND_AGAIN
    ),
    BundleProblem.LABEL_MISMATCH: (
        "The bundle's contents do not match its label ({detail}), "
        "so it may have been tampered with. Do not use it."
    ),
    BundleProblem.PAYLOAD_DAMAGED: (
        "The bundle's records could not be unpacked: {detail}. " + _SEND_AGAIN
    ),
    BundleProblem.HASH_MISMATCH: (
        "The bundle's records do not match their checksum, so they may have been altered. "
        "Do not use it; ask for it to be sent again."
    ),
    # These two are written in full where they arise.
    BundleProblem.TOO_LARGE: "{detail}",
    BundleProblem.UNREADABLE_FILE: "{detail}",
}


def _error(reason: BundleProblem, detail: str = "") -> BundleError:
    return BundleError(_MESSAGES[reason].format(detail=detail), reason)


# --- sealing -------------------------------------------------------------------------------


def _check_caller_manifest(manifest: Mapping[str, Any]) -> None:
    if not isinstance(manifest, Mapping):
        raise TypeError("manifest must be a mapping")
    clash = RESERVED_MANIFEST_KEYS & set(manifest)
    if clash:
        raise ValueError(f"manifest keys {sorted(clash)} are filled in by seal()")
    if not all(isinstance(key, str) for key in manifest):
        raise ValueError("manifest keys must be strings")
    sequence = manifest.get("sequence")
    if not _is_whole(sequence, MAX_SEQUENCE):
        raise ValueError("manifest['sequence'] must be a whole number from 0 to 2**63 - 1")
    if "counts" in manifest and not _valid_counts(manifest["counts"]):
        raise ValueError("manifest['counts'] must map names to whole numbers")


def _is_whole(value: object, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def _valid_counts(counts: object) -> bool:
    return isinstance(counts, Mapping) and all(
        isinstance(key, str) and _is_whole(value, MAX_SEQUENCE) for key, value in counts.items()
    )


def _pack(payload: bytes) -> tuple[str, bytes]:
    """Compress with zlib unless a sample shows the payload will not shrink."""
    if not payload:
        return ENCODING_NONE, payload
    sample = payload[:_SAMPLE_SIZE]
    if len(zlib.compress(sample, _ZLIB_LEVEL)) > 0.9 * len(sample):
        return ENCODING_NONE, payload
    packed = zlib.compress(payload, _ZLIB_LEVEL)
    if len(packed) >= len(payload):
        return ENCODING_NONE, payload
    return ENCODING_ZLIB, packed


def seal(
    payload: bytes,
    *,
    manifest: Mapping[str, Any],
    sender: DeviceIdentity,
    recipient: Card,
    created_at: datetime | None = None,
) -> bytes:
    """Make a bundle of ``payload`` that only ``recipient`` can open and only ``sender`` made.

    ``manifest`` must hold ``sequence`` (a whole number the caller increases with every bundle
    this device sends) and may hold ``counts`` (names to whole numbers) and any other JSON
    values; the keys in :data:`RESERVED_MANIFEST_KEYS` are filled in here. A malformed manifest
    is a programming error (``ValueError``); a payload too large to send raises
    :class:`BundleError`.
    """
    payload = bytes(payload)
    _check_caller_manifest(manifest)
    if len(payload) > MAX_PAYLOAD_SIZE:
        raise _error(
            BundleProblem.TOO_LARGE,
            f"There is too much to send in one bundle (the limit is {_mb(MAX_PAYLOAD_SIZE)}). "
            "Send the changes in smaller batches.",
        )
    encoding, packed = _pack(payload)
    full_manifest = {
        "format_version": FORMAT_VERSION,
        "sender_device_id": sender.device_id,
        "recipient_device_id": recipient.device_id,
        "created_at": format_timestamp(created_at or utc_now()),
        **manifest,
        "payload_size": len(payload),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_encoding": encoding,
    }
    manifest_bytes = json.dumps(
        full_manifest, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")
    if len(manifest_bytes) > MAX_MANIFEST_SIZE:
        raise ValueError(f"the manifest is larger than {_mb(MAX_MANIFEST_SIZE)}")
    body = _MANIFEST_LENGTH.pack(len(manifest_bytes)) + manifest_bytes + packed
    ciphertext = SealedBox(PublicKey(recipient.encryption_key)).encrypt(body)
    header = _HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        bytes.fromhex(sender.device_id),
        bytes.fromhex(recipient.device_id),
        len(ciphertext),
    )
    signed = header + ciphertext
    bundle = signed + sender.sign(signed)
    if len(bundle) > MAX_BUNDLE_SIZE:
        raise _error(
            BundleProblem.TOO_LARGE,
            f"This bundle would be larger than {_mb(MAX_BUNDLE_SIZE)}, too large to open. "
            "Send the changes in smaller batches.",
        )
    return bundle


# --- opening -------------------------------------------------------------------------------


def _too_large(max_size: int) -> BundleError:
    return _error(
        BundleProblem.TOO_LARGE,
        f"This file is larger than a VisitDesk bundle can be (the limit is {_mb(max_size)}). "
        "Check you chose the right file.",
    )


def _read_header(data: bytes, max_size: int) -> tuple[int, bytes, bytes, int]:
    """Check the plain header and the overall length; return version, ids and body length."""
    size = len(data)
    if size == 0:
        raise _error(BundleProblem.EMPTY)
    if size > max_size:
        raise _too_large(max_size)
    if size < len(MAGIC):
        if MAGIC.startswith(data):
            raise _error(BundleProblem.TRUNCATED)
        raise _error(BundleProblem.NOT_A_BUNDLE)
    if data[: len(MAGIC)] != MAGIC:
        raise _error(BundleProblem.NOT_A_BUNDLE)
    if size < len(MAGIC) + 2:
        raise _error(BundleProblem.TRUNCATED)
    version = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 2], "big")
    if version > FORMAT_VERSION:
        raise _error(BundleProblem.NEWER_VERSION)
    if version != FORMAT_VERSION:
        raise _error(BundleProblem.DAMAGED, "its format version is not valid")
    if size < HEADER_SIZE:
        raise _error(BundleProblem.TRUNCATED)
    _magic, version, sender_raw, recipient_raw, body_size = _HEADER.unpack_from(data)
    expected = HEADER_SIZE + body_size + SIGNATURE_SIZE
    if size < expected:
        raise _error(BundleProblem.TRUNCATED)
    if size > expected:
        raise _error(BundleProblem.DAMAGED, "it has extra bytes at the end")
    if body_size < SEAL_OVERHEAD + _MANIFEST_LENGTH.size:
        raise _error(BundleProblem.DAMAGED, "its contents are too short")
    return version, sender_raw, recipient_raw, body_size


def _read_manifest(body: bytes) -> tuple[dict[str, Any], int]:
    """Parse the manifest at the start of the decrypted body; return it and where it ends."""
    (length,) = _MANIFEST_LENGTH.unpack_from(body)
    end = _MANIFEST_LENGTH.size + length
    if length > MAX_MANIFEST_SIZE or end > len(body):
        raise _error(BundleProblem.BAD_MANIFEST, "its length is wrong")
    try:
        manifest = strict_json_loads(body[_MANIFEST_LENGTH.size : end])
    except ValueError:
        raise _error(BundleProblem.BAD_MANIFEST, "it is not readable JSON") from None
    if not isinstance(manifest, dict):
        raise _error(BundleProblem.BAD_MANIFEST, "it is not a JSON object")
    return manifest, end


def _check_manifest(
    manifest: dict[str, Any],
    *,
    version: int,
    sender_id: str,
    recipient_id: str,
    max_payload_size: int,
) -> None:
    if manifest.get("format_version") != version or isinstance(
        manifest.get("format_version"), bool
    ):
        raise _error(BundleProblem.LABEL_MISMATCH, "format version")
    if manifest.get("sender_device_id") != sender_id:
        raise _error(BundleProblem.LABEL_MISMATCH, "sender")
    if manifest.get("recipient_device_id") != recipient_id:
        raise _error(BundleProblem.LABEL_MISMATCH, "recipient")
    try:
        parse_timestamp(manifest.get("created_at"))
    except ValueError:
        raise _error(BundleProblem.BAD_MANIFEST, "its creation time is missing or wrong") from None
    if not _is_whole(manifest.get("sequence"), MAX_SEQUENCE):
        raise _error(BundleProblem.BAD_MANIFEST, "its sequence number is missing or wrong")
    if "counts" in manifest and not _valid_counts(manifest["counts"]):
        raise _error(BundleProblem.BAD_MANIFEST, "its counts are wrong")
    if not _is_whole(manifest.get("payload_size"), MAX_SEQUENCE):
        raise _error(BundleProblem.BAD_MANIFEST, "its payload size is missing or wrong")
    if manifest["payload_size"] > max_payload_size:
        raise _error(
            BundleProblem.TOO_LARGE,
            f"The bundle holds more than VisitDesk will unpack ({_mb(max_payload_size)}). "
            "Ask for the changes to be sent in smaller batches.",
        )
    digest = manifest.get("payload_sha256")
    if not (
        isinstance(digest, str)
        and len(digest) == 64
        and all(char in "0123456789abcdef" for char in digest)
    ):
        raise _error(BundleProblem.BAD_MANIFEST, "its checksum is missing or wrong")
    if manifest.get("payload_encoding") not in (ENCODING_ZLIB, ENCODING_NONE):
        raise _error(BundleProblem.BAD_MANIFEST, "its payload encoding is not known")


def _unpack(encoding: str, packed: bytes, size: int) -> bytes:
    if encoding == ENCODING_NONE:
        payload = packed
    else:
        inflater = zlib.decompressobj()
        try:
            # One byte more than promised is enough to notice a payload that is too long.
            payload = inflater.decompress(packed, size + 1)
        except zlib.error:
            raise _error(BundleProblem.PAYLOAD_DAMAGED, "the compressed data is broken") from None
        if not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
            raise _error(BundleProblem.PAYLOAD_DAMAGED, "its size is not as recorded")
    if len(payload) != size:
        raise _error(BundleProblem.PAYLOAD_DAMAGED, "its size is not as recorded")
    return payload


def open_sealed(
    data: bytes,
    *,
    me: DeviceIdentity,
    known_senders: Mapping[str, Card],
    max_size: int = MAX_BUNDLE_SIZE,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
) -> Opened:
    """Check and open a bundle made for ``me`` by one of ``known_senders`` (device id -> card).

    Raises :class:`BundleError` for every kind of bad input and nothing else. The caller must
    still decide from ``manifest["sequence"]`` whether the bundle is new, already applied, or
    out of order: a replayed bundle opens exactly as it did the first time.
    """
    data = bytes(data)
    version, sender_raw, recipient_raw, _body_size = _read_header(data, max_size)
    sender_id, recipient_id = sender_raw.hex(), recipient_raw.hex()

    if recipient_id != me.device_id:
        raise _error(BundleProblem.WRONG_RECIPIENT)
    sender = known_senders.get(sender_id)
    if sender is None or sender.device_id != sender_id:
        raise _error(BundleProblem.UNKNOWN_SENDER)
    signed, signature = data[:-SIGNATURE_SIZE], data[-SIGNATURE_SIZE:]
    try:
        VerifyKey(sender.signing_key).verify(signed, signature)
    except (BadSignatureError, ValueError):
        raise _error(BundleProblem.BAD_SIGNATURE, sender.name) from None

    try:
        body = SealedBox(me.encryption_key).decrypt(data[HEADER_SIZE:-SIGNATURE_SIZE])
    except CryptoError:
        raise _error(BundleProblem.CANNOT_DECRYPT) from None

    manifest, manifest_end = _read_manifest(body)
    _check_manifest(
        manifest,
        version=version,
        sender_id=sender_id,
        recipient_id=recipient_id,
        max_payload_size=max_payload_size,
    )
    payload = _unpack(manifest["payload_encoding"], body[manifest_end:], manifest["payload_size"])
    expected = bytes.fromhex(manifest["payload_sha256"])
    if not hmac.compare_digest(hashlib.sha256(payload).digest(), expected):
        raise _error(BundleProblem.HASH_MISMATCH)
    return Opened(manifest=manifest, payload=payload, sender=sender)


def open_sealed_file(
    path: str | os.PathLike[str],
    *,
    me: DeviceIdentity,
    known_senders: Mapping[str, Card],
    max_size: int = MAX_BUNDLE_SIZE,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
) -> Opened:
    """Like :func:`open_sealed`, but checks the file's size before reading it into memory.

    A file that cannot be read at all also raises :class:`BundleError`.
    """
    path = Path(path)
    try:
        # Look before opening: opening a pipe or device could block or never end.
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _error(
                BundleProblem.UNREADABLE_FILE,
                f"{path.name} is a folder, not a bundle file. Choose the bundle file inside it.",
            )
        if not stat.S_ISREG(info.st_mode):
            raise _error(BundleProblem.NOT_A_BUNDLE)
        if info.st_size > max_size:
            raise _too_large(max_size)
        with path.open("rb") as handle:
            # Read no more than the limit allows, in case the file grew after the check.
            data = handle.read(max_size + 1)
    except FileNotFoundError:
        raise _error(
            BundleProblem.UNREADABLE_FILE,
            f"The file {path.name} could not be found. Check it is still there "
            "(a USB stick may have been removed) and try again.",
        ) from None
    except PermissionError:
        raise _error(
            BundleProblem.UNREADABLE_FILE,
            f"VisitDesk is not allowed to read {path.name}. "
            "Copy it somewhere you can open, then try again.",
        ) from None
    except OSError as exc:
        reason = exc.strerror or "the file could not be read"
        raise _error(
            BundleProblem.UNREADABLE_FILE,
            f"The file {path.name} could not be read ({reason}). Try copying it again.",
        ) from None
    return open_sealed(
        data,
        me=me,
        known_senders=known_senders,
        max_size=max_size,
        max_payload_size=max_payload_size,
    )
