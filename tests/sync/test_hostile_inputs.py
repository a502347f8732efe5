"""Hostile input, written as an attacker would: each is refused with one line and changes nothing.

The bundles here are made by the real ``seal`` with a real enrolled device's keys, in a copy of
VisitDesk an attacker has changed to skip its own checks before sealing (see
:func:`modified_client`): a compression bomb, a manifest claiming a million rows, a sequence
number of 2**63 - 1. Beside them: a 40 MB file, /dev/zero and a pipe given as a bundle, a card,
a case file and a backup. Anything that could block is run in a thread, so a read that never
ends fails the test instead of hanging it; memory is measured in a child process. How long
each refusal takes is printed by bench/bench_hostile.py, not asserted here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.sync import (
    BundleError,
    BundleProblem,
    Card,
    CardError,
    DeviceIdentity,
    envelope,
    open_sealed_file,
    seal,
)
from visitdesk.sync.cards import read_card_file

REPO = Path(__file__).resolve().parents[2]
GIB = 1024**3
MEMORY_CEILING_KIB = 200 * 1024
HANG_GUARD_SECONDS = 60  # only ever reached by a read that blocks; never a speed test

posix_only = pytest.mark.skipif(
    not (hasattr(os, "mkfifo") and os.path.exists("/dev/zero")),
    reason="needs /dev/zero and named pipes",
)


# --- the attacker's tools ---------------------------------------------------------------------


def zeros_bomb(size: int = GIB) -> bytes:
    """A valid zlib stream that inflates to ``size`` zero bytes, in about 1 MB, made at once.

    One megabyte of zeros is compressed with a full flush, which makes the piece independent of
    what came before, so it can be repeated; the trailer is the Adler-32 of ``size`` zeros.
    """
    piece = 1024 * 1024
    assert size % piece == 0
    zeros = bytes(piece)
    packer = zlib.compressobj(9)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)[:-4]
    adler = ((size % 65521) << 16) | 1  # Adler-32 of zeros: A stays 1, B counts the bytes
    return first + middle * (size // piece - 1) + end + adler.to_bytes(4, "big")


@contextlib.contextmanager
def modified_client(packed: bytes | None = None) -> Iterator[None]:
    """VisitDesk as an attacker on an enrolled device has changed it: the real ``seal`` and
    keys, with every check on what it sends removed, and (with ``packed``) the compressed
    payload replaced after the manifest was worked out from the honest one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(envelope, "_check_caller_manifest", lambda manifest: None)
        patch.setattr(envelope, "MAX_ROWS", 2**64)
        patch.setattr(envelope, "MAX_PAYLOAD_SIZE", 2**64)
        patch.setattr(envelope, "MAX_BUNDLE_SIZE", 2**64)
        if packed is not None:
            patch.setattr(envelope, "_pack", lambda payload: (envelope.ENCODING_ZLIB, packed))
        yield


def forged(
    worker: DeviceIdentity,
    manager_card: Card,
    *,
    payload: bytes = b'{"visits": []}',
    packed: bytes | None = None,
    sequence: int = 1,
    counts: dict[str, int] | None = None,
) -> bytes:
    with modified_client(packed):
        return seal(
            payload,
            manifest={"sequence": sequence, "counts": counts or {"visits": 0}},
            sender=worker,
            recipient=manager_card,
        )


def without_blocking(call: Callable[[], Any], *, unblock: Path | None = None) -> Any:
    """Run ``call`` in a thread; a call that blocks fails the test instead of hanging it."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_SECONDS)
    if thread.is_alive():
        if unblock is not None:  # give a reader stuck on the pipe a writer, then an end
            with contextlib.suppress(OSError):
                os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading the input blocked instead of being refused")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def refusal(call: Callable[[], Any], kind: type[UserError] = UserError, **options: Any) -> str:
    """The one-line message ``call`` is refused with."""
    with pytest.raises(kind) as caught:
        without_blocking(call, **options)
    message = str(caught.value)
    assert message and "\n" not in message, message
    assert "Traceback" not in message
    return message


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def sparse_40mb(tmp_path: Path) -> Path:
    path = tmp_path / "forty.bin"
    with path.open("wb") as handle:
        handle.write(envelope.MAGIC)
        handle.truncate(40 * 1024 * 1024)  # sparse: takes no room on the disk
    return path


# The child's own peak. On Linux getrusage's ru_maxrss (self or children) starts from the
# parent's peak at the fork, so a test run that has used memory would be measured, not the
# child; the kernel's VmHWM belongs to the child's own memory map, made fresh at exec.
_PEAK = """
import resource as _r, sys as _s
try:
    with open("/proc/self/status") as _f:
        _kib = next(int(l.split()[1]) for l in _f if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    _kib = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss // (1024 if _s.platform == "darwin" else 1)
_s.stdout.write("\\n@peak " + str(_kib) + "\\n")
"""


def peak_memory_kib_of(code: str, *args: str, stdin: Any = None) -> tuple[int, str]:
    """Run ``code`` in a fresh Python; its peak resident memory (KiB) and what it printed."""
    pytest.importorskip("resource")
    runner = code + _PEAK
    done = subprocess.run(
        [sys.executable, "-c", runner, *args],
        cwd=REPO,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    printed, _, peak = done.stdout.rpartition("\n@peak ")
    assert peak, (done.stdout, done.stderr)
    return int(peak), printed + done.stderr


_OPEN_BUNDLE = """
import sys
from pathlib import Path
from visitdesk.sync import BundleError, Card, DeviceIdentity, open_sealed_file
me = DeviceIdentity.from_secret_bytes(Path(sys.argv[1]).read_bytes())
sender = Card.from_bytes(Path(sys.argv[2]).read_bytes())
try:
    open_sealed_file(sys.argv[3], me=me, known_senders={sender.device_id: sender})
    print("opened")
except BundleError as error:
    print(error.reason.value, error)
"""


def open_in_child(
    bundle: bytes, tmp_path: Path, me: DeviceIdentity, sender_card: Card
) -> tuple[int, str]:
    (tmp_path / "me.secret").write_bytes(me.to_secret_bytes())
    (tmp_path / "sender.card").write_bytes(sender_card.to_bytes())
    (tmp_path / "hostile.vdbundle").write_bytes(bundle)
    return peak_memory_kib_of(
        _OPEN_BUNDLE,
        str(tmp_path / "me.secret"),
        str(tmp_path / "sender.card"),
        str(tmp_path / "hostile.vdbundle"),
    )


# --- bundles from an enrolled device ---------------------------------------------------------


@pytest.fixture
def senders(worker_card: Card) -> dict[str, Card]:
    return {worker_card.device_id: worker_card}


def open_file(path: Path, me: DeviceIdentity, senders: dict[str, Card]) -> BundleError:
    with pytest.raises(BundleError) as caught:
        without_blocking(lambda: open_sealed_file(path, me=me, known_senders=senders))
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 220
    return caught.value


def test_the_bomb_used_here_is_a_whole_zlib_stream_of_zeros() -> None:
    # Built the same way whatever its size; 64 MiB is checked byte for byte, quickly.
    size = 64 * 1024 * 1024
    assert zlib.decompress(zeros_bomb(size)) == bytes(size)
    assert len(zeros_bomb()) < 2 * 1024 * 1024  # the gibibyte one, in about a megabyte


def test_a_signed_compression_bomb_is_refused_in_little_memory(
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    worker_card: Card,
    manager_card: Card,
    tmp_path: Path,
) -> None:
    # The manifest describes a small honest payload; the packed data inflates to 1 GiB.
    bundle = forged(worker, manager_card, packed=zeros_bomb())
    peak, printed = open_in_child(bundle, tmp_path, manager, worker_card)
    assert printed.startswith(BundleProblem.PAYLOAD_DAMAGED.value), printed
    assert "\n" not in printed.strip()
    assert peak < MEMORY_CEILING_KIB


def test_a_bomb_that_claims_the_largest_payload_stops_at_the_limit(
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    worker_card: Card,
    manager_card: Card,
    tmp_path: Path,
) -> None:
    # As large a payload as the manifest may honestly claim, then 1 GiB behind it.
    payload = bytes(limits.MAX_BUNDLE_PAYLOAD)
    bundle = forged(worker, manager_card, payload=payload, packed=zeros_bomb())
    del payload
    peak, printed = open_in_child(bundle, tmp_path, manager, worker_card)
    assert printed.startswith(BundleProblem.PAYLOAD_DAMAGED.value), printed
    assert peak < MEMORY_CEILING_KIB


def test_a_bomb_that_admits_its_size_is_refused_before_it_is_inflated(
    craft: Callable[..., bytes],
    make_manifest: Callable[..., dict[str, Any]],
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Signed with the worker's real key, by hand from the documented format, so that the
    # manifest can tell the truth: 1 GiB once unpacked.
    manifest = make_manifest(
        worker,
        manager_card,
        b"",
        payload_size=GIB,
        payload_encoding="zlib",
        payload_sha256=hashlib.sha256(b"unknown").hexdigest(),
    )
    path = tmp_path / "honest-bomb.vdbundle"
    path.write_bytes(
        craft(sender=worker, recipient=manager_card, manifest=manifest, packed=zeros_bomb())
    )
    monkeypatch.setattr(zlib, "decompressobj", _no_inflating)
    error = open_file(path, manager, senders)
    assert error.reason is BundleProblem.TOO_LARGE
    assert "smaller batches" in str(error)


def _no_inflating(*args: object, **kwargs: object) -> None:
    raise AssertionError("the payload was decompressed before its size was checked")


def test_a_manifest_claiming_a_million_rows_is_refused_before_decompressing(
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "million.vdbundle"
    path.write_bytes(forged(worker, manager_card, packed=zeros_bomb(), counts={"visits": 10**6}))
    monkeypatch.setattr(zlib, "decompressobj", _no_inflating)
    error = open_file(path, manager, senders)
    assert error.reason is BundleProblem.TOO_LARGE
    assert "1,000,000" in str(error) and "250,000" in str(error)


def test_a_million_rows_spread_over_kinds_is_refused_too(
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
    tmp_path: Path,
) -> None:
    counts = {"children": 200_000, "visits": 200_000, "audit": 600_000}
    path = tmp_path / "spread.vdbundle"
    path.write_bytes(forged(worker, manager_card, counts=counts))
    assert open_file(path, manager, senders).reason is BundleProblem.TOO_LARGE


@pytest.mark.parametrize("sequence", [2**63 - 1, 2**31, 2**64 + 5])
def test_a_sequence_number_past_the_limit_is_refused(
    sequence: int,
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
    tmp_path: Path,
) -> None:
    path = tmp_path / "sequence.vdbundle"
    path.write_bytes(forged(worker, manager_card, sequence=sequence))
    error = open_file(path, manager, senders)
    assert error.reason is BundleProblem.BAD_MANIFEST
    assert "sequence number" in str(error)


def test_a_40_mb_file_is_refused_without_being_read(
    sparse_40mb: Path,
    manager: DeviceIdentity,
    senders: dict[str, Card],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    error = open_file(sparse_40mb, manager, senders)
    monkeypatch.undo()
    assert error.reason is BundleProblem.TOO_LARGE
    assert "32 MB" in str(error)
    assert opened == []


@posix_only
def test_dev_zero_as_a_bundle_is_refused_without_reading(
    manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    error = open_file(Path("/dev/zero"), manager, senders)
    assert error.reason is BundleProblem.NOT_A_BUNDLE
    assert "not an ordinary file" in str(error)


@posix_only
def test_a_pipe_as_a_bundle_is_refused_without_waiting(
    fifo: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    with pytest.raises(BundleError) as caught:
        without_blocking(
            lambda: open_sealed_file(fifo, me=manager, known_senders=senders), unblock=fifo
        )
    assert caught.value.reason is BundleProblem.NOT_A_BUNDLE


@posix_only
def test_a_link_to_dev_zero_is_refused_like_dev_zero(
    tmp_path: Path, manager: DeviceIdentity, senders: dict[str, Card]
) -> None:
    link = tmp_path / "innocent.vdbundle"
    link.symlink_to("/dev/zero")
    assert open_file(link, manager, senders).reason is BundleProblem.NOT_A_BUNDLE


def test_a_bundle_bigger_than_the_file_limit_is_refused_even_when_signed(
    worker: DeviceIdentity,
    manager: DeviceIdentity,
    manager_card: Card,
    senders: dict[str, Card],
) -> None:
    # Incompressible, so it is stored as it is and the file itself is too large.
    with modified_client():
        big = seal(
            os.urandom(limits.MAX_BUNDLE_FILE + 1),
            manifest={"sequence": 1, "counts": {}},
            sender=worker,
            recipient=manager_card,
        )
    with pytest.raises(BundleError) as caught:
        envelope.open_sealed(big, me=manager, known_senders=senders)
    assert caught.value.reason is BundleProblem.TOO_LARGE


# --- the same bundles against a real installation: refused, and nothing changed ------------


def _enrolled(make_workspace: Callable[..., Any], tmp_path: Path) -> tuple[Any, Any]:
    from visitdesk.services import syncing

    worker = make_workspace(folder="worker", name="Jo Worker")
    manager = make_workspace(role="manager", folder="manager", name="Sam Manager")
    syncing.export_card(worker, tmp_path / "worker.vdcard")
    syncing.export_card(manager, tmp_path / "manager.vdcard")
    syncing.import_card(manager, tmp_path / "worker.vdcard")
    syncing.import_card(worker, tmp_path / "manager.vdcard")
    return worker, manager


def test_a_hostile_sequence_does_not_lock_the_sender_out(
    make_workspace: Callable[..., Any], tmp_path: Path
) -> None:
    from visitdesk.services import syncing

    worker, manager = _enrolled(make_workspace, tmp_path)
    keys = syncing.identity(worker)
    payload = json.dumps({"schema": 1, "kind": "records"}).encode()
    for sequence in (2**63 - 1, 2**31):
        path = tmp_path / f"hostile-{sequence}.vdbundle"
        path.write_bytes(forged(keys, syncing.my_card(manager), payload=payload, sequence=sequence))
        with pytest.raises(UserError) as caught:
            syncing.import_bundle(manager, path)
        assert "\n" not in str(caught.value)
    # The worker's own next bundle, numbered as usual, still goes in.
    syncing.export_bundle(worker, tmp_path / "honest.vdbundle")
    done = syncing.import_bundle(manager, tmp_path / "honest.vdbundle")
    assert done.sequence == 1 and not done.already_imported


def test_a_compression_bomb_changes_nothing_in_the_installation(
    make_workspace: Callable[..., Any], tmp_path: Path
) -> None:
    from visitdesk.services import syncing

    worker, manager = _enrolled(make_workspace, tmp_path)
    path = tmp_path / "bomb.vdbundle"
    path.write_bytes(
        forged(syncing.identity(worker), syncing.my_card(manager), packed=zeros_bomb())
    )
    before = _bundle_log(manager)
    with pytest.raises(BundleError) as caught:
        syncing.import_bundle(manager, path)
    assert caught.value.reason is BundleProblem.PAYLOAD_DAMAGED
    assert _bundle_log(manager) == before


def _bundle_log(ws: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from visitdesk.storage.models import BundleLog, Peer

    with ws.db.sessions() as session:
        peers = [(p.device_id, p.last_received_sequence) for p in session.scalars(select(Peer))]
        logs = [(b.direction, b.sequence) for b in session.scalars(select(BundleLog))]
    return sorted(peers) + sorted(logs)


# --- cards -----------------------------------------------------------------------------------


def card_refusal(path: Path, **options: Any) -> CardError:
    with pytest.raises(CardError) as caught:
        without_blocking(lambda: read_card_file(path), **options)
    message = str(caught.value)
    assert message and "\n" not in message
    return caught.value


def test_a_card_read_from_a_file_round_trips(worker_card: Card, tmp_path: Path) -> None:
    path = tmp_path / "jo.vdcard"
    path.write_bytes(worker_card.to_bytes())
    assert read_card_file(path) == worker_card


@posix_only
def test_dev_zero_as_a_card_is_refused_without_reading() -> None:
    assert "not an ordinary file" in str(card_refusal(Path("/dev/zero")))


@posix_only
def test_a_pipe_as_a_card_is_refused_without_waiting(fifo: Path) -> None:
    assert "not an ordinary file" in str(card_refusal(fifo, unblock=fifo))


def test_a_40_mb_file_as_a_card_is_refused(sparse_40mb: Path) -> None:
    assert "64 KB" in str(card_refusal(sparse_40mb))


def test_a_card_padded_past_the_limit_is_refused(worker_card: Card, tmp_path: Path) -> None:
    path = tmp_path / "padded.vdcard"
    path.write_bytes(worker_card.to_bytes() + b" " * limits.MAX_CARD_FILE)
    assert "larger than" in str(card_refusal(path))


@pytest.mark.parametrize("name", ["missing.vdcard", ""], ids=["missing", "folder"])
def test_a_missing_card_or_a_folder_is_refused_calmly(name: str, tmp_path: Path) -> None:
    message = str(card_refusal(tmp_path / name))
    assert "could not be found" in message or "is a folder" in message


# --- case files for ``visitdesk check`` ------------------------------------------------------


def check(case: str, capsys: pytest.CaptureFixture[str], **options: Any) -> str:
    """Run ``visitdesk check`` on ``case``; it must exit 2 with one line and print nothing."""
    from visitdesk.cli import main

    code = without_blocking(
        lambda: main(["check", "--policy", "visiting-policy-2019", "--as-of", "2026-10-01", case]),
        **options,
    )
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("visitdesk: "), err
    assert "Traceback" not in err and "log has details" not in err
    return err


@posix_only
def test_dev_zero_as_a_case_file_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert "not an ordinary file" in check("/dev/zero", capsys)


@posix_only
def test_a_pipe_as_a_case_file_is_refused_without_waiting(
    fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "not an ordinary file" in check(str(fifo), capsys, unblock=fifo)


def test_a_40_mb_case_file_is_refused(
    sparse_40mb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "16 MB" in check(str(sparse_40mb), capsys)


@posix_only
def test_dev_zero_on_standard_input_is_refused_after_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with open("/dev/zero", "rb") as zeros:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(zeros))
        assert "16 MB" in check("-", capsys)


def _case(**child: Any) -> dict[str, Any]:
    return {
        "child": {"plan": "CIN", "allocated_on": "2026-09-01", **child},
        "visits": [{"id": "v1", "visited_at": "2026-09-03T10:00"}],
    }


HOSTILE_CASES = [
    ("lone surrogate", '"\\ud800"', "not valid Unicode"),
    (
        "lone surrogate in an id",
        json.dumps(_case()).replace('"v1"', '"\\udfff"'),
        "visits[0].id is not valid Unicode",
    ),
    ("lone surrogate in a key", '{"child": {"plan": "CIN", "\\ud800": 1}}', "not valid Unicode"),
    ("bad UTF-8", b'{"child": {"plan": "CIN\xc3"}}', "not UTF-8"),
    ("deep nesting", "[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ("deep but small", "[" * 5_000 + "]" * 5_000, "nested too deeply"),
    ("NaN", json.dumps(_case()).replace('"CIN"', '"CIN", "x": NaN'), "NaN is not allowed"),
    ("Infinity", json.dumps(_case()).replace('"CIN"', '"CIN", "x": -Infinity'), "-Infinity"),
    ("a number too large", '{"child": {"plan": "CIN"}, "x": 1e999}', "too large"),
    ("a number too long", '{"child": {"plan": "CIN"}, "x": ' + "9" * 5000 + "}", "20 digits"),
    ("duplicate key", '{"child": {"plan": "CIN", "plan": "CP"}}', "'plan' appears twice"),
    (
        "millions of tiny values",
        '{"child": {"plan": "CIN"}, "visits": [' + "{}," * 2_000_000 + "{}]}",
        "500,000 values",
    ),
    (
        "too many visits",
        json.dumps(
            {
                "child": {"plan": "CIN"},
                "visits": [
                    {"id": f"v{n}", "visited_at": "2026-09-03T10:00"}
                    for n in range(limits.MAX_CASE_VISITS + 1)
                ],
            }
        ),
        "5,001 entries",
    ),
    (
        "a huge interval",
        json.dumps(_case(visit_interval={"every": 10**15, "unit": "days"})),
        "at most 366 days",
    ),
    ("the year 9999", json.dumps(_case(allocated_on="9999-12-31")), "outside the years"),
    ("the year 1", json.dumps(_case(date_of_birth="0001-01-01")), "outside the years"),
    (
        "an id a megabyte long",
        json.dumps(_case()).replace('"v1"', json.dumps("x" * 2**20)),
        "longer than 200 characters",
    ),
    (
        "a narrative of 2 MB",
        json.dumps(
            {
                "child": {"plan": "CIN"},
                "visits": [{"id": "v1", "visited_at": "2026-09-03T10:00", "findings": "x" * 2**21}],
            }
        ),
        "findings is longer than",
    ),
]


@pytest.mark.parametrize(
    ("what", "text", "expected"), HOSTILE_CASES, ids=[case[0] for case in HOSTILE_CASES]
)
def test_a_hostile_case_file_is_refused_in_one_line(
    what: str,
    text: str | bytes,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "case.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    err = check(str(path), capsys)
    assert expected in err, err


def test_a_lone_surrogate_through_the_real_command_prints_one_line(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(_case()).replace('"v1"', '"\\ud800"'), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "visitdesk", "check", "--policy", "visiting-policy-2019", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "not valid Unicode" in done.stderr
    assert "Traceback" not in done.stderr and "File " not in done.stderr
    assert "log has details" not in done.stderr


_CHECK = """
import sys
from visitdesk.cli import main
code = main(sys.argv[1:])
print("exit", code)
"""


@posix_only
def test_dev_zero_on_standard_input_takes_little_memory() -> None:
    with open("/dev/zero", "rb") as zeros:
        peak, printed = peak_memory_kib_of(
            _CHECK, "check", "--policy", "visiting-policy-2019", "-", stdin=zeros
        )
    assert "exit 2" in printed and "16 MB" in printed
    assert peak < MEMORY_CEILING_KIB


def test_a_case_of_millions_of_tiny_values_takes_little_memory(tmp_path: Path) -> None:
    # Just under the size limit; parsed, these would take well over a gigabyte.
    path = tmp_path / "tiny-values.json"
    path.write_text("[" + "{}," * (limits.MAX_CASE_FILE // 3 - 2) + "{}]")
    peak, printed = peak_memory_kib_of(
        _CHECK, "check", "--policy", "visiting-policy-2019", str(path)
    )
    assert "exit 2" in printed and "values" in printed
    assert peak < MEMORY_CEILING_KIB


# --- backups for ``restore`` ------------------------------------------------------------------


def _state(folder: Path) -> tuple[str, list[str]]:
    from visitdesk import paths

    digest = hashlib.sha256(paths.database_path(folder).read_bytes()).hexdigest()
    return digest, sorted(p.name for p in folder.rglob("*") if p.name.startswith("."))


def _plain_sqlite(path: Path) -> Path:
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE child (name TEXT)")
        db.execute("INSERT INTO child VALUES ('someone')")
        db.commit()
    return path


def _hostile_backups(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    found: dict[str, tuple[Path, str]] = {}
    empty = tmp_path / "empty.vdbackup"
    empty.write_bytes(b"")
    found["empty"] = (empty, "it is empty")
    small = tmp_path / "small.vdbackup"
    small.write_bytes(os.urandom(1000))
    found["smaller than a page"] = (small, "whole database pages")
    ragged = tmp_path / "ragged.vdbackup"
    ragged.write_bytes(os.urandom(4096 * 3 + 100))
    found["not whole pages"] = (ragged, "whole database pages")
    huge = tmp_path / "huge.vdbackup"
    with huge.open("wb") as handle:
        handle.truncate(limits.MAX_BACKUP_FILE + 4096)  # sparse
    found["larger than the limit"] = (huge, "larger than 4 GB")
    found["unencrypted SQLite"] = (_plain_sqlite(tmp_path / "plain.vdbackup"), "unencrypted")
    if os.path.exists("/dev/zero"):
        found["/dev/zero"] = (Path("/dev/zero"), "not an ordinary file")
    return found


def test_hostile_backups_are_refused_and_change_nothing(
    workspace: Any, passphrase: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from visitdesk.services import backup

    folder = workspace.data_dir
    workspace.close()
    before = _state(folder)
    copied: list[object] = []
    monkeypatch.setattr(backup, "_copy_exactly", lambda *a: copied.append(a))
    for what, (source, expected) in _hostile_backups(tmp_path).items():
        message = refusal(lambda s=source: backup.restore(folder, s, passphrase))
        assert expected in message, (what, message)
    assert copied == []  # refused before a byte was copied
    assert _state(folder) == before


@posix_only
def test_a_pipe_as_a_backup_is_refused_without_waiting(
    workspace: Any, passphrase: str, fifo: Path
) -> None:
    from visitdesk.services import backup

    folder = workspace.data_dir
    workspace.close()
    before = _state(folder)
    message = refusal(lambda: backup.restore(folder, fifo, passphrase), unblock=fifo)
    assert "not an ordinary file" in message
    assert _state(folder) == before


@posix_only
def test_restore_of_dev_zero_through_the_command_is_one_line(
    workspace: Any,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from visitdesk.cli import main

    folder = workspace.data_dir
    workspace.close()
    before = _state(folder)
    monkeypatch.setenv("VISITDESK_PASSPHRASE", passphrase)
    code = without_blocking(lambda: main(["--data-dir", str(folder), "restore", "/dev/zero"]))
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not a VisitDesk backup" in err, err
    assert _state(folder) == before
