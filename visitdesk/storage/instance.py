"""One VisitDesk at a time per data folder: a lock file held with the operating system's lock.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), not the file's
existence, so when a VisitDesk is killed or crashes the system releases it at once and the next
start carries on without anyone deleting anything. The file holds only a process number.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import TracebackType

from visitdesk.errors import UserError

LOCK_NAME = "visitdesk.lock"


class AlreadyOpen(UserError):
    """Another VisitDesk has this data folder open."""


class FolderNotWritable(UserError):
    """The data folder cannot be written (read-only disk, or no permission)."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - exercised on Windows builds
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """Held while a VisitDesk window or a writing command uses a data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = lock_path(data_dir)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        if self._fd is not None:
            return self
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise FolderNotWritable(
                    f"VisitDesk cannot write to its data folder {self.data_dir} (it is "
                    "read-only or not yours); ask your IT service desk"
                ) from None
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise UserError(
                    "the disk is full, so VisitDesk cannot start; free some space and try again"
                ) from None
            raise UserError(
                f"VisitDesk cannot use its data folder {self.data_dir} ({exc.strerror or exc})"
            ) from None
        if not _try_lock(fd):
            os.close(fd)
            raise AlreadyOpen(
                "VisitDesk is already open with this data folder; use that "
                "window, or close it and try again"
            )
        self._fd = fd
        try:
            # For support staff: which process holds it. Nothing else is written here.
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # a full disk must not stop the lock itself, which is already held
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        except OSError:
            pass
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.release()
