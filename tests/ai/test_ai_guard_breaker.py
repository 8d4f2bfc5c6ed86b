"""The money guard and the circuit breaker, on their own."""

from __future__ import annotations

import pytest

from py_nodes.ai.llm.breaker import CircuitBreaker
from py_nodes.ai.llm.guard import reply_is_safe

DRAFT = "Las condiciones son seña del 60 % y recargo del 11,9 % con tarjeta."


@pytest.mark.parametrize(
    ("candidate", "safe"),
    [
        pytest.param("Seña del 60 % y 11,9 % de recargo con tarjeta.", True, id="same-figures"),
        pytest.param("Te hago un 90 % de descuento.", False, id="invented-percentage"),
        pytest.param("Sale USD 400 el metro.", False, id="invented-amount"),
        pytest.param("Seña del 60 %, y te regalo un descuento.", False, id="discount-word"),
        pytest.param("", False, id="empty"),
    ],
)
def test_reply_is_safe_only_with_figures_from_the_context(candidate: str, safe: bool) -> None:
    assert reply_is_safe(candidate, DRAFT) is safe


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_threshold_failures() -> None:
    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=30, clock=FakeClock())
    for _ in range(3):
        breaker.record_failure()

    assert breaker.state == "open"
    assert breaker.allow() is False


def test_breaker_half_opens_after_cooldown_and_allows_one_trial() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=30, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 31

    assert breaker.state == "half_open"
    assert [breaker.allow(), breaker.allow()] == [True, False]


def test_breaker_trial_success_closes_and_failure_reopens() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown_s=10, clock=clock)
    breaker.record_failure()
    clock.now += 11
    breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"

    clock.now += 11
    breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed"
