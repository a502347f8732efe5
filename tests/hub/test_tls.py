"""The hub's self-signed certificate: what it names, how its key is kept, and that its pin is
what a TLS client really sees."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import ssl
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from visitdesk.errors import UserError
from visitdesk.hub.tls import certificate_pin, make_certificate, write_certificate


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_certificate_names_each_host_and_always_this_machine():
    cert_pem, _key = make_certificate(
        ["hub.example.org", "10.0.0.5", "[fd00::7]", "Hub.Example.org"]
    )
    cert = x509.load_pem_x509_certificate(cert_pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["hub.example.org", "localhost"]
    assert names.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("10.0.0.5"),
        ipaddress.ip_address("fd00::7"),
        ipaddress.ip_address("127.0.0.1"),
    ]


def test_a_name_in_another_script_goes_on_in_its_ascii_form():
    cert = x509.load_pem_x509_certificate(make_certificate(["bücher.example"])[0])
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "xn--bcher-kva.example" in names.get_values_for_type(x509.DNSName)


@pytest.mark.parametrize("host", ["", "hub example.org", "hub_.example.org", "-hub.org", "a\nb"])
def test_a_host_that_is_neither_a_name_nor_an_address_is_refused(host):
    with pytest.raises(UserError, match="is not a host name or IP address"):
        make_certificate([host])


def test_the_certificate_is_a_self_signed_p256_server_certificate_valid_from_a_minute_ago():
    before = datetime.now(UTC).replace(microsecond=0)
    cert_pem, key_pem = make_certificate(["hub.example.org"], days=30)
    cert = x509.load_pem_x509_certificate(cert_pem)
    key = serialization.load_pem_private_key(key_pem, password=None)

    assert cert.subject == cert.issuer
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "VisitDesk hub"
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    assert cert.public_key() == key.public_key()
    cert.verify_directly_issued_by(cert)

    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca is False
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]

    start = cert.not_valid_before_utc
    assert before - timedelta(minutes=1, seconds=5) <= start <= before - timedelta(seconds=55)
    assert cert.not_valid_after_utc - start == timedelta(days=30, minutes=1)


def test_each_certificate_has_its_own_random_serial_and_key():
    first, second = (x509.load_pem_x509_certificate(make_certificate([])[0]) for _ in range(2))
    assert first.serial_number != second.serial_number
    assert first.public_key() != second.public_key()
    assert first.serial_number.bit_length() > 64


def test_the_key_is_private_to_the_hubs_account_and_the_certificate_is_readable(tmp_path):
    folder = tmp_path / "hub"
    old_umask = os.umask(0)  # the modes must not depend on the umask of whoever ran init
    try:
        pin = write_certificate(folder, ["hub.example.org"])
    finally:
        os.umask(old_umask)
    assert _mode(folder) == 0o700
    assert _mode(folder / "tls.key") == 0o600
    assert _mode(folder / "tls.crt") == 0o644
    assert pin == certificate_pin((folder / "tls.crt").read_bytes())
    assert sorted(path.name for path in folder.iterdir()) == ["tls.crt", "tls.key"]


def test_a_key_file_left_readable_by_others_is_replaced_by_a_private_one(tmp_path):
    old_key = tmp_path / "tls.key"
    old_key.write_bytes(b"an old key")
    old_key.chmod(0o644)
    write_certificate(tmp_path, [])
    assert _mode(old_key) == 0o600
    assert old_key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_a_new_certificate_has_a_new_pin(tmp_path):
    assert write_certificate(tmp_path, []) != write_certificate(tmp_path, [])


def test_the_pin_is_the_same_from_pem_and_der_and_refuses_what_is_not_a_certificate():
    cert_pem, key_pem = make_certificate([])
    der = ssl.PEM_cert_to_DER_cert(cert_pem.decode("ascii"))
    pin = certificate_pin(cert_pem)
    assert pin == certificate_pin(der) == hashlib.sha256(der).hexdigest()
    assert len(pin) == 64 and pin == pin.lower()
    with pytest.raises(ValueError):
        certificate_pin(b"not a certificate")
    with pytest.raises(ValueError):
        certificate_pin(key_pem)


@pytest.fixture
def tls_server(tmp_path) -> Iterator[tuple[int, str]]:
    """A real TLS server on a local port using a written certificate: ``(port, pin)``."""
    pin = write_certificate(tmp_path, ["127.0.0.1"])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "tls.crt", tmp_path / "tls.key")
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                raw, _address = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(raw, server_side=True) as conn:
                    conn.recv(1)
            except OSError:
                pass  # the client hung up after the handshake: all it came for

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], pin
    stop.set()
    listener.close()
    thread.join(5)


def test_the_pin_is_what_a_real_tls_client_sees(tls_server):
    port, pin = tls_server
    seen_pem = ssl.get_server_certificate(("127.0.0.1", port), timeout=5)
    assert certificate_pin(seen_pem.encode("ascii")) == pin

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw) as conn:
            der = conn.getpeercert(binary_form=True)
    assert hashlib.sha256(der).hexdigest() == pin


def test_a_client_trusting_the_certificate_itself_accepts_it_for_each_name(tls_server, tmp_path):
    port, _pin = tls_server
    context = ssl.create_default_context(cafile=tmp_path / "tls.crt")
    for name in ("127.0.0.1", "localhost"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname=name) as conn:
                assert conn.version() in ("TLSv1.2", "TLSv1.3")
