"""Writing files the user asked for: whole or not at all, with a plain reason when it fails."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from visitdesk.errors import UserError


class TargetExists(UserError):
    """The chosen file is already there; the app asks before replacing it, the CLI wants --force."""

    def __init__(self, target: Path, what: str) -> None:
        super().__init__(
            f"{target} already exists; add --force to replace it, or choose "
            f"another name for the {what}"
        )
        self.target = target


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies under it, by file identity, not by spelling: a
    case-insensitive disk, a symlink or a second mount of the same folder cannot hide it."""
    try:
        folder_id = folder.stat()
    except OSError:
        return False
    for place in (path, *path.parents):
        try:
            here = place.stat()
        except OSError:
            continue  # not there yet (the file to be written): look at its folder
        if (here.st_dev, here.st_ino) == (folder_id.st_dev, folder_id.st_ino):
            return True
    return False


def check_export_target(
    path: str | os.PathLike[str],
    *,
    protected: Iterable[Path] = (),
    overwrite: bool = False,
    what: str = "file",
) -> Path:
    """Refuse a place an export must never write: VisitDesk's own data, or anything not a file.

    ``protected`` are folders (the data folder) that no export may write into, however the
    path is spelt (symlinks and ``..`` are resolved first). Anything already at the path that
    is not a regular file (a folder, a device, a FIFO, a socket, or a symlink to one) is
    refused; an existing regular file only with ``overwrite``. Returns the path as given.
    """
    target = Path(path)
    resolved = target.resolve()
    for folder in protected:
        if _inside(resolved, Path(folder)) or _inside(target.absolute(), Path(folder)):
            raise UserError(
                f"{target} is inside VisitDesk's data folder, which holds your "
                f"records; save the {what} somewhere else"
            )
    try:
        info = target.stat()  # follows a symlink: what would be written over
    except FileNotFoundError:
        if target.is_symlink():
            raise UserError(
                f"{target} is a link to nothing; choose a file name for the {what}"
            ) from None
        return target
    except OSError as exc:
        raise UserError(_reason(exc, target, what)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{target} is a folder; choose a file name for the {what}.")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{target} is not an ordinary file; choose a file name for the {what}.")
    if not overwrite:
        raise TargetExists(target, what)
    return target


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


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    what: str = "file",
    overwrite: bool = False,
    protected: Iterable[Path] = (),
) -> None:
    """Write ``data`` to ``path``: afterwards it holds the old file or the whole new one.

    The target is checked first (:func:`check_export_target`): never inside ``protected``,
    never over anything but a regular file, over an existing file only with ``overwrite``.
    The data goes to a temporary file in the same folder, is flushed to disk and renamed over
    the target. Any failure leaves nothing behind and raises :class:`UserError`.
    """
    target = check_export_target(path, protected=protected, overwrite=overwrite, what=what)
    if target.is_symlink():
        # Replace what the link points at (a regular file, checked above), not the link.
        target = target.resolve()
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
        fsync_folder(folder)
    except OSError as exc:
        raise UserError(_reason(exc, target, what)) from exc
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut.

    Windows cannot open a folder this way, and the file is already complete on disk, so a
    failure here is not worth refusing the save."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
