"""Killing the app while someone types a household visit loses at most the last two seconds,
in the shared part and in every child's own part."""

from __future__ import annotations

import random
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.ui.test_kill_while_typing import type_until_killed
from visitdesk.services import household_visits, households, records
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import open_workspace
from visitdesk.storage.models import Visit
from visitdesk.ui.draft_saver import PAUSE_SAVE_MS

# Types TEXT through the household form's own event loop, one key every 50-100 ms, until it
# is killed: a stretch in the eldest child's findings, Ctrl+PgDown to the next child (the
# cursor lands in the same question), a stretch in theirs, then the shared "who was present",
# and round again. After each key it writes "<target> <monotonic time>".
TYPIST = r"""
import os, random, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from visitdesk.services.workspace import open_workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
folder, passphrase, household, text, seed = sys.argv[1:6]
app = QApplication([])
ws = open_workspace(Path(folder), passphrase)
win = MainWindow(ws, Hub())
win.show()
win.open_household_visit(household)
form = win.visit_form
rng = random.Random(int(seed))
targets = ["0", "1", "shared"]
state = {"target": None, "left": 0, "typed": {t: 0 for t in targets}}
STRETCH = 12

def editor(target):
    if target == "shared":
        return form.shared.fields["present"].editor
    return form.parts[int(target)].fields["findings"].editor

def say(line):
    os.write(1, (line + "\n").encode())

def go_to(target):
    if target == "1":  # the worker's key for the next child, pressed in the first's box
        QTest.keyClick(editor("0"), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    elif target == "0":
        form.show_child(form.parts[0].visit_id)
    editor(target).setFocus()

def type_one():
    if state["left"] == 0:
        nxt = 0 if state["target"] is None else (state["target"] + 1) % len(targets)
        go_to(targets[nxt])
        state["target"], state["left"] = nxt, STRETCH
    target = targets[state["target"]]
    n = state["typed"][target]
    QTest.keyClick(editor(target), text[n])
    say(f"{target} {time.monotonic():.6f}")
    state["typed"][target] = n + 1
    state["left"] -= 1
    QTimer.singleShot(rng.randint(50, 100), type_one)

say("ready")
QTimer.singleShot(0, type_one)
app.exec()
"""

PROMISE_S = 2.0
KILL_GRACE_S = 0.1
RUNS = 6
AT_ONCE = 3
TEXT = (
    "they showed me their room and the new bunk beds, and we talked about school, friends, "
    "what they want to do at the weekend and when i would come again. the kitchen was clean."
)


@dataclass
class Run:
    number: int
    seed: int
    killed_at: float
    typed_at: dict[str, list[float]] = field(default_factory=dict)
    saved: dict[str, str] = field(default_factory=dict)

    def lost_seconds(self) -> float:
        lost = 0.0
        for target, times in self.typed_at.items():
            n = len(self.saved.get(target, ""))
            if n < len(times):
                lost = max(lost, self.killed_at - times[n])
        return lost


def _type_and_kill(folder: Path, passphrase: str, household: str, number: int, seed: int) -> Run:
    # Long enough for every part to have been typed in, then a random moment.
    killed_at, out = type_until_killed(
        TYPIST, [str(folder), passphrase, household, TEXT, str(seed)], number, seed, (4.5, 9.0)
    )
    run = Run(number, seed, killed_at)
    for line in out.split(b"\n")[:-1]:
        if line != b"ready":
            target, at = line.decode().split()
            run.typed_at.setdefault(target, []).append(float(at))
    return run


def test_sigkill_while_typing_a_household_visit_loses_at_most_two_seconds_anywhere(
    make_workspace, passphrase, tmp_path
):
    ws = make_workspace(folder="template")
    plan = PlanInput("CIN", ws.today() - timedelta(days=30))
    older = records.add_child(
        ws, given_name="Ada", family_name="Brook", date_of_birth=date(2014, 3, 4), plan=plan
    )
    younger = records.add_child(
        ws, given_name="Ben", family_name="Brook", date_of_birth=date(2017, 5, 6), plan=plan
    )
    households.join_household(ws, older, younger, ws.today() - timedelta(days=30))
    at = (ws.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    household = household_visits.start(ws, [older, younger], at, location="home")
    ids = [r.visit_id for r in household_visits.records_of(ws, household)]
    template = ws.data_dir
    ws.close()
    folders = []
    for n in range(RUNS):
        folders.append(tmp_path / f"run{n}")
        shutil.copytree(template, folders[-1])
    base_seed = random.SystemRandom().randrange(1 << 30)

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        runs = list(
            pool.map(
                lambda n: _type_and_kill(folders[n], passphrase, household, n, base_seed + n),
                range(RUNS),
            )
        )

    for run in runs:
        db = open_workspace(folders[run.number], passphrase)
        try:
            with db.db.sessions() as s:
                stored = {v.id: v for v in s.scalars(select(Visit))}
                run.saved = {
                    "0": stored[ids[0]].findings,
                    "1": stored[ids[1]].findings,
                    "shared": stored[ids[0]].present,
                }
                # The shared part is the same in every child's record, whatever was stored.
                assert stored[ids[1]].present == stored[ids[0]].present
        finally:
            db.close()
    report = "\n".join(
        f"run {r.number} (seed {r.seed}): typed "
        + ", ".join(f"{t} {len(v)}" for t, v in r.typed_at.items())
        + " stored "
        + ", ".join(f"{t} {len(v)}" for t, v in r.saved.items())
        + f", lost {r.lost_seconds():.2f} s"
        for r in runs
    )
    print(report)
    for run in runs:
        assert set(run.typed_at) == {"0", "1", "shared"}, report  # every part was typed in
        every = sorted(t for times in run.typed_at.values() for t in times) + [run.killed_at]
        assert max(b - a for a, b in zip(every, every[1:], strict=False)) < PAUSE_SAVE_MS / 1000
        for target, text in run.saved.items():
            # What was stored is what was typed there, from the start, and nothing else.
            assert TEXT.startswith(text), report
            assert len(text) <= len(run.typed_at.get(target, [])), report
        assert run.lost_seconds() <= PROMISE_S + KILL_GRACE_S, report
