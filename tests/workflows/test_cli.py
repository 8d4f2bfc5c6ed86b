"""``python -m workflows``: one argparse command; stack and chat get their own options."""

from __future__ import annotations

import pytest

from workflows import __main__ as cli
from workflows import chat


def test_own_commands_refuse_unknown_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["normalise", "--check", "--bogus"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_normalise_check_passes_on_the_versioned_flows() -> None:
    assert cli.main(["normalise", "--check"]) == 0


def test_chat_receives_everything_after_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str] | None] = []
    monkeypatch.setattr(chat, "main", seen.append)
    assert cli.main(["chat", "--webhook", "http://127.0.0.1:1/webhook/whatsapp"]) == 0
    assert seen == [["--webhook", "http://127.0.0.1:1/webhook/whatsapp"]]
