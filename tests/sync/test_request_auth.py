"""Signed hub requests: what the signature covers, and every way the hub refuses a request."""

from __future__ import annotations

import hashlib

import pytest

from visitdesk.sync.identity import DeviceIdentity
from visitdesk.sync.request_auth import (
    CONTEXT,
    HEADER_DEVICE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIME,
    MAX_SKEW,
    AuthRefused,
    sign_request,
    signed_message,
    verify_request,
)

NOW = 1_760_000_000
HUB = DeviceIdentity.generate().device_id
BODY = b"a sealed bundle"
BODY_SHA = hashlib.sha256(BODY).hexdigest()


class Hub:
    """What the hub knows: enrolled keys, revoked devices and the nonces it has seen."""

    def __init__(self, *devices: DeviceIdentity) -> None:
        self.keys = {device.device_id: device.signing_public_key for device in devices}
        self.revoked: set[str] = set()
        self.seen: set[tuple[str, str]] = set()

    def signing_key_for(self, device_id: str) -> bytes | None:
        if device_id in self.revoked:
            raise AuthRefused(403, "this device may no longer use the hub: ask your manager")
        return self.keys.get(device_id)

    def nonce_is_new(self, device_id: str, nonce: str) -> bool:
        if (device_id, nonce) in self.seen:
            return False
        self.seen.add((device_id, nonce))
        return True

    def verify(self, headers, method="POST", path="/v1/bundles", body_sha=BODY_SHA, *, now=NOW):
        return verify_request(
            headers,
            method,
            path,
            body_sha,
            HUB,
            signing_key_for=self.signing_key_for,
            now=now,
            nonce_is_new=self.nonce_is_new,
        )


@pytest.fixture
def device() -> DeviceIdentity:
    return DeviceIdentity.generate()


@pytest.fixture
def hub(device) -> Hub:
    return Hub(device)


def signed(device, method="POST", path="/v1/bundles", body=BODY, hub_id=HUB, now=NOW):
    return sign_request(device, method, path, body, hub_id, now=now)


def test_the_signed_message_is_the_context_and_six_lines_as_the_design_gives_them():
    message = signed_message("GET", "/v1/inbox?x=1", 1700000000, "ab" * 16, "cd" * 32, HUB)
    assert message == CONTEXT + (
        f"GET\n/v1/inbox?x=1\n1700000000\n{'ab' * 16}\n{'cd' * 32}\n{HUB}".encode("ascii")
    )


def test_a_signed_request_is_accepted_and_names_its_device(hub, device):
    headers = signed(device)
    assert set(headers) == {HEADER_DEVICE, HEADER_TIME, HEADER_NONCE, HEADER_SIGNATURE}
    assert headers[HEADER_TIME] == str(NOW)
    assert hub.verify(headers) == device.device_id


def test_each_request_gets_a_new_nonce(device):
    assert signed(device)[HEADER_NONCE] != signed(device)[HEADER_NONCE]


@pytest.mark.parametrize(
    "change",
    [
        {"method": "GET"},
        {"path": "/v1/inbox"},
        {"path": "/v1/bundles?again=1"},
        {"body_sha": hashlib.sha256(BODY + b"!").hexdigest()},
    ],
    ids=["method", "path", "query", "body"],
)
def test_a_request_changed_on_the_way_is_refused(hub, device, change):
    with pytest.raises(AuthRefused, match="signature does not match") as refused:
        hub.verify(signed(device), **change)
    assert refused.value.status == 401


def test_a_request_signed_for_another_hub_is_refused(hub, device):
    other_hub = DeviceIdentity.generate().device_id
    with pytest.raises(AuthRefused, match="signature does not match"):
        hub.verify(signed(device, hub_id=other_hub))


@pytest.mark.parametrize(
    ("header", "value"),
    [(HEADER_TIME, str(NOW - 1)), (HEADER_NONCE, "0" * 32)],
    ids=["time", "nonce"],
)
def test_a_changed_time_or_nonce_breaks_the_signature(hub, device, header, value):
    headers = signed(device) | {header: value}
    with pytest.raises(AuthRefused, match="signature does not match"):
        hub.verify(headers)


def test_a_signature_by_another_device_under_this_ones_id_is_refused(hub, device):
    impostor = DeviceIdentity.generate()
    headers = signed(impostor) | {HEADER_DEVICE: device.device_id}
    with pytest.raises(AuthRefused, match="signature does not match"):
        hub.verify(headers)


@pytest.mark.parametrize("skew", [MAX_SKEW + 1, -(MAX_SKEW + 1), 86_400])
def test_a_clock_more_than_five_minutes_out_is_refused_with_what_to_do(hub, device, skew):
    with pytest.raises(AuthRefused) as refused:
        hub.verify(signed(device, now=NOW + skew))
    assert refused.value.status == 401
    assert refused.value.message == (
        "the device's clock is more than five minutes from the hub's: set the clock and try again"
    )


@pytest.mark.parametrize("skew", [MAX_SKEW, -MAX_SKEW, 0])
def test_a_clock_up_to_five_minutes_out_is_fine(hub, device, skew):
    assert hub.verify(signed(device, now=NOW + skew)) == device.device_id


def test_a_repeated_request_is_refused_as_a_replay(hub, device):
    headers = signed(device)
    hub.verify(headers)
    with pytest.raises(AuthRefused) as refused:
        hub.verify(headers)
    assert (refused.value.status, refused.value.message) == (
        401,
        "this request was already made (a replay)",
    )


def test_a_bad_signature_takes_no_place_in_the_nonce_store(hub, device):
    headers = signed(device)
    with pytest.raises(AuthRefused, match="signature does not match"):
        hub.verify(headers, method="DELETE")
    assert hub.seen == set()
    assert hub.verify(headers) == device.device_id


def test_an_unknown_device_is_refused(hub):
    stranger = DeviceIdentity.generate()
    with pytest.raises(AuthRefused) as refused:
        hub.verify(signed(stranger))
    assert (refused.value.status, refused.value.message) == (
        401,
        "this device is not enrolled at the hub",
    )


def test_a_revoked_device_is_refused_with_the_hubs_own_403(hub, device):
    hub.revoked.add(device.device_id)
    with pytest.raises(AuthRefused) as refused:
        hub.verify(signed(device))
    assert refused.value.status == 403


def test_the_clock_is_checked_before_the_device_is_looked_up(hub):
    stranger = DeviceIdentity.generate()
    with pytest.raises(AuthRefused, match="clock"):
        hub.verify(signed(stranger, now=NOW - 3600))


def test_header_names_are_matched_whatever_their_case(hub, device):
    lowered = {name.lower(): value for name, value in signed(device).items()}
    shouted = {name.upper(): value for name, value in signed(device).items()}
    assert hub.verify(lowered) == device.device_id
    assert hub.verify(shouted) == device.device_id


def test_a_header_given_twice_in_different_cases_is_refused(hub, device):
    headers = signed(device)
    headers["visitdesk-device"] = headers[HEADER_DEVICE]
    with pytest.raises(AuthRefused, match="more than once"):
        hub.verify(headers)


@pytest.mark.parametrize(
    "header", [HEADER_DEVICE, HEADER_TIME, HEADER_NONCE, HEADER_SIGNATURE], ids=str.lower
)
def test_a_request_without_each_header_is_refused(hub, device, header):
    headers = signed(device)
    del headers[header]
    with pytest.raises(AuthRefused, match=f"it has no {header} header") as refused:
        hub.verify(headers)
    assert refused.value.status == 401


@pytest.mark.parametrize(
    ("header", "value"),
    [
        (HEADER_DEVICE, "A" * 32),
        (HEADER_DEVICE, "a" * 31),
        (HEADER_DEVICE, "g" * 32),
        (HEADER_TIME, ""),
        (HEADER_TIME, "-5"),
        (HEADER_TIME, "1.5"),
        (HEADER_TIME, "1" * 13),
        (HEADER_TIME, " 1760000000"),
        (HEADER_TIME, "١٧٦٠٠٠٠٠٠٠"),  # Arabic-Indic digits: digits to Python, not to us
        (HEADER_NONCE, "ab" * 15),
        (HEADER_NONCE, "AB" * 16),
        (HEADER_SIGNATURE, "00" * 63),
        (HEADER_SIGNATURE, "zz" * 64),
        (HEADER_SIGNATURE, "00" * 64 + "\n"),
    ],
)
def test_a_malformed_header_is_refused_before_anything_else(hub, device, header, value):
    headers = signed(device) | {header: value}
    with pytest.raises(AuthRefused, match=f"the {header} header is not in the right form"):
        hub.verify(headers)


def test_a_request_address_that_is_not_plain_text_is_refused(hub, device):
    with pytest.raises(AuthRefused, match="not plain text"):
        hub.verify(signed(device), path="/v1/inbox\n/7")


def test_the_signed_message_refuses_parts_that_could_run_together():
    with pytest.raises(ValueError):
        signed_message("GET", "/a\nb", NOW, "ab" * 16, "cd" * 32, HUB)
    with pytest.raises(ValueError):
        signed_message("GET", "/caf\u00e9", NOW, "ab" * 16, "cd" * 32, HUB)
    with pytest.raises(ValueError):
        signed_message("GET", "", NOW, "ab" * 16, "cd" * 32, HUB)
