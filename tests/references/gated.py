"""References for the gated family (being written)."""

REFERENCES: dict = {}
