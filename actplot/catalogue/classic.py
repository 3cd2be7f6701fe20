"""classic (being written)."""

SPECS: tuple = ()
