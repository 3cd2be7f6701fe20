"""References for GELU (being written)."""

REFERENCES: dict = {}
