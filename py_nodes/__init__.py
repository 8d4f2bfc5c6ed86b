"""BMC Bot Python nodes."""

__version__ = "0.1.0"
