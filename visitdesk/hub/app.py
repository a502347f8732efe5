"""The hub's HTTP routes (Starlette): a health check, and for enrolled devices only, sending a
bundle, listing what waits, fetching it sealed again for the device, and saying it arrived.

Every route but ``/health`` needs a request signed by an enrolled, unrevoked device. Sizes are
checked before a body is read whole, each device has its own rate limit, and every refusal is
written to the hub's audit trail (device ids and reasons only, never content).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from visitdesk import limits
from visitdesk.hub import store
from visitdesk.sync import DeviceIdentity
from visitdesk.sync.relay import RELAY_SCHEMA
from visitdesk.sync.request_auth import AuthRefused, verify_request

log = logging.getLogger(__name__)

MAX_BODY = limits.MAX_BUNDLE_FILE
MAX_SMALL_BODY = 1024  # a request that carries no bundle
DEVICE_RATE = 20.0  # requests a second, on average, for one device
DEVICE_BURST = 120
STRANGER_RATE = 2.0  # refused requests a second from one address
STRANGER_BURST = 30


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RateLimiter:
    """A token bucket for each key (a device, or an address that keeps failing)."""

    rate: float
    burst: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, key: str, now: float | None = None) -> float:
        """0 if a request may go now (and it is counted), else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) > 100_000:
                    self._buckets.clear()  # bounded: a flood of made-up keys cannot fill memory
                bucket = self._buckets[key] = _Bucket(self.burst, now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate

    def exhausted(self, key: str) -> bool:
        """Whether ``key`` has used up its allowance, without counting anything."""
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                return False
            tokens = min(self.burst, bucket.tokens + (time.monotonic() - bucket.at) * self.rate)
            return tokens < 1


def _error(status: int, message: str, *, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


class _TooLarge(Exception):
    pass


async def _body(request: Request, most: int) -> bytes:
    """The request's body, refused before it is read if it says it is larger than ``most``,
    and cut off as soon as it passes ``most`` if it said nothing or lied."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or int(declared) > most:
            raise _TooLarge
    parts, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > most:
            raise _TooLarge
        parts.append(chunk)
    return b"".join(parts)


def make_app(engine: Engine, hub: DeviceIdentity) -> Starlette:
    """The hub's ASGI application over ``engine``, speaking as ``hub``."""
    devices = RateLimiter(DEVICE_RATE, DEVICE_BURST)
    strangers = RateLimiter(STRANGER_RATE, STRANGER_BURST)

    def note_refusal(device_id: str, status: int, what: str) -> None:
        try:
            with Session(engine) as session, session.begin():
                store.audit(session, device_id, "refuse", f"{status} {what}")
        except DBAPIError:
            log.warning("could not note a refusal in the audit trail")

    def authenticate(request: Request, body: bytes) -> str:
        # Exactly as sent (not percent-decoded), so the signature covers what came in.
        raw = request.scope.get("raw_path") or request.url.path.encode("ascii", "replace")
        query = request.scope.get("query_string", b"")
        path = raw.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
        with Session(engine) as session, session.begin():
            return verify_request(
                request.headers,
                request.method,
                path,
                hashlib.sha256(body).hexdigest(),
                hub.device_id,
                signing_key_for=lambda device: store.signing_key_for(session, device),
                now=time.time(),
                nonce_is_new=lambda device, nonce: store.nonce_is_new(session, device, nonce),
            )

    def guarded(work, *, most: int = MAX_SMALL_BODY):
        async def endpoint(request: Request) -> Response:
            # Refusals are counted by address and the device claimed, so a stranger behind
            # the same office address cannot shut out the enrolled devices there.
            claimed = request.headers.get("visitdesk-device", "")[:32]
            address = (request.client.host if request.client else "?") + "/" + claimed
            what = request.url.path.split("/")[2] if request.url.path.count("/") > 1 else "-"
            device = "-"
            if strangers.exhausted(address):
                # An address whose requests keep being refused waits before it is heard again.
                return _error(429, "too many refused requests: wait a moment", retry_after=5)
            try:
                body = await _body(request, most)
                device = await run_in_threadpool(authenticate, request, body)
                wait = devices.wait_for(device)
                if wait:
                    return _error(
                        429,
                        "too many requests from this device: wait a moment",
                        retry_after=max(1, round(wait)),
                    )
                return await run_in_threadpool(work, request, device, body)
            except _TooLarge:
                status, message = 413, "this request is larger than the hub takes"
            except ClientDisconnect:
                return Response(status_code=400)
            except AuthRefused as refused:
                status, message = refused.status, refused.message
                strangers.wait_for(address)
            except store.Refused as refused:
                status, message = refused.status, str(refused)
            except (OperationalError, DBAPIError):
                log.warning("the hub's database did not answer")
                return _error(
                    503, "the hub's database is not available: try again soon", retry_after=5
                )
            except Exception:
                log.exception("a request to the hub failed")
                return _error(500, "the hub hit a problem; try again later")
            await run_in_threadpool(note_refusal, device, status, what)
            return _error(status, message)

        return endpoint

    def upload(request: Request, device: str, body: bytes) -> Response:
        return JSONResponse(store.accept(engine, hub, device, body))

    def list_inbox(request: Request, device: str, body: bytes) -> Response:
        with Session(engine) as session:
            return JSONResponse({"items": store.inbox(session, device)})

    def list_held(request: Request, device: str, body: bytes) -> Response:
        with Session(engine) as session:
            return JSONResponse(store.held(session, device))

    def fetch(request: Request, device: str, body: bytes) -> Response:
        item = request.path_params["item"]
        # A device of the first release does not ask, and reads only schema 1.
        schema = RELAY_SCHEMA if request.query_params.get("relay") == str(RELAY_SCHEMA) else 1
        with Session(engine) as session:
            data = store.relay(session, hub, device, item, schema=schema)
        return Response(data, media_type="application/octet-stream")

    def done(request: Request, device: str, body: bytes) -> Response:
        with Session(engine) as session, session.begin():
            store.done(session, device, request.path_params["item"])
        return JSONResponse({"status": "done"})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/v1/bundles", guarded(upload, most=MAX_BODY), methods=["POST"]),
            Route("/v1/inbox", guarded(list_inbox), methods=["GET"]),
            Route("/v1/held", guarded(list_held), methods=["GET"]),
            Route("/v1/inbox/{item:int}", guarded(fetch), methods=["GET"]),
            Route("/v1/inbox/{item:int}/done", guarded(done), methods=["POST"]),
        ]
    )
