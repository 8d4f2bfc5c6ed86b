"""Business settings on the real n8n: the data table *Configuración BMC* exists from the seed, a
value changed through n8n's public API (as staff do in the editor) is used by the next
conversation without a restart, and a second deploy adds missing keys without overwriting."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conftest import TEST_SETTINGS, Stack, say, unique_phone

from workflows.pull import create_api_key
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
    rows = load_seed().rows(TEST_SETTINGS)  # this instance's follow-up delay: seconds

    assert table.values() == {row["clave"]: row["valor"] for row in rows}


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
    # A table of its own, whose name does not contain the flows' one: n8n's Data table node finds
    # a table "by name" with LIKE '%name%', the most recently updated first.
    name = f"Prueba de siembra {unique_phone()}"
    first = Seed(name, {k: s for k, s in seed.settings.items() if k != "texto_espera"})
    created = table.sync(first)
    table.set_value("ventas_email", "martina@bmc.uy", name)

    again = table.sync(Seed(name, seed.settings))
    values = table.values(name) or {}

    assert (created.created, sorted(created.added)) == (True, sorted(first.settings))
    assert created.shadows == []
    assert (again.created, again.added) == (False, ["texto_espera"])
    assert values["ventas_email"] == "martina@bmc.uy"
    assert values["texto_espera"] == seed.settings["texto_espera"].value


def test_a_table_whose_name_contains_the_settings_table_is_reported(
    stack: Stack, table: SettingsTable
) -> None:
    seed = load_seed()
    copy = Seed(f"{seed.table} (copia {unique_phone()})", {})
    table.sync(copy)
    try:
        report = table.sync(seed)
    finally:  # the copy would be what the flows read from now on
        key = create_api_key(stack.editor_url, *stack.editor_login, ("dataTable:delete",), "rm")
        url = f"{stack.editor_url}/api/v1/data-tables/{table.table_id(copy.table)}"
        deleted = httpx.delete(url, headers={"X-N8N-API-KEY": key}, timeout=30)
        assert deleted.status_code in (200, 204), deleted.text

    assert copy.table in report.shadows
    assert "rename or delete" in str(report)
