"""The desk's per-app objects, built once at start: accounts, session codec, quote client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from py_nodes.core.cache import Cache
from py_nodes.core.deps import node_state
from py_nodes.core.resources import Resources
from py_nodes.desk.accounts import Seller, load_accounts
from py_nodes.desk.limiter import SignInLimiter
from py_nodes.desk.quote_api import QuoteApi
from py_nodes.desk.sessions import SessionCodec, codec_for


@dataclass
class DeskState:
    sellers: dict[str, Seller]
    codec: SessionCodec | None
    limiter: SignInLimiter
    quotes: QuoteApi
    cache: Cache


async def build_state(resources: Resources) -> None:
    """Start-up hook: a malformed ``DESK_ACCOUNTS`` stops the start, naming the line."""
    settings = resources.settings
    resources.state.put(
        DeskState(
            sellers=load_accounts(settings),
            codec=codec_for(settings),
            limiter=SignInLimiter.from_settings(resources.cache, settings),
            quotes=QuoteApi.from_settings(resources.http, settings),
            cache=resources.cache,
        )
    )


StateDep = Annotated[DeskState, Depends(node_state(DeskState))]
