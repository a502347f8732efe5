"""Benchmark: the team hub under load, and killed with SIGKILL while a device is sending.

Run: python bench/bench_hub.py [--devices 200] [--records 500] [--kills 20] [--threads 50]
(quick check: --devices 20 --records 50 --kills 3)

Load: a real hub (``visitdesk-hub serve`` over HTTPS on loopback, a throwaway PostgreSQL)
and simulated workers' devices (real keys, cards enrolled with ``visitdesk-hub enrol``, and
bundles in the real payload format, made from one real worker installation's payload with
fresh ids) each send one bundle of --records visit records; then managers send one bundle of
decisions for each worker, and each worker lists its inbox, fetches the decisions and says so.
Bundles are sealed before the clock starts. Every request goes through HubClient (signed,
pinned). Targets: all of it under 60 s, no error, no record lost or held twice.

Faults: real worker installations (SQLCipher) sync with ``hub_sync.send_and_receive`` while
the hub is killed at a random moment of an upload (every third time, the moment the hub has
kept the bundle, before it answers), then restarted, --kills times; each round the worker adds
records first. Then everyone syncs until nothing waits, and a real manager's
installation must hold every record the workers made, once, with no half-kept bundle at the
hub and its audit trail whole.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from hub_simulated import (  # noqa: E402
    PASSPHRASE,
    POLICY,
    TEAM,
    Device,
    HubProcess,
    Killer,
    Stats,
    hub_command,
    make_devices,
    make_template,
    seal_decisions,
    seal_records,
    write_cards,
)
from sqlalchemy import create_engine, func, select  # noqa: E402

from visitdesk.errors import UserError  # noqa: E402
from visitdesk.hub.models import HubBundle, HubDelivery  # noqa: E402
from visitdesk.hub.pgtemp import ThrowawayPostgres  # noqa: E402
from visitdesk.services import demo, hub_sync, syncing  # noqa: E402
from visitdesk.services.workspace import Workspace, initialise  # noqa: E402
from visitdesk.storage.models import AuthorisationTask, Child, Visit  # noqa: E402
from visitdesk.sync import Card, check_relayed, open_sealed  # noqa: E402
from visitdesk.sync.hub_client import HubUnreachable  # noqa: E402

LOAD_TARGET_S = 60.0
DECIDED_PER_WORKER = 3


class Results:
    """The figures, each beside its target (if it has one), for the table at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, figure: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append((figure, value, target, ok))
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"  {figure:<42}{value:>18}  {target:<10}{verdict}", flush=True)

    def zero(self, figure: str, count: int) -> None:
        self.add(figure, str(count), "0", count == 0)

    def all_of(self, figure: str, count: int, whole: int) -> None:
        self.add(figure, f"{count}/{whole}", str(whole), count == whole)

    @property
    def passed(self) -> bool:
        return all(ok is not False for *_rest, ok in self.rows)

    def table(self) -> str:
        lines = [f"{'figure':<42}{'measured':>18}  {'target':<10}result", "-" * 78]
        for figure, value, target, ok in self.rows:
            verdict = "" if ok is None else ("PASS" if ok else "FAIL")
            lines.append(f"{figure:<42}{value:>18}  {target:<10}{verdict}")
        return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def set_up_hub(pg: ThrowawayPostgres, folder: Path, database: str) -> tuple[HubProcess, str]:
    """``visitdesk-hub init`` and ``card`` for a fresh database; the hub (not yet serving)."""
    pg.create_database(database)
    url = pg.url_for(database)
    port = _free_port()
    folder.mkdir(parents=True, exist_ok=True)
    hub_command(
        "init",
        "--database",
        url,
        "--dir",
        str(folder / "hub"),
        "--team",
        TEAM,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    )
    card_path = folder / "hub.card"
    hub_command("card", "--dir", str(folder / "hub"), "--out", str(card_path))
    card = Card.from_bytes(card_path.read_bytes())
    return HubProcess(folder / "hub", port, card, folder / "hub.log"), url


def _percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(share * len(ordered) + 0.999999) - 1))]


# --- load ----------------------------------------------------------------------------------


class Calls:
    """Each request type's latencies (the call as a device makes it, retries included) and
    the calls that failed in the end."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.failed: Counter = Counter()
        self.lock = threading.Lock()

    def time(self, kind: str, call):  # noqa: ANN001, ANN201
        began = time.perf_counter()
        try:
            return call()
        except Exception as exc:
            with self.lock:
                self.failed[f"{kind}: {type(exc).__name__}: {exc}"[:160]] += 1
            return None
        finally:
            with self.lock:
                self.latency[kind].append(time.perf_counter() - began)


def _phase(name: str, threads: int, work, items) -> float:  # noqa: ANN001
    began = time.perf_counter()
    with ThreadPoolExecutor(threads, thread_name_prefix=name) as pool:
        list(pool.map(work, items))
    took = time.perf_counter() - began
    print(f"  {name}: {len(items)} devices in {took:.1f} s", flush=True)
    return took


def _open_relay(worker: Device, hub: Card, data: bytes) -> tuple[Card, dict, bytes]:
    """A relayed bundle opened as the worker's installation opens it, the first sender's own
    signature over the content checked."""
    opened = open_sealed(data, me=worker.identity, known_senders={hub.device_id: hub})
    if opened.manifest.get("kind") != "relay":
        raise ValueError("not a relay")
    origin, manifest, payload = hub_sync._relay_document(opened.payload)
    check_relayed(manifest, payload, origin=origin, sealed_to=hub.device_id)
    return origin, manifest, payload


def run_load(pg: ThrowawayPostgres, root: Path, args: argparse.Namespace, out: Results) -> None:
    import json

    print(f"Load: {args.devices} workers x {args.records} records, {args.managers} managers")
    hub, url = set_up_hub(pg, root, "hub_load")
    template, took = make_template(root, args.records)
    counts = template.counts
    print(f"  template from a real worker installation in {took:.1f} s: {counts}")
    workers = make_devices("worker", args.devices, "Bench Worker")
    managers = make_devices("manager", args.managers, "Bench Manager")
    began = time.perf_counter()
    cards = write_cards(workers + managers, root / "cards")
    hub_command("enrol", "--dir", str(hub.folder), *map(str, cards))
    print(f"  {len(cards)} cards enrolled in one call: {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    for worker in workers:
        seal_records(template, worker, hub.card)
    decisions = []
    for n, worker in enumerate(workers):
        manager = managers[n % len(managers)]
        decided = min(DECIDED_PER_WORKER, len(worker.tasks))
        decisions.append((manager, worker, seal_decisions(manager, worker, 1, hub.card, decided)))
    size = sum(len(w.bundle) for w in workers)
    print(f"  bundles sealed in {time.perf_counter() - began:.1f} s ({size / 1e6:.1f} MB in all)")
    print(f"  hub serving after {hub.start():.1f} s")

    stats, calls = Stats(), Calls()
    clients = {
        d.device_id: hub.client(d.identity, stats, timeout=120, attempts=4, backoff=0.5)
        for d in workers + managers
    }
    answers: Counter = Counter()
    fetched: dict[str, list[bytes]] = defaultdict(list)

    def upload(worker: Device) -> None:
        answer = calls.time(
            "upload records", lambda: clients[worker.device_id].upload(worker.bundle)
        )
        answers[answer["status"] if answer else "failed"] += 1

    def decide(item: tuple[Device, Device, bytes]) -> None:
        manager, _worker, bundle = item
        answer = calls.time("upload decisions", lambda: clients[manager.device_id].upload(bundle))
        answers[f"decisions {answer['status']}" if answer else "decisions failed"] += 1

    def receive(worker: Device) -> None:
        client = clients[worker.device_id]
        for item in calls.time("inbox", client.inbox) or []:
            number = item["id"]
            data = calls.time("fetch", lambda number=number: client.fetch(number))
            if data is not None:
                fetched[worker.device_id].append(data)
                calls.time("done", lambda number=number: client.done(number))

    total = _phase("send records", args.threads, upload, workers)
    total += _phase("send decisions", args.threads, decide, decisions)
    total += _phase("fetch decisions", args.threads, receive, workers)
    hub.stop()

    # What the hub holds, from its PostgreSQL tables.
    engine = create_engine(url)
    want = {w.device_id: w for w in workers}
    manager_ids = {m.device_id for m in managers}
    held_visits: Counter = Counter()
    lost = duplicated = 0
    decisions_held: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    bundles_of: Counter = Counter()
    kinds: dict[int, tuple[str, str, str]] = {}
    with engine.connect() as db:
        duplicated += len(
            db.execute(
                select(HubBundle.origin_device, HubBundle.meant_for, HubBundle.sequence)
                .group_by(HubBundle.origin_device, HubBundle.meant_for, HubBundle.sequence)
                .having(func.count() > 1)
            ).all()
        )
        rows = db.execution_options(yield_per=20).execute(
            select(
                HubBundle.id,
                HubBundle.origin_device,
                HubBundle.kind,
                HubBundle.meant_for,
                HubBundle.payload,
            )
        )
        for bundle_id, origin, kind, meant_for, payload in rows:
            kinds[bundle_id] = (origin, kind, meant_for)
            body = json.loads(payload)
            if kind == "records":
                bundles_of[origin] += 1
                ids = [row["id"] for row in body["visits"]]
                held_visits.update(ids)
                if origin in want and set(ids) != set(want[origin].visit_ids):
                    lost += len(set(want[origin].visit_ids) - set(ids))
            else:
                decisions_held[meant_for].append((origin, {row["id"] for row in body["tasks"]}))
        deliveries = db.execute(
            select(
                HubDelivery.bundle_id,
                HubDelivery.recipient,
                func.count(),
                func.count(HubDelivery.done_at),
            ).group_by(HubDelivery.bundle_id, HubDelivery.recipient)
        ).all()
    engine.dispose()
    for worker in workers:
        if bundles_of[worker.device_id] == 0:
            lost += len(worker.visit_ids)
        duplicated += max(0, bundles_of[worker.device_id] - 1)
    duplicated += sum(n - 1 for n in held_visits.values() if n > 1)
    # Each worker's bundle waits for every manager; each decisions bundle for its worker and
    # every other manager. Nothing else, and nothing twice.
    expected = set()
    for bundle_id, (origin, kind, meant_for) in kinds.items():
        if kind == "records":
            expected |= {(bundle_id, m) for m in manager_ids}
        else:
            expected |= {(bundle_id, meant_for)} | {(bundle_id, m) for m in manager_ids - {origin}}
    found = {(b, r) for b, r, _n, _done in deliveries}
    deliveries_lost = len(expected - found)
    deliveries_doubled = sum(n - 1 for *_key, n, _done in deliveries) + len(found - expected)
    decisions_lost = 0
    for manager, worker, _bundle in decisions:
        got = [
            ids for origin, ids in decisions_held[worker.device_id] if origin == manager.device_id
        ]
        decisions_lost += 0 if got == [set(worker.decided)] else 1
        duplicated += max(0, len(got) - 1)

    # The decisions as each worker's installation would take them in.
    verified = 0
    by_worker = {worker.device_id: (manager, worker) for manager, worker, _b in decisions}
    for device_id, (manager, worker) in by_worker.items():
        got = fetched.get(device_id, [])
        if len(got) != 1:
            duplicated += max(0, len(got) - 1)
            continue
        try:
            origin, manifest, payload = _open_relay(worker, hub.card, got[0])
        except Exception as exc:  # counted and shown: a relay a device would refuse
            calls.failed[f"relay refused: {exc}"[:160]] += 1
            continue
        tasks = {row["id"] for row in json.loads(payload)["tasks"]}
        if (origin.device_id, manifest.get("to"), tasks) == (
            manager.device_id,
            device_id,
            set(worker.decided),
        ):
            verified += 1
    worker_done = sum(1 for b, r, _n, done in deliveries if r in want and done)

    requests = stats.attempts
    print("  latency by request type (retries included):")
    for kind, values in calls.latency.items():
        print(
            f"    {kind:<18} n={len(values):<5} p50 {_percentile(values, 0.50) * 1000:7.0f} ms"
            f"  p95 {_percentile(values, 0.95) * 1000:7.0f} ms"
            f"  p99 {_percentile(values, 0.99) * 1000:7.0f} ms"
        )
    print(f"  hub answers: {dict(answers)}")
    for problem, n in (stats.bad + calls.failed).most_common(8):
        print(f"  problem x{n}: {problem}")
    visits_sent = args.devices * len(template.payload["visits"])
    out.add("load: visit records sent", f"{visits_sent}", "", None)
    out.add("load: total time", f"{total:.1f} s", f"< {LOAD_TARGET_S:.0f} s", total < LOAD_TARGET_S)
    out.add("load: requests per second", f"{requests / total:.1f}", "", None)
    out.add("load: records per second", f"{visits_sent / total:.0f}", "", None)
    for kind, values in calls.latency.items():
        p = [_percentile(values, s) * 1000 for s in (0.5, 0.95, 0.99)]
        out.add(f"load: {kind} p50/p95/p99", "/".join(f"{v:.0f}" for v in p) + " ms")
    out.zero(
        "load: errors (non-2xx or exception)", sum(stats.bad.values()) + sum(calls.failed.values())
    )
    out.add("load: retries", str(stats.retries), "", None)
    out.zero("load: records lost", lost)
    out.zero("load: records duplicated", duplicated)
    out.zero("load: decisions bundles lost", decisions_lost)
    out.zero("load: deliveries lost", deliveries_lost)
    out.zero("load: deliveries duplicated", deliveries_doubled)
    out.all_of("load: decisions opened by workers", verified, len(workers))
    out.all_of("load: worker deliveries marked done", worker_done, len(workers))


# --- faults --------------------------------------------------------------------------------


def _new_installation(folder: Path, name: str, role: str, hub_card: Path) -> Workspace:
    ws = initialise(folder, PASSPHRASE, name=name, role=role, policy_id=POLICY, team=TEAM)
    syncing.import_card(ws, hub_card)
    return ws


def _records(ws: Workspace) -> tuple[set[str], set[str], set[tuple[str, int]]]:
    """The visit records a worker's bundles carry (not drafts), its children, its open tasks."""
    with ws.db.sessions() as session:
        visits = set(
            session.scalars(
                select(Visit.id).where(Visit.state != "draft", Visit.conflict_of.is_(None))
            )
        )
        children = set(session.scalars(select(Child.id)))
        tasks = set(
            session.execute(
                select(AuthorisationTask.visit_id, AuthorisationTask.visit_revision).where(
                    AuthorisationTask.state == "open"
                )
            ).all()
        )
    return visits, children, tasks


def run_faults(pg: ThrowawayPostgres, root: Path, args: argparse.Namespace, out: Results) -> None:
    print(f"Faults: {args.kills} kills of the hub mid-upload, {args.fault_workers} real workers")
    hub, url = set_up_hub(pg, root, "hub_faults")
    card_path = root / "hub.card"
    workers = [
        _new_installation(root / f"worker{n}", f"Fault Worker {n}", "worker", card_path)
        for n in range(1, args.fault_workers + 1)
    ]
    manager = _new_installation(root / "manager", "Fault Manager", "manager", card_path)
    cards = []
    for n, ws in enumerate([*workers, manager]):
        cards.append(root / f"device{n}.card")
        syncing.export_card(ws, cards[-1])
    hub_command("enrol", "--dir", str(hub.folder), *map(str, cards))
    for ws in workers:
        # Each worker enrols its manager's card by hand, as a worker joins a team: only a
        # manager enrolled so is heard through the hub.
        syncing.import_card(ws, cards[-1])
    hub.start()
    engine = create_engine(url)
    rng = random.Random(args.seed)
    killer = Killer(hub, engine, rng)
    retries = Stats()
    outcomes: Counter = Counter()
    unreachable = rounds = kills = 0
    problems: Counter = Counter()
    seconds_per_row = 0.002  # until an upload that is not killed is measured
    began = time.perf_counter()
    try:
        while kills < args.kills and rounds < 4 * args.kills + 2:
            ws = workers[rounds % len(workers)]
            rounds += 1
            demo.fill(ws, children=args.fault_children, seed=1000 + rounds)
            waiting = sum(syncing.waiting_to_send(ws).values())
            client = hub_sync.client_for(ws, attempts=4, backoff=0.3, sleep=retries.counting_sleep)
            window = max(0.05, seconds_per_row * waiting)
            # Every third kill aims at the moment after the hub kept the bundle.
            thread = killer.watch(client, ws.identity.device_id, window, after_kept=kills % 3 == 2)
            try:
                hub_sync.send_and_receive(ws, client=client)
            except HubUnreachable:
                unreachable += 1
            except UserError as exc:  # the hub said no: counted, and the rounds go on
                problems[f"worker sync refused: {exc}"] += 1
            finally:
                killer.started.set()  # a sync that never uploaded does not keep the killer
                thread.join()
            outcomes[killer.outcome] += 1
            if killer.outcome.startswith("killed"):
                kills += 1
            elif killer.upload_took and waiting:
                # The upload ended before the kill: the next moment is drawn from its length.
                seconds_per_row = killer.upload_took / waiting
            if not hub.running:
                hub.start()
            print(f"  round {rounds}: {waiting} rows to send; {killer.outcome}", flush=True)
        rounds_time = time.perf_counter() - began

        # Back for good: everyone syncs until the manager holds everything and nothing waits.
        began = time.perf_counter()
        made = [_records(ws) for ws in workers]
        want_visits = set().union(*(m[0] for m in made))
        want_children = set().union(*(m[1] for m in made))
        want_tasks = set().union(*(m[2] for m in made))
        passes, refused = 0, []
        while passes < 10:
            passes += 1
            states = []
            for ws in [*workers, manager]:
                try:
                    report = hub_sync.send_and_receive(ws)
                except UserError as exc:
                    problems[f"{ws.identity.role} sync refused: {exc}"] += 1
                    states.append("refused")
                    continue
                refused += report.refused
                states.append(report.state)
            held = _records_at_manager(manager)
            if (
                all(s == "up to date" for s in states[:-1])
                and want_visits <= held[0]
                and not _waiting_at_hub(engine)
            ):
                break
        converged = time.perf_counter() - began
    finally:
        hub.stop()
    visits, children, tasks, conflicts, twice = _records_at_manager(manager)
    for ws in [*workers, manager]:
        ws.close()
    with engine.connect() as db:
        doubled = len(
            db.execute(
                select(HubBundle.origin_device, HubBundle.meant_for, HubBundle.sequence)
                .group_by(HubBundle.origin_device, HubBundle.meant_for, HubBundle.sequence)
                .having(func.count() > 1)
            ).all()
        )
        bare = db.scalar(
            select(func.count())
            .select_from(HubBundle)
            .where(~select(HubDelivery.id).where(HubDelivery.bundle_id == HubBundle.id).exists())
        )
        records_bundles = db.scalar(
            select(func.count()).select_from(HubBundle).where(HubBundle.kind == "records")
        )
        to_manager = db.scalar(
            select(func.count(func.distinct(HubDelivery.bundle_id)))
            .join(HubBundle, HubBundle.id == HubDelivery.bundle_id)
            .where(HubBundle.kind == "records", HubDelivery.recipient == manager.identity.device_id)
        )
    undelivered = _waiting_at_hub(engine)
    engine.dispose()
    try:
        hub_command("check-audit", "--dir", str(hub.folder))
        audit_whole = True
    except SystemExit as exc:
        print(f"  {exc}")
        audit_whole = False
    lost = len(want_visits - visits) + len(want_children - children) + len(want_tasks - tasks)
    print(f"  rounds took {rounds_time:.1f} s; outcomes: {dict(outcomes)}")
    for problem, n in (problems + Counter(refused)).most_common(8):
        print(f"  problem x{n}: {problem}")
    print(f"  hub restarts: median {_percentile(killer.restart_times or [0], 0.5):.1f} s")
    out.add("faults: kills mid-upload", str(kills), str(args.kills), kills == args.kills)
    out.add("faults: ... of which the bundle was kept", str(outcomes["killed, bundle kept"]))
    out.add("faults: rounds (each adds records)", str(rounds))
    out.add("faults: syncs ending HubUnreachable", str(unreachable))
    out.add("faults: retries inside the client", str(retries.retries))
    out.add("faults: final convergence", f"{converged:.1f} s ({passes} passes)")
    out.add("faults: records the workers made", str(len(want_visits) + len(want_children)))
    out.zero("faults: records lost (manager, by id)", lost)
    out.zero("faults: records duplicated (manager)", conflicts + twice)
    out.zero("faults: a bundle number twice at hub", doubled)
    out.zero("faults: bundles without deliveries", bare)
    out.zero("faults: records bundles missing the manager", records_bundles - to_manager)
    out.zero("faults: deliveries still waiting", undelivered)
    out.zero("faults: bundles refused by the manager", len(refused))
    out.zero("faults: syncs the hub refused", sum(problems.values()))
    out.add("faults: hub audit trail whole", "yes" if audit_whole else "no", "yes", audit_whole)


def _waiting_at_hub(engine) -> int:  # noqa: ANN001
    with engine.connect() as db:
        return db.scalar(
            select(func.count()).select_from(HubDelivery).where(HubDelivery.done_at.is_(None))
        )


def _records_at_manager(ws: Workspace) -> tuple[set[str], set[str], set[tuple[str, int]], int, int]:
    """The manager's records by id, its children, its tasks; conflict copies (a record taken in
    twice differently) and tasks held twice for one record's revision."""
    with ws.db.sessions() as session:
        visits = set(session.scalars(select(Visit.id).where(Visit.conflict_of.is_(None))))
        conflicts = session.scalar(
            select(func.count()).select_from(Visit).where(Visit.conflict_of.is_not(None))
        )
        children = set(session.scalars(select(Child.id)))
        pairs = session.execute(
            select(
                AuthorisationTask.visit_id, AuthorisationTask.visit_revision, func.count()
            ).group_by(AuthorisationTask.visit_id, AuthorisationTask.visit_revision)
        ).all()
    tasks = {(v, r) for v, r, _n in pairs}
    twice = sum(n - 1 for *_key, n in pairs)
    return visits, children, tasks, conflicts, twice


# --- the whole ---------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200, help="simulated workers (200)")
    parser.add_argument("--records", type=int, default=500, help="visit records each (500)")
    parser.add_argument("--managers", type=int, default=2, help="simulated managers (2)")
    parser.add_argument("--threads", type=int, default=50, help="client threads (50)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs mid-upload (20)")
    parser.add_argument("--fault-workers", type=int, default=2, help="real workers (2)")
    parser.add_argument("--fault-children", type=int, default=25, help="added a round (25)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-faults", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="visitdesk-bench-hub-"))
    out = Results()
    began = time.perf_counter()
    try:
        with ThrowawayPostgres() as pg:
            if not args.skip_load:
                run_load(pg, root / "load", args, out)
            if not args.skip_faults:
                run_faults(pg, root / "faults", args, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nHub benchmark ({time.perf_counter() - began:.0f} s in all)")
    print(out.table())
    print("result:", "all targets met" if out.passed else "TARGET MISSED")
    return 0 if out.passed else 1


if __name__ == "__main__":
    sys.exit(main())
