"""The sales desk: a web page (``/desk``) where BMC's sellers take over WhatsApp chats the bot
handed off, answer them through n8n, and find, move and export quotes. Its pages have their
own sign-in (not the service key); n8n's one call back (``POST /desk/replies``) needs the key.
"""

from py_nodes.core.node import NodeSpec
from py_nodes.core.storage import IndexSpec
from py_nodes.desk import api, pages
from py_nodes.desk.errors_html import install_pages
from py_nodes.desk.state import build_state

NODE = NodeSpec(
    name="desk",
    public=[pages.router],
    protected=[api.router],
    indexes=[
        IndexSpec("desk_events", (("phone", 1), ("at", -1))),
        IndexSpec("contacts", (("with_sales", 1),)),
        IndexSpec("conversations", (("timestamp", 1),)),
    ],
    on_startup=[build_state],
    install=[install_pages],
)
