"""A tiny SMTP server that keeps every mail in memory (tests and the local stack; no delivery)."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mailbox:
    mails: list[dict[str, Any]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def add(self, sender: str, recipients: list[str], data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        mail = {
            "from": sender,
            "to": recipients,
            "subject": str(message.get("Subject", "")),
            "text": body.get_content() if body is not None else "",
            "attachments": [part.get_filename() for part in message.iter_attachments()],
        }
        with self.changed:
            self.mails.append(mail)
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.mails) >= count, timeout)


class _Session(socketserver.StreamRequestHandler):
    mailbox: Mailbox

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._send("220 smtp-sink ready")
        sender, recipients = "", list[str]()
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-smtp-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif verb == "AUTH":
                self._auth(command)
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip().split(" ")[0].strip("<>"), []
                self._send("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self._send("250 OK")
            elif verb == "DATA":
                self._send("354 End data with <CR><LF>.<CR><LF>")
                self.mailbox.add(sender, recipients, self._data())
                self._send("250 OK: queued")
            elif verb == "QUIT":
                self._send("221 Bye")
                return
            else:
                self._send("250 OK")

    def _auth(self, command: str) -> None:
        if command.upper().startswith("AUTH LOGIN"):
            for _ in range(2 - (len(command.split()) > 2)):
                self._send("334 VXNlcm5hbWU6")
                self.rfile.readline()
        self._send("235 Authentication successful")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class SmtpSink:
    """The sink on a thread, on a free port by default."""

    def __init__(self, port: int = 0) -> None:
        self.mailbox = Mailbox()
        handler = type("Session", (_Session,), {"mailbox": self.mailbox})
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> SmtpSink:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
