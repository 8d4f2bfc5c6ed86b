"""The business settings' seed and what the lint checks about it (no n8n needed)."""

from __future__ import annotations

import copy
import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from workflows import EXPORT_DIR
from workflows.install import find_install
from workflows.lint import lint_all, lint_flow
from workflows.settings import (
    SEED_PATH,
    Setting,
    field_expression,
    keys_read,
    load_seed,
    render_seed,
    write_back,
)

ANSWER = json.loads((EXPORT_DIR / "answer-message.json").read_text(encoding="utf-8"))
NOTIFY = json.loads((EXPORT_DIR / "notify-sales.json").read_text(encoding="utf-8"))


def test_the_seed_file_is_exactly_what_pull_writes() -> None:
    assert render_seed(load_seed()) == SEED_PATH.read_text(encoding="utf-8")


def test_the_seed_has_the_contract_keys_with_sane_values() -> None:
    seed = load_seed()

    assert seed.table == "Configuración BMC"
    assert set(seed.settings) >= {
        "horario_atencion", "texto_espera", "seguimiento_horas", "seguimiento_texto",
        "ventas_email", "ventas_whatsapp", "canales_aviso_ventas",
    }  # fmt: skip
    assert seed.problems() == []
    assert all(s.description for s in seed.settings.values())


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param("horario_atencion", "x" * 601, "at most 600", id="too-long"),
        pytest.param("texto_espera", "   ", "empty", id="blank"),
        pytest.param("seguimiento_horas", "0.5", "outside 1–720", id="hours-too-few"),
        pytest.param("seguimiento_horas", "dos días", "not a number", id="hours-not-number"),
        pytest.param(
            "seguimiento_texto",
            "Hola, ¿la viste?",
            "needs the placeholder {numero}",
            id="no-number",
        ),
        pytest.param(
            "seguimiento_texto",
            "Hola {cliente}: {numero}",
            "unknown placeholders",
            id="unknown-placeholder",
        ),
        pytest.param("ventas_email", "ventas@bmc.uy, martina", "martina", id="bad-email"),
        pytest.param("ventas_whatsapp", "+598 99 123 456", "not phone", id="bad-phone"),
        pytest.param("canales_aviso_ventas", "email,sms", "sms", id="bad-channel"),
    ],
)
def test_an_insane_value_is_reported(key: str, value: str, expected: str) -> None:
    problems = load_seed().settings[key].problems(value)

    assert any(expected in problem for problem in problems), problems


def test_the_lint_reports_a_bad_seed_value(tmp_path: Path) -> None:
    seed = load_seed()
    seed.settings["seguimiento_horas"] = replace(seed.settings["seguimiento_horas"], value="0")
    path = tmp_path / "seed.yaml"
    path.write_text(render_seed(seed), encoding="utf-8")

    problems = lint_all(EXPORT_DIR, seed_path=path)

    assert problems == ["seed.yaml: setting 'seguimiento_horas': 0 is outside 1–720"]


def test_keys_read_finds_every_form_of_reading() -> None:
    reads = {
        "a": "={{ $('Configuración BMC').first().json.ventas_email }}",
        "b": "={{ $(\"Configuración BMC\").item.json['texto_espera'] }}",
        "c": "={{ $('Otra cosa').first().json.no_es }}",
    }
    flow = {"nodes": [{"parameters": reads}]}

    assert keys_read(flow) == {"ventas_email", "texto_espera"}


def test_the_answer_flow_reads_the_opening_hours() -> None:
    assert {"horario_atencion", "texto_espera"} <= keys_read(ANSWER)


def _write(tmp_path: Path, flow: dict[str, Any]) -> Path:
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(flow), encoding="utf-8")
    return path


def test_the_lint_reports_a_key_the_seed_lacks(tmp_path: Path) -> None:
    flow = copy.deepcopy(ANSWER)
    ask = next(n for n in flow["nodes"] if "/ai/respond" in str(n["parameters"].get("url")))
    ask["parameters"]["jsonBody"] = ask["parameters"]["jsonBody"].replace(
        "json.horario_atencion", "json.horario_verano"
    )

    problems = lint_flow(_write(tmp_path, flow))

    assert any("'horario_verano', which is not in the seed" in p for p in problems), problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"dataTableId": {"__rl": True, "mode": "id", "value": "4l9G4hjPU4C1JM80"}},
            "by name",
            id="by-id",
        ),
        pytest.param({"onError": None}, "must go on without them", id="stops-when-missing"),
    ],
)
def test_the_lint_reports_a_fragile_settings_read(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    flow = copy.deepcopy(ANSWER)
    reader = next(n for n in flow["nodes"] if n["type"] == "n8n-nodes-base.dataTable")
    if "dataTableId" in change:
        reader["parameters"].update(change)
    else:
        reader.update(change)

    problems = lint_flow(_write(tmp_path, flow))

    assert any(expected in p for p in problems), problems


def test_write_back_keeps_the_rules_and_changes_only_values(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_text(SEED_PATH.read_text(encoding="utf-8"), encoding="utf-8")

    changed = write_back({"horario_atencion": "Lunes a viernes de 8 a 17.", "nueva": "x"}, path)
    again = write_back({"horario_atencion": "Lunes a viernes de 8 a 17."}, path)
    seed = load_seed(path)

    assert (changed, again) == (["horario_atencion"], [])
    assert seed.settings["horario_atencion"] == replace(
        load_seed().settings["horario_atencion"], value="Lunes a viernes de 8 a 17."
    )
    assert isinstance(seed.settings["seguimiento_horas"], Setting)
    assert seed.settings["seguimiento_horas"].value == "48"


def test_the_lint_reports_a_key_the_settings_node_does_not_hold(tmp_path: Path) -> None:
    flow = copy.deepcopy(ANSWER)
    holder = next(n for n in flow["nodes"] if n["name"] == "Configuración BMC")
    fields = holder["parameters"]["assignments"]["assignments"]
    fields[:] = [f for f in fields if f["name"] != "texto_espera"]

    problems = lint_flow(_write(tmp_path, flow))

    assert any("does not hold 'texto_espera'" in p for p in problems), problems


def _settings_fields(flow: dict[str, Any]) -> list[dict[str, Any]]:
    holder = next(n for n in flow["nodes"] if n["name"] == "Configuración BMC")
    fields: list[dict[str, Any]] = holder["parameters"]["assignments"]["assignments"]
    return fields


def test_the_lint_reports_a_settings_field_without_a_fallback(tmp_path: Path) -> None:
    flow = copy.deepcopy(ANSWER)
    field = next(f for f in _settings_fields(flow) if f["name"] == "texto_espera")
    field["value"] = (
        "={{ $input.all().find(row => row.json.clave === 'texto_espera')?.json.valor }}"
    )

    problems = lint_flow(_write(tmp_path, flow))

    assert any("'texto_espera' must read the table with a fallback" in p for p in problems)


def test_the_lint_reports_an_insane_fallback(tmp_path: Path) -> None:
    flow = copy.deepcopy(NOTIFY)
    field = next(f for f in _settings_fields(flow) if f["name"] == "ventas_email")
    field["value"] = field_expression("ventas_email", "ventas en bmc")

    problems = lint_flow(_write(tmp_path, flow))

    assert any("fallback of setting 'ventas_email': not emails" in p for p in problems), problems


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"clave": "texto_espera", "valor": "Ya te escribe Ana."}], "Ya te escribe Ana."),
        ([{"clave": "texto_espera", "valor": ""}], "fallback"),  # blanked in the editor
        ([{"error": "Data table not found"}], "fallback"),  # the table is missing
    ],
)
def test_a_field_expression_is_javascript_that_falls_back(
    rows: list[dict[str, str]], expected: str
) -> None:
    install = find_install()
    if install is None:
        pytest.skip("needs the pinned n8n's Node (scripts/test.sh installs it)")
    expression = field_expression("texto_espera", "fallback")[len("={{") : -len("}}")]
    program = (
        f"const items = {json.dumps([{'json': r} for r in rows])};"
        "const $input = { all: () => items };"
        f"process.stdout.write(String({expression}));"
    )

    done = subprocess.run([str(install.node), "-e", program], capture_output=True, text=True,
                          timeout=30, check=True)  # fmt: skip

    assert done.stdout == expected
