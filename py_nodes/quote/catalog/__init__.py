"""The price catalog: its file (catalog.yaml), the models that validate it, its JSON cache."""
