"""References for the vector family (being written)."""

REFERENCES: dict = {}
