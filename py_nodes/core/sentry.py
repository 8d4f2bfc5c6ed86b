"""Error reporting to Sentry: switched on only when the ``SENTRY_DSN`` secret holds a DSN."""

from __future__ import annotations

import logging
from typing import Any

from sentry_sdk.types import Event, Hint

from py_nodes import __version__
from py_nodes.core.config import Settings

log = logging.getLogger(__name__)

# Headers that identify a customer or carry a credential: never sent to Sentry.
SCRUBBED_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "x-api-key",
        "x-end-user-phone",
        "x-forwarded-for",
        "x-hub-signature-256",
    }
)


def sentry_dsn(settings: Settings) -> str | None:
    """The DSN when the secret is set and not blank (an empty secret file means "no Sentry")."""
    if settings.sentry_dsn is None:
        return None
    return settings.sentry_dsn.get_secret_value().strip() or None


def scrub_event(event: Event, hint: Hint) -> Event | None:
    """Drop request bodies (customer messages) and identifying headers before an event leaves."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value
                for name, value in headers.items()
                if name.lower() not in SCRUBBED_HEADERS
            }
    return event


def init_sentry(settings: Settings, **options: Any) -> bool:
    """Start the Sentry SDK when a DSN is configured; return whether it was started.

    ``options`` go to ``sentry_sdk.init`` unchanged (tests pass a recording ``transport``).
    """
    dsn = sentry_dsn(settings)
    if dsn is None:
        return False
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=settings.env,
        release=f"bmc-bot-py-nodes@{__version__}",
        # No user data, no request bodies (customer messages), no locals (may hold secrets).
        data_collection={"user_info": False, "http_bodies": [], "stack_frame_variables": False},
        traces_sample_rate=0.0,
        before_send=scrub_event,
        **options,
    )
    log.info("sentry enabled", extra={"environment": settings.env})
    return True
