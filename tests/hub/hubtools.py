"""A real hub for the tests: set up with the ``visitdesk-hub`` command and served by it in its
own process over HTTPS, on a free loopback port, against a throwaway PostgreSQL database."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HUB = [sys.executable, "-m", "visitdesk.hub.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hub_command(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*HUB, *args], capture_output=True, text=True, timeout=120)
    if check and done.returncode != 0:
        raise AssertionError(f"visitdesk-hub {args[0]} failed: {done.stderr.strip()}")
    return done


def answers(port: int) -> bool:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as raw:
            with context.wrap_socket(raw) as tls:
                tls.sendall(b"GET /health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := tls.recv(4096):
                    answer += chunk
                return b'"ok"' in answer
    except OSError:
        return False


@dataclass
class RunningHub:
    folder: Path
    database: str
    port: int
    card: Path
    process: subprocess.Popen | None = None
    starts: int = field(default=0)

    def start(self, *, listen: bool = True) -> None:
        """Serve; without ``listen``, on what ``serve`` chooses itself (the card's port)."""
        where = ["--listen", f"127.0.0.1:{self.port}"] if listen else []
        self.process = subprocess.Popen(
            [*HUB, "serve", "--dir", str(self.folder), *where],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.starts += 1
        deadline = time.monotonic() + 30
        while not answers(self.port):
            if self.process.poll() is not None:
                raise AssertionError(f"the hub stopped: {self.process.stderr.read().decode()}")
            if time.monotonic() > deadline:
                self.kill()  # never left running behind a failed test
                raise AssertionError("the hub did not answer within 30 s")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, as when the power goes."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def enrol(self, *cards: Path) -> str:
        return hub_command("enrol", "--dir", str(self.folder), *map(str, cards)).stdout


def set_up_hub(tmp_path: Path, database: str, team: str = "Team North") -> RunningHub:
    folder = tmp_path / "hub"
    port = free_port()
    hub_command(
        "init",
        "--database",
        database,
        "--dir",
        str(folder),
        "--team",
        team,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    )
    card = tmp_path / "hub.card"
    hub_command("card", "--dir", str(folder), "--out", str(card))
    return RunningHub(folder, database, port, card)
