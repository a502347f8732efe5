"""The reports package is plain Python: no Qt and no database code comes with it."""

from __future__ import annotations

import subprocess
import sys


def test_rendering_a_record_loads_neither_pyside6_nor_sqlalchemy():
    code = """
import sys
from datetime import datetime
from visitdesk.reports import ReportChild, ReportVisit, render_visit
render_visit(ReportChild("c", "Zoë"), ReportVisit("v", 1, "draft", datetime(2026, 9, 3, 10)))
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "sqlalchemy"))
print(bad)
sys.exit(1 if bad else 0)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
