"""References for the rectifiers family (being written)."""

REFERENCES: dict = {}
