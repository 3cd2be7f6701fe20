"""References for the exponential family (being written)."""

REFERENCES: dict = {}
