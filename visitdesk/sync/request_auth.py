"""Device authentication for hub requests: a device signs each request with its Ed25519 key, and
the hub checks the signature, the clock and the nonce (the design is in the hub's HTTP notes)."""

from __future__ import annotations

import hashlib
import re
import secrets
import time as _time
from collections.abc import Callable, Mapping

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from visitdesk.sync.identity import DeviceIdentity

HEADER_DEVICE = "VisitDesk-Device"
HEADER_TIME = "VisitDesk-Time"
HEADER_NONCE = "VisitDesk-Nonce"
HEADER_SIGNATURE = "VisitDesk-Signature"
CONTEXT = b"VisitDesk request v1\x00"
MAX_SKEW = 300
"""Seconds a request's time may be from the hub's clock; nonces need keeping only this long."""

NONCE_BYTES = 16

# What each header must look like, checked before anything is decoded.
_FORMS = {
    HEADER_DEVICE: re.compile(r"[0-9a-f]{32}\Z", re.ASCII),
    HEADER_TIME: re.compile(r"[0-9]{1,12}\Z", re.ASCII),
    HEADER_NONCE: re.compile(r"[0-9a-f]{32}\Z", re.ASCII),
    HEADER_SIGNATURE: re.compile(r"[0-9a-f]{128}\Z", re.ASCII),
}
# A signed part is printable ASCII without spaces, so the lines of the message cannot run
# into each other and no part can stand for two.
_PART = re.compile(r"[!-~]+\Z", re.ASCII)


class AuthRefused(Exception):
    """A request the hub will not serve: ``status`` is 401 (not authenticated) or 403 (not
    allowed, such as a revoked device) and ``message`` one line for a person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def signed_message(
    method: str,
    path_and_query: str,
    time: int,
    nonce: str,
    body_sha256: str,
    hub_device_id: str,
) -> bytes:
    """The bytes a device signs for one request.

    ``path_and_query`` is the request target exactly as sent (``/v1/inbox/3``, percent-encoding
    and all), ``body_sha256`` the body's SHA-256 in lowercase hex, ``hub_device_id`` the device
    id on the hub's card. ``ValueError`` if a part is empty or not printable ASCII.
    """
    parts = [method, path_and_query, str(time), nonce, body_sha256, hub_device_id]
    for part in parts:
        if not isinstance(part, str) or not _PART.match(part):
            raise ValueError("each signed part of a request must be printable ASCII")
    if isinstance(time, bool) or not isinstance(time, int) or time < 0:
        raise ValueError("the request time must be a whole number of seconds")
    return CONTEXT + "\n".join(parts).encode("ascii")


def sign_request(
    identity: DeviceIdentity,
    method: str,
    path_and_query: str,
    body: bytes,
    hub_device_id: str,
    *,
    now: float | None = None,
) -> dict[str, str]:
    """The four authentication headers for one request, with a fresh random nonce.

    Sign every attempt afresh: the hub refuses a nonce it has seen.
    """
    when = int(_time.time() if now is None else now)
    nonce = secrets.token_hex(NONCE_BYTES)
    body_sha256 = hashlib.sha256(bytes(body)).hexdigest()
    message = signed_message(method, path_and_query, when, nonce, body_sha256, hub_device_id)
    return {
        HEADER_DEVICE: identity.device_id,
        HEADER_TIME: str(when),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: identity.sign(message).hex(),
    }


def _our_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The four authentication headers from ``headers``, whatever their case; 401 if one is
    missing or given twice."""
    wanted = {name.lower(): name for name in _FORMS}
    found: dict[str, str] = {}
    # items() rather than lookups: a mapping with case-sensitive keys, or one that keeps
    # repeated headers (as Starlette's does), would otherwise hide a second value.
    for key, value in headers.items():
        name = wanted.get(str(key).lower())
        if name is None:
            continue
        if name in found:
            raise AuthRefused(401, f"the {name} header is given more than once")
        found[name] = value
    for name, form in _FORMS.items():
        value = found.get(name)
        if value is None:
            raise AuthRefused(
                401, f"the request is not signed by a device (it has no {name} header)"
            )
        if not isinstance(value, str) or not form.match(value):
            raise AuthRefused(401, f"the {name} header is not in the right form")
    return found


def verify_request(
    headers: Mapping[str, str],
    method: str,
    path_and_query: str,
    body_sha256: str,
    hub_device_id: str,
    *,
    signing_key_for: Callable[[str], bytes | None],
    now: float,
    nonce_is_new: Callable[[str, str], bool],
) -> str:
    """Check a request's authentication headers; return the device id that signed it.

    Raises :class:`AuthRefused` (401) for, in this order: headers missing or malformed, a
    time more than :data:`MAX_SKEW` seconds from ``now``, a device ``signing_key_for`` does
    not know (it returns ``None``), a bad signature, and a nonce ``nonce_is_new(device_id,
    nonce)`` says was seen before. The nonce is asked about last, so only a correctly signed
    request can take a place in the nonce store.

    ``signing_key_for(device_id)`` returns the device's 32-byte Ed25519 public key. It decides
    revocation itself: for a revoked device it raises ``AuthRefused(403, ...)``, which passes
    through unchanged.
    """
    found = _our_headers(headers)
    device_id = found[HEADER_DEVICE]
    when = int(found[HEADER_TIME])
    nonce = found[HEADER_NONCE]
    if abs(when - now) > MAX_SKEW:
        raise AuthRefused(
            401,
            "the device's clock is more than five minutes from the hub's: "
            "set the clock and try again",
        )
    key = signing_key_for(device_id)
    if key is None:
        raise AuthRefused(401, "this device is not enrolled at the hub")
    try:
        message = signed_message(method, path_and_query, when, nonce, body_sha256, hub_device_id)
    except ValueError:
        raise AuthRefused(401, "the request's address is not plain text") from None
    try:
        VerifyKey(bytes(key)).verify(message, bytes.fromhex(found[HEADER_SIGNATURE]))
    except BadSignatureError:
        raise AuthRefused(
            401,
            "the request's signature does not match: it was changed on the way "
            "or not signed by this device",
        ) from None
    if not nonce_is_new(device_id, nonce):
        raise AuthRefused(401, "this request was already made (a replay)")
    return device_id
