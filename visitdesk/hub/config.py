"""The hub's folder: its settings (hub.toml), its device keys and its TLS certificate.

Everything in it is private to the service's user (0600 files, a 0700 folder): the keys open
every bundle sent to the hub, and the settings hold the database password.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from visitdesk.errors import UserError
from visitdesk.sync import Card, DeviceIdentity

SETTINGS = "hub.toml"
KEY_FILE = "hub.key"
CERT_FILE = "tls.crt"
TLS_KEY_FILE = "tls.key"
DATABASE_ENV = "VISITDESK_HUB_DATABASE"


@dataclass(frozen=True)
class HubConfig:
    folder: Path
    database: str
    team: str
    name: str
    address: str
    tls_sha256: str
    authority: str = ""

    @property
    def cert_file(self) -> Path:
        return self.folder / CERT_FILE

    @property
    def tls_key_file(self) -> Path:
        return self.folder / TLS_KEY_FILE

    def identity(self) -> DeviceIdentity:
        try:
            return DeviceIdentity.from_secret_bytes((self.folder / KEY_FILE).read_bytes())
        except (OSError, ValueError):
            raise UserError(f"the hub's keys cannot be read from {self.folder}") from None

    def card(self, identity: DeviceIdentity | None = None) -> Card:
        return (identity or self.identity()).card(
            "hub", self.name, self.team, address=self.address, tls_sha256=self.tls_sha256
        )


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file no one else can read, even for a moment."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def save(config: HubConfig, identity: DeviceIdentity) -> None:
    config.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(config.folder, 0o700)
    write_private(config.folder / KEY_FILE, identity.to_secret_bytes())
    lines = [
        "# The VisitDesk hub's settings, written by 'visitdesk-hub init'.",
        f"database = {json.dumps(config.database)}",
        f"team = {json.dumps(config.team)}",
        f"name = {json.dumps(config.name)}",
        f"address = {json.dumps(config.address)}",
        f"tls_sha256 = {json.dumps(config.tls_sha256)}",
        "# The authority whose standards judge the team, for the hub's caseload and returns.",
        f"authority = {json.dumps(config.authority)}",
    ]
    write_private(config.folder / SETTINGS, ("\n".join(lines) + "\n").encode("utf-8"))


def load(folder: Path) -> HubConfig:
    path = folder / SETTINGS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{folder} is not a hub's folder: run 'visitdesk-hub init' first") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"the hub's settings in {path} cannot be read: {exc}") from None
    keys = ("database", "team", "name", "address", "tls_sha256")
    if not all(isinstance(data.get(key), str) for key in keys):
        raise UserError(f"the hub's settings in {path} are incomplete")
    database = os.environ.get(DATABASE_ENV) or data["database"]
    authority = data.get("authority", "")
    if not isinstance(authority, str):
        raise UserError(f"the authority in {path} must be text")
    return HubConfig(folder, database, *(data[key] for key in keys[1:]), authority=authority)
