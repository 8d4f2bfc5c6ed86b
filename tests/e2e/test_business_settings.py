"""Business settings on the real n8n: the data table *Configuración BMC* exists from the seed, a
value changed through n8n's public API (as staff do in the editor) is used by the next
conversation without a restart, and a second deploy adds missing keys without overwriting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import Stack, say, unique_phone

from workflows.settings import Seed, SettingsTable, load_seed

pytestmark = pytest.mark.n8n


@pytest.fixture
def table(stack: Stack) -> Iterator[SettingsTable]:
    """The live table; every value a test changes is put back afterwards."""
    with stack.settings() as table:
        before = table.values() or {}
        yield table
        for key, value in (table.values() or {}).items():
            if key in before and before[key] != value:
                table.set_value(key, before[key])


def test_the_table_holds_every_seed_key(table: SettingsTable) -> None:
    seed = load_seed()

    assert table.values() == {key: s.value for key, s in seed.settings.items()}


def test_changed_opening_hours_answer_the_next_question(stack: Stack, table: SettingsTable) -> None:
    hours = "De lunes a viernes de 7:30 a 16:30; sábados de 8 a 12."
    table.set_value("horario_atencion", hours)

    reply = say(stack, unique_phone(), "¿a qué hora abren?")

    assert hours in reply


def test_changed_holding_line_is_sent_while_sales_has_the_chat(
    stack: Stack, table: SettingsTable
) -> None:
    holding = "Ya te atiende alguien de ventas de BMC, en un ratito te escribe."
    table.set_value("texto_espera", holding)
    phone = unique_phone()
    say(stack, phone, "quiero hablar con una persona")

    assert say(stack, phone, "hola? hay alguien?") == holding


def test_a_second_deploy_adds_missing_keys_and_keeps_changed_values(
    table: SettingsTable,
) -> None:
    seed = load_seed()
    name = f"{seed.table} (prueba {unique_phone()})"  # a table of its own: the flows' stays as is
    first = Seed(name, {k: s for k, s in seed.settings.items() if k != "texto_espera"})
    created = table.sync(first)
    table.set_value("ventas_email", "martina@bmc.uy", name)

    again = table.sync(Seed(name, seed.settings))
    values = table.values(name) or {}

    assert (created.created, sorted(created.added)) == (True, sorted(first.settings))
    assert (again.created, again.added) == (False, ["texto_espera"])
    assert values["ventas_email"] == "martina@bmc.uy"
    assert values["texto_espera"] == seed.settings["texto_espera"].value
