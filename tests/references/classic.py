"""References for the classic family (being written)."""

REFERENCES: dict = {}
