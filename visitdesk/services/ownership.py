"""Who may write what on this installation: only the worker whose caseload a child is on
changes their plan or writes their records. Shared by the records and the plan meetings."""

from __future__ import annotations

from visitdesk.errors import UserError
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import Child


class NotFound(UserError):
    """No record with that id."""


def own_child(ws: Workspace, child: Child) -> None:
    """Only the worker whose caseload a child is on changes their plan or starts a record."""
    if child.origin_device and child.origin_device != ws.identity.device_id:
        raise UserError(
            "this child is on another worker's caseload; only their worker can "
            "change their plan or write their visit records"
        )
