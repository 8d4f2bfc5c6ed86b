"""Staff accounts in the n8n editor: the owner invites, each person signs up with a password.

n8n's user management (free in n8n 2.40.7): the owner (created from the secrets at start:
``N8N_INSTANCE_OWNER_*``) signs in with ``secrets/n8n_owner_password`` and invites an e-mail
(``POST /rest/invitations``, role ``global:member``). Without SMTP set up in n8n, no e-mail goes
out and n8n answers with the invitation link instead (``/signup?token=…``, valid 90 days): hand it
to the person, who opens it, chooses a name and password and is signed in. ``list`` shows every
account and whether its invitation is still pending.
"""

from __future__ import annotations

import argparse
import ssl
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from workflows.tls import certificate_of

#: What a staff member is in n8n (the only non-owner role free of licence in 2.40.7).
STAFF_ROLE = "global:member"


class StaffError(RuntimeError):
    """n8n refused the sign-in or the invitation; the message says what it answered."""


@dataclass(frozen=True)
class Invitation:
    email: str
    #: The link to hand over (None when n8n e-mailed it itself).
    accept_url: str | None
    email_sent: bool


def verify_for(url: str, ca_file: Path | None) -> ssl.SSLContext | bool:
    """TLS verification for ``url``: the editor's own certificate when given (self-signed in
    development), else the system's trust store."""
    if ca_file is None or not url.startswith("https:"):
        return True
    return ssl.create_default_context(cadata=certificate_of(ca_file.read_text(encoding="utf-8")))


def owner_session(
    url: str, email: str, password: str, verify: ssl.SSLContext | bool
) -> httpx.Client:
    """An HTTP client signed in to the editor at ``url`` as the owner (n8n's session cookie)."""
    client = httpx.Client(base_url=url, timeout=30, verify=verify)
    login = client.post("/rest/login", json={"emailOrLdapLoginId": email, "password": password})
    if login.status_code != 200:
        client.close()
        raise StaffError(
            f"n8n refused the owner's sign-in ({login.status_code}): {_message(login)}"
        )
    return client


def invite(session: httpx.Client, email: str) -> Invitation:
    """Invite ``email`` as a staff member; the link to hand over when n8n sent no e-mail."""
    response = session.post("/rest/invitations", json=[{"email": email, "role": STAFF_ROLE}])
    if response.status_code != 200:
        raise StaffError(f"n8n refused to invite {email} ({response.status_code}): "
                         f"{_message(response)}")  # fmt: skip
    results: list[dict[str, Any]] = response.json()["data"]
    if not results:
        raise StaffError(f"{email} already has an account (no invitation is pending)")
    result = results[0]
    if result.get("error"):
        raise StaffError(f"n8n could not invite {email}: {result['error']}")
    user = result["user"]
    return Invitation(email, user.get("inviteAcceptUrl"), bool(user.get("emailSent")))


def accounts(session: httpx.Client) -> list[dict[str, Any]]:
    """Every account: e-mail, role, pending (invited, not signed up yet)."""
    response = session.get("/rest/users")
    response.raise_for_status()
    data = response.json()["data"]
    users: list[dict[str, Any]] = data["items"] if isinstance(data, dict) else data
    return users


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message", response.text))
    except ValueError:
        return response.text[:200]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows staff", description=__doc__)
    parser.add_argument("--url", default="https://localhost:8443",
                        help="the editor's address (the ingress's TLS entry)")  # fmt: skip
    parser.add_argument("--owner-email", default="ops@bmc.uy",
                        help="the owner (N8N_OWNER_EMAIL in compose)")  # fmt: skip
    parser.add_argument("--password-file", type=Path, default=Path("secrets/n8n_owner_password"))
    parser.add_argument(
        "--ca-file", type=Path, default=None,
        help="trust this certificate (secrets/n8n_editor_tls if self-signed)",
    )  # fmt: skip
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser(
        "invite", help="invite a staff member; prints the link to hand over"
    ).add_argument("email")
    sub.add_parser("list", help="every account and whether its invitation is pending")
    args = parser.parse_args(argv)
    password = args.password_file.read_text(encoding="utf-8").strip()
    verify = verify_for(args.url, args.ca_file)
    try:
        with closing(owner_session(args.url, args.owner_email, password, verify)) as session:
            if args.action == "invite":
                invitation = invite(session, args.email)
                if invitation.email_sent:
                    print(f"invited {invitation.email}: n8n e-mailed the invitation link")
                else:
                    print(f"invited {invitation.email}; hand over this link (valid 90 days):")
                    print(invitation.accept_url)
                return 0
            for user in accounts(session):
                state = "invited, pending" if user.get("isPending") else "active"
                print(f"{user['email']:40} {user.get('role', '')}\t{state}")
            return 0
    except (StaffError, httpx.HTTPError) as error:
        print(f"staff {args.action}: {error}")
        return 1
