"""Before Qt starts: can this machine show a window at all?

When Qt cannot load its window-system plugin or reach a display it aborts the whole process
(a core dump, with a message that may name the wrong library). This module asks the same
questions first, without loading Qt, so ``visitdesk`` can say in one line what is wrong and
what to install, and exit 2.

Only Linux needs this: on Windows and macOS the windowing support ships inside Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from visitdesk.errors import UserError

# Every shared library Qt's X11 (xcb) plugin and its GUI library load, with the Debian /
# Ubuntu package holding it. Found with ldd on the plugin and Qt's GUI library and dpkg -S
# on each result; the C and C++ runtimes every system has are left out.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}

# Platforms that need no display: tests and remote sessions choose these.
_HEADLESS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay", "minimalegl"}

Loader = Callable[[str], object]


def _load(name: str) -> object:
    return ctypes.CDLL(name)


def missing_libraries(load: Loader = _load) -> list[str]:
    """The libraries of :data:`XCB_LIBRARIES` this machine cannot load."""
    missing = []
    for name in XCB_LIBRARIES:
        try:
            load(name)
        except OSError:
            missing.append(name)
    return missing


def _qt_xcb_library() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    return found if found.exists() else None


def _other_missing(load: Loader) -> str | None:
    """A library Qt's xcb support needs that the table does not know, from the loader's own
    message ("libfoo.so.1: cannot open shared object file")."""
    library = _qt_xcb_library()
    if library is None:
        return None
    try:
        load(str(library))
    except OSError as exc:
        first = str(exc).split(":", 1)[0].strip()
        return first if first and first != str(library) else "a library it needs"
    return None


def _platform(env: Mapping[str, str]) -> str:
    chosen = env.get("QT_QPA_PLATFORM", "").split(";", 1)[0].split(":", 1)[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def _can_connect(display: str, load: Loader) -> bool:
    """Whether an X server answers on ``display``, asked through libxcb as Qt would."""
    try:
        xcb = load("libxcb.so.1")
        connect = xcb.xcb_connect  # type: ignore[attr-defined]
        connect.restype = ctypes.c_void_p
        connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
        has_error = xcb.xcb_connection_has_error  # type: ignore[attr-defined]
        has_error.argtypes = [ctypes.c_void_p]
        disconnect = xcb.xcb_disconnect  # type: ignore[attr-defined]
        disconnect.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return True  # cannot ask: let Qt try
    connection = connect(display.encode(), None)
    try:
        return not has_error(connection)
    finally:
        disconnect(connection)


def _install_hint(packages: list[str]) -> str:
    return f"install them with: sudo apt-get install {' '.join(packages)}"


# These lines stay in English, like the command line's: they are printed before Qt, and so
# any translation of the window, is loaded.
def display_problem(
    env: Mapping[str, str] | None = None, *, load: Loader = _load, platform: str | None = None
) -> str | None:
    """One line saying why Qt could not open a window here, or None when it should."""
    env = os.environ if env is None else env
    if (platform or sys.platform) != "linux":
        return None
    chosen = _platform(env)
    if chosen in _HEADLESS or chosen == "wayland":
        return None
    display = env.get("DISPLAY", "")
    if not display:
        if env.get("WAYLAND_DISPLAY"):
            return None  # Qt falls back to Wayland when there is no X display
        return (
            "there is no display to open the window on (DISPLAY is not set); start "
            "VisitDesk from a desktop session. Its commands work without one: "
            "see visitdesk --help"
        )
    missing = missing_libraries(load)
    if missing:
        packages = sorted({XCB_LIBRARIES[name] for name in missing})
        return (
            f"the desktop window cannot start: the system is missing {', '.join(missing)}; "
            + _install_hint(packages)
        )
    other = _other_missing(load)
    if other is not None:
        return (
            f"the desktop window cannot start: the system is missing {other}, which Qt's "
            "X11 support needs; install the package that provides it"
        )
    if not _can_connect(display, load):
        return (
            f"cannot connect to the display {display}; check the desktop session is "
            "running and that DISPLAY is right"
        )
    return None


def check_display() -> None:
    """Refuse to start the window, with one line, when Qt would abort."""
    problem = display_problem()
    if problem is not None:
        raise UserError(problem)
