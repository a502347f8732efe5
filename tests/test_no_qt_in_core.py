"""The domain core imports no Qt, so it runs and is tested without a display."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "visitdesk.storage",
        "visitdesk.storage.models",
        "visitdesk.storage.database",
        "visitdesk.storage.migrate",
        "visitdesk.services.records",
        "visitdesk.services.caseload",
        "visitdesk.services.demo",
        "visitdesk.commands",
    ],
)
def test_core_module_loads_without_pyside6(module):
    code = (
        f"import sys, {module}; "
        "bad = [m for m in sys.modules if m.startswith('PySide6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
