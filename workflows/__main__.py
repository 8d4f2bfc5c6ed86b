"""``python -m workflows lint|normalise|import|export|pull|settings|api-key|credentials|trace-headers|stack|chat|staff``."""  # noqa: E501

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import httpx

from workflows import EXPORT_DIR, chat, stack, staff, trace_headers
from workflows.credentials import secrets_from_env, write_credentials_file
from workflows.fingerprint import (
    RECORD_NAME,
    edited_since_deploy,
    exported_flows,
    load_record,
    read_flows,
    refusal,
    save_record,
)
from workflows.install import ensure_install, find_install
from workflows.lint import lint_all
from workflows.normalise import normalise_file, render, slug
from workflows.pull import KEY_SCOPES, create_api_key, pull, pull_settings
from workflows.runtime import N8nInstance
from workflows.settings import SettingsTable, load_seed


def _instance(args: argparse.Namespace) -> N8nInstance:
    install = find_install() or ensure_install()
    return N8nInstance(install, Path(args.user_folder), port=0, broker_port=0)


def cmd_lint(args: argparse.Namespace) -> int:
    problems = lint_all(Path(args.dir))
    print("\n".join(problems) or f"{args.dir}: every flow passes")
    return 1 if problems else 0


def cmd_normalise(args: argparse.Namespace) -> int:
    stale = [
        p.name for p in sorted(Path(args.dir).glob("*.json")) if not normalise_file(p, args.check)
    ]
    if args.check and stale:
        print("not normalised (run python -m workflows normalise): " + ", ".join(stale))
        return 1
    return 0


PULL_HINT = "python -m workflows pull --url URL --api-key-file secrets/n8n_pull_api_key"


def cmd_import(args: argparse.Namespace) -> int:
    """Import credentials (from secret files) and every flow into n8n's database, and publish."""
    instance, flows_dir = _instance(args), Path(args.dir)
    record, git = Path(args.user_folder) / ".n8n" / RECORD_NAME, read_flows(flows_dir)
    edited = edited_since_deploy(load_record(record), exported_flows(instance), git)
    if edited and not args.force:
        print(refusal(edited, PULL_HINT), file=sys.stderr)
        return 1
    for flow in edited:
        print(f"--force: discarding the editor's changes to {flow.name!r}:\n{flow.discarded()}")
    instance.provision(secrets_from_env(), flows_dir)
    save_record(record, {i: f for i, f in exported_flows(instance).items() if i in git})
    print("imported and published; restart n8n for the changes to take effect")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    """Read the live flows from a running n8n (public API), write them normalised, show the diff."""
    api_key = Path(args.api_key_file).read_text(encoding="utf-8").strip()
    try:
        print(pull(args.url, api_key, Path(args.dir)).report())
        print(pull_settings(args.url, api_key, _seed_path(args)))
    except httpx.HTTPError as error:
        print(f"cannot read the flows from {args.url}: {error}", file=sys.stderr)
        return 1
    return 0


def _seed_path(args: argparse.Namespace) -> Path:
    """The settings' seed beside the flows' folder (``workflows/settings/``)."""
    return Path(args.dir).resolve().parent / "settings" / "configuracion-bmc.yaml"


def cmd_settings(args: argparse.Namespace) -> int:
    """Create the business settings table in a running n8n and add missing keys (after a deploy)."""
    api_key = Path(args.api_key_file).read_text(encoding="utf-8").strip()
    try:
        with SettingsTable(args.url, api_key) as table:
            print(table.sync(load_seed(_seed_path(args))))
    except httpx.HTTPError as error:
        print(f"cannot seed the settings of {args.url}: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export every flow from n8n's database, normalised, onto the files with the same id."""
    instance = _instance(args)
    by_id = {json.loads(p.read_text())["id"]: p for p in Path(args.dir).glob("*.json")}
    with tempfile.TemporaryDirectory() as tmp:
        instance.cli("export:workflow", "--all", "--separate", f"--output={tmp}")
        for exported in Path(tmp).glob("*.json"):
            flow = json.loads(exported.read_text())
            target = by_id.get(flow["id"]) or Path(args.dir) / f"{slug(flow['name'])}.json"
            target.write_text(render(flow), encoding="utf-8")
            print(f"exported {flow['name']} -> {target}")
    return 0


def cmd_api_key(args: argparse.Namespace) -> int:
    """Create an n8n public API key for pull (signs in as the owner) into a secret file."""
    password = Path(args.password_file).read_text(encoding="utf-8").strip()
    output = Path(args.output)
    output.touch(mode=0o600)
    output.write_text(create_api_key(args.url, args.email, password, KEY_SCOPES), encoding="utf-8")
    print(f"wrote {output} (owner-only)")
    return 0


def cmd_credentials(args: argparse.Namespace) -> int:
    """Write the credentials payload from secret files (for ``n8n import:credentials``)."""
    path = write_credentials_file(secrets_from_env(), Path(args.output))
    print(f"wrote {path} (owner-only; delete it after importing)")
    return 0


def cmd_trace_headers(args: argparse.Namespace) -> int:
    """Add n8n's execution id and workflow name to every call to the Python nodes."""
    return trace_headers.main(Path(args.dir))


def cmd_stack(args: argparse.Namespace) -> int:
    """The whole system locally (python -m workflows stack --help)."""
    stack.main(args.rest)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Talk to the local stack as a WhatsApp customer (python -m workflows chat --help)."""
    chat.main(args.rest)
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    """Staff accounts in the editor: invite, list (python -m workflows staff --help)."""
    return staff.main(args.rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workflows", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in [("lint", cmd_lint), ("normalise", cmd_normalise), ("import", cmd_import),
                       ("export", cmd_export), ("pull", cmd_pull), ("settings", cmd_settings),
                       ("trace-headers", cmd_trace_headers)]:  # fmt: skip
        command = sub.add_parser(name, help=func.__doc__)
        command.add_argument("--dir", default=str(EXPORT_DIR))
        command.set_defaults(func=func)
        if name == "normalise":
            command.add_argument("--check", action="store_true")
        if name in ("import", "export"):
            command.add_argument("--user-folder", required=True, help="n8n's N8N_USER_FOLDER")
        if name == "import":
            command.add_argument(
                "--force",
                action="store_true",
                help="deploy over flows changed in the editor (discards them)",
            )
        if name in ("pull", "settings"):
            command.add_argument("--url", default="http://127.0.0.1:5678")
            command.add_argument("--api-key-file", default="secrets/n8n_pull_api_key")
    key = sub.add_parser("api-key", help=cmd_api_key.__doc__)
    key.add_argument("--url", default="http://127.0.0.1:5678")
    key.add_argument("--email", required=True, help="the owner (N8N_INSTANCE_OWNER_EMAIL)")
    key.add_argument("--password-file", default="secrets/n8n_owner_password")
    key.add_argument("--output", default="secrets/n8n_pull_api_key")
    key.set_defaults(func=cmd_api_key)
    creds = sub.add_parser("credentials", help=cmd_credentials.__doc__)
    creds.add_argument("--output", required=True)
    creds.set_defaults(func=cmd_credentials)
    # These two parse their own options: whatever follows the command name is theirs.
    passthrough = {"stack": cmd_stack, "chat": cmd_chat, "staff": cmd_staff}
    for name, func in passthrough.items():
        sub.add_parser(name, help=func.__doc__, add_help=False).set_defaults(func=func)
    args, rest = parser.parse_known_args(argv)
    if rest and args.func not in passthrough.values():
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
