"""References for the shrinkage family (being written)."""

REFERENCES: dict = {}
