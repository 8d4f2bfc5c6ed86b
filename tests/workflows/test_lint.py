"""Every exported flow passes the lint; the lint catches each broken pattern it is for."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from workflows import EXPORT_DIR
from workflows.lint import lint_all, lint_flow
from workflows.normalise import normalise_file

FLOWS = sorted(EXPORT_DIR.glob("*.json"))
INBOUND = json.loads((EXPORT_DIR / "whatsapp-inbound.json").read_text())

CHECK = "Comprobar la firma y anotar la entrega"


@pytest.mark.parametrize("path", FLOWS, ids=[p.stem for p in FLOWS])
def test_lint_exported_flow_has_no_problem(path: Path) -> None:
    assert lint_flow(path) == []


@pytest.mark.parametrize("path", FLOWS, ids=[p.stem for p in FLOWS])
def test_normalise_exported_flow_is_already_normalised(path: Path) -> None:
    assert normalise_file(path, check=True)


def test_lint_flow_set_is_complete() -> None:
    expected = {"whatsapp-inbound", "notify-sales", "error-handler", "inbox-sweeper",
                "quote-followup", "answer-message", "desk-reply", "release-chat"}  # fmt: skip

    assert {p.stem for p in FLOWS} == expected


def node(flow: dict[str, Any], name: str) -> dict[str, Any]:
    return next(n for n in flow["nodes"] if n["name"] == name)


def break_connection(flow: dict[str, Any]) -> None:
    flow["connections"][CHECK]["main"][0][0]["node"] = "Nowhere"


def doubled_path(flow: dict[str, Any]) -> None:
    node(flow, "Llega un mensaje de WhatsApp (POST)")["parameters"]["path"] = "webhook/whatsapp"


def literal_secret(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["parameters"]["headerParameters"]["parameters"].append(
        {"name": "X-API-Key", "value": "abc123secret"}
    )


def literal_host(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["parameters"]["url"] = "http://10.0.0.5/ops/inbox"


def no_retry(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["retryOnFail"] = False


def no_timeout(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["parameters"]["options"] = {}


def no_error_path(flow: dict[str, Any]) -> None:
    del flow["connections"][CHECK]["main"][1]


def legacy_function(flow: dict[str, Any]) -> None:
    node(flow, "Uno por mensaje nuevo")["type"] = "n8n-nodes-base.function"


def unknown_version(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["typeVersion"] = 9


def no_error_workflow(flow: dict[str, Any]) -> None:
    del flow["settings"]["errorWorkflow"]


def interpolated_body(flow: dict[str, Any]) -> None:
    node(flow, CHECK)["parameters"]["jsonBody"] = '{"message_id": "{{ $json.message_id }}"}'


def unmarked_ack(flow: dict[str, Any]) -> None:
    node(flow, "Responderle 200 a Meta enseguida")["parameters"]["options"] = {"responseCode": 200}


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(break_connection, "unknown node 'Nowhere'", id="dangling-connection"),
        pytest.param(doubled_path, "must not start with", id="doubled-webhook-path"),
        pytest.param(literal_secret, "must come from a credential", id="inline-api-key"),
        pytest.param(literal_host, "literal URL", id="literal-host"),
        pytest.param(no_retry, "retry on fail", id="no-retry"),
        pytest.param(no_timeout, "needs a timeout", id="no-timeout"),
        pytest.param(no_error_path, "needs an error output", id="no-error-path"),
        pytest.param(legacy_function, "legacy node", id="function-node"),
        pytest.param(unknown_version, "unknown node type/version", id="unknown-version"),
        pytest.param(no_error_workflow, "no error workflow", id="no-error-workflow"),
        pytest.param(interpolated_body, "string interpolation", id="string-body"),
        pytest.param(unmarked_ack, "needs the header X-Bmc-Ack", id="unmarked-answer"),
    ],
)
def test_lint_reports_broken_flow(tmp_path: Path, mutate: Any, expected: str) -> None:
    flow = copy.deepcopy(INBOUND)
    mutate(flow)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(flow, indent=2))

    problems = lint_flow(path)

    assert any(expected in problem for problem in problems), problems


def test_lint_reports_same_webhook_in_two_flows(tmp_path: Path) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(INBOUND))

    problems = lint_all(tmp_path)

    assert any("also in" in problem for problem in problems)


ANSWER = json.loads((EXPORT_DIR / "answer-message.json").read_text())


def retried_send(flow: dict[str, Any]) -> None:
    node(flow, "Enviar la respuesta por WhatsApp").update(retryOnFail=True, maxTries=3)


def send_that_throws(flow: dict[str, Any]) -> None:
    node(flow, "Enviar el PDF de la cotización")["parameters"]["options"].pop("response")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(retried_send, "must not retry on fail", id="retried-send"),
        pytest.param(send_that_throws, "needs Never Error and Full Response", id="throwing-send"),
    ],
)
def test_lint_reports_unsafe_send_under_a_permit(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    flow = copy.deepcopy(ANSWER)
    mutate(flow)
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(flow, indent=2))

    assert any(expected in problem for problem in lint_flow(path)), lint_flow(path)


def test_every_send_to_the_customer_follows_a_send_permit() -> None:
    """Any Graph API message node of the answer flow (to the customer) sits behind a permit."""
    graph_sends = {
        n["name"]
        for n in ANSWER["nodes"]
        if "/messages" in str(n.get("parameters", {}).get("url", ""))
    }
    permitted = {
        link["node"]
        for source, outputs in ANSWER["connections"].items()
        if "/send-permit" in str(node(ANSWER, source).get("parameters", {}).get("url", ""))
        for link in outputs["main"][0]
    }

    assert graph_sends >= {"Enviar la respuesta por WhatsApp", "Enviar el PDF de la cotización"}
    assert graph_sends <= permitted, graph_sends - permitted
