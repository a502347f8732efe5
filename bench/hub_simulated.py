"""Simulated devices for the hub benchmark: real keys, real cards and real bundles in the real
payload format, made from one real worker installation's payload with fresh ids per device.

Also the hub's own process (``visitdesk-hub serve``), a client that counts every HTTP
attempt (so a request that only passed on its second try still shows its first answer), and
the thread that kills the hub with SIGKILL while an upload is in flight.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from visitdesk.hub.models import HubBundle
from visitdesk.services import demo, syncing
from visitdesk.services.sync_payload import PAYLOAD_SCHEMA
from visitdesk.services.workspace import initialise
from visitdesk.storage.models import Peer, Visit
from visitdesk.sync import Card, DeviceIdentity, open_sealed, seal
from visitdesk.sync.hub_client import HubClient

REPO = Path(__file__).resolve().parent.parent
HUB = [sys.executable, "-m", "visitdesk.hub.cli"]
PASSPHRASE = "benchmark passphrase"
TEAM = "Bench Team"
POLICY = "getting-it-right-2018"
TEMPLATE_NAME = "Template Worker"
# The lists in a worker's payload, in the order make_bundle counts them.
ROW_KEYS = ("children", "plans", "visits", "addenda", "tasks", "words", "entries", "audit")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


# --- the hub's process -------------------------------------------------------------------


def hub_env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{path}" if path else str(REPO)}


def hub_command(*args: str) -> str:
    """Run ``visitdesk-hub ARGS``; its output, or SystemExit with its one line."""
    done = subprocess.run([*HUB, *args], capture_output=True, text=True, timeout=300, env=hub_env())
    if done.returncode != 0:
        raise SystemExit(f"visitdesk-hub {args[0]} failed: {done.stderr.strip()}")
    return done.stdout


@dataclass
class HubProcess:
    """``visitdesk-hub serve`` on a loopback port, its messages kept in a log file."""

    folder: Path
    port: int
    card: Card
    log: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    def client(self, identity: DeviceIdentity, stats: Stats | None = None, **options) -> HubClient:
        kind = CountingClient if stats is not None else HubClient
        extra = {"stats": stats} if stats is not None else {}
        return kind(
            self.card.address,
            self.card.tls_sha256,
            identity,
            self.card.device_id,
            **extra,
            **options,
        )

    def start(self, timeout: float = 60) -> float:
        """Start serving; the seconds until ``/health`` answered."""
        began = time.perf_counter()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*HUB, "serve", "--dir", str(self.folder), "--listen", f"127.0.0.1:{self.port}"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=hub_env(),
            )
        self.starts += 1
        probe = self.client(DeviceIdentity.generate(), attempts=1, timeout=2)
        deadline = time.monotonic() + timeout
        while not probe.health():
            if self.process.poll() is not None:
                raise SystemExit(f"the hub stopped as it started: see {self.log}")
            if time.monotonic() > deadline:
                raise SystemExit(f"the hub did not answer within {timeout:.0f} s")
            time.sleep(0.05)
        return time.perf_counter() - began

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the power goes."""
        if self.running:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


# --- counting every attempt --------------------------------------------------------------


@dataclass
class Stats:
    """Every HTTP attempt the clients made: how many, and each one that was not a 2xx."""

    attempts: int = 0
    bad: Counter = field(default_factory=Counter)
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, what: str | None) -> None:
        with self._lock:
            self.attempts += 1
            if what is not None:
                self.bad[what] += 1

    def retried(self) -> None:
        with self._lock:
            self.retries += 1

    def counting_sleep(self, seconds: float) -> None:
        """A HubClient's ``sleep``: each wait before trying again is a retry."""
        self.retried()
        time.sleep(seconds)


class CountingClient(HubClient):
    """A HubClient that notes each attempt's answer in ``stats`` (and each wait to retry)."""

    def __init__(self, *args: Any, stats: Stats, **options: Any) -> None:
        real_sleep = options.pop("sleep", time.sleep)

        def sleep(seconds: float) -> None:
            stats.retried()
            real_sleep(seconds)

        super().__init__(*args, sleep=sleep, **options)
        self.stats = stats

    def _once(self, method, path, body, max_response, signed):  # noqa: ANN001, ANN202
        try:
            status, headers, data = super()._once(method, path, body, max_response, signed)
        except Exception as exc:
            self.stats.note(type(exc).__name__)
            raise
        self.stats.note(None if 200 <= status < 300 else f"HTTP {status}")
        return status, headers, data


# --- a real worker's payload, as the template -------------------------------------------


@dataclass
class Template:
    """One real worker's payload (parsed), cut to ``visits`` records, and how to rewrite it."""

    payload: dict[str, Any]
    device_id: str
    text: str = ""
    pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        self.text = json.dumps(self.payload, ensure_ascii=False, separators=(",", ":"))
        names = "|".join(map(re.escape, (self.device_id, TEMPLATE_NAME)))
        self.pattern = re.compile(rf"{_UUID}|\b(?:{names})\b")

    @property
    def counts(self) -> dict[str, int]:
        return {key: len(self.payload[key]) for key in ROW_KEYS}


def make_template(folder: Path, visits: int) -> tuple[Template, float]:
    """A real SQLCipher worker installation filled by ``demo.fill`` until it holds ``visits``
    records that go in a bundle, and its payload as ``make_bundle`` seals it (for a stand-in
    hub card this benchmark holds the keys of), cut to exactly ``visits`` records: the rows
    that belong to the records cut are cut with them. Returns it and the seconds it took."""
    began = time.perf_counter()
    ws = initialise(
        folder / "template",
        PASSPHRASE,
        name=TEMPLATE_NAME,
        role="worker",
        policy_id=POLICY,
        team=TEAM,
    )
    try:
        seed = 1
        while True:
            with ws.db.sessions() as session:
                held = session.scalar(
                    select(func.count()).select_from(Visit).where(Visit.state != "draft")
                )
            if held >= visits:
                break
            # Seven or so records a child; a few more children than needed, at most 80 a fill.
            demo.fill(ws, children=min(80, max(2, (visits - held) // 5 + 2)), seed=seed)
            seed += 1
        stand_in = DeviceIdentity.generate()
        card = stand_in.card(
            "hub", "Stand-in hub", TEAM, address="https://127.0.0.1:9", tls_sha256="0" * 64
        )
        (folder / "stand-in.card").write_bytes(card.to_bytes())
        syncing.import_card(ws, folder / "stand-in.card")
        with ws.db.transaction() as session:
            peer = session.get(Peer, card.device_id)
            made = syncing.make_bundle(session, ws, peer, recipient=card)
        opened = open_sealed(
            made.data, me=stand_in, known_senders={ws.identity.device_id: syncing.my_card(ws)}
        )
        device_id = ws.identity.device_id
    finally:
        ws.close()
    payload = json.loads(opened.payload)
    kept = payload["visits"][:visits]
    ids = {row["id"] for row in kept}
    children = {row["child_id"] for row in kept}
    payload["visits"] = kept
    payload["children"] = [row for row in payload["children"] if row["id"] in children]
    payload["plans"] = [row for row in payload["plans"] if row["child_id"] in children]
    for key in ("addenda", "tasks", "entries"):
        payload[key] = [row for row in payload[key] if row["visit_id"] in ids]
    return Template(payload, device_id), time.perf_counter() - began


# --- simulated devices -------------------------------------------------------------------


@dataclass
class Device:
    """A simulated installation: real keys and a signed card; what it sends and must get."""

    identity: DeviceIdentity
    card: Card
    bundle: bytes = b""
    visit_ids: list[str] = field(default_factory=list)
    task_ids: list[str] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)  # task ids its manager decides

    @property
    def device_id(self) -> str:
        return self.identity.device_id


def make_devices(role: str, count: int, label: str) -> list[Device]:
    devices = []
    for n in range(1, count + 1):
        identity = DeviceIdentity.generate()
        devices.append(Device(identity, identity.card(role, f"{label} {n:03d}", TEAM)))
    return devices


def write_cards(devices: list[Device], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for device in devices:
        path = folder / f"{device.device_id}.card"
        path.write_bytes(device.card.to_bytes())
        paths.append(path)
    return paths


def seal_records(template: Template, device: Device, hub: Card) -> None:
    """The template's payload as ``device`` made it: every id fresh (uuid4) and the same id
    for the same row throughout, its own device id as origin and its own name; sealed to the
    hub as ``syncing.make_bundle`` seals a worker's first bundle."""
    fresh: dict[str, str] = {template.device_id: device.device_id, TEMPLATE_NAME: device.card.name}

    def swap(match: re.Match[str]) -> str:
        old = match.group()
        new = fresh.get(old)
        if new is None:
            new = fresh[old] = str(uuid.uuid4())
        return new

    text = template.pattern.sub(swap, template.text)
    device.visit_ids = [fresh[row["id"]] for row in template.payload["visits"]]
    device.tasks = [
        {**row, "id": fresh[row["id"]], "visit_id": fresh[row["visit_id"]]}
        for row in template.payload["tasks"]
    ]
    device.task_ids = [row["id"] for row in device.tasks]
    device.bundle = seal(
        text.encode("utf-8"),
        manifest={"sequence": 1, "counts": template.counts, "kind": "records", "to": "team"},
        sender=device.identity,
        recipient=hub,
    )


def seal_decisions(
    manager: Device, worker: Device, sequence: int, hub: Card, how_many: int
) -> bytes:
    """A manager's decisions bundle for ``worker``: ``how_many`` of its open tasks decided
    (the last returned for correction, the rest authorised), as ``make_bundle`` makes one."""
    at = datetime.now().replace(microsecond=0).isoformat()
    rows = []
    for n, task in enumerate(worker.tasks[:how_many]):
        returned = n == how_many - 1 and how_many > 1
        rows.append(
            {
                **task,
                "state": "returned" if returned else "authorised",
                "decided_at": at,
                "decided_by": manager.card.name,
                "decided_device": manager.device_id,
                "comment": "Say who else was there" if returned else "Good record",
            }
        )
    worker.decided = [row["id"] for row in rows]
    payload = {
        "schema": PAYLOAD_SCHEMA,
        "kind": "decisions",
        "high_water": len(rows),
        "audit_high_water": 0,
        "ack": {"sequence": 0, "high_water": 0, "audit_high_water": 0},
        "acks": {},
        "tasks": rows,
        "words": [],
        "audit": [],
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return seal(
        raw,
        manifest={
            "sequence": sequence,
            "counts": {"words": 0, "audit": 0, "decisions": len(rows)},
            "kind": "decisions",
            "to": worker.device_id,
        },
        sender=manager.identity,
        recipient=hub,
    )


# --- killing the hub mid-upload ----------------------------------------------------------


def latest_sequence(engine, device_id: str) -> int:  # noqa: ANN001
    with engine.connect() as db:
        return db.scalar(
            select(func.coalesce(func.max(HubBundle.sequence), 0)).where(
                HubBundle.origin_device == device_id
            )
        )


class Killer:
    """Kills the hub with SIGKILL at a random moment while an upload is in flight, then
    starts it again (while the device may still be retrying)."""

    def __init__(self, hub: HubProcess, engine, rng: random.Random) -> None:  # noqa: ANN001
        self.hub, self.engine, self.rng = hub, engine, rng
        self.lock = threading.Lock()
        self.in_flight = False
        self.started = threading.Event()
        self.restart_times: list[float] = []

    def watch(
        self,
        client,  # noqa: ANN001
        device_id: str,
        window: float,
        *,
        after_kept: bool = False,
    ) -> threading.Thread:
        """Arm for one sync: ``client.upload`` is wrapped so the kill lands inside it, at a
        moment drawn from ``window`` (the seconds an upload of this size is expected to take),
        or (``after_kept``) the moment the hub has kept the bundle, before it answers."""
        real_upload = client.upload
        self.started.clear()
        self.outcome = "no upload"
        self.upload_took = 0.0

        def upload(data: bytes) -> dict:
            with self.lock:
                self.in_flight = True
            self.started.set()
            began = time.perf_counter()
            try:
                answer = real_upload(data)
                self.upload_took = time.perf_counter() - began
                return answer
            finally:
                with self.lock:
                    self.in_flight = False

        client.upload = upload

        def run() -> None:
            if not self.started.wait(120):
                return
            before = latest_sequence(self.engine, device_id)
            if after_kept:
                # As soon as the bundle is in the hub's tables: the hub may die before its
                # answer is out, and the device must not then send it as new.
                deadline = time.monotonic() + 30
                while self.in_flight and time.monotonic() < deadline:
                    if latest_sequence(self.engine, device_id) > before:
                        break
                    time.sleep(0.001)
            else:
                time.sleep(self.rng.uniform(0.02, 0.98) * window)
            with self.lock:
                if not self.in_flight:
                    self.outcome = "missed"
                    return
                self.hub.kill()
            after = latest_sequence(self.engine, device_id)
            self.outcome = "killed, bundle kept" if after > before else "killed, nothing kept"
            self.restart_times.append(self.hub.start())

        thread = threading.Thread(target=run, name="killer")
        thread.start()
        return thread
