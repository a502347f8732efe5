"""A writer for the crash test: forks a fresh process per run, which writes until it is killed.

Run as ``python crash_writer.py DATA_DIR BUNDLE_DIR PASSPHRASE``. It loads VisitDesk once and
then reads lines from stdin: ``run N`` forks a child process that takes the data folder's
instance lock, unlocks the database and, in a loop, saves drafts, completes records and imports
bundles, printing one line after each operation has returned (so the line means "this is
stored"). The test kills that child with SIGKILL; this parent reports ``ended N`` once it is
gone. Forking a loaded interpreter keeps each run to the cost of unlocking the database, so a
hundred kills fit in the test's time; every child is a real, separate process.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from visitdesk.services import records, syncing
from visitdesk.services.workspace import open_workspace
from visitdesk.storage.instance import InstanceLock
from visitdesk.storage.models import Child, Peer, Visit


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))  # one short write: whole or not at all


def filler(key: str) -> str:
    """Findings derived from the purpose, so a half-applied save would show as a mismatch."""
    return (f"{key} " * 400).strip()


def content(key: str) -> dict:
    return {"purpose": key, "findings": filler(key)}


def full_visit(key: str) -> dict:
    return dict(
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        childs_voice="v",
        analysis="a",
        conclusion="c",
        recommendations="r",
        **content(key),
    )


def child_run(data_dir: Path, bundles: Path, passphrase: str, run: int) -> None:
    lock = InstanceLock(data_dir).acquire()  # the killed run's lock was released by the system
    ws = open_workspace(data_dir, passphrase)
    me = ws.identity.device_id
    with ws.db.sessions() as session:
        child_ids = list(session.scalars(select(Child.id).where(Child.family_name == "Writer")))
        drafts = list(
            session.scalars(
                select(Visit.id).where(Visit.origin_device == me, Visit.state == "draft")
            )
        )
    say(f"ready {run}")
    rng = random.Random(run)
    visited = datetime.combine(ws.today() - timedelta(days=1), datetime.min.time()).replace(hour=10)
    i = 0
    while True:
        i += 1
        key = f"r{run}i{i}"
        while len(drafts) < 2:
            vid = records.start_visit(ws, rng.choice(child_ids), visited, **full_visit(key))
            drafts.append(vid)
            say(f"start {vid} {key}")
            i += 1
            key = f"r{run}i{i}"
        op = i % 5
        if op == 2:
            vid = drafts.pop(0)
            records.complete_visit(ws, vid)
            say(f"complete {vid}")
            continue
        if op == 4:
            with ws.db.sessions() as session:
                done = session.scalar(select(Peer.last_received_sequence))
            nxt = bundles / f"{done + 1}.vdbundle"
            if nxt.exists():
                syncing.import_bundle(ws, nxt)
                say(f"import {done + 1}")
                continue
        vid = rng.choice(drafts)
        records.save_draft(ws, vid, content(key))
        say(f"draft {vid} {key}")
    del lock  # never reached: the run ends with SIGKILL


def warm_up() -> None:
    """Load once, before forking, what every run would otherwise load again."""
    from visitdesk.services import checks  # noqa: F401 - completing a record uses it
    from visitdesk.standards import load_policy
    from visitdesk.storage import migrate

    migrate.head_revision()
    load_policy("getting-it-right-2018")


def main() -> None:
    data_dir, bundles, passphrase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    warm_up()
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            return
        run = int(parts[1])
        pid = os.fork()
        if pid == 0:
            try:
                child_run(data_dir, bundles, passphrase, run)
            except BaseException:  # noqa: BLE001 - reported to the test, which fails
                say("error " + traceback.format_exc().replace("\n", " | "))
            os._exit(3)
        say(f"started {run} {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"ended {run} {status}")


if __name__ == "__main__":
    main()
