"""The ops node: the WhatsApp message inbox (de-duplication, re-drive), dead letters and the
chats with sales (take, release)."""

from py_nodes.core.node import NodeSpec
from py_nodes.core.storage import IndexSpec
from py_nodes.ops.contacts_routes import router as contacts_router
from py_nodes.ops.routes import SIGNED_DELIVERIES_PATH, router

NODE = NodeSpec(
    name="ops",
    protected=[router, contacts_router],
    indexes=[
        IndexSpec("ops_inbox", (("state", 1), ("updated_at", 1))),
        IndexSpec("ops_dead_letters", (("recorded_at", -1),)),
        IndexSpec("ops_dead_letters", (("workflow", 1), ("recorded_at", -1))),
        IndexSpec("contacts", (("with_sales", 1),)),
    ],
    # Bounded by the route itself (the WhatsApp body-too-large problem, as the signature check).
    self_bounded_paths=[router.prefix + SIGNED_DELIVERIES_PATH],
)
