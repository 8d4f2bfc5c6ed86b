"""What a message says about the conversation itself: stop, a person, anger, a bare acknowledgement.

Read from verbs and their objects rather than whole phrases: "no me escriban/manden/contacten
más", "no quiero recibir (más) mensajes", "ya compré", a lone "baja"/"stop" ask to stop; "hablar
con / pasame con / comunicame con" + a person ("alguien", "un vendedor", "Gonzalo"), "¿hay
alguien?", "un humano", "me pueden llamar" ask for a person.
"""

from __future__ import annotations

import re

_STOP_ALONE = re.compile(r"^\W*(?:baja|stop|unsubscribe|cancelar|basta)\W*$")
_STOP = (
    re.compile(r"\bno (?:me|nos) (?:\w+ )?(?:escrib|mand|contact|llam|molest)\w*\b.*\bmas\b"),
    re.compile(r"\bno (?:quiero|queremos) (?:recibir|que me (?:escriban|manden))\b"),
    re.compile(r"\bya (?:lo |la |los |las )?compr(?:e|amos)\b"),
    re.compile(r"\b(?:dejen|deja|deje|dejar) de (?:escrib|mand|contact|llam|molest)\w*"),
    re.compile(r"\b(?:borren|borra|saquen|saca)(?:me)? (?:mi numero|de la lista)\b"),
    re.compile(r"\b(?:dar(?:me)? de baja|darme de baja|borrenme|sacame de la lista)\b"),
)
_PERSON = (
    re.compile(
        r"\b(?:hablar|hablarlo|pasame|pasas|pasan|pasar|comunicame|comunicar|atender|atienda)\w*"
        r"\s+(?:\w+\s+){0,4}?con\s+(?:alguien|una persona|un vendedor|una vendedora|un humano|"
        r"un asesor|una asesora|ventas|el|ella|[a-z]+ de ventas)\b"
    ),
    re.compile(r"\b(?:pasame|pasas|pasan|comunicame|comunicas|comunican|contactame) con\b"),
    re.compile(r"\b(?:quiero|quisiera|queria|necesito|puedo|podria) hablar con\b"),
    re.compile(r"\b(?:humano|persona real|alguien de verdad|real person|human)\b"),
    re.compile(r"\b(?:hay|habra) (?:algun|alguien)\w*\b"),
    re.compile(r"\b(?:me|nos) (?:pueden|puede|podes|podrian) llamar\b|\bllamenme\b|\bllamame\b"),
    re.compile(
        r"\b(?:un|una|con el|con la|hablar con un|hablar con una)\s+"
        r"(?:vendedor|vendedora|asesor|asesora|operador|operadora)\b"
    ),
)
_ANGRY = re.compile(
    r"\b(?:estafa|estafadores|verguenza|pesimo|pesima|una porqueria|inutil|inutiles|robo|"
    r"chorros?|ladron|ladrones|delincuentes|p\W*\s*madre|la puta|hdp|"
    r"no sirve para nada|me tienen harto|harto|harta|mierda|carajo|denuncia|defensa del "
    r"consumidor|los voy a denunciar|una burla|tomando el pelo)\b"
)
_ACK = re.compile(
    r"^\W*(?:(?:ok|oka|okey|okay|dale|bueno|listo|gracias|muchas|perfecto|espero|lo|genial|joya|"
    r"barbaro|de una|si|sip|va|quedo a la espera|a la espera)\W*)*$"
)


def wants_to_stop(text: str) -> bool:
    """An opt-out: "baja", "STOP", "no me escriban más", "no quiero recibir más mensajes"."""
    return bool(_STOP_ALONE.match(text)) or any(p.search(text) for p in _STOP)


def wants_a_person(text: str) -> bool:
    return any(pattern.search(text) for pattern in _PERSON)


def is_angry(text: str, original: str) -> bool:
    shouting = sum(c.isupper() for c in original) > 20 and original.upper() == original
    return bool(_ANGRY.search(text)) or (shouting and "!!" in original)


def is_acknowledgement(text: str) -> bool:
    """Only "ok", "gracias", "lo espero", an emoji…: nothing to answer while a person has it."""
    return bool(_ACK.match(text)) or not re.search(r"[a-z0-9]", text)
