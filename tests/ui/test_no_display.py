"""Where Qt cannot open a window, ``visitdesk`` says why in one line and exits 2.

Qt itself aborts the process (a core dump) when it has no display or its X11 plugin cannot
load; these run the real command as a person on a bare desktop would.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from visitdesk.ui.platform_check import XCB_LIBRARIES, display_problem, missing_libraries

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Qt's xcb plugin is Linux's")


def _run_app(tmp_path, **env_changes):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(env_changes)
    folder = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "visitdesk", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return done, folder


def test_with_no_display_at_all_the_app_says_so_in_one_line_and_exits_2(tmp_path):
    done, folder = _run_app(tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0]
    assert "Traceback" not in done.stderr and "core dumped" not in done.stderr
    assert not folder.exists()  # nothing was made


def test_a_display_nobody_answers_on_is_named_and_the_app_exits_2(tmp_path):
    done, _ = _run_app(tmp_path, DISPLAY=":987")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    # On a machine without Qt's X11 libraries, those are what stop the window first, and the
    # one line names them instead (see the next test).
    expected = "apt-get install" if missing_libraries() else ":987"
    assert len(lines) == 1 and expected in lines[0]


def test_missing_xcb_libraries_are_named_with_the_packages_to_install():
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}

    def load(name):
        if name in gone:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    problem = display_problem({"DISPLAY": ":0"}, load=load, platform="linux")
    assert problem is not None
    assert "libxcb-icccm.so.4" in problem and "libxcb-keysyms.so.1" in problem
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1" in problem


def test_offscreen_and_other_systems_are_not_checked():
    def load(name):
        raise OSError("nothing loads")

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, load=load, platform="linux") is None
    assert display_problem({}, load=load, platform="win32") is None


def test_this_machine_has_every_library_the_readme_lists():
    # The CI machine installs the README's list; if Qt grows a dependency the table misses,
    # the start-up check would miss it too.
    readme = os.path.dirname(__file__) + "/../../README.md"
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    assert all(package in text for package in set(XCB_LIBRARIES.values()))
    assert isinstance(missing_libraries(), list)
