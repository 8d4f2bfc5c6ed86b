"""A self-signed certificate for the editor's TLS (development only), in HAProxy's ``crt`` format.

HAProxy reads one PEM file holding the certificate followed by its private key
(``compose/ingress/haproxy.cfg``, frontend ``editor``; the Docker secret ``n8n_editor_tls``).
Made with Debian's ``openssl``: an EC P-256 key, valid for ``localhost``, ``127.0.0.1`` and the
extra host names given.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CERT_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def self_signed_pem(hosts: tuple[str, ...] = (), days: int = 825) -> str:
    """Certificate + private key (PEM, no trailing newline) for ``localhost`` and ``hosts``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("openssl is not installed (Debian: apt-get install openssl)")
    names = ["DNS:localhost", "IP:127.0.0.1"]
    names += [f"IP:{h}" if re.fullmatch(r"[\d.]+", h) else f"DNS:{h}" for h in hosts]
    with tempfile.TemporaryDirectory() as tmp:
        key, cert = Path(tmp) / "key.pem", Path(tmp) / "cert.pem"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", str(key), "-out", str(cert), "-days", str(days),
             "-subj", f"/O=BMC Bot (development)/CN={(hosts or ('localhost',))[0]}",
             "-addext", "subjectAltName=" + ",".join(names),
             "-addext", "basicConstraints=critical,CA:FALSE",
             "-addext", "extendedKeyUsage=serverAuth"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        return cert.read_text().strip() + "\n" + key.read_text().strip()


def certificate_of(pem: str) -> str:
    """The certificate(s) of a ``crt`` PEM (what a client trusts), without the private key."""
    blocks = CERT_BLOCK.findall(pem)
    if not blocks:
        raise ValueError("no certificate in the PEM")
    return "\n".join(blocks) + "\n"
