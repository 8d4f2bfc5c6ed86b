"""Who is signed in: the dependency every desk page uses, and what happens when nobody is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from py_nodes.core.errors import Forbidden
from py_nodes.desk.accounts import Seller
from py_nodes.desk.sessions import COOKIE, Session, csrf_matches, is_revoked
from py_nodes.desk.state import StateDep


class SignInRequired(Exception):
    """No valid session: pages answer with a redirect to the sign-in form."""


class CsrfRefused(Forbidden):
    type_slug = "desk/csrf"
    title = "Form token missing or wrong"
    meaning = "A desk form came without its session's CSRF token (or with another one)."
    default_detail = (
        "El formulario venció o no viene de esta sesión. Recargá la página y probá de nuevo."
    )


@dataclass(frozen=True)
class SignedIn:
    seller: Seller
    session: Session


async def signed_in(request: Request, state: StateDep) -> SignedIn:
    session = state.codec.read(request.cookies.get(COOKIE)) if state.codec else None
    if session is None or await is_revoked(state.cache, session):
        raise SignInRequired()
    seller = state.sellers.get(session.user)
    if seller is None:  # the account was removed since: the session ends with it
        raise SignInRequired()
    return SignedIn(seller, session)


async def signed_in_form(request: Request, state: StateDep) -> SignedIn:
    """``signed_in`` plus the form's CSRF token (every POST of the desk)."""
    who = await signed_in(request, state)
    form = await request.form()
    token = form.get("csrf")
    if not isinstance(token, str) or not csrf_matches(who.session, token):
        raise CsrfRefused()
    return who


SellerDep = Annotated[SignedIn, Depends(signed_in)]
SellerFormDep = Annotated[SignedIn, Depends(signed_in_form)]
