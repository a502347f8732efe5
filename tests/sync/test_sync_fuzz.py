"""Random damage to a real bundle is always refused with a BundleError, and never opens."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from visitdesk.sync import BundleError, DeviceIdentity, open_sealed, seal
from visitdesk.sync.envelope import HEADER_SIZE, MAGIC

_WORKER = DeviceIdentity.generate()
_MANAGER = DeviceIdentity.generate()
_WORKER_CARD = _WORKER.card("worker", "Jo Bloggs", "North Team")
_MANAGER_CARD = _MANAGER.card("manager", "Sam Patel", "North Team")
_SENDERS = {_WORKER_CARD.device_id: _WORKER_CARD}
_PAYLOAD = json.dumps({"records": [{"id": n, "notes": "Seen alone."} for n in range(20)]}).encode()
_BUNDLE = seal(
    _PAYLOAD,
    manifest={"sequence": 1, "counts": {"records": 20}},
    sender=_WORKER,
    recipient=_MANAGER_CARD,
)
_SIZE = len(_BUNDLE)

_FUZZ = settings(max_examples=200, deadline=None, database=None)

# Damage anywhere, but look harder at the header where each byte means something different.
_index = st.one_of(st.integers(0, HEADER_SIZE - 1), st.integers(0, _SIZE - 1))


def _open(data: bytes) -> None:
    """Opening altered data must raise BundleError; anything else (or success) fails the test."""
    try:
        opened = open_sealed(data, me=_MANAGER, known_senders=_SENDERS)
    except BundleError as error:
        assert str(error) and "\n" not in str(error)
        return
    raise AssertionError(f"altered bundle opened: {opened.manifest}")


def test_the_untouched_bundle_opens() -> None:
    assert open_sealed(_BUNDLE, me=_MANAGER, known_senders=_SENDERS).payload == _PAYLOAD


@_FUZZ
@given(st.lists(st.tuples(_index, st.integers(1, 255)), min_size=1, max_size=8))
def test_flipped_bytes_are_always_refused(flips: list[tuple[int, int]]) -> None:
    data = bytearray(_BUNDLE)
    for index, mask in flips:
        data[index] ^= mask
    if bytes(data) == _BUNDLE:  # two flips of the same byte can cancel out
        return
    _open(bytes(data))


@_FUZZ
@given(st.integers(0, _SIZE - 1))
def test_a_bundle_cut_anywhere_is_refused(keep: int) -> None:
    _open(_BUNDLE[:keep])


@_FUZZ
@given(_index, st.integers(1, 64), st.binary(min_size=0, max_size=64))
def test_bytes_removed_or_replaced_anywhere_are_refused(
    start: int, length: int, replacement: bytes
) -> None:
    data = _BUNDLE[:start] + replacement + _BUNDLE[start + length :]
    if data == _BUNDLE:
        return
    _open(data)


@_FUZZ
@given(st.binary(min_size=1, max_size=64))
def test_bytes_added_at_the_end_are_refused(extra: bytes) -> None:
    _open(_BUNDLE + extra)


@_FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_after_a_valid_magic_are_refused(rest: bytes) -> None:
    _open(MAGIC + b"\x00\x01" + rest)
    _open(MAGIC + rest)


@_FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_files_are_refused(data: bytes) -> None:
    _open(data)
