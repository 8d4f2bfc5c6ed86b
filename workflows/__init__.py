"""BMC Bot's n8n workflows: lint, normalise, import/export and a launcher for a real n8n."""

from pathlib import Path

EXPORT_DIR = Path(__file__).resolve().parent / "n8n-export"
