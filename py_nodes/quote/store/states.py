"""The quote life cycle: which state may follow which, defined once.

Rules:

* ``Pendiente → Asignado → Enviado → Listo → Confirmado``: forward one step at a time (no skipping,
  no going back; a quote sent by mistake is rejected and quoted again).
* ``Rechazado`` is reachable from every state that is not final.
* ``Confirmado`` and ``Rechazado`` are final: nothing follows them.
* Staying in the same state is not a transition (refused like any other illegal move).
"""

from __future__ import annotations

from typing import Final, Literal, get_args

QuoteState = Literal["Pendiente", "Asignado", "Enviado", "Listo", "Confirmado", "Rechazado"]

INITIAL_STATE: Final[QuoteState] = "Pendiente"
FORWARD: Final[tuple[QuoteState, ...]] = ("Pendiente", "Asignado", "Enviado", "Listo", "Confirmado")
REJECTED: Final[QuoteState] = "Rechazado"
FINAL_STATES: Final[frozenset[QuoteState]] = frozenset({"Confirmado", "Rechazado"})
ALL_STATES: Final[tuple[QuoteState, ...]] = get_args(QuoteState)


def _build_table() -> dict[QuoteState, frozenset[QuoteState]]:
    table: dict[QuoteState, frozenset[QuoteState]] = {}
    for state in ALL_STATES:
        if state in FINAL_STATES:
            table[state] = frozenset()
            continue
        next_step = FORWARD[FORWARD.index(state) + 1]
        table[state] = frozenset({next_step, REJECTED})
    return table


#: state -> the states it may move to.
TRANSITIONS: Final[dict[QuoteState, frozenset[QuoteState]]] = _build_table()


def can_transition(current: QuoteState, target: QuoteState) -> bool:
    """True when ``current -> target`` is allowed."""
    return target in TRANSITIONS[current]


def allowed_next(current: QuoteState) -> list[QuoteState]:
    """The states ``current`` may move to, in life-cycle order (for error messages)."""
    return [state for state in ALL_STATES if state in TRANSITIONS[current]]
