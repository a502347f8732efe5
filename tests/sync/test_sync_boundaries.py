"""The sync package stands alone: no Qt and no database library come with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_sync_loads_neither_qt_nor_sqlalchemy() -> None:
    code = (
        "import json, sys\n"
        "import visitdesk.sync\n"
        "import visitdesk.sync.cards, visitdesk.sync.envelope, visitdesk.sync.identity\n"
        "banned = ('PySide6', 'shiboken6', 'sqlalchemy', 'sqlcipher3', 'alembic')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in banned)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
