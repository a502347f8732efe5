"""A throwaway PostgreSQL server for developing and testing the team hub: started in a private
temporary folder on a free loopback port, and deleted, data and all, when it stops."""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from visitdesk.errors import UserError

USER = "visitdesk"
DATABASE = "visitdesk_hub"
# Debian and Ubuntu keep each major version's server programs here, off the PATH.
DEBIAN_ROOT = Path("/usr/lib/postgresql")
BIN_VARIABLE = "VISITDESK_PG_BIN"
NOT_INSTALLED = (
    "PostgreSQL is not installed: install the distribution's postgresql package "
    "(Debian: apt-get install postgresql)"
)
_TOOLS = ("initdb", "pg_ctl")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_START_TRIES = 3
_PORT_TAKEN = ("could not bind", "address already in use")

# Run by a separate Python process that holds the read end of a pipe from the owner. The pipe
# reaches end of file when the owner exits in any way, SIGKILL included, where atexit never
# runs; the server is then stopped and its folder deleted. Standard library only, so that it
# runs whatever the owner's import path was.
_WATCHDOG = """\
import os, shutil, subprocess, sys
sys.stdin.buffer.read()
folder, data, uid, gid, *stop = sys.argv[1:]
if os.path.isdir(data):
    who = {} if uid == "-" else {"user": int(uid), "group": int(gid), "extra_groups": []}
    try:
        subprocess.run(stop, cwd=folder, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60, **who)
    except Exception:
        pass
shutil.rmtree(folder, ignore_errors=True)
"""


def _version(folder: Path) -> tuple[int, ...]:
    """A Debian version folder's name as numbers, so that 15 sorts after 9.6."""
    try:
        return tuple(int(part) for part in folder.parent.name.split("."))
    except ValueError:
        return ()


def _has_tools(folder: Path) -> bool:
    return all(os.access(folder / tool, os.X_OK) and (folder / tool).is_file() for tool in _TOOLS)


def find_bin_dir(
    *,
    search_path: str | None = None,
    debian_root: Path = DEBIAN_ROOT,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The folder holding PostgreSQL's ``initdb`` and ``pg_ctl``.

    ``VISITDESK_PG_BIN`` wins when it is set (an explicit choice must not be overruled by
    whatever is on the PATH), then the PATH (``search_path`` in place of ``$PATH``), then the
    newest ``/usr/lib/postgresql/*/bin``. Raises ``UserError`` when none has both programs.
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(BIN_VARIABLE, "").strip()
    if chosen:
        folder = Path(chosen).expanduser()
        if not _has_tools(folder):
            raise UserError(
                f"{BIN_VARIABLE} names a folder without initdb and pg_ctl: "
                "point it at PostgreSQL's bin folder, or unset it"
            )
        return folder
    found = shutil.which("initdb", path=search_path)
    if found:
        # pg_ctl finds the server program beside its real file, so resolve links.
        folder = Path(os.path.realpath(found)).parent
        if _has_tools(folder):
            return folder
    versions = sorted(debian_root.glob("*/bin"), key=_version, reverse=True)
    for folder in versions:
        if _has_tools(folder):
            return folder
    raise UserError(NOT_INSTALLED)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _conf_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class ThrowawayPostgres:
    """One PostgreSQL server in a private temporary folder, for development and tests only.

    Use as a context manager, or call ``start()`` and ``stop()``. The cluster is made by
    ``initdb`` with SCRAM password authentication and one superuser, ``visitdesk``, whose random
    password reaches ``initdb`` in a file deleted as soon as it has run. The server listens on
    127.0.0.1 only, on a free port (another is tried if that one is taken before the server
    binds it), with its Unix socket inside the folder, and holds an empty ``visitdesk_hub``
    database.

    PostgreSQL refuses to run as root. Run as root (as CI is), the folder is given to the
    ``postgres`` system user that the distribution's package creates, and ``initdb`` and
    ``pg_ctl`` run as that user, without root's groups.

    ``fast`` (the default) turns off fsync, synchronous commit and full page writes: the server
    loses data if the machine fails, which costs nothing here because the folder is deleted
    anyway, and tests kill the hub's process, never this server. Pass ``fast=False`` to keep
    PostgreSQL's ordinary durability.

    ``stop()`` is safe to call twice and is registered with ``atexit``. A separate watchdog
    process also stops the server and deletes the folder when its owner dies without running
    ``atexit`` (SIGKILL, or SIGTERM with no handler), so a crashed run leaves nothing behind.
    """

    def __init__(self, *, fast: bool = True, port: int | None = None) -> None:
        """``port`` is tried first if given; a free one is picked if it is taken."""
        self.fast = fast
        self.password = secrets.token_urlsafe(24)
        self._first_port = port
        self._bin = find_bin_dir()
        self._port: int | None = None
        self._folder: Path | None = None
        self._running = False
        self._owner = os.getpid()
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._as: dict[str, Any] = {}

    # Connection details ------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the throwaway PostgreSQL server has not started")
        return self._port

    @property
    def folder(self) -> Path:
        """The temporary folder holding the cluster, its log and its Unix socket."""
        if self._folder is None:
            raise RuntimeError("the throwaway PostgreSQL server has not started")
        return self._folder

    @property
    def running(self) -> bool:
        return self._running

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``visitdesk_hub`` database."""
        return self.url_for(DATABASE)

    @property
    def dsn(self) -> str:
        """The libpq connection URI of the ``visitdesk_hub`` database (for psycopg)."""
        return self.dsn_for(DATABASE)

    def url_for(self, database: str) -> str:
        """The SQLAlchemy URL (psycopg 3 driver) of ``database`` on this server."""
        return "postgresql+psycopg" + self.dsn_for(database).removeprefix("postgresql")

    def dsn_for(self, database: str) -> str:
        """The libpq connection URI of ``database`` on this server, over TCP."""
        _check_name(database)
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    # Databases ----------------------------------------------------------------------------

    def create_database(self, name: str) -> None:
        """Create an empty database ``name`` (lowercase letters, digits and underscores)."""
        self._admin("CREATE DATABASE {}", name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, ending any connections still open to it."""
        self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _admin(self, statement: str, name: str) -> None:
        import psycopg
        from psycopg import sql

        _check_name(name)
        with psycopg.connect(self.dsn_for("postgres"), autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))

    # Life cycle ---------------------------------------------------------------------------

    def __enter__(self) -> ThrowawayPostgres:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> ThrowawayPostgres:
        """Make the cluster, start the server and create ``visitdesk_hub``; returns self."""
        if self._running:
            return self
        if self._folder is not None:
            raise RuntimeError("a stopped throwaway PostgreSQL server cannot start again")
        self._owner = os.getpid()
        self._as = _run_as()
        self._folder = Path(tempfile.mkdtemp(prefix="visitdesk-pg-"))
        atexit.register(self.stop)
        try:
            os.chmod(self._folder, 0o700)
            if self._as:
                os.chown(self._folder, self._as["user"], self._as["group"])
            self._start_watchdog()
            self._initdb()
            self._configure()
            self._launch()
            self.create_database(DATABASE)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server and delete its folder; does nothing if there is nothing to stop."""
        if os.getpid() != self._owner:
            return  # a forked child's exit must not take its parent's server down
        atexit.unregister(self.stop)
        folder = self._folder
        if folder is None:
            return
        if self._running:
            self._running = False
            stopped = self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30")
            if stopped.returncode != 0:
                self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "30")
        shutil.rmtree(folder, ignore_errors=True)
        if self._watchdog is not None:
            watchdog, self._watchdog = self._watchdog, None
            if watchdog.stdin is not None:
                watchdog.stdin.close()
            try:
                watchdog.wait(timeout=30)
            except subprocess.TimeoutExpired:
                watchdog.kill()
                watchdog.wait()

    # Steps --------------------------------------------------------------------------------

    @property
    def _data(self) -> Path:
        return self.folder / "data"

    @property
    def _log(self) -> Path:
        return self.folder / "server.log"

    def _run(self, command: Sequence[str | os.PathLike[str]]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(part) for part in command],
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            **self._as,
        )

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self._run([self._bin / "pg_ctl", "-D", self._data, *args])

    def _start_watchdog(self) -> None:
        uid = str(self._as["user"]) if self._as else "-"
        gid = str(self._as["group"]) if self._as else "-"
        stop = [str(self._bin / "pg_ctl"), "-D", str(self._data), "stop", "-m", "fast", "-w"]
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(self.folder), str(self._data), uid, gid, *stop],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own session, so a Ctrl+C meant for the owner does not stop it first.
            start_new_session=True,
        )

    def _initdb(self) -> None:
        pwfile = self.folder / "password"
        descriptor = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(self.password + "\n")
            if self._as:
                os.chown(pwfile, self._as["user"], self._as["group"])
            command = [
                self._bin / "initdb",
                "-D",
                self._data,
                f"--username={USER}",
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
            ]
            if self.fast:
                command.append("--no-sync")
            made = self._run(command)
        finally:
            pwfile.unlink(missing_ok=True)
        if made.returncode != 0:
            raise UserError(f"PostgreSQL could not make its data folder: {_last_line(made.stderr)}")

    def _configure(self) -> None:
        # Written to the file rather than passed through pg_ctl -o, which goes through a shell.
        settings = {
            "listen_addresses": _conf_text("127.0.0.1"),
            "unix_socket_directories": _conf_text(str(self.folder)),
            "max_connections": "200",
        }
        if self.fast:
            settings |= {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
        lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
        with open(self._data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# Set for a throwaway server by visitdesk.hub.pgtemp\n" + lines)

    def _launch(self) -> None:
        port = self._first_port or _free_port()
        for attempt in range(1, _START_TRIES + 1):
            already = self._log.stat().st_size if self._log.exists() else 0
            started = self._pg_ctl(
                "-w", "-t", "30", "-l", str(self._log), "-o", f"-p {port}", "start"
            )
            if started.returncode == 0:
                self._port = port
                self._running = True
                return
            log = self._log.read_text("utf-8", "replace")[already:] if self._log.exists() else ""
            taken = any(sign in log.lower() for sign in _PORT_TAKEN)
            if not taken or attempt == _START_TRIES:
                why = _last_line(log or started.stderr or started.stdout)
                raise UserError(f"PostgreSQL did not start: {why}")
            port = _free_port()


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a plain database name: {name!r}")


def _run_as() -> dict[str, Any]:
    """The ``subprocess`` arguments that drop root for PostgreSQL's programs, or none."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return {}
    import pwd

    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise UserError(
            "PostgreSQL will not run as root and there is no 'postgres' user to run it as: "
            "install the distribution's postgresql package, or run this as an ordinary user"
        ) from None
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


class _Stop(Exception):
    """Raised by the first SIGINT or SIGTERM, to leave the wait and stop cleanly."""


def main(argv: Sequence[str] | None = None) -> int:
    """Start a throwaway server, print its SQLAlchemy URL, and stop it at Ctrl+C or SIGTERM."""
    if argv:
        print("usage: python -m visitdesk.hub.pgtemp", file=sys.stderr)
        return 2
    stopping = False

    def interrupt(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:  # a second signal must not cut the clean stop short
            stopping = True
            raise _Stop

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        server = ThrowawayPostgres()
    except UserError as error:
        print(f"visitdesk: {error}", file=sys.stderr)
        return 2
    try:
        server.start()
        print(server.url, flush=True)
        print(
            "A throwaway PostgreSQL server is running. Press Ctrl+C to stop it and delete it.",
            file=sys.stderr,
            flush=True,
        )
        while True:
            signal.pause()
    except _Stop:
        pass
    except UserError as error:
        print(f"visitdesk: {error}", file=sys.stderr)
        return 2
    finally:
        stopping = True
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
