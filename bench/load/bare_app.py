"""The baseline: a bare FastAPI JSON endpoint (``uvicorn bench.load.bare_app:app``)."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.post("/echo")
async def post_echo() -> dict[str, bool]:
    """Answer at once: what this machine's uvicorn + FastAPI can do with no work at all."""
    return {"ok": True}
