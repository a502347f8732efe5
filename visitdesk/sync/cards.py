"""Public device cards: what one device gives another at enrolment so they can exchange bundles.

A card is a small UTF-8 JSON document carrying the device's public keys, its role, name and team,
signed by its own Ed25519 key so that a damaged or edited card is noticed. The self-signature
proves only that the card is whole; that it came from the right device is shown by comparing
fingerprints, read aloud or side by side. The format is described in docs/bundle-format.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.names import MAX_NAME_LENGTH  # noqa: F401 - part of the card format
from visitdesk.names import name_problem as _text_problem
from visitdesk.sync._shared import (
    KEY_SIZE,
    canonical_json,
    device_id_for,
    fingerprint_for,
    format_timestamp,
    is_device_id,
    parse_timestamp,
    strict_json_loads,
)

CARD_FORMAT = "visitdesk-card"
CARD_VERSION = 2
"""The newest card format read. A worker's or manager's card is written as version 1 (its
fields never changed, so its signature still verifies); a hub's card is version 2, which adds
where the hub is and the pin of its TLS certificate."""
DEVICE_CARD_VERSION = 1
HUB_CARD_VERSION = 2
CARD_SIGNING_CONTEXT = b"VisitDesk card v1\x00"
ROLES = ("worker", "manager", "hub")
MAX_ADDRESS_LENGTH = 300
MAX_CARD_SIZE = limits.MAX_CARD_FILE
SIGNATURE_SIZE = 64

_FIELD_LABELS = {
    "version": "format version",
    "device_id": "device id",
    "role": "role",
    "name": "name",
    "team": "team",
    "signing_key": "signing key",
    "encryption_key": "encryption key",
    "fingerprint": "fingerprint",
    "created_at": "creation date",
    "signature": "signature",
}
_HUB_FIELD_LABELS = {"address": "address", "tls_sha256": "certificate pin"}
_STRING_FIELDS = tuple(name for name in _FIELD_LABELS if name != "version")
_ALL_FIELDS = frozenset({"format", *_FIELD_LABELS})
_ALL_HUB_FIELDS = _ALL_FIELDS | frozenset(_HUB_FIELD_LABELS)
_PIN = re.compile(r"[0-9a-f]{64}\Z", re.ASCII)
_ADDRESS = re.compile(r"https://[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?\Z", re.ASCII)

_ASK_AGAIN = "Ask for a fresh copy of the card."


class CardProblem(StrEnum):
    """Why a card was refused, for code and logs; the message is for people."""

    UNREADABLE_FILE = "unreadable_file"
    NOT_A_CARD = "not_a_card"
    DAMAGED = "damaged"
    NEWER_VERSION = "newer_version"
    MISSING_FIELD = "missing_field"
    INVALID = "invalid"


class CardError(UserError):
    """A card could not be read or made; the message is one line for the user."""

    def __init__(self, message: str, reason: CardProblem = CardProblem.INVALID) -> None:
        super().__init__(message)
        self.reason = reason


def _field_problem(
    *,
    device_id: object,
    role: object,
    name: object,
    team: object,
    signing_key: bytes,
    encryption_key: bytes,
    created_at: object,
    address: object = "",
    tls_sha256: object = "",
) -> str | None:
    """What is wrong with a card's fields, as a phrase, or ``None``."""
    if role not in ROLES:
        return "the role must be worker, manager or hub"
    if role == "hub":
        if not isinstance(address, str) or _ADDRESS.match(address) is None:
            return "the hub's address must be https://host:port"
        if not isinstance(tls_sha256, str) or _PIN.match(tls_sha256) is None:
            return "the hub's certificate pin is not valid"
    elif address or tls_sha256:
        return "only a hub's card carries an address"
    problem = _text_problem(name, "name", required=True) or _text_problem(
        team, "team", required=False
    )
    if problem:
        return problem
    if len(signing_key) != KEY_SIZE or len(encryption_key) != KEY_SIZE:
        return "the keys are the wrong size"
    if not is_device_id(device_id) or device_id != device_id_for(signing_key):
        return "the device id does not match the signing key"
    if not isinstance(created_at, datetime) or created_at.utcoffset() is None:
        return "the creation date has no time zone"
    return None


@dataclass(frozen=True)
class Card:
    """One device's public card. Cards made by a device or read from a file are signed.

    ``signing_key`` (Ed25519) and ``encryption_key`` (X25519) are 32-byte public keys;
    ``created_at`` is kept in UTC to the second. A card built by hand without a signature can be
    used in memory but not exported.
    """

    device_id: str
    role: str
    name: str
    team: str
    signing_key: bytes
    encryption_key: bytes
    created_at: datetime
    signature: bytes = field(default=b"", repr=False)
    # A hub's card only: where devices reach it, and the SHA-256 of its TLS certificate (DER,
    # lowercase hex), so a self-signed certificate is pinned rather than trusted by a CA.
    address: str = ""
    tls_sha256: str = ""

    def __post_init__(self) -> None:
        for attribute in ("signing_key", "encryption_key", "signature"):
            value = getattr(self, attribute)
            if not isinstance(value, bytes):
                object.__setattr__(self, attribute, bytes(value))
        problem = _field_problem(
            device_id=self.device_id,
            role=self.role,
            name=self.name,
            team=self.team,
            signing_key=self.signing_key,
            encryption_key=self.encryption_key,
            created_at=self.created_at,
            address=self.address,
            tls_sha256=self.tls_sha256,
        )
        if problem:
            raise CardError(f"The card cannot be made: {problem}.", CardProblem.INVALID)
        moment = self.created_at.astimezone(UTC).replace(microsecond=0)
        object.__setattr__(self, "created_at", moment)
        if self.signature:
            try:
                VerifyKey(self.signing_key).verify(self.signed_message(), self.signature)
            except (BadSignatureError, ValueError) as exc:
                raise CardError(
                    f"This card has been damaged or edited since it was made. {_ASK_AGAIN}",
                    CardProblem.DAMAGED,
                ) from exc

    @property
    def fingerprint(self) -> str:
        """Five groups of four characters; equal to the issuing identity's fingerprint."""
        return fingerprint_for(self.signing_key, self.encryption_key)

    @property
    def is_signed(self) -> bool:
        return bool(self.signature)

    @property
    def is_hub(self) -> bool:
        return self.role == "hub"

    def _document(self) -> dict[str, Any]:
        # Insertion order is the order written to the file; the signature does not depend on it.
        document: dict[str, Any] = {
            "format": CARD_FORMAT,
            "version": HUB_CARD_VERSION if self.is_hub else DEVICE_CARD_VERSION,
            "device_id": self.device_id,
            "role": self.role,
            "name": self.name,
            "team": self.team,
            "fingerprint": self.fingerprint,
            "signing_key": self.signing_key.hex(),
            "encryption_key": self.encryption_key.hex(),
            "created_at": format_timestamp(self.created_at),
        }
        if self.is_hub:
            document["address"] = self.address
            document["tls_sha256"] = self.tls_sha256
        return document

    def signed_message(self) -> bytes:
        """The exact bytes the self-signature covers: a context prefix and canonical JSON."""
        return CARD_SIGNING_CONTEXT + canonical_json(self._document())

    def to_bytes(self) -> bytes:
        """The card file: indented UTF-8 JSON ending in a newline."""
        if not self.signature:
            raise ValueError("an unsigned card cannot be exported")
        document = self._document()
        document["signature"] = self.signature.hex()
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        return text.encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Card:
        """Read a card file; :class:`CardError` with a one-line reason if it is not whole."""
        # The size first: everything after it looks at the whole of the data.
        if len(data) > MAX_CARD_SIZE:
            raise CardError(
                "This file is too large to be a VisitDesk card. Check you chose the right file.",
                CardProblem.NOT_A_CARD,
            )
        data = bytes(data)
        if not data.strip():
            raise CardError(
                "This file is empty, so it is not a VisitDesk card. "
                "Check you chose the right file.",
                CardProblem.NOT_A_CARD,
            )
        try:
            document = strict_json_loads(data)
        except ValueError:
            if CARD_FORMAT.encode("ascii") in data:
                raise CardError(
                    f"This card is damaged and cannot be read. {_ASK_AGAIN}", CardProblem.DAMAGED
                ) from None
            document = None
        if not isinstance(document, dict) or document.get("format") != CARD_FORMAT:
            raise CardError(
                "This file is not a VisitDesk card. Check you chose the right file.",
                CardProblem.NOT_A_CARD,
            )
        version = document.get("version", None)
        if version is None:
            raise _missing("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise CardError(
                f"This card is damaged: its format version is not valid. {_ASK_AGAIN}",
                CardProblem.DAMAGED,
            )
        if version > CARD_VERSION:
            raise CardError(
                "This card was made by a newer version of VisitDesk. "
                "Please update VisitDesk, then import the card again.",
                CardProblem.NEWER_VERSION,
            )
        for name in _FIELD_LABELS:
            if name not in document:
                raise _missing(name)
        hub = document.get("role") == "hub"
        if hub and version < HUB_CARD_VERSION:
            raise _damaged("it says it is a hub's card but has no address")
        for name in _HUB_FIELD_LABELS if hub else ():
            if name not in document:
                raise _missing(name)
        unexpected = set(document) - (_ALL_HUB_FIELDS if hub else _ALL_FIELDS)
        if unexpected:
            raise _damaged("it has entries VisitDesk does not recognise")
        for name in (*_STRING_FIELDS, *(_HUB_FIELD_LABELS if hub else ())):
            if not isinstance(document[name], str):
                label = _FIELD_LABELS.get(name) or _HUB_FIELD_LABELS[name]
                raise _damaged(f"its {label} is not text")
        signing_key = _hex_field(document, "signing_key", KEY_SIZE)
        signature = _hex_field(document, "signature", SIGNATURE_SIZE)
        unsigned = {key: value for key, value in document.items() if key != "signature"}
        try:
            VerifyKey(signing_key).verify(
                CARD_SIGNING_CONTEXT + canonical_json(unsigned), signature
            )
        except (BadSignatureError, ValueError) as exc:
            raise CardError(
                f"This card has been damaged or edited since it was made. {_ASK_AGAIN}",
                CardProblem.DAMAGED,
            ) from exc
        encryption_key = _hex_field(document, "encryption_key", KEY_SIZE)
        try:
            created_at = parse_timestamp(document["created_at"])
        except ValueError:
            raise _damaged("its creation date is not valid") from None
        if document["fingerprint"] != fingerprint_for(signing_key, encryption_key):
            raise _damaged("its fingerprint does not match its keys")
        fields: dict[str, Any] = {
            "device_id": document["device_id"],
            "role": document["role"],
            "name": document["name"],
            "team": document["team"],
            "signing_key": signing_key,
            "encryption_key": encryption_key,
            "created_at": created_at,
        }
        if hub:
            fields["address"], fields["tls_sha256"] = document["address"], document["tls_sha256"]
        problem = _field_problem(**fields)
        if problem:
            raise CardError(f"This card is not valid: {problem}. {_ASK_AGAIN}", CardProblem.INVALID)
        return cls(**fields, signature=signature)


def read_card_file(path: str | os.PathLike[str]) -> Card:
    """Read and check the card file at ``path``: :class:`CardError` with one line if it is not one.

    The file is looked at before it is read: a folder, a device or a pipe is refused without
    blocking, and no more than the card limit is ever read.
    """
    try:
        data = limits.read_file_within(path, MAX_CARD_SIZE, what="VisitDesk card")
    except limits.FileRefused as refused:
        reason = (
            CardProblem.NOT_A_CARD
            if refused.problem in (limits.FileProblem.NOT_A_FILE, limits.FileProblem.TOO_LARGE)
            else CardProblem.UNREADABLE_FILE
        )
        raise CardError(str(refused), reason) from None
    return Card.from_bytes(data)


def sign_card(card: Card, sign: Callable[[bytes], bytes]) -> Card:
    """``card`` with a self-signature made by ``sign`` (the issuing identity's signer)."""
    return dataclasses.replace(card, signature=sign(card.signed_message()))


def _missing(name: str) -> CardError:
    label = _FIELD_LABELS.get(name) or _HUB_FIELD_LABELS[name]
    return CardError(
        f"This card is missing its {label}; it may have been cut short or edited. " + _ASK_AGAIN,
        CardProblem.MISSING_FIELD,
    )


def _damaged(detail: str) -> CardError:
    return CardError(f"This card is damaged: {detail}. {_ASK_AGAIN}", CardProblem.DAMAGED)


def _hex_field(document: dict[str, Any], name: str, size: int) -> bytes:
    text = document[name]
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) != size or value.hex() != text:
        raise _damaged(f"its {_FIELD_LABELS[name]} is not valid")
    return value
