"""The ai node."""

from py_nodes.core.node import NodeSpec

NODE = NodeSpec(name="ai")
