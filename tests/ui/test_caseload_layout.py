"""The caseload's key columns stay on screen on a 1366x768 laptop, at 100% and at 150%.

Qt reads the scale factor and the screen when it starts, so each size runs in a fresh process
(this file, run as a script) on an offscreen screen of that size, with the window maximised as
the app opens it on a small screen. Long names and dates are cut short with "…" and shown whole
in the tooltip; "What needs attention" takes the width left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

KEY_COLUMNS = (
    "Status",
    "Child",
    "Next visit due",
    "To write up",
    "Returned",
    "What needs attention",
)
PASS = "correct horse battery"
LONG_NAMES = (
    ("Oluwaseun-Adebayo", "Featherstonehaugh-Montgomery"),
    ("Łucja Maria", "Wiśniewska-Kowalczyk"),
    ("Zoë", "Ap Gwilym-Llewellyn"),
)


def _caseload(folder: Path, role: str):  # noqa: ANN202 - a workspace
    """An installation with a caseload of long names: a worker's own, or a manager's with a
    worker's children brought in by a bundle."""
    from visitdesk.services import demo, records, syncing
    from visitdesk.services.records import PlanInput
    from visitdesk.services.workspace import initialise

    worker = initialise(
        folder / "worker",
        PASS,
        name="Bartholomew Worthington-Smythe",
        role="worker",
        policy_id="getting-it-right-2018",
        team="Team North",
    )
    demo.fill(worker, children=12, seed=3)
    start = worker.today() - timedelta(days=70)
    for given, family in LONG_NAMES:
        records.add_child(
            worker,
            given_name=given,
            family_name=family,
            date_of_birth=date(2015, 5, 4),
            plan=PlanInput("CIN", start, allocated_on=start),
        )
    if role == "worker":
        return worker
    manager = initialise(
        folder / "manager",
        PASS,
        name="Morgan Manager",
        role="manager",
        policy_id="getting-it-right-2018",
        team="Team North",
    )
    syncing.export_card(worker, folder / "worker.vdcard")
    syncing.export_card(manager, folder / "manager.vdcard")
    syncing.import_card(manager, folder / "worker.vdcard")
    syncing.import_card(worker, folder / "manager.vdcard")
    syncing.export_bundle(worker, folder / "1.vdbundle")
    syncing.import_bundle(manager, folder / "1.vdbundle")
    worker.close()
    return manager


def measure(folder: Path, role: str, grab: str | None) -> dict:
    """Open the main window as the app does on a small screen; where each column lies."""
    from PySide6.QtWidgets import QApplication

    from visitdesk.ui.caseload import COLUMNS
    from visitdesk.ui.hub import Hub
    from visitdesk.ui.main_window import MainWindow

    app = QApplication([])
    ws = _caseload(folder, role)
    win = MainWindow(ws, Hub())
    win.showMaximized()
    deadline = time.monotonic() + 90
    while not (win.caseload_ready and win.isVisible()) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    win.show_caseload()  # a manager's window opens on the authorisations
    for _ in range(50):
        app.processEvents()
        time.sleep(0.005)
    table = win.caseload.table
    header = table.horizontalHeader()
    columns = {}
    for c, name in enumerate(COLUMNS):
        if table.isColumnHidden(c):
            continue
        left = header.sectionViewportPosition(c)
        columns[name] = {"left": left, "right": left + header.sectionSize(c)}
    child_col = COLUMNS.index("Child")
    proxy = win.caseload.proxy
    long_row = next(
        r
        for r in range(proxy.rowCount())
        if "Featherstonehaugh" in proxy.index(r, child_col).data()
    )
    index = proxy.index(long_row, child_col)
    shown = {
        "screen": [
            win.screen().availableGeometry().width(),
            win.screen().availableGeometry().height(),
        ],
        "window": [win.frameGeometry().width(), win.frameGeometry().height()],
        "viewport": table.viewport().width(),
        "columns": columns,
        "rows": proxy.rowCount(),
        "long_name_tooltip": index.data(3),  # ToolTipRole
        "long_name_fits": table.fontMetrics().horizontalAdvance(index.data())
        <= header.sectionSize(child_col) - 8,
        "horizontal_scroll": table.horizontalScrollBar().maximum(),
    }
    if grab:
        win.grab().save(grab)
    win.close()
    ws.close()
    return shown


def _run(tmp_path: Path, scale: str, role: str) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "Laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1366,
                        "height": 768,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VISITDESK_", "QT_SCALE", "QT_SCREEN", "QT_QPA"))
    }
    env.update(QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    grab = os.environ.get("VISITDESK_LAYOUT_GRABS")  # a folder, to look at the pictures
    args = [sys.executable, __file__, str(tmp_path / "data"), role]
    if grab:
        args.append(str(Path(grab) / f"caseload-{role}-{scale}.png"))
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("scale", "role"), [("1", "worker"), ("1.5", "worker"), ("1.5", "manager")]
)
def test_the_key_columns_stay_on_a_1366x768_screen(tmp_path, scale, role):
    shown = _run(tmp_path, scale, role)
    screen_w, screen_h = shown["screen"]
    assert screen_w == round(1366 / float(scale))
    # The window itself fits the screen: nothing is drawn beyond its right edge.
    assert shown["window"][0] <= screen_w and shown["window"][1] <= screen_h
    columns, viewport = shown["columns"], shown["viewport"]
    for name in KEY_COLUMNS:
        assert 0 <= columns[name]["left"] < columns[name]["right"] <= viewport, (name, shown)
    assert ("Worker" in columns) == (role == "manager")
    # What needs attention keeps a readable width (some 25 characters), to the right edge.
    attention = columns["What needs attention"]
    assert attention["right"] - attention["left"] >= 200 and attention["right"] == viewport
    assert shown["horizontal_scroll"] == 0
    assert "Featherstonehaugh-Montgomery" in shown["long_name_tooltip"]
    if scale == "1.5":
        assert "Age" not in columns and "Plan" not in columns  # set aside, not squeezed


def test_a_name_too_long_for_its_column_is_cut_short_with_the_whole_name_in_the_tooltip(tmp_path):
    shown = _run(tmp_path, "1.5", "manager")
    assert not shown["long_name_fits"]
    name, rest = shown["long_name_tooltip"].split("\n")
    assert name == "Oluwaseun-Adebayo Featherstonehaugh-Montgomery"
    # Age and plan may be set aside on a small screen: the tooltip says them.
    assert rest.startswith("11 years, CIN plan")


if __name__ == "__main__":
    folder, role = Path(sys.argv[1]), sys.argv[2]
    print(json.dumps(measure(folder, role, sys.argv[3] if len(sys.argv) > 3 else None)))
