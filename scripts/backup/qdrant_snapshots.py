"""Qdrant collection snapshots via its HTTP API; run inside the py-nodes container (stdlib only).

  python - create                      -> one line per collection: "<collection> <snapshot name>"
  python - recover COLLECTION NAME     -> restores COLLECTION from /qdrant/snapshots/COLLECTION/NAME
  python - delete COLLECTION NAME      -> removes a snapshot from Qdrant's disk once copied away
The API key is read from QDRANT_API_KEY_FILE, the address from QDRANT_URL.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any


def call(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    base = os.environ.get("QDRANT_URL", "http://qdrant:6333").rstrip("/")
    key_file = os.environ.get("QDRANT_API_KEY_FILE", "/run/secrets/qdrant_api_key")
    key = Path(key_file).read_text(encoding="utf-8").strip()
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("api-key", key)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"null")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "create":
        for collection in call("GET", "/collections")["result"]["collections"]:
            name = collection["name"]
            snapshot = call("POST", f"/collections/{name}/snapshots?wait=true")["result"]["name"]
            sys.stdout.write(f"{name} {snapshot}\n")
        return 0
    if command == "recover" and len(argv) == 3:
        location = f"file:///qdrant/snapshots/{argv[1]}/{argv[2]}"
        body = {"location": location, "priority": "snapshot"}
        call("PUT", f"/collections/{argv[1]}/snapshots/recover?wait=true", body)
        return 0
    if command == "delete" and len(argv) == 3:
        call("DELETE", f"/collections/{argv[1]}/snapshots/{argv[2]}?wait=true")
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
