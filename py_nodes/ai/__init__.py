"""The ai node: understands WhatsApp messages, keeps the conversation, asks for quotes."""

from py_nodes.ai.router import router
from py_nodes.ai.runtime import start_ai
from py_nodes.core.node import NodeSpec
from py_nodes.core.storage import IndexSpec

NODE = NodeSpec(
    name="ai",
    protected=[router],
    indexes=[
        IndexSpec("conversations", (("timestamp", -1),)),
        IndexSpec("conversations", (("phone", 1), ("timestamp", -1))),
        IndexSpec("sessions", (("phone", 1),), unique=True),
    ],
    on_startup=[start_ai],
)
