"""The standards engine is pure Python: importing it loads neither Qt nor the database layer."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_standards_engine_loads_no_qt_or_sqlalchemy():
    code = (
        "import sys\n"
        "import visitdesk.standards, visitdesk.standards.commands\n"
        "from visitdesk.standards import load_policy, evaluate, parse_case\n"
        "from datetime import date\n"
        "child, visits = parse_case({'child': {'plan': 'CP'}, 'visits': []})\n"
        "evaluate(load_policy('getting-it-right-2018'), child, visits, date(2026, 9, 1))\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('PySide6', 'shiboken6', 'sqlalchemy'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
