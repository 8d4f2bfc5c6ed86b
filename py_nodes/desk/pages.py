"""The desk's pages (``/desk``, HTML for sellers): sign-in, conversations, quotes, exports."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import date
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from py_nodes.core import contacts, conversations
from py_nodes.core.config import Settings
from py_nodes.core.deps import HttpDep, SettingsDep, StoreDep
from py_nodes.core.sellers import load_roster, load_sellers
from py_nodes.core.storage import DocumentStore
from py_nodes.desk import display, inbox, quote_search, replies
from py_nodes.desk.accounts import authenticate
from py_nodes.desk.auth import CsrfRefused, SellerDep, SellerFormDep
from py_nodes.desk.quote_api import QuoteApiRefused
from py_nodes.desk.render import TEMPLATES, page, secure
from py_nodes.desk.sessions import (
    COOKIE,
    FLASH_COOKIE,
    LOGIN_COOKIE,
    PATH,
    cookie_secure,
    revoke,
)
from py_nodes.desk.state import DeskState, StateDep
from py_nodes.security.addresses import client_address

router = APIRouter(prefix=PATH, include_in_schema=False)
PHONE: Final = r"^\+?[0-9]{6,20}$"
NUMBER: Final = r"^BMC-[0-9]{4}-[0-9]{4,6}$"
PhonePath = Annotated[str, Path(pattern=PHONE)]
NumberPath = Annotated[str, Path(pattern=NUMBER)]
MAX_REPLY: Final = 4096
EXPORT_KINDS: Final = ("quotes", "conversations")
EXPORT_FORMATS: Final = ("csv", "xlsx")


def _set_cookie(
    response: Response, name: str, value: str, max_age: int, settings: Settings
) -> None:
    """Every desk cookie: path /desk, HttpOnly, SameSite=Strict, Secure outside dev/test."""
    response.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True,
                        samesite="strict", secure=cookie_secure(settings))  # fmt: skip


def _redirect(state: DeskState, settings: Settings, url: str, code: str | None = None,
              detail: str | None = None) -> Response:  # fmt: skip
    response = RedirectResponse(url, status_code=303)
    if code and state.codec is not None:
        _set_cookie(response, FLASH_COOKIE, state.codec.flash(code, detail), 120, settings)
    return secure(response)


def _flash(request: Request, state: DeskState) -> dict[str, str | None] | None:
    if state.codec is None:
        return None
    return state.codec.read_flash(request.cookies.get(FLASH_COOKIE))


def _shown(request: Request, response: Response) -> Response:
    """Forget the flash once a page showed it."""
    if FLASH_COOKIE in request.cookies:
        response.delete_cookie(FLASH_COOKIE, path=PATH)
    return response


# --- sign-in -------------------------------------------------------------------------------------


def _login_page(
    state: DeskState, settings: Settings, *, status_code: int = 200, error: str | None = None,
    user: str = "", flash: dict[str, str | None] | None = None,
) -> Response:  # fmt: skip
    if state.codec is None:
        return page("not_configured.html", status_code=503)
    token, signed = state.codec.login_token()
    response = page("login.html", status_code, csrf=token, error=error, user=user, flash=flash)
    _set_cookie(response, LOGIN_COOKIE, signed, 3600, settings)
    return response


@router.get("")
async def desk_home() -> Response:
    return secure(RedirectResponse(f"{PATH}/conversaciones", status_code=303))


@router.get("/estilo.css")
async def stylesheet() -> Response:
    css = (TEMPLATES / "desk.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})


@router.get("/ingresar")
async def sign_in_form(request: Request, state: StateDep, settings: SettingsDep) -> Response:
    response = _login_page(state, settings, flash=_flash(request, state))
    return _shown(request, response)


@router.post("/ingresar")
async def sign_in(
    request: Request,
    state: StateDep,
    settings: SettingsDep,
    user: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if state.codec is None:
        return page("not_configured.html", status_code=503)
    if not state.codec.login_token_matches(request.cookies.get(LOGIN_COOKIE), csrf):
        raise CsrfRefused()
    address = client_address(request.scope, settings.trusted_proxies)
    if not await state.limiter.admit(user, address):
        response = _login_page(state, settings, status_code=429, error="limit", user=user)
        response.headers["Retry-After"] = str(settings.desk_login_window_s)
        return response
    # argon2 takes tens of milliseconds of CPU on purpose: off the event loop.
    seller = await asyncio.to_thread(authenticate, state.sellers, user, password)
    if seller is None:
        return _login_page(state, settings, status_code=401, error="wrong", user=user)
    await state.limiter.succeeded(user, address)
    _, cookie = state.codec.issue(seller.user)
    response = RedirectResponse(f"{PATH}/conversaciones", status_code=303)
    _set_cookie(response, COOKIE, cookie, settings.desk_session_ttl_s, settings)
    response.delete_cookie(LOGIN_COOKIE, path=PATH)
    return secure(response)


@router.post("/salir")
async def sign_out(who: SellerFormDep, state: StateDep, settings: SettingsDep) -> Response:
    await revoke(state.cache, who.session, settings.desk_session_ttl_s)
    response = _redirect(state, settings, f"{PATH}/ingresar", "signed-out")
    response.delete_cookie(COOKIE, path=PATH)
    return response


# --- conversations -------------------------------------------------------------------------------


@router.get("/conversaciones/{phone}")
async def conversation_link(phone: Annotated[str, Path(pattern=r"^[0-9]{6,20}$")]) -> Response:
    """The link sales notices carry (``/desk/conversaciones/{phone}``): the chat's page."""
    return RedirectResponse(f"{PATH}/conversaciones?{urlencode({'tel': phone})}", status_code=303)


@router.get("/conversaciones")
async def conversations_page(
    request: Request, who: SellerDep, state: StateDep, store: StoreDep, settings: SettingsDep,
    tel: str | None = None,
) -> Response:  # fmt: skip
    now = time.time()
    rows = await inbox.chat_list(store, now)
    selected = tel if tel and re.match(PHONE, tel) else None
    context: dict[str, Any] = {"chat": None}
    if selected:
        context["chat"] = await _chat(store, selected, now)
    response = page(
        "conversations.html", seller=who.seller, csrf=who.session.csrf, rows=rows,
        selected=selected, holder=display.holder, flash=_flash(request, state),
        sellers_by_user={u: s.name for u, s in state.sellers.items()}, **context,
    )  # fmt: skip
    return _shown(request, response)


async def _chat(store: DocumentStore, phone: str, now: float) -> dict[str, Any]:
    contact = await contacts.load(store, phone, now)
    messages = await conversations.transcript(store, phone, limit=200)
    quotes = await quote_search.of_phone(store, phone)
    events = await inbox.events_of(store, phone)
    last_in = await replies.last_inbound(store, phone)
    return {
        "phone": phone, "contact": contact, "holder": display.holder(contact),
        "name": next((q["customer_name"] for q in quotes if q.get("customer_name")), None),
        "story": inbox.story(messages, quotes, events), "last_inbound_at": last_in,
        "within_window": display.within_window(last_in, now),
    }  # fmt: skip


def _chat_url(phone: str) -> str:
    return f"{PATH}/conversaciones?{urlencode({'tel': phone})}"


@router.post("/conversaciones/{phone}/tomar")
async def take_chat(
    phone: PhonePath, who: SellerFormDep, state: StateDep, store: StoreDep, settings: SettingsDep
) -> Response:
    now = time.time()
    current = display.holder(await contacts.load(store, phone, now))
    if current is not None and current != who.seller.user:
        name = state.sellers[current].name if current in state.sellers else current
        return _redirect(state, settings, _chat_url(phone), "taken-by-other", name)
    await contacts.take(store, phone, who.seller.user, now, settings.handoff_release_after_s)
    await inbox.record_event(store, phone=phone, kind="take", seller=who.seller.user, at=now)
    return _redirect(state, settings, _chat_url(phone), "taken")


@router.post("/conversaciones/{phone}/devolver")
async def release_chat(
    phone: PhonePath, who: SellerFormDep, state: StateDep, store: StoreDep, settings: SettingsDep
) -> Response:
    now = time.time()
    await contacts.release(store, phone, by=who.seller.user, now=now)
    await inbox.record_event(store, phone=phone, kind="release", seller=who.seller.user, at=now)
    return _redirect(state, settings, _chat_url(phone), "released")


@router.post("/conversaciones/{phone}/responder")
async def reply_chat(
    request: Request, phone: PhonePath, who: SellerFormDep, state: StateDep, store: StoreDep,
    settings: SettingsDep, http: HttpDep,
) -> Response:  # fmt: skip
    form = await request.form()
    raw = form.get("text")
    text = raw.strip() if isinstance(raw, str) else ""
    if not text or len(text) > MAX_REPLY:
        return _redirect(state, settings, _chat_url(phone), "reply-empty")
    now = time.time()
    if display.holder(await contacts.load(store, phone, now)) != who.seller.user:
        return _redirect(state, settings, _chat_url(phone), "take-first")
    outcome = await replies.hand_to_n8n(
        http, settings, phone=phone, text=text, seller=who.seller.user,
        seller_name=who.seller.name, last_inbound_at=await replies.last_inbound(store, phone),
        request_id=request.headers.get("X-Request-ID"),
    )  # fmt: skip
    if not outcome.sent:
        return _redirect(state, settings, _chat_url(phone), "reply-failed")
    code = "sent-template" if outcome.mode == "template" else "sent-text"
    return _redirect(state, settings, _chat_url(phone), code)


# --- quotes --------------------------------------------------------------------------------------


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/cotizaciones")
async def quotes_page(
    request: Request, who: SellerDep, state: StateDep, store: StoreDep,
    q: str = "", estado: str = "", desde: str = "", hasta: str = "",
) -> Response:  # fmt: skip
    since, until = _date(desde), _date(hasta)
    bad_dates = bool((desde and since is None) or (hasta and until is None))
    query = quote_search.QuoteQuery(q[:80], estado or None, since, until)
    results = [] if bad_dates else await quote_search.search(store, query)
    response = page(
        "quotes.html", seller=who.seller, csrf=who.session.csrf, results=results,
        q=q[:80], estado=estado, desde=desde, hasta=hasta, bad_dates=bad_dates,
        states=quote_search.STATES, sellers=load_roster().active, flash=_flash(request, state),
        seller_names={seller.code: seller.name for seller in load_sellers()},
        page_size=quote_search.PAGE,
        back=str(request.url.query),
    )  # fmt: skip
    return _shown(request, response)


def _back(form_value: Any) -> str:
    query = form_value if isinstance(form_value, str) else ""
    return f"{PATH}/cotizaciones" + (f"?{query}" if query and len(query) < 400 else "")


@router.post("/cotizaciones/{number}/estado")
async def change_quote_state(
    request: Request, number: NumberPath, who: SellerFormDep, state: StateDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    form = await request.form()
    target = form.get("estado")
    assignee = form.get("asignado")
    back = _back(form.get("back"))
    if target not in quote_search.STATES:
        return _redirect(state, settings, back, "state-missing")
    codes = {seller.code for seller in load_roster().active}
    chosen = assignee if isinstance(assignee, str) and assignee in codes else None
    try:
        await state.quotes.change_state(number, str(target), who.seller.user, chosen)
    except QuoteApiRefused as refused:
        return _redirect(state, settings, back, "quote-refused", refused.detail)
    return _redirect(state, settings, back, "quote-changed", f"{number}: {target}")


@router.get("/cotizaciones/{number}/pdf")
async def quote_pdf(number: NumberPath, who: SellerDep, state: StateDep) -> Response:
    upstream = await state.quotes.pdf(number)
    headers = {"Content-Disposition": upstream.headers.get("content-disposition", "inline")}
    return secure(Response(upstream.content, media_type="application/pdf", headers=headers))


@router.get("/exportar")
async def export(
    who: SellerDep, state: StateDep, tipo: str = "quotes", formato: str = "xlsx",
    desde: str = "", hasta: str = "",
) -> Response:  # fmt: skip
    params = {
        "kind": tipo if tipo in EXPORT_KINDS else "quotes",
        "format": formato if formato in EXPORT_FORMATS else "xlsx",
    }
    for name, value in (("from", _date(desde)), ("to", _date(hasta))):
        if value is not None:
            params[name] = value.isoformat()
    upstream = await state.quotes.export(params)
    headers = {"Content-Disposition": upstream.headers.get("content-disposition", "attachment")}
    media = upstream.headers.get("content-type", "application/octet-stream")
    return secure(Response(upstream.content, media_type=media, headers=headers))
