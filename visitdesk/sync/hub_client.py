"""A device's connection to its team hub: HTTPS to the certificate pinned on the hub's card,
every request signed by the device, with patient retries while the signal comes and goes."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import random
import re
import socket
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from visitdesk import __version__
from visitdesk.errors import UserError
from visitdesk.limits import KIB, MAX_BUNDLE_FILE, MIB, JSONRefused, parse_json, size_text
from visitdesk.sync._shared import is_device_id
from visitdesk.sync.identity import DeviceIdentity
from visitdesk.sync.relay import RELAY_SCHEMA
from visitdesk.sync.request_auth import sign_request

# What the hub may send back: a fetched bundle (with room for headers' worth of slack), an
# inbox listing, and the small JSON answers and error bodies.
MAX_FETCH = MAX_BUNDLE_FILE + 1 * KIB
MAX_INBOX = 4 * MIB
MAX_ANSWER = 64 * KIB
MAX_ERROR_BODY = 16 * KIB
MAX_ERROR_TEXT = 300
READ_CHUNK = 256 * KIB

RETRY_STATUSES = frozenset({429, 502, 503, 504})
# The status on HubRefused when the hub's answer itself is at fault (unreadable, too long).
BAD_ANSWER = 502

_PIN = re.compile(r"[0-9a-f]{64}\Z", re.ASCII)
_DIGITS = re.compile(r"[0-9]{1,9}\Z", re.ASCII)
_LENGTH = re.compile(r"[0-9]{1,18}\Z", re.ASCII)
_SPACES = re.compile(r"\s+")


class HubUnreachable(UserError):
    """The hub could not be reached, or stayed busy, after every attempt; work goes on
    offline and syncs later."""


class HubRefused(UserError):
    """The hub answered, and said no (or answered in a way that cannot be used).

    ``status`` is the HTTP status, :data:`BAD_ANSWER` for an answer that could not be read,
    or 0 when there was no answer to speak of (see :class:`HubPinMismatch`).
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class HubPinMismatch(HubRefused):
    """The hub's TLS certificate is not the one on its card: someone may be in the way."""

    def __init__(self) -> None:
        super().__init__(
            0,
            "the hub's certificate does not match its card: do not sync, "
            "and tell your IT service desk",
        )


class _AnswerTooLarge(Exception):
    """The hub's answer is longer than the caller will read."""


class _Truncated(OSError):
    """The connection closed before the whole answer came (counted as a connection error)."""


def one_line(text: str, limit: int = MAX_ERROR_TEXT) -> str:
    """``text`` as one line of printable characters, at most ``limit`` long."""
    line = "".join(char if char.isprintable() else " " for char in text)
    line = _SPACES.sub(" ", line).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class _PinnedConnection(http.client.HTTPSConnection):
    """An HTTPS connection that checks the server's certificate against the pin straight
    after the handshake, before a byte of the request goes out."""

    def __init__(
        self, host: str, port: int, pin: str, *, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._pin = pin

    def connect(self) -> None:
        super().connect()
        der = self.sock.getpeercert(binary_form=True)
        seen = hashlib.sha256(der).hexdigest() if der else ""
        if not hmac.compare_digest(seen, self._pin):
            self.close()
            raise HubPinMismatch()


def _tls_context() -> ssl.SSLContext:
    # No certificate authority is asked, and the name is not checked: the pin on the card is
    # a stronger check than either (it names this one certificate).
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _parse_address(address: str) -> tuple[str, int]:
    refusal = UserError(
        f"the hub's address {one_line(str(address), 100)!r} is not an https:// address "
        "with a host and port: check the hub's card"
    )
    if not isinstance(address, str):
        raise refusal
    try:
        parts = urlsplit(address.strip())
        port = parts.port or 443
    except ValueError:
        raise refusal from None
    if (
        parts.scheme != "https"
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise refusal
    return parts.hostname, port


def _offline_reason(exc: BaseException) -> str:
    """A few words on why a connection failed, for "hub not reachable: working offline (...)"."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "the hub did not answer in time"
    if isinstance(exc, socket.gaierror):
        return "the hub's name was not found"
    if isinstance(exc, ssl.SSLError):
        return "a secure connection could not be made"
    if isinstance(exc, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return "the connection was cut off"
    if isinstance(exc, http.client.HTTPException | _Truncated):
        return "the connection was cut off"
    return "no network connection"


def _error_text(body: bytes) -> str | None:
    """The ``error`` line of the hub's JSON error body, if it has one."""
    try:
        answer = parse_json(body, max_values=100)
    except JSONRefused:
        return None
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        text = one_line(answer["error"])
        return text or None
    return None


def _unreadable() -> HubRefused:
    return HubRefused(
        BAD_ANSWER,
        "the hub's answer could not be read: try again later, "
        "and tell your IT service desk if this goes on",
    )


def _is_count(value: object, *, least: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


class HubClient:
    """Requests to one hub, as one device.

    ``address`` and ``tls_sha256`` come from the hub's card, as does ``hub_device_id`` (the
    hub signs for and is signed to under it). Each request is tried up to ``attempts`` times,
    waiting ``backoff * 2**n`` seconds (at most ``max_backoff``, with a little jitter) between
    them; ``sleep`` does the waiting, so a test can watch it.
    """

    def __init__(
        self,
        address: str,
        tls_sha256: str,
        identity: DeviceIdentity,
        hub_device_id: str,
        *,
        timeout: float = 20,
        attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.host, self.port = _parse_address(address)
        pin = tls_sha256.strip().lower() if isinstance(tls_sha256, str) else ""
        if not _PIN.match(pin):
            raise UserError(
                "the hub's card has no proper certificate fingerprint: ask for the card again"
            )
        if not is_device_id(hub_device_id):
            raise UserError("the hub's card has no proper device id: ask for the card again")
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.address = f"https://{self.host}:{self.port}"
        self.tls_sha256 = pin
        self.identity = identity
        self.hub_device_id = hub_device_id
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._context = _tls_context()

    # --- one request, with retries ----------------------------------------------------------

    def request(
        self, method: str, path: str, body: bytes = b"", *, max_response: int
    ) -> tuple[int, dict[str, str], bytes]:
        """Send one signed request; return ``(status, headers, body)`` for an answer below 400.

        Connection failures, timeouts, 502, 503, 504 and 429 are tried again (429 and 503 after
        the Retry-After the hub gives, within ``max_backoff``), then :class:`HubUnreachable`.
        Any other error status raises :class:`HubRefused` at once with the hub's own words; so
        does an answer longer than ``max_response`` bytes, which is not read beyond that. A
        certificate that is not the pinned one raises :class:`HubPinMismatch`, never retried.
        Header names in the result are lowercase.
        """
        return self._request(method, path, bytes(body), max_response, signed=True)

    def _request(
        self, method: str, path: str, body: bytes, max_response: int, *, signed: bool
    ) -> tuple[int, dict[str, str], bytes]:
        reason = "no network connection"
        for attempt in range(self.attempts):
            wait = self._delay(attempt)
            try:
                status, headers, data = self._once(method, path, body, max_response, signed)
            except HubRefused:
                raise
            except _AnswerTooLarge:
                raise HubRefused(
                    BAD_ANSWER,
                    f"the hub's answer is longer than expected (over {size_text(max_response)}):"
                    " try again later, and tell your IT service desk if this goes on",
                ) from None
            except (OSError, http.client.HTTPException) as exc:
                reason = f"working offline ({_offline_reason(exc)})"
            else:
                if status in RETRY_STATUSES:
                    said = _error_text(data)
                    reason = f"the hub is busy ({said or f'HTTP {status}'})"
                    wait = self._retry_after(headers, wait) if status in (429, 503) else wait
                elif status >= 400:
                    raise HubRefused(
                        status, _error_text(data) or f"the hub refused the request (HTTP {status})"
                    )
                else:
                    return status, headers, data
            if attempt + 1 < self.attempts:
                self._sleep(wait)
        raise HubUnreachable(f"hub not reachable: {reason}")

    def _delay(self, attempt: int) -> float:
        # Jitter keeps a team's devices, cut off together, from all coming back at once.
        base = self.backoff * 2**attempt
        return min(self.max_backoff, base * random.uniform(1.0, 1.1))

    def _retry_after(self, headers: dict[str, str], default: float) -> float:
        value = headers.get("retry-after", "").strip()
        if not _DIGITS.match(value):
            return default  # absent, or a date: back off as usual
        return min(self.max_backoff, float(value))

    def _once(
        self, method: str, path: str, body: bytes, max_response: int, signed: bool
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "User-Agent": f"VisitDesk/{__version__}",
            "Accept": "application/json, application/octet-stream",
        }
        if body or method not in ("GET", "HEAD"):
            headers["Content-Type"] = "application/octet-stream"
        if signed:
            # A fresh time and nonce each attempt: the hub refuses a nonce it has seen.
            headers.update(sign_request(self.identity, method, path, body, self.hub_device_id))
        connection = _PinnedConnection(
            self.host, self.port, self.tls_sha256, timeout=self.timeout, context=self._context
        )
        try:
            # No body at all on a GET (not even "Content-Length: 0"); a POST always says its
            # length, which the hub requires.
            send = body if body or method not in ("GET", "HEAD") else None
            connection.request(method, path, body=send, headers=headers)
            response = connection.getresponse()
            # The response holds the socket open by itself: it is closed too, or an answer
            # left unread would keep the connection (and the hub's sending) going.
            with response:
                answer = {name.lower(): value for name, value in response.getheaders()}
                # An error's body is read only for its one line; a long one is not worth it.
                limit = max_response if response.status < 400 else min(max_response, MAX_ERROR_BODY)
                try:
                    data = self._read(response, answer, limit)
                except _AnswerTooLarge:
                    if response.status < 400:
                        raise
                    data = b""
            return response.status, answer, data
        finally:
            connection.close()

    @staticmethod
    def _read(response: http.client.HTTPResponse, headers: dict[str, str], limit: int) -> bytes:
        declared = headers.get("content-length")
        expected = None
        if declared is not None:
            if not _LENGTH.match(declared.strip()):
                raise http.client.HTTPException("bad Content-Length")
            expected = int(declared)
            if expected > limit:
                raise _AnswerTooLarge()
        parts: list[bytes] = []
        total = 0
        while True:
            chunk = response.read(min(READ_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _AnswerTooLarge()
        if expected is not None and total != expected:
            raise _Truncated("the answer was cut short")
        return b"".join(parts)

    # --- what a device asks of the hub --------------------------------------------------------

    def health(self) -> bool:
        """Whether the hub answers ``GET /health`` with ``{"status": "ok"}``: one unsigned
        attempt, so it is quick. A pinned certificate that does not match still raises
        :class:`HubPinMismatch`, as that must never pass for "offline"."""
        try:
            status, _headers, data = self._once("GET", "/health", b"", MAX_ANSWER, signed=False)
        except HubPinMismatch:
            raise
        except (OSError, http.client.HTTPException, _AnswerTooLarge):
            return False
        try:
            return status == 200 and parse_json(data, max_values=100) == {"status": "ok"}
        except JSONRefused:
            return False

    def _json(
        self, method: str, path: str, body: bytes = b"", *, max_response: int = MAX_ANSWER
    ) -> dict[str, Any]:
        _status, _headers, data = self.request(method, path, body, max_response=max_response)
        try:
            answer = parse_json(data, max_values=max(1000, max_response // 8))
        except JSONRefused:
            raise _unreadable() from None
        if not isinstance(answer, dict):
            raise _unreadable()
        return answer

    def upload(self, bundle: bytes) -> dict[str, Any]:
        """Send one sealed bundle; the hub's answer: ``{"status": "stored" | "duplicate",
        "sequence": N, "ack": {...}}``."""
        bundle = bytes(bundle)
        if len(bundle) > MAX_BUNDLE_FILE:
            raise UserError(
                f"this bundle is larger than the hub accepts ({size_text(MAX_BUNDLE_FILE)})"
            )
        answer = self._json("POST", "/v1/bundles", bundle)
        if (
            answer.get("status") not in ("stored", "duplicate")
            or not _is_count(answer.get("sequence"))
            or not isinstance(answer.get("ack", {}), dict)
        ):
            raise _unreadable()
        return answer

    def inbox(self) -> list[dict[str, Any]]:
        """What waits at the hub for this device: ``[{"id": N, "size": BYTES}, ...]``."""
        answer = self._json("GET", "/v1/inbox", max_response=MAX_INBOX)
        items = answer.get("items")
        if not isinstance(items, list) or not all(
            isinstance(item, dict)
            and _is_count(item.get("id"), least=1)
            and _is_count(item.get("size"))
            for item in items
        ):
            raise _unreadable()
        return items

    def held(self) -> dict[str, int] | None:
        """How far the hub holds this device's bundles to the team: ``{"sequence": N,
        "high_water": N, "audit_high_water": N}``; None from a hub too old to say."""
        try:
            answer = self._json("GET", "/v1/held")
        except HubRefused as exc:
            if exc.status == 404:
                return None
            raise
        keys = ("sequence", "high_water", "audit_high_water")
        if set(answer) != set(keys) or not all(_is_count(answer[k]) for k in keys):
            raise _unreadable()
        return {k: answer[k] for k in keys}

    def fetch(self, item_id: int) -> bytes:
        """The bundle waiting as inbox item ``item_id``, sealed by the hub for this device."""
        status, _headers, data = self.request(
            "GET", f"/v1/inbox/{_item(item_id)}?relay={RELAY_SCHEMA}", max_response=MAX_FETCH
        )
        if status != 200:
            raise _unreadable()
        return data

    def done(self, item_id: int) -> None:
        """Tell the hub inbox item ``item_id`` has been taken in (saying so twice is fine)."""
        answer = self._json("POST", f"/v1/inbox/{_item(item_id)}/done")
        if answer.get("status") != "done":
            raise _unreadable()


def _item(item_id: int) -> int:
    if not _is_count(item_id, least=1):
        raise ValueError("an inbox item id is a whole number from 1")
    return item_id
