"""Sealed bundles: a payload and its manifest, encrypted to one card and signed by one device.

A bundle is a plain header (magic, format version, sender and recipient device ids, body length),
the body sealed to the recipient's X25519 key (libsodium ``crypto_box_seal``), and an Ed25519
signature by the sender over header and body. Opening checks the header, then the signature
against the enrolled sender's card, then decrypts and checks the manifest and the payload's
SHA-256. Every fault becomes a :class:`BundleError` with one line for the user. Whether a bundle
is new, a replay or out of order is for the caller to decide from ``manifest["sequence"]``.
The format is described byte by byte in docs/bundle-format.md.

Every limit (visitdesk/limits.py) is checked before the input is read whole: the file's size
before it is read, the signed manifest's counts and payload size before anything is
decompressed, and the decompressed size while it streams, stopping as soon as it passes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PublicKey, SealedBox
from nacl.signing import VerifyKey

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.sync._shared import (
    DEVICE_ID_SIZE,
    canonical_json,
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

MIB = limits.MIB
MAX_BUNDLE_SIZE = limits.MAX_BUNDLE_FILE
MAX_PAYLOAD_SIZE = limits.MAX_BUNDLE_PAYLOAD
MAX_MANIFEST_SIZE = limits.MAX_MANIFEST
MAX_SEQUENCE = limits.MAX_SEQUENCE
MAX_ROWS = limits.MAX_BUNDLE_ROWS
_UNPACK_CHUNK = 1 * MIB  # decompressed a piece at a time, so a bomb is stopped early

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
        "origin_signature",
    }
)
ORIGIN_CONTEXT = b"VisitDesk bundle origin v1\x00"
"""What the sender's second signature covers: this prefix, then the manifest (without the
signature itself) as canonical JSON. The manifest holds the payload's SHA-256, so this one
signature vouches for the whole content in plain text, and survives a hub opening the bundle
and sealing it again for each recipient (see docs/hub.md)."""

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
    return limits.size_text(size)


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
        raise ValueError(f"manifest['sequence'] must be a whole number from 0 to {MAX_SEQUENCE}")
    if not _valid_counts(manifest.get("counts")):
        raise ValueError("manifest['counts'] must map names to whole numbers")


def _is_whole(value: object, maximum: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value
        and (maximum is None or value <= maximum)
    )


def _valid_counts(counts: object) -> bool:
    return isinstance(counts, Mapping) and all(
        isinstance(key, str) and _is_whole(value) for key, value in counts.items()
    )


def _too_many_rows(total: int, max_rows: int, *, sending: bool) -> BundleError:
    if sending:
        return _error(
            BundleProblem.TOO_LARGE,
            f"There are too many records to send in one bundle ({total:,}; the limit is "
            f"{max_rows:,}). Send the changes in smaller batches.",
        )
    return _error(
        BundleProblem.TOO_LARGE,
        f"The bundle holds more records than VisitDesk takes in one go ({total:,}; the limit "
        f"is {max_rows:,}). Ask for the changes to be sent in smaller batches.",
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

    ``manifest`` must hold ``sequence`` (a whole number from 0 to :data:`MAX_SEQUENCE` the
    caller increases with every bundle this device sends) and ``counts`` (names to whole
    numbers: the rows of each kind in the payload), and may hold any other JSON values; the
    keys in :data:`RESERVED_MANIFEST_KEYS` are filled in here. A malformed manifest is a
    programming error (``ValueError``); a payload too large to send, or more rows in all than
    :data:`MAX_ROWS`, raises :class:`BundleError`.
    """
    payload = bytes(payload)
    _check_caller_manifest(manifest)
    rows = sum(manifest["counts"].values())
    if rows > MAX_ROWS:
        raise _too_many_rows(rows, MAX_ROWS, sending=True)
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
    full_manifest["origin_signature"] = sender.sign(
        ORIGIN_CONTEXT + canonical_json(full_manifest)
    ).hex()
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


def _read_manifest(body: memoryview) -> tuple[dict[str, Any], int]:
    """Parse the manifest at the start of the decrypted body; return it and where it ends."""
    (length,) = _MANIFEST_LENGTH.unpack_from(body)
    end = _MANIFEST_LENGTH.size + length
    if length > MAX_MANIFEST_SIZE or end > len(body):
        raise _error(BundleProblem.BAD_MANIFEST, "its length is wrong")
    try:
        manifest = strict_json_loads(bytes(body[_MANIFEST_LENGTH.size : end]))
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
    max_rows: int,
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
        # Past the limit too: a number near the top of the range would leave the sender no
        # room for the next bundle, locking them out.
        raise _error(BundleProblem.BAD_MANIFEST, "its sequence number is missing or out of range")
    if not _valid_counts(manifest.get("counts")):
        raise _error(BundleProblem.BAD_MANIFEST, "its counts are missing or wrong")
    rows = sum(manifest["counts"].values())
    if rows > max_rows:
        raise _too_many_rows(rows, max_rows, sending=False)
    if not _is_whole(manifest.get("payload_size")):
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


def _check_origin_signature(manifest: dict[str, Any], sender: Card, *, required: bool) -> None:
    """The sender's signature over the plain manifest (bundles made before it existed have
    none, and are taken from the sender directly; a relayed bundle must carry it)."""
    signature = manifest.get("origin_signature")
    if signature is None and not required:
        return
    try:
        raw = bytes.fromhex(signature) if isinstance(signature, str) else b""
        if len(raw) != SIGNATURE_SIZE or raw.hex() != signature:
            raise ValueError("malformed")
        unsigned = {key: value for key, value in manifest.items() if key != "origin_signature"}
        VerifyKey(sender.signing_key).verify(ORIGIN_CONTEXT + canonical_json(unsigned), raw)
    except (BadSignatureError, ValueError, TypeError):
        raise _error(BundleProblem.BAD_SIGNATURE, sender.name) from None


def check_relayed(
    manifest: dict[str, Any],
    payload: bytes,
    *,
    origin: Card,
    sealed_to: str,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
    max_rows: int = MAX_ROWS,
) -> None:
    """Check a bundle's content that reached us opened and sealed again by a hub.

    The manifest must be the one ``origin`` signed (its second signature, over the plain
    manifest), name ``origin`` as its sender and ``sealed_to`` (the hub's device id) as its first
    recipient, and hold the SHA-256 and size of ``payload`` exactly. Every fault is a
    :class:`BundleError`.
    """
    if not isinstance(manifest, dict):
        raise _error(BundleProblem.BAD_MANIFEST, "it is not a JSON object")
    _check_manifest(
        manifest,
        version=FORMAT_VERSION,
        sender_id=origin.device_id,
        recipient_id=sealed_to,
        max_payload_size=max_payload_size,
        max_rows=max_rows,
    )
    _check_origin_signature(manifest, origin, required=True)
    if len(payload) != manifest["payload_size"]:
        raise _wrong_size()
    if not hmac.compare_digest(
        hashlib.sha256(payload).digest(), bytes.fromhex(manifest["payload_sha256"])
    ):
        raise _error(BundleProblem.HASH_MISMATCH)


def _wrong_size() -> BundleError:
    return _error(BundleProblem.PAYLOAD_DAMAGED, "its size is not as recorded")


def _inflate(packed: memoryview, size: int, digest: Any) -> list[bytes]:
    """Decompress ``packed`` a piece at a time, stopping one byte past ``size`` at most.

    Never more than ``size + 1`` bytes are made, however far the data would inflate, so a
    compression bomb costs no more memory than an honest payload of the size it claims.
    """
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    pending: bytes | memoryview = packed
    try:
        while not inflater.eof:
            # One byte more than promised is enough to notice a payload that is too long.
            room = size + 1 - total
            piece = inflater.decompress(pending, min(_UNPACK_CHUNK, room))
            progress = bool(piece) or len(inflater.unconsumed_tail) < len(pending)
            pending = inflater.unconsumed_tail
            if piece:
                total += len(piece)
                if total > size:
                    raise _wrong_size()
                digest.update(piece)
                parts.append(piece)
            if not progress:
                break  # the stream stops before its end
    except zlib.error:
        raise _error(BundleProblem.PAYLOAD_DAMAGED, "the compressed data is broken") from None
    if not inflater.eof or inflater.unconsumed_tail or inflater.unused_data or total != size:
        raise _wrong_size()
    return parts


def _unpack(encoding: str, packed: memoryview, size: int, expected: bytes) -> bytes:
    digest = hashlib.sha256()
    if encoding == ENCODING_NONE:
        if len(packed) != size:
            raise _wrong_size()
        digest.update(packed)
        parts = [packed]
    else:
        parts = _inflate(packed, size, digest)
    if not hmac.compare_digest(digest.digest(), expected):
        raise _error(BundleProblem.HASH_MISMATCH)
    return b"".join(parts)


def open_sealed(
    data: bytes,
    *,
    me: DeviceIdentity,
    known_senders: Mapping[str, Card],
    max_size: int = MAX_BUNDLE_SIZE,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
    max_rows: int = MAX_ROWS,
) -> Opened:
    """Check and open a bundle made for ``me`` by one of ``known_senders`` (device id -> card).

    Raises :class:`BundleError` for every kind of bad input and nothing else. The caller must
    still decide from ``manifest["sequence"]`` whether the bundle is new, already applied, or
    out of order: a replayed bundle opens exactly as it did the first time. The caller must
    also check that the payload holds what ``manifest["counts"]`` says, which were checked
    against ``max_rows`` here before anything was decompressed.
    """
    if not isinstance(data, bytes):
        data = bytes(data)
    version, sender_raw, recipient_raw, _body_size = _read_header(data, max_size)
    sender_id, recipient_id = sender_raw.hex(), recipient_raw.hex()

    if recipient_id != me.device_id:
        raise _error(BundleProblem.WRONG_RECIPIENT)
    sender = known_senders.get(sender_id)
    if sender is None or sender.device_id != sender_id:
        raise _error(BundleProblem.UNKNOWN_SENDER)
    view = memoryview(data)  # slices of a view are not copies
    try:
        VerifyKey(sender.signing_key).verify(view[:-SIGNATURE_SIZE], data[-SIGNATURE_SIZE:])
    except (BadSignatureError, ValueError):
        raise _error(BundleProblem.BAD_SIGNATURE, sender.name) from None

    try:
        body = SealedBox(me.encryption_key).decrypt(bytes(view[HEADER_SIZE:-SIGNATURE_SIZE]))
    except CryptoError:
        raise _error(BundleProblem.CANNOT_DECRYPT) from None

    body_view = memoryview(body)
    manifest, manifest_end = _read_manifest(body_view)
    _check_manifest(
        manifest,
        version=version,
        sender_id=sender_id,
        recipient_id=recipient_id,
        max_payload_size=max_payload_size,
        max_rows=max_rows,
    )
    _check_origin_signature(manifest, sender, required=False)
    payload = _unpack(
        manifest["payload_encoding"],
        body_view[manifest_end:],
        manifest["payload_size"],
        bytes.fromhex(manifest["payload_sha256"]),
    )
    return Opened(manifest=manifest, payload=payload, sender=sender)


def read_bundle_file(path: str | os.PathLike[str], *, max_size: int = MAX_BUNDLE_SIZE) -> bytes:
    """The bytes of a bundle file, read only if it is an ordinary file within ``max_size``.

    A folder, a device such as /dev/zero or a pipe is refused without blocking; a file that
    says it is larger than the limit is refused before it is read; no more than the limit is
    ever read. Every fault is a :class:`BundleError`.
    """
    try:
        return limits.read_file_within(path, max_size, what="sync bundle")
    except limits.FileRefused as refused:
        if refused.problem is limits.FileProblem.TOO_LARGE:
            raise _too_large(max_size) from None
        reason = (
            BundleProblem.NOT_A_BUNDLE
            if refused.problem is limits.FileProblem.NOT_A_FILE
            else BundleProblem.UNREADABLE_FILE
        )
        raise BundleError(str(refused), reason) from None


def open_sealed_file(
    path: str | os.PathLike[str],
    *,
    me: DeviceIdentity,
    known_senders: Mapping[str, Card],
    max_size: int = MAX_BUNDLE_SIZE,
    max_payload_size: int = MAX_PAYLOAD_SIZE,
    max_rows: int = MAX_ROWS,
) -> Opened:
    """Like :func:`open_sealed`, reading the file safely first (see :func:`read_bundle_file`)."""
    return open_sealed(
        read_bundle_file(path, max_size=max_size),
        me=me,
        known_senders=known_senders,
        max_size=max_size,
        max_payload_size=max_payload_size,
        max_rows=max_rows,
    )
