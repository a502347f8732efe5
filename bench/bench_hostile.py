"""Benchmark: how fast, and in how little memory, each hostile input is refused.

Run: python bench/bench_hostile.py   (targets: every refusal under 2 s and under 200 MB)

Each input is refused in a fresh Python process, so that one input's memory is not counted
against another's. "time" is the refusal alone (after the imports); "peak" is the process's
own peak resident memory, interpreter and imports included ("baseline" shows what those take).
Bundles are made with the real seal() and real device keys, by a copy of VisitDesk changed to
skip its own checks, as an attacker on an enrolled device could. Finally, a legitimate bundle
of 10,000 visits is measured against the same limits, to show the headroom.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from visitdesk import limits  # noqa: E402

GIB = 1024**3
PASSPHRASE = "benchmark passphrase"
TIMEOUT = 60  # a refusal that blocks shows as BLOCKED instead of hanging the benchmark


# --- run in the child -------------------------------------------------------------------------


def _peak_kib() -> int:
    # VmHWM belongs to this process's own memory map; getrusage would start from the parent's.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def child(kind: str, args: list[str]) -> None:
    from visitdesk.errors import UserError

    if kind == "baseline":
        import visitdesk.services.backup  # noqa: F401
        import visitdesk.standards.commands  # noqa: F401
        import visitdesk.sync  # noqa: F401

        call = lambda: None  # noqa: E731
    elif kind == "bundle":
        from visitdesk.sync import Card, DeviceIdentity, open_sealed_file

        me = DeviceIdentity.from_secret_bytes(Path(args[0]).read_bytes())
        sender = Card.from_bytes(Path(args[1]).read_bytes())
        call = lambda: open_sealed_file(  # noqa: E731
            args[2], me=me, known_senders={sender.device_id: sender}
        )
    elif kind == "card":
        from visitdesk.sync.cards import read_card_file

        call = lambda: read_card_file(args[0])  # noqa: E731
    elif kind == "case":
        from visitdesk.standards.case import parse_case
        from visitdesk.standards.commands import read_case_json

        call = lambda: parse_case(read_case_json(args[0]))  # noqa: E731
    elif kind == "backup":
        from visitdesk.services import backup

        call = lambda: backup.restore(Path(args[0]), Path(args[1]), PASSPHRASE)  # noqa: E731
    else:
        raise SystemExit(f"unknown kind {kind}")
    started = time.perf_counter()
    try:
        call()
        outcome = "accepted"
    except UserError as error:
        outcome = str(error)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_kib": _peak_kib(), "outcome": outcome}))


# --- made by the parent -----------------------------------------------------------------------


def zeros_bomb(size: int = GIB) -> bytes:
    """A valid zlib stream of ``size`` zeros in about 1 MB (see tests/sync/test_hostile_inputs)."""
    piece = 1024 * 1024
    zeros = bytes(piece)
    packer = zlib.compressobj(9)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)[:-4]
    adler = ((size % 65521) << 16) | 1
    return first + middle * (size // piece - 1) + end + adler.to_bytes(4, "big")


@contextlib.contextmanager
def modified_client(packed: bytes | None = None):
    """The real seal() with every check on what is sent removed (an attacker's copy)."""
    from visitdesk.sync import envelope

    saved = {
        name: getattr(envelope, name)
        for name in (
            "_check_caller_manifest",
            "MAX_ROWS",
            "MAX_PAYLOAD_SIZE",
            "MAX_BUNDLE_SIZE",
            "_pack",
        )
    }
    envelope._check_caller_manifest = lambda manifest: None
    envelope.MAX_ROWS = envelope.MAX_PAYLOAD_SIZE = envelope.MAX_BUNDLE_SIZE = 2**64
    if packed is not None:
        envelope._pack = lambda payload: (envelope.ENCODING_ZLIB, packed)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(envelope, name, value)


def hand_made(sender, recipient, manifest: dict, packed: bytes) -> bytes:
    """A bundle written from docs/bundle-format.md, signed with the sender's real key."""
    from nacl.public import PublicKey, SealedBox

    from visitdesk.sync import envelope

    manifest_bytes = json.dumps(manifest).encode()
    body = struct.pack(">I", len(manifest_bytes)) + manifest_bytes + packed
    sealed = SealedBox(PublicKey(recipient.encryption_key)).encrypt(body)
    header = (
        envelope.MAGIC
        + struct.pack(">H", 1)
        + bytes.fromhex(sender.device_id)
        + bytes.fromhex(recipient.device_id)
        + struct.pack(">Q", len(sealed))
    )
    return header + sealed + sender.sign(header + sealed)


def make_inputs(root: Path) -> list[tuple[str, str, list[str]]]:
    from visitdesk.sync import DeviceIdentity, seal
    from visitdesk.sync.envelope import MAGIC

    worker, manager = DeviceIdentity.generate(), DeviceIdentity.generate()
    worker_card = worker.card("worker", "Jo Bloggs", "North Team")
    manager_card = manager.card("manager", "Sam Patel", "North Team")
    (root / "me.secret").write_bytes(manager.to_secret_bytes())
    (root / "sender.card").write_bytes(worker_card.to_bytes())
    keys = [str(root / "me.secret"), str(root / "sender.card")]

    def forged(
        name: str,
        *,
        payload: bytes = b'{"visits": []}',
        packed: bytes | None = None,
        sequence: int = 1,
        counts: dict | None = None,
    ) -> str:
        with modified_client(packed):
            data = seal(
                payload,
                manifest={"sequence": sequence, "counts": counts or {}},
                sender=worker,
                recipient=manager_card,
            )
        path = root / name
        path.write_bytes(data)
        return str(path)

    bomb = zeros_bomb()
    forty = root / "forty.bin"
    with forty.open("wb") as handle:
        handle.write(MAGIC)
        handle.truncate(40 * 1024 * 1024)
    fifo = root / "pipe"
    os.mkfifo(fifo)
    honest = {
        "format_version": 1,
        "sender_device_id": worker.device_id,
        "recipient_device_id": manager.device_id,
        "created_at": "2026-11-02T09:00:00Z",
        "sequence": 1,
        "counts": {},
        "payload_size": GIB,
        "payload_sha256": hashlib.sha256(b"?").hexdigest(),
        "payload_encoding": "zlib",
    }
    (root / "honest-bomb.vdbundle").write_bytes(hand_made(worker, manager_card, honest, bomb))
    cap = forged("cap-bomb.vdbundle", payload=bytes(limits.MAX_BUNDLE_PAYLOAD), packed=bomb)
    with modified_client():
        full = bytearray(
            seal(
                os.urandom(limits.MAX_BUNDLE_FILE - 4096),
                manifest={"sequence": 1, "counts": {}},
                sender=worker,
                recipient=manager_card,
            )
        )
    full[-1] ^= 1  # the largest file allowed, its signature broken
    (root / "full-size.vdbundle").write_bytes(full)
    del full

    cases: list[tuple[str, str, list[str]]] = [
        ("imports alone", "baseline", []),
        (
            "bundle: 1 GiB zlib bomb, signed",
            "bundle",
            [*keys, forged("bomb.vdbundle", packed=bomb)],
        ),
        ("bundle: bomb claiming the 48 MB payload limit", "bundle", [*keys, cap]),
        (
            "bundle: bomb admitting 1 GiB in its manifest",
            "bundle",
            [*keys, str(root / "honest-bomb.vdbundle")],
        ),
        (
            "bundle: manifest claiming 10^6 rows",
            "bundle",
            [*keys, forged("rows.vdbundle", packed=bomb, counts={"visits": 10**6})],
        ),
        (
            "bundle: sequence 2^63-1",
            "bundle",
            [*keys, forged("sequence.vdbundle", sequence=2**63 - 1)],
        ),
        (
            "bundle: 32 MB signed file, signature broken",
            "bundle",
            [*keys, str(root / "full-size.vdbundle")],
        ),
        ("bundle: 40 MB file", "bundle", [*keys, str(forty)]),
        ("bundle: /dev/zero", "bundle", [*keys, "/dev/zero"]),
        ("bundle: a pipe (FIFO)", "bundle", [*keys, str(fifo)]),
        ("card: 40 MB file", "card", [str(forty)]),
        ("card: /dev/zero", "card", ["/dev/zero"]),
        ("card: a pipe (FIFO)", "card", [str(fifo)]),
    ]
    cases += case_inputs(root, forty, fifo)
    cases += backup_inputs(root, forty, fifo)
    return cases


def case_inputs(root: Path, forty: Path, fifo: Path) -> list[tuple[str, str, list[str]]]:
    def written(name: str, text: str) -> str:
        path = root / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    many = {
        "child": {"plan": "CIN"},
        "visits": [
            {"id": f"v{n}", "visited_at": "2026-09-03T10:00"}
            for n in range(limits.MAX_CASE_VISITS + 1)
        ],
    }
    return [
        ("case: 40 MB file", "case", [str(forty)]),
        ("case: /dev/zero", "case", ["/dev/zero"]),
        ("case: /dev/zero on standard input", "case", ["-"]),
        ("case: a pipe (FIFO)", "case", [str(fifo)]),
        ("case: lone surrogate", "case", [written("surrogate.json", '"\\ud800"')]),
        (
            "case: nested 200,000 deep",
            "case",
            [written("deep.json", "[" * 200_000 + "]" * 200_000)],
        ),
        (
            "case: 16 MB of tiny values",
            "case",
            [written("tiny.json", "[" + "{}," * (limits.MAX_CASE_FILE // 3 - 2) + "{}]")],
        ),
        ("case: 5,001 visits", "case", [written("visits.json", json.dumps(many))]),
    ]


def backup_inputs(root: Path, forty: Path, fifo: Path) -> list[tuple[str, str, list[str]]]:
    import sqlite3

    from visitdesk.services.workspace import initialise

    folder = root / "data"
    initialise(
        folder, PASSPHRASE, name="Bench Worker", role="worker", policy_id="visiting-policy-2019"
    ).close()
    plain = root / "plain.vdbackup"
    with contextlib.closing(sqlite3.connect(plain)) as db:
        db.execute("CREATE TABLE t (x)")
        db.commit()
    huge = root / "huge.vdbackup"
    with huge.open("wb") as handle:
        handle.truncate(limits.MAX_BACKUP_FILE + 4096)
    pages = root / "random-pages.vdbackup"
    pages.write_bytes(os.urandom(40 * 1024 * 1024))
    ragged = root / "ragged.vdbackup"
    ragged.write_bytes(os.urandom(40 * 1024 * 1024 + 100))
    here = str(folder)
    return [
        ("backup: /dev/zero", "backup", [here, "/dev/zero"]),
        ("backup: a pipe (FIFO)", "backup", [here, str(fifo)]),
        ("backup: 40 MB, not whole pages", "backup", [here, str(ragged)]),
        ("backup: 4 GB + 1 page (sparse)", "backup", [here, str(huge)]),
        ("backup: unencrypted SQLite", "backup", [here, str(plain)]),
        ("backup: 40 MB of random whole pages", "backup", [here, str(pages)]),
    ]


def run(kind: str, args: list[str]) -> dict:
    stdin = open("/dev/zero", "rb") if args == ["-"] else subprocess.DEVNULL  # noqa: SIM115
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, *args],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": TIMEOUT, "peak_kib": 0, "outcome": "BLOCKED"}
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    if done.returncode != 0:
        return {"seconds": 0, "peak_kib": 0, "outcome": "CRASHED " + done.stderr[-300:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def headroom() -> None:
    """A legitimate bundle of 10,000 visits against the limits."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import build

    root = Path(tempfile.mkdtemp(prefix="visitdesk-bench-headroom-"))
    try:
        _headroom_in(root, build)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _headroom_in(root: Path, build: Callable[..., Any]) -> None:
    from visitdesk.services import syncing
    from visitdesk.sync import envelope

    worker = build(root / "worker", children=500, visits_per_child=20)
    manager = build(root / "manager", children=0, role="manager")
    syncing.export_card(worker, root / "w.vdcard")
    syncing.export_card(manager, root / "m.vdcard")
    syncing.import_card(manager, root / "w.vdcard")
    syncing.import_card(worker, root / "m.vdcard")
    seen: dict = {}
    real_seal = syncing.seal

    def spy(payload: bytes, **options):
        seen["payload"] = len(payload)
        seen["values"] = limits.count_json_values(payload)
        seen["rows"] = sum(options["manifest"]["counts"].values())
        return real_seal(payload, **options)

    syncing.seal = spy
    try:
        syncing.export_bundle(worker, root / "w1.vdbundle", include_drafts=True)
    finally:
        syncing.seal = real_seal
    size = (root / "w1.vdbundle").stat().st_size
    worker.close()
    manager.close()
    print("\nA legitimate bundle of 10,000 visits against the limits:")
    for what, value, limit in (
        ("file", size, envelope.MAX_BUNDLE_SIZE),
        ("payload", seen["payload"], envelope.MAX_PAYLOAD_SIZE),
        ("rows", seen["rows"], limits.MAX_BUNDLE_ROWS),
        ("JSON values (upper bound)", seen["values"], limits.MAX_BUNDLE_VALUES),
    ):
        print(f"  {what:<27} {value:>12,} of {limit:>12,}  ({100 * value / limit:4.1f}%)")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3:])
        return
    if not (hasattr(os, "mkfifo") and os.path.exists("/dev/zero")):
        raise SystemExit("this benchmark needs /dev/zero and named pipes (Linux or macOS)")
    root = Path(tempfile.mkdtemp(prefix="visitdesk-bench-hostile-"))
    try:
        refuse_all(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if "--no-headroom" not in sys.argv:
        headroom()


def refuse_all(root: Path) -> None:
    print("Building the hostile inputs...")
    cases = make_inputs(root)
    print(f"{'input':<48} {'time':>8} {'peak':>8}  refused with")
    worst_time = worst_peak = 0.0
    for label, kind, args in cases:
        got = run(kind, args)
        peak_mb = got["peak_kib"] / 1024
        outcome = got["outcome"]
        if kind != "baseline":
            worst_time = max(worst_time, got["seconds"])
            worst_peak = max(worst_peak, peak_mb)
        shown = outcome if len(outcome) <= 90 else outcome[:87] + "..."
        print(f"{label:<48} {got['seconds'] * 1000:>6.1f}ms {peak_mb:>6.1f}MB  {shown}")
    print(
        f"\nslowest refusal: {worst_time * 1000:.0f} ms (target < 2000 ms); "
        f"highest peak: {worst_peak:.0f} MB (target < 200 MB)"
    )


if __name__ == "__main__":
    main()
