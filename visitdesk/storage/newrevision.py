"""Developer tool: write a new Alembic revision from the difference between models and schema.

Usage: ``python -m visitdesk.storage.newrevision "what changed"``. Compares against an
in-memory database upgraded to the current head, so no data file is involved.
"""

from __future__ import annotations

import sys

from alembic import command
from sqlalchemy import create_engine

from visitdesk.storage.migrate import alembic_config


def main(message: str) -> None:
    engine = create_engine("sqlite+pysqlcipher://:scratch@/:memory:")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
