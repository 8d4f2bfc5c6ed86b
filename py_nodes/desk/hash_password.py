"""Make an argon2 hash for a ``DESK_ACCOUNTS`` line: ``python -m py_nodes.desk.hash_password``.

Asks for the password twice (never echoed) and prints ``user:hash:Display Name`` when given
``--user`` and ``--name``, else the hash alone. ``--stdin`` reads one password line (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from py_nodes.desk.accounts import HASHER, USER_PATTERN

MIN_LENGTH = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--user", help="the seller's sign-in name (lowercase)")
    parser.add_argument("--name", help="the name shown in the desk, e.g. 'Ana Pérez'")
    parser.add_argument("--stdin", action="store_true", help="read the password from stdin")
    args = parser.parse_args(argv)
    if args.user is not None and not USER_PATTERN.match(args.user):
        parser.error("--user: lowercase letters, digits, '.', '_' or '-' (at most 40)")
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Contraseña: ")
        if getpass.getpass("Repetila: ") != password:
            sys.stderr.write("Las contraseñas no coinciden.\n")
            return 1
    if len(password) < MIN_LENGTH:
        sys.stderr.write(f"La contraseña debe tener al menos {MIN_LENGTH} caracteres.\n")
        return 1
    hashed = HASHER.hash(password)
    line = f"{args.user}:{hashed}:{args.name}" if args.user and args.name else hashed
    sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
