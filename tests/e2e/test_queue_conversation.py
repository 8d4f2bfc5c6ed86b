"""The conversation e2e tests again, with n8n in queue mode (main + webhook + one worker).

Same flows and credentials; the executions run on the worker through Redis, the database is
PostgreSQL. The tests are ``test_conversation``'s, run against ``queue_stack``.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QueueStack, Stack
from tests.e2e.test_conversation import *  # noqa: F403 - the same tests, against the queue-mode stack
from tests.e2e.test_conversation import TURNS, conversation  # noqa: F401 - uses this module's ``stack``

pytestmark = pytest.mark.n8n


@pytest.fixture(scope="module")
def stack(queue_stack: QueueStack) -> Stack:
    return queue_stack


@pytest.mark.usefixtures("conversation")
def test_queue_mode_turns_are_enqueued_by_the_webhook_process_and_run_by_the_worker(
    queue_stack: QueueStack,
) -> None:
    assert queue_stack.queue is not None
    queue = queue_stack.queue
    webhook_log = (queue.webhook.user_folder / "n8n.log").read_text(errors="replace")
    worker_log = (queue.worker_instances[0].user_folder / "n8n.log").read_text(errors="replace")

    enqueued = webhook_log.count("Enqueued execution")
    finished_on_worker = worker_log.count("Worker finished execution")
    assert (enqueued >= len(TURNS), finished_on_worker >= len(TURNS)) == (True, True)
