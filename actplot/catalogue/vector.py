"""vector (being written)."""

SPECS: tuple = ()
