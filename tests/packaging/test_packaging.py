"""The packaging files agree with the code: every runtime data folder is shipped, the desktop
entry and AppStream metadata are valid, and the installers never touch users' data.

These tests read files only; none of them builds the app (packaging/check-linux-build.sh checks
a real build).
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import visitdesk
from visitdesk import paths
from visitdesk.standards import policy

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "visitdesk.spec"
ICONS = ROOT / "resources" / "icons"
LINUX = PACKAGING / "linux"
ISS = PACKAGING / "windows" / "visitdesk.iss"


def _spec_value(name: str):
    """A literal assigned at the top level of the spec (the spec is Python)."""
    for node in ast.parse(SPEC.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not set in {SPEC.name}")


def _spec_call_keyword(function: str, keyword: str):
    for node in ast.walk(ast.parse(SPEC.read_text("utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function:
            for kw in node.keywords:
                if kw.arg == keyword:
                    return ast.literal_eval(kw.value)
    raise AssertionError(f"{function}({keyword}=...) is not in {SPEC.name}")


def _app_id() -> str:
    return _spec_value("APP_ID")


def _shipped_folders() -> dict[str, str]:
    return dict(_spec_value("DATA_FOLDERS"))


def _relative(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


# --- the build spec ------------------------------------------------------------------------


def test_the_spec_ships_the_policy_profiles_fonts_icons_and_migrations():
    shipped = _shipped_folders()
    assert _relative(policy.POLICIES_DIR) in shipped
    assert _relative(paths.migrations_dir()) in shipped
    for folder in (paths.resources_dir()).iterdir():
        if folder.is_dir():
            assert _relative(folder) in shipped, f"resources/{folder.name} is not in the build"


def test_shipped_folders_keep_their_place_so_the_code_finds_them_the_same_way():
    for source, target in _shipped_folders().items():
        assert source == target
        assert (ROOT / source).is_dir()


def test_every_data_file_inside_the_package_is_shipped():
    shipped = _shipped_folders()
    for path in (ROOT / "visitdesk").rglob("*"):
        if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        assert any(_relative(path).startswith(f"{folder}/") for folder in shipped), (
            f"{_relative(path)} is read at run time but not listed in DATA_FOLDERS"
        )


def test_the_spec_leaves_out_no_qt_module_the_app_imports():
    unused = set(_spec_value("QT_UNUSED"))
    assert "QtTest" in unused
    imported = set()
    for path in (ROOT / "visitdesk").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    assert imported, "no Qt imports found: has the GUI moved?"
    assert not imported & unused, f"the spec leaves out {sorted(imported & unused)}"


def test_modules_the_migration_scripts_import_are_bundled():
    # Alembic loads these scripts from files at run time, so the build's import scan never
    # sees what they import: each such module must be a hidden import.
    hidden = set(_spec_call_keyword("Analysis", "hiddenimports"))
    for path in paths.migrations_dir().rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "alembic":
                    for alias in node.names:
                        module = f"alembic.{alias.name}"
                        assert module in hidden, f"{path.name}: {module}"
                elif node.module.startswith("visitdesk"):
                    assert node.module in hidden, f"{path.name}: {node.module}"
    assert "sqlalchemy.dialects.sqlite.pysqlcipher" in hidden


def test_the_build_pins_every_runtime_dependency():
    requirements = pytest.importorskip("packaging.requirements")
    with (ROOT / "pyproject.toml").open("rb") as f:
        wanted = tomllib.load(f)["project"]["dependencies"]
    pinned = {}
    for line in (PACKAGING / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pinned[re.sub(r"[-_.]+", "-", name).lower()] = version
    for text in wanted:
        requirement = requirements.Requirement(text)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{requirement.name}=={pinned[name]} does not meet {requirement.specifier}"
        )
    assert "pyinstaller" in pinned


def test_build_outputs_stay_out_of_git():
    ignored = (ROOT / ".gitignore").read_text("utf-8").split()
    assert "build/" in ignored and "dist/" in ignored


# --- the icon ------------------------------------------------------------------------------


def test_the_svg_icon_is_well_formed_and_square():
    svg = ET.parse(ICONS / "visitdesk.svg").getroot()
    assert svg.tag.endswith("svg")
    assert svg.get("viewBox") == "0 0 512 512"


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256, 512])
def test_each_png_icon_is_the_size_its_name_says(size):
    data = (ICONS / f"visitdesk-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (size, size)


def test_the_windows_icon_holds_sizes_from_16_to_256():
    data = (ICONS / "visitdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes


def test_the_macos_icon_is_an_icns_file():
    data = (ICONS / "visitdesk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)


def test_icons_dir_holds_the_icon():
    assert (paths.icons_dir() / "visitdesk.svg").is_file()


# --- Linux desktop integration -------------------------------------------------------------


def _desktop_file() -> Path:
    return LINUX / f"{_app_id()}.desktop"


def test_the_desktop_entry_starts_visitdesk_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(_desktop_file(), encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "VisitDesk"
    assert section["Exec"].split()[0] == "visitdesk"
    assert section["Icon"] == _app_id()
    assert section["Terminal"] == "false"


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate is not installed"
)
def test_the_desktop_entry_validates():
    result = subprocess.run(
        ["desktop-file-validate", str(_desktop_file())], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_appstream_metadata_names_the_app_and_this_version():
    component = ET.parse(LINUX / f"{_app_id()}.metainfo.xml").getroot()
    assert component.tag == "component" and component.get("type") == "desktop-application"
    assert component.findtext("id") == _app_id()
    assert component.find("launchable").text == f"{_app_id()}.desktop"
    newest = component.find("releases/release")
    assert newest.get("version") == visitdesk.__version__, "add this version to <releases>"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_the_appstream_metadata_validates():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{_app_id()}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_packaging_file_uses_the_same_app_id():
    app_id = _app_id()
    for path in (PACKAGING / "build.py", LINUX / "install.sh", LINUX / "uninstall.sh"):
        assert f'"{app_id}"' in path.read_text("utf-8"), path.name
    installer = (LINUX / "install.sh").read_text("utf-8")
    sizes = re.search(r"for size in ([\d ]+);", installer).group(1).split()
    for size in sizes:
        assert (ICONS / f"visitdesk-{size}.png").is_file()


@pytest.mark.parametrize("script", ["install.sh", "uninstall.sh"])
def test_the_linux_scripts_are_valid_shell_and_never_touch_home(script):
    text = (LINUX / script).read_text("utf-8")
    subprocess.run(["bash", "-n", str(LINUX / script)], check=True)
    for line in text.splitlines():
        if line.lstrip().startswith("rm "):
            assert "HOME" not in line and ".local" not in line and "~" not in line, line


# --- Windows installer ---------------------------------------------------------------------


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in ISS.read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def test_the_windows_installer_is_per_machine_with_a_fixed_app_id():
    setup = dict(line.split("=", 1) for line in _iss_sections()["Setup"])
    assert setup["PrivilegesRequired"] == "admin"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"


def test_the_windows_installer_never_deletes_user_data():
    sections = _iss_sections()
    for name in ("InstallDelete", "UninstallDelete"):
        for line in sections.get(name, []):
            target = re.search(r'Name:\s*"([^"]+)"', line).group(1)
            assert target.startswith("{app}"), f"[{name}] deletes {target}"
    text = ISS.read_text("utf-8").lower()
    for user_folder in ("{localappdata}", "{userappdata}", "{userdocs}", "{%localappdata"):
        assert user_folder not in text


def test_the_windows_installer_ships_the_built_app_and_its_icon():
    text = ISS.read_text("utf-8")
    assert r'#define Built "..\..\dist\VisitDesk"' in text
    assert "VisitDesk.exe" in text
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.M).group(1)
    assert (ISS.parent / icon.replace("\\", "/")).resolve() == (ICONS / "visitdesk.ico").resolve()


# --- README --------------------------------------------------------------------------------


def test_the_readme_explains_installing_after_the_command_line():
    headings = re.findall(r"^## (.+)$", (ROOT / "README.md").read_text("utf-8"), re.M)
    assert "Installing VisitDesk" in headings
    assert headings.index("Installing VisitDesk") == headings.index("Command line") + 1
