"""A real IMAP server for the intake tests: Debian's Dovecot on loopback, with a
self-signed certificate, one mailbox, IMAPS and STARTTLS listeners."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "plantao@hiperstream.example", "imap-secret"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
"""


@dataclass
class Dovecot:
    root: Path
    plain_port: int
    tls_port: int

    @property
    def ca_file(self) -> str:
        return str(self.root / "cert.pem")

    def client(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=self.ca_file)
        client = imaplib.IMAP4_SSL("127.0.0.1", self.tls_port, ssl_context=context, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, *messages: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for raw in messages:
                status, _ = client.append(folder, None, None, raw)
                assert status == "OK"
        finally:
            client.logout()

    def unseen(self, folder: str = "INBOX") -> int:
        client = self.client()
        try:
            client.select(folder)
            return len(client.uid("SEARCH", "UNSEEN UNDELETED")[1][0].split())
        finally:
            client.logout()

    def count(self, folder: str) -> int:
        client = self.client()
        try:
            client.select(folder)
            return len(client.uid("SEARCH", "UNDELETED")[1][0].split())
        finally:
            client.logout()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"dovecot did not listen on {port}")


def start_dovecot(root: Path):
    if not Path(DOVECOT).exists() or os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("dovecot is not usable; .ci/run installs Debian's dovecot-imapd as root")
        pytest.skip("dovecot-imapd not installed (or not root); CI always runs this")
    for sub in ("run", "state", "home"):
        (root / sub).mkdir(parents=True)
    shutil.chown(root / "home", "nobody", "nogroup")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    server = Dovecot(root, _free_port(), _free_port())
    config = root / "dovecot.conf"
    config.write_text(
        CONFIG.format(root=root, plain_port=server.plain_port, tls_port=server.tls_port)
    )
    subprocess.run([DOVECOT, "-c", str(config)], check=True)
    try:
        _wait_for(server.plain_port)
        _wait_for(server.tls_port)
        yield server
    finally:
        subprocess.run([DOVECOT, "-c", str(config), "stop"], check=False)
