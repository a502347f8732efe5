"""The hub's self-signed TLS certificate, and its pin: devices trust the certificate whose
SHA-256 is on the hub's card, not a certificate authority."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from visitdesk.errors import UserError

CERTIFICATE_FILE = "tls.crt"
KEY_FILE = "tls.key"
COMMON_NAME = "VisitDesk hub"
# Every certificate also names the machine itself, so the hub can be checked from where it runs.
ALWAYS_NAMED = ("localhost", "127.0.0.1")

# One DNS label: letters, digits and hyphens, not starting or ending with a hyphen.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z", re.ASCII)
_PEM_MARK = b"-----BEGIN"


def _host_name(host: str) -> x509.GeneralName:
    """``host`` as an IP address or a DNS name for the certificate; a :class:`UserError` if
    it is neither."""
    text = host.strip()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        return x509.IPAddress(ipaddress.ip_address(bare))
    except ValueError:
        pass
    try:
        # A name in another script goes on the certificate in its ASCII (punycode) form.
        name = text.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        name = ""
    if not name or len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        shown = "".join(char if char.isprintable() else "?" for char in host)[:100]
        raise UserError(
            f"{shown!r} is not a host name or IP address: give the name or address "
            "the team's devices use to reach the hub"
        )
    return x509.DNSName(name)


def _subject_names(hosts: Iterable[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in [*hosts, *ALWAYS_NAMED]:
        name = _host_name(host)
        if name not in names:
            names.append(name)
    return names


def make_certificate(hosts: list[str], *, days: int = 825) -> tuple[bytes, bytes]:
    """A new self-signed ECDSA P-256 certificate for ``hosts`` (names or IP addresses) and its
    private key, as ``(certificate PEM, unencrypted PKCS #8 key PEM)``.

    ``localhost`` and ``127.0.0.1`` are always named too. It is valid from a minute ago (a
    little slack for clocks) for ``days`` days; 825 is the longest most TLS clients accept.
    """
    if days < 1:
        raise ValueError("a certificate must be valid for at least one day")
    names = _subject_names(hosts)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME)])
    now = datetime.now(UTC).replace(microsecond=0)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def certificate_pin(cert_pem_or_der: bytes) -> str:
    """The pin on the hub's card: SHA-256 of the certificate in DER form, 64 lowercase hex.

    Takes the certificate as PEM or as DER (what a TLS client is handed); ``ValueError`` if
    it is not a certificate.
    """
    data = bytes(cert_pem_or_der)
    if data.lstrip().startswith(_PEM_MARK):
        der = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    else:
        x509.load_der_x509_certificate(data)  # refuses what is not a certificate
        # The bytes as given, not re-encoded: they are what the client hashes.
        der = data
    return hashlib.sha256(der).hexdigest()


def _write_private(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` through a new file that has ``mode`` from the moment it
    exists, then move it into place, so no reader ever sees it half written or with a wider
    mode (an older file at ``path`` may have had one)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            # The umask may have taken bits away; the mode asked for is the mode wanted.
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_certificate(folder: Path, hosts: Iterable[str]) -> str:
    """Make a certificate for ``hosts`` and write ``folder/tls.crt`` (0644) and
    ``folder/tls.key`` (0600); return its pin (see :func:`certificate_pin`).

    Replaces a certificate already there, which changes the pin: every device then needs the
    hub's card again. ``folder`` is created (0700) if it is missing.
    """
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    certificate, key = make_certificate(list(hosts))
    # The key first: a certificate in place without its key would be of no use.
    _write_private(folder / KEY_FILE, key, 0o600)
    _write_private(folder / CERTIFICATE_FILE, certificate, 0o644)
    return certificate_pin(certificate)
