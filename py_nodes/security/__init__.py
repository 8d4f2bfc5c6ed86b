"""The security node."""

from py_nodes.core.node import NodeSpec

NODE = NodeSpec(name="security")
