"""With a certificate the hub speaks HTTPS only, so the class password does not cross the room in clear."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from classroom_hubs import PASSWORD, Hub, start_hub

pytestmark = pytest.mark.usefixtures("classroom_installed")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as `openssl req -x509` makes one for a room's own server."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "room.crt", folder / "room.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def https_hub(
    classroom_installed: None, tmp_path_factory: pytest.TempPathFactory, certificate: tuple[Path, Path]
) -> Iterator[Hub]:
    cert, key = certificate
    env = {"CLASSROOM_PASSWORD": PASSWORD, "CLASSROOM_SSL_CERT": str(cert), "CLASSROOM_SSL_KEY": str(key)}
    yield from start_hub(tmp_path_factory, env)


def test_students_log_in_over_https(https_hub: Hub, certificate: tuple[Path, Path]):
    assert https_hub.url.startswith("https://")
    student = https_hub.student("alice")
    student.verify = str(certificate[0])
    assert student.log_in().status_code == 302
    assert student.logged_in()
    student.request_token()
    assert student.api("GET", "/hub/api/users/alice").json()["name"] == "alice"


def test_plain_http_gets_no_login_page(https_hub: Hub):
    with pytest.raises(requests.ConnectionError):
        requests.get(https_hub.url.replace("https://", "http://") + "/hub/login", timeout=10)
