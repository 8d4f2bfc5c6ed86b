"""Reading a request body without ever holding more than a fixed number of bytes."""

from __future__ import annotations

from fastapi import Request

from py_nodes.core.errors import Problem


async def read_bounded_body(request: Request, limit: int, too_large: type[Problem]) -> bytes:
    """The body's exact bytes; ``too_large`` is raised as soon as ``limit`` would be exceeded.

    ``Content-Length`` is checked first, then the bytes are counted while streaming (a client may
    lie about the length or send chunked).
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(size=int(declared), limit=limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise too_large(limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)
