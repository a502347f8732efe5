"""A device's own keys: an Ed25519 key to sign bundles and cards, an X25519 key to receive them.

The secret form (:meth:`DeviceIdentity.to_secret_bytes`) belongs inside the encrypted database
and nowhere else; everything another device needs is on the public :class:`~.cards.Card`.
"""

from __future__ import annotations

import hmac
from datetime import datetime

from nacl.public import PrivateKey
from nacl.signing import SigningKey

from visitdesk.sync._shared import device_id_for, fingerprint_for, utc_now
from visitdesk.sync.cards import Card, sign_card

SECRET_MAGIC = b"VDID"
SECRET_VERSION = 1
_SECRET_SIZE = len(SECRET_MAGIC) + 1 + 32 + 32


class DeviceIdentity:
    """The signing and encryption key pairs of one installation.

    Compared by value; its ``repr`` shows only the device id, never a key.
    """

    __slots__ = ("_signing_key", "_encryption_key", "_device_id")

    def __init__(self, signing_key: SigningKey, encryption_key: PrivateKey) -> None:
        if not isinstance(signing_key, SigningKey):
            raise TypeError("signing_key must be a nacl.signing.SigningKey")
        if not isinstance(encryption_key, PrivateKey):
            raise TypeError("encryption_key must be a nacl.public.PrivateKey")
        self._signing_key = signing_key
        self._encryption_key = encryption_key
        self._device_id = device_id_for(self.signing_public_key)

    @classmethod
    def generate(cls) -> DeviceIdentity:
        """Fresh keys from the operating system's random source."""
        return cls(SigningKey.generate(), PrivateKey.generate())

    def to_secret_bytes(self) -> bytes:
        """69 bytes: ``VDID``, version 1, the Ed25519 seed, the X25519 private key."""
        return (
            SECRET_MAGIC
            + bytes([SECRET_VERSION])
            + bytes(self._signing_key)
            + bytes(self._encryption_key)
        )

    @classmethod
    def from_secret_bytes(cls, data: bytes) -> DeviceIdentity:
        """Rebuild an identity from :meth:`to_secret_bytes`; ``ValueError`` if it is not one."""
        data = bytes(data)
        if len(data) != _SECRET_SIZE or not data.startswith(SECRET_MAGIC):
            raise ValueError("not a VisitDesk device identity")
        if data[len(SECRET_MAGIC)] != SECRET_VERSION:
            raise ValueError("unknown device identity version")
        start = len(SECRET_MAGIC) + 1
        seed, private = data[start : start + 32], data[start + 32 :]
        return cls(SigningKey(seed), PrivateKey(private))

    @property
    def signing_key(self) -> SigningKey:
        """The Ed25519 private key (secret)."""
        return self._signing_key

    @property
    def encryption_key(self) -> PrivateKey:
        """The X25519 private key (secret)."""
        return self._encryption_key

    @property
    def signing_public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return bytes(self._signing_key.verify_key)

    @property
    def encryption_public_key(self) -> bytes:
        """The 32-byte X25519 public key."""
        return bytes(self._encryption_key.public_key)

    @property
    def device_id(self) -> str:
        """32 lowercase hex characters derived from the signing public key; never changes."""
        return self._device_id

    @property
    def fingerprint(self) -> str:
        """Five groups of four characters to read aloud and compare with the card's."""
        return fingerprint_for(self.signing_public_key, self.encryption_public_key)

    def sign(self, message: bytes) -> bytes:
        """A detached 64-byte Ed25519 signature over ``message``."""
        return self._signing_key.sign(bytes(message)).signature

    def card(
        self,
        role: str,
        name: str,
        team: str,
        *,
        created_at: datetime | None = None,
        address: str = "",
        tls_sha256: str = "",
    ) -> Card:
        """This device's public card, signed by itself.

        ``role`` is ``"worker"``, ``"manager"`` or ``"hub"`` (a hub's card also carries its
        ``address`` and ``tls_sha256``); a bad name or team raises
        :class:`~.cards.CardError` with a message for the user.
        """
        unsigned = Card(
            device_id=self.device_id,
            role=role,
            name=name,
            team=team,
            signing_key=self.signing_public_key,
            encryption_key=self.encryption_public_key,
            created_at=created_at or utc_now(),
            address=address,
            tls_sha256=tls_sha256,
        )
        return sign_card(unsigned, self.sign)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeviceIdentity):
            return NotImplemented
        return hmac.compare_digest(self.to_secret_bytes(), other.to_secret_bytes())

    def __hash__(self) -> int:
        return hash(self._device_id)

    def __repr__(self) -> str:
        return f"DeviceIdentity(device_id={self._device_id!r})"
