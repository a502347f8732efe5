"""No module in visitdesk/ grows past a size one person can read through: a module that does
is two concerns, and is split along the seam between them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "visitdesk"
MOST_LINES = 650


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def oversized(folder: Path, most: int = MOST_LINES) -> list[tuple[str, int]]:
    """Each ``.py`` file under ``folder`` longer than ``most`` lines, with its length, longest
    first."""
    found = [
        (path.relative_to(folder.parent).as_posix(), _lines(path))
        for path in sorted(folder.rglob("*.py"))
    ]
    return sorted(
        ((name, count) for name, count in found if count > most), key=lambda item: -item[1]
    )


def test_no_module_in_visitdesk_is_longer_than_650_lines():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 20, "no modules found: has the package moved?"
    offenders = oversized(PACKAGE)
    assert not offenders, f"modules over {MOST_LINES} lines: " + ", ".join(
        f"{name} ({count} lines)" for name, count in offenders
    )


def test_the_size_check_names_each_long_module_with_its_length(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "short.py").write_text("x = 1\n" * 3, encoding="utf-8")
    (package / "exact.py").write_text("x = 1\n" * 5, encoding="utf-8")
    (package / "long.py").write_text("x = 1\n" * 6, encoding="utf-8")
    (package / "sub" / "longer.py").write_text("x = 1\n" * 9, encoding="utf-8")
    (package / "notes.txt").write_text("x\n" * 50, encoding="utf-8")
    assert oversized(package, most=5) == [("pkg/sub/longer.py", 9), ("pkg/long.py", 6)]
