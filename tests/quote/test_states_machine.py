"""The quote state machine, over every pair of states."""

from __future__ import annotations

import itertools

import pytest

from py_nodes.quote.store.states import ALL_STATES, FINAL_STATES, allowed_next, can_transition

# Written out by hand, independently of the module's table.
EXPECTED_ALLOWED = {
    ("Pendiente", "Asignado"),
    ("Asignado", "Enviado"),
    ("Enviado", "Listo"),
    ("Listo", "Confirmado"),
    ("Pendiente", "Rechazado"),
    ("Asignado", "Rechazado"),
    ("Enviado", "Rechazado"),
    ("Listo", "Rechazado"),
}
STATES = ("Pendiente", "Asignado", "Enviado", "Listo", "Confirmado", "Rechazado")


def test_states_are_the_six_of_the_issue() -> None:
    assert set(ALL_STATES) == set(STATES)


@pytest.mark.parametrize(
    ("current", "target"),
    [pytest.param(a, b, id=f"{a}->{b}") for a, b in itertools.product(STATES, STATES)],
)
def test_can_transition_matches_the_rules(current: str, target: str) -> None:
    assert can_transition(current, target) is ((current, target) in EXPECTED_ALLOWED)  # type: ignore[arg-type]


@pytest.mark.parametrize("state", sorted(FINAL_STATES))
def test_allowed_next_is_empty_for_final_states(state: str) -> None:
    assert allowed_next(state) == []  # type: ignore[arg-type]


def test_allowed_next_lists_forward_step_then_rejection() -> None:
    assert allowed_next("Enviado") == ["Listo", "Rechazado"]
