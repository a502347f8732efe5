"""The device's hub client against a real HTTPS server on a local port that checks signatures
as the hub does: pinning, retries, limits and refusals."""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from visitdesk.errors import UserError
from visitdesk.hub.tls import certificate_pin, make_certificate
from visitdesk.limits import MIB
from visitdesk.sync.hub_client import (
    BAD_ANSWER,
    HubClient,
    HubPinMismatch,
    HubRefused,
    HubUnreachable,
)
from visitdesk.sync.identity import DeviceIdentity
from visitdesk.sync.request_auth import (
    HEADER_NONCE,
    HEADER_SIGNATURE,
    AuthRefused,
    sign_request,
    verify_request,
)

REVOKED_MESSAGE = "this device may no longer use the hub: ask your manager"


@dataclass
class Seen:
    """One request as the stub hub received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    device: str | None = None


@dataclass
class Streamed:
    """What a streaming answer managed to send before the client hung up."""

    sent: int = 0
    broken: bool = False
    finished: threading.Event = field(default_factory=threading.Event)


Answer = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


def json_answer(status: int, value: Any, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return status, dict(headers), json.dumps(value).encode("utf-8")


class StubHub:
    """A real HTTPS server that authenticates requests with ``verify_request`` and then gives
    the answers a test queued, in order (``{"status": "ok"}`` once they run out)."""

    def __init__(self, folder: Path, *devices: DeviceIdentity) -> None:
        cert, key = make_certificate(["127.0.0.1"])
        (folder / "tls.crt").write_bytes(cert)
        (folder / "tls.key").write_bytes(key)
        self.pin = certificate_pin(cert)
        self.device_id = DeviceIdentity.generate().device_id
        self.keys = {device.device_id: device.signing_public_key for device in devices}
        self.revoked: set[str] = set()
        self.nonces: set[tuple[str, str]] = set()
        self.seen: list[Seen] = []
        self.connections = 0
        self.answers: deque[Answer] = deque()

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "tls.crt", folder / "tls.key")
        hub = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def get_request(self):
                request = super().get_request()
                hub.connections += 1
                return request

            def handle_error(self, request, client_address):
                pass  # a client that hangs up mid-answer is what some tests are about

        self.server = Server(("127.0.0.1", 0), _Handler)
        self.server.hub = self
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.address = f"https://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def queue(self, *answers: Answer) -> None:
        self.answers.extend(answers)

    def signing_key_for(self, device_id: str) -> bytes | None:
        if device_id in self.revoked:
            raise AuthRefused(403, REVOKED_MESSAGE)
        return self.keys.get(device_id)

    def nonce_is_new(self, device_id: str, nonce: str) -> bool:
        if (device_id, nonce) in self.nonces:
            return False
        self.nonces.add((device_id, nonce))
        return True

    def client(self, identity: DeviceIdentity, **options: Any) -> HubClient:
        options.setdefault("pin", self.pin)
        pin = options.pop("pin")
        return HubClient(self.address, pin, identity, self.device_id, **options)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        hub: StubHub = self.server.hub
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = Seen(self.command, self.path, dict(self.headers.items()), body)
        hub.seen.append(seen)
        if self.path != "/health":
            try:
                seen.device = verify_request(
                    self.headers,
                    self.command,
                    self.path,
                    hashlib.sha256(body).hexdigest(),
                    hub.device_id,
                    signing_key_for=hub.signing_key_for,
                    now=time.time(),
                    nonce_is_new=hub.nonce_is_new,
                )
            except AuthRefused as refused:
                self.answer(*json_answer(refused.status, {"error": refused.message}))
                return
        answer = hub.answers.popleft() if hub.answers else json_answer(200, {"status": "ok"})
        if callable(answer):
            answer(self)
        else:
            self.answer(*answer)

    do_POST = do_GET

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def streaming(total: int, record: Streamed, *, declare: bool) -> Callable[..., None]:
    """An answer of ``total`` bytes, sent a piece at a time, noting whether the client hung up
    before it was all sent."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.send_response(200)
            if declare:
                handler.send_header("Content-Length", str(total))
            handler.send_header("Connection", "close")
            handler.end_headers()
            piece = b"x" * (256 * 1024)
            while record.sent < total:
                handler.wfile.write(piece)
                record.sent += len(piece)
        except OSError:
            record.broken = True
        finally:
            handler.close_connection = True
            record.finished.set()

    return send


@pytest.fixture
def hub(tmp_path, worker) -> Iterator[StubHub]:
    stub = StubHub(tmp_path, worker)
    yield stub
    stub.close()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(hub, worker, sleeps) -> HubClient:
    return hub.client(worker, sleep=sleeps.append, timeout=5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- signed requests --------------------------------------------------------------------------


def test_a_signed_request_is_accepted_by_a_hub_that_checks_it(hub, client, worker):
    hub.queue(json_answer(200, {"items": [{"id": 4, "size": 120}]}))
    assert client.inbox() == [{"id": 4, "size": 120}]
    assert [(s.method, s.path, s.device) for s in hub.seen] == [
        ("GET", "/v1/inbox", worker.device_id)
    ]
    assert "Content-Length" not in hub.seen[0].headers


def test_upload_fetch_and_done_speak_the_hubs_routes(hub, client, worker):
    bundle = b"\x89VDB sealed bytes" * 100
    hub.queue(
        json_answer(200, {"status": "stored", "sequence": 3, "ack": {"through": 3}}),
        (200, {"Content-Type": "application/octet-stream"}, b"relay bundle"),
        json_answer(200, {"status": "done"}),
    )
    assert client.upload(bundle) == {"status": "stored", "sequence": 3, "ack": {"through": 3}}
    assert client.fetch(9) == b"relay bundle"
    assert client.done(9) is None
    assert [(s.method, s.path) for s in hub.seen] == [
        ("POST", "/v1/bundles"),
        ("GET", "/v1/inbox/9?relay=2"),
        ("POST", "/v1/inbox/9/done"),
    ]
    assert hub.seen[0].body == bundle
    assert hub.seen[2].headers["Content-Length"] == "0"
    assert all(s.device == worker.device_id for s in hub.seen)


def test_health_asks_without_signing(hub, client):
    assert client.health() is True
    assert HEADER_SIGNATURE not in hub.seen[0].headers


def test_health_is_false_at_once_when_the_hub_is_not_there(worker, sleeps):
    pin = "ab" * 32
    absent = HubClient(f"https://127.0.0.1:{free_port()}", pin, worker, "cd" * 16)
    absent._sleep = sleeps.append
    assert absent.health() is False
    assert sleeps == []


def test_health_is_false_for_an_answer_that_is_not_ok(hub, client):
    hub.queue(json_answer(200, {"status": "starting"}))
    assert client.health() is False


def test_a_device_the_hub_does_not_know_is_told_so(hub, sleeps):
    stranger = hub.client(DeviceIdentity.generate(), sleep=sleeps.append)
    with pytest.raises(HubRefused) as refused:
        stranger.inbox()
    assert (refused.value.status, str(refused.value)) == (
        401,
        "this device is not enrolled at the hub",
    )
    assert sleeps == []


def test_a_revoked_device_is_refused_once_and_not_asked_again(hub, client, worker, sleeps):
    hub.revoked.add(worker.device_id)
    with pytest.raises(HubRefused) as refused:
        client.upload(b"bundle")
    assert (refused.value.status, str(refused.value)) == (403, REVOKED_MESSAGE)
    assert len(hub.seen) == 1
    assert sleeps == []


def test_the_hubs_error_text_is_trimmed_to_one_short_line(hub, client):
    hub.queue(json_answer(409, {"error": "first line\nsecond\tline " + "x" * 1000}))
    with pytest.raises(HubRefused) as refused:
        client.done(1)
    message = str(refused.value)
    assert message.startswith("first line second line xxx")
    assert "\n" not in message and len(message) <= 300


def test_an_error_without_words_still_says_what_happened(hub, client):
    hub.queue((404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>"))
    with pytest.raises(HubRefused, match=r"the hub refused the request \(HTTP 404\)"):
        client.fetch(5)


def test_a_request_sent_twice_by_hand_is_refused_as_a_replay(hub, worker):
    headers = sign_request(worker, "GET", "/v1/inbox", b"", hub.device_id)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    answers = []
    for _ in range(2):
        connection = http.client.HTTPSConnection(
            "127.0.0.1", hub.server.server_address[1], context=context, timeout=5
        )
        connection.request("GET", "/v1/inbox", headers=headers)
        response = connection.getresponse()
        answers.append((response.status, json.loads(response.read())))
        connection.close()
    assert answers == [
        (200, {"status": "ok"}),
        (401, {"error": "this request was already made (a replay)"}),
    ]


# --- the pinned certificate -------------------------------------------------------------------


def test_a_hub_whose_certificate_is_not_the_pinned_one_never_sees_the_request(hub, worker, sleeps):
    other_pin = certificate_pin(make_certificate(["127.0.0.1"])[0])
    client = hub.client(worker, pin=other_pin, sleep=sleeps.append)
    with pytest.raises(HubPinMismatch) as refused:
        client.upload(b"a bundle that must not leave the device")
    assert str(refused.value) == (
        "the hub's certificate does not match its card: do not sync, and tell your IT service desk"
    )
    deadline = time.monotonic() + 5
    while hub.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # the hub's side of the handshake may finish just after the client's
    time.sleep(0.1)  # time enough for a request, had one been sent
    assert hub.connections == 1  # one handshake, not retried
    assert hub.seen == []
    assert sleeps == []


def test_a_pin_mismatch_is_not_taken_for_being_offline(hub, worker):
    other_pin = certificate_pin(make_certificate(["127.0.0.1"])[0])
    with pytest.raises(HubPinMismatch):
        hub.client(worker, pin=other_pin).health()


def test_the_pin_may_be_given_in_capitals(hub, worker):
    assert hub.client(worker, pin=hub.pin.upper()).health() is True


# --- retries ------------------------------------------------------------------------------------


def test_a_busy_hub_is_tried_again_with_growing_waits_and_fresh_signatures(hub, client, sleeps):
    busy = json_answer(503, {"error": "the hub's database is not available"})
    hub.queue(busy, busy, json_answer(200, {"items": []}))
    assert client.inbox() == []
    assert len(hub.seen) == 3
    assert len({s.headers[HEADER_NONCE] for s in hub.seen}) == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 0.55
    assert 1.0 <= sleeps[1] <= 1.1


@pytest.mark.parametrize(("retry_after", "waited"), [("3", 3.0), ("0", 0.0), ("600", 8.0)])
def test_a_rate_limited_request_waits_as_long_as_the_hub_asks_within_the_cap(
    hub, client, sleeps, retry_after, waited
):
    hub.queue(json_answer(429, {"error": "slow down"}, **{"Retry-After": retry_after}))
    hub.queue(json_answer(200, {"status": "done"}))
    assert client.done(2) is None
    assert sleeps == [waited]
    assert len(hub.seen) == 2


def test_a_hub_that_stays_busy_is_reported_unreachable_after_the_last_attempt(hub, worker, sleeps):
    client = hub.client(worker, attempts=3, sleep=sleeps.append)
    hub.queue(*[json_answer(502, {"error": "the hub is restarting"})] * 3)
    with pytest.raises(HubUnreachable) as unreachable:
        client.inbox()
    assert str(unreachable.value) == "hub not reachable: the hub is busy (the hub is restarting)"
    assert len(hub.seen) == 3 and len(sleeps) == 2


def test_a_refused_connection_is_tried_each_time_then_reported_as_offline(worker, sleeps):
    port = free_port()
    client = HubClient(
        f"https://127.0.0.1:{port}", "ab" * 32, worker, "cd" * 16, attempts=4, sleep=sleeps.append
    )
    with pytest.raises(HubUnreachable) as unreachable:
        client.inbox()
    assert str(unreachable.value) == "hub not reachable: working offline (connection refused)"
    assert len(sleeps) == 3
    assert all(low <= wait <= low * 1.1 for low, wait in zip([0.5, 1, 2], sleeps, strict=True))


def test_the_waits_never_pass_the_cap(worker, sleeps):
    client = HubClient(
        f"https://127.0.0.1:{free_port()}",
        "ab" * 32,
        worker,
        "cd" * 16,
        attempts=7,
        backoff=1,
        max_backoff=5,
        sleep=sleeps.append,
    )
    with pytest.raises(HubUnreachable):
        client.inbox()
    assert sleeps[3:] == [5, 5, 5]


def test_a_hub_that_never_answers_times_out_and_is_reported_offline(worker, sleeps):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # takes the connection, never says a word
        address = f"https://127.0.0.1:{silent.getsockname()[1]}"
        client = HubClient(
            address, "ab" * 32, worker, "cd" * 16, timeout=0.3, attempts=2, sleep=sleeps.append
        )
        started = time.monotonic()
        with pytest.raises(HubUnreachable, match="did not answer in time"):
            client.inbox()
    assert time.monotonic() - started < 5
    assert len(sleeps) == 1


# --- what comes back ----------------------------------------------------------------------------


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_an_oversized_answer_is_refused_without_being_read_whole(hub, client, sleeps, declare):
    record = Streamed()
    hub.queue(streaming(64 * MIB, record, declare=declare))
    with pytest.raises(HubRefused, match="longer than expected") as refused:
        client.request("GET", "/v1/inbox/1", max_response=1 * MIB)
    assert refused.value.status == BAD_ANSWER
    assert record.finished.wait(10)
    assert record.broken and record.sent < 64 * MIB
    assert sleeps == [] and len(hub.seen) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"items": [{"id": 1}]}',
        b'{"items": [{"id": true, "size": 1}]}',
        b'{"items": [], "items": []}',
    ],
)
def test_an_answer_that_is_not_what_the_design_says_could_not_be_read(hub, client, body):
    hub.queue((200, {"Content-Type": "application/json"}, body))
    with pytest.raises(HubRefused, match="the hub's answer could not be read") as refused:
        client.inbox()
    assert refused.value.status == BAD_ANSWER


def test_an_upload_answer_without_a_status_could_not_be_read(hub, client):
    hub.queue(json_answer(200, {"sequence": 1}))
    with pytest.raises(HubRefused, match="could not be read"):
        client.upload(b"bundle")


# --- what the client refuses itself ----------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "http://hub.example.org:8443",
        "hub.example.org:8443",
        "https://",
        "https://hub.example.org:99999",
        "https://user@hub.example.org:8443",
        "https://hub.example.org:8443/path",
    ],
)
def test_an_address_that_is_not_plain_https_is_refused(worker, address):
    with pytest.raises(UserError, match="is not an https:// address"):
        HubClient(address, "ab" * 32, worker, "cd" * 16)


def test_a_card_without_a_proper_pin_is_refused(worker):
    with pytest.raises(UserError, match="certificate fingerprint"):
        HubClient("https://hub.example.org:8443", "ab" * 31, worker, "cd" * 16)


def test_a_bundle_larger_than_the_hub_takes_is_not_sent(hub, client):
    with pytest.raises(UserError, match="larger than the hub accepts"):
        client.upload(b"\0" * (32 * MIB + 1))
    assert hub.seen == []


def test_held_says_how_far_the_hub_holds_this_devices_bundles(hub, client, worker):
    held = {"sequence": 4, "high_water": 310, "audit_high_water": 22}
    hub.queue(json_answer(200, held))
    assert client.held() == held
    assert [(s.method, s.path, s.device) for s in hub.seen] == [
        ("GET", "/v1/held", worker.device_id)
    ]


def test_a_hub_too_old_to_say_what_it_holds_gives_none(hub, client):
    hub.queue(json_answer(404, {"error": "Not Found"}))
    assert client.held() is None


@pytest.mark.parametrize(
    "answer",
    [
        {"sequence": 4, "high_water": 310},
        {"sequence": -1, "high_water": 310, "audit_high_water": 22},
        {"sequence": True, "high_water": 310, "audit_high_water": 22},
        {"sequence": 4, "high_water": "310", "audit_high_water": 22},
        {"sequence": 4, "high_water": 310, "audit_high_water": 22, "more": 1},
    ],
)
def test_a_held_answer_not_as_designed_could_not_be_read(hub, client, answer):
    hub.queue(json_answer(200, answer))
    with pytest.raises(HubRefused) as caught:
        client.held()
    assert caught.value.status == BAD_ANSWER


def test_a_bundle_the_hub_set_aside_is_listed_and_the_sync_carries_on(tmp_path, make_workspace):
    from visitdesk.services import hub_sync, syncing

    ws = make_workspace(folder="sam")
    me = syncing.identity(ws)
    stub = StubHub(tmp_path, me)
    try:
        card = DeviceIdentity.generate().card(
            "hub", "North hub", "Team North", address=stub.address, tls_sha256=stub.pin
        )
        (tmp_path / "hub.card").write_bytes(card.to_bytes())
        syncing.import_card(ws, tmp_path / "hub.card")
        aside = "a bundle waiting here is too large to pass on and was set aside"
        stub.queue(
            json_answer(200, {"items": [{"id": 7, "size": 100}]}),
            json_answer(410, {"error": aside}),
            json_answer(200, {"items": []}),
            json_answer(200, {"sequence": 0, "high_water": 0, "audit_high_water": 0}),
        )
        report = hub_sync.send_and_receive(ws, client=stub.client(me, timeout=5))
        assert report.refused == [aside] and report.state == "up to date"
        # Asked for in the relay form this version reads; not marked done (the hub did).
        assert [s.path for s in stub.seen] == [
            "/v1/inbox",
            "/v1/inbox/7?relay=2",
            "/v1/inbox",
            "/v1/held",
        ]
    finally:
        stub.close()
