"""Benchmark whole-process start: VisitDesk up to its unlock dialog against a bare Qt window.

Each run is a fresh ``python`` process, timed from launch until it exits; it exits the moment
its first window is shown. (a) is a bare PySide6 program that shows one QWidget; (b) is
VisitDesk started on an existing data folder, up to the unlock dialog. As in bench_app.py, a
small driver runs in the child process: here it watches for the first window to be shown and
leaves at once, so nothing after it is timed. Offscreen. Target: (b) within 3 times (a).
Run: python bench/bench_startup.py [--repeats N]. The child processes find VisitDesk as
``python -c`` does, in the current folder first, so run from another checkout to time that one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "benchmark passphrase"
TARGET_RATIO = 3.0

# Both drivers share this watcher, so the two measurements differ only in what they start.
# It leaves with os._exit: closing down is not part of starting up.
WATCH = r"""
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class Watch(QObject):
    def __init__(self, wanted):
        super().__init__()
        self.wanted = wanted

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and type(obj).__name__ == self.wanted:
            sys.stdout.write("SHOWN\n")
            sys.stdout.flush()
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
"""

BARE = (
    WATCH
    + r"""
from PySide6.QtWidgets import QWidget
watch = Watch("QWidget")
app.installEventFilter(watch)
window = QWidget()
window.show()
app.exec()
"""
)

VISITDESK = (
    WATCH
    + r"""
watch = Watch("UnlockDialog")
app.installEventFilter(watch)
from visitdesk.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""
)


def make_data_folder(under: Path) -> Path:
    """A data folder set up as a worker's, with a few fictional children in it."""
    folder = under / "data"
    env = {**os.environ, "VISITDESK_PASSPHRASE": PASSPHRASE}
    for command in (
        ["init", "--name", "Bench Worker", "--role", "worker", "--authority", "getting-it-right"],
        ["demo", "--children", "20", "--seed", "3"],
    ):
        subprocess.run(
            [sys.executable, "-m", "visitdesk", "--data-dir", str(folder), *command],
            check=True,
            capture_output=True,
            env=env,
        )
    return folder


def timed(code: str, *args: str) -> float:
    """Seconds from launching a fresh interpreter on ``code`` until it has exited."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("VISITDESK_PASSPHRASE", None)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )
    elapsed = time.perf_counter() - start
    if "SHOWN" not in out.stdout:
        raise SystemExit(
            f"the window was never shown (exit {out.returncode}):\n{out.stderr[-2000:]}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    repeats = parser.parse_args().repeats
    bare: list[float] = []
    app: list[float] = []
    with tempfile.TemporaryDirectory(prefix="visitdesk-bench-start-") as scratch:
        folder = make_data_folder(Path(scratch))
        # One untimed run of each first, so neither pays for a cold disk cache alone.
        timed(BARE)
        timed(VISITDESK, str(folder))
        for _ in range(repeats):
            # Interleaved, so a busy moment on the machine falls on both alike.
            bare.append(timed(BARE))
            app.append(timed(VISITDESK, str(folder)))
    bare_median = statistics.median(bare)
    app_median = statistics.median(app)
    ratio = app_median / bare_median
    print(
        f"bare PySide6 window shown: median {bare_median:.3f} s over {repeats} runs "
        f"(fastest {min(bare):.3f} s)"
    )
    print(
        f"VisitDesk unlock dialog shown: median {app_median:.3f} s over {repeats} runs "
        f"(fastest {min(app):.3f} s)"
    )
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET_RATIO:g})")


if __name__ == "__main__":
    main()
