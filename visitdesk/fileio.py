"""Writing files the user asked for: whole or not at all, with a plain reason when it fails."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from visitdesk.errors import UserError


def _reason(exc: OSError, target: Path, what: str) -> str:
    folder = target.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full, so {target.name} was not saved; free space or save elsewhere."
    if isinstance(exc, FileNotFoundError):
        return f"The folder {folder} does not exist; choose another folder."
    if isinstance(exc, NotADirectoryError):
        return f"{folder} is not a folder; choose another place to save the {what}."
    if isinstance(exc, IsADirectoryError):
        return f"{target} is a folder; choose a file name for the {what}."
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return f"VisitDesk may not save in {folder}; choose another folder."
    detail = exc.strerror or exc.__class__.__name__
    return f"{target.name} was not saved ({detail}); try again or choose another folder."


def write_atomically(path: str | os.PathLike[str], data: bytes, *, what: str = "file") -> None:
    """Write ``data`` to ``path``: afterwards it holds the old file or the whole new one.

    The data goes to a temporary file in the same folder, is flushed to disk and renamed over
    the target. Any failure leaves nothing behind and raises :class:`UserError`.
    """
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{target} is a folder; choose a file name for the {what}.")
    folder = target.parent
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        temp_name = None
        _sync_folder(folder)
    except OSError as exc:
        raise UserError(_reason(exc, target, what)) from exc
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself survive a power cut. Windows cannot open a folder this way, and
    # the file is already complete on disk, so a failure here is not worth refusing the save.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
