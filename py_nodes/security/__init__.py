"""The security node: WhatsApp signatures and handshake, tokens, rate limits, CORS."""

from py_nodes.core.node import NodeSpec
from py_nodes.security import auth_routes, whatsapp
from py_nodes.security.install import install_security

NODE = NodeSpec(
    name="security",
    protected=[whatsapp.router],
    # /auth/* is authenticated by the client id and secret in the body (and rate-limited).
    public=[auth_routes.router],
    install=[install_security],
    self_bounded_paths=[whatsapp.SIGNATURE_PATH],
)
