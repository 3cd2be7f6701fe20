"""rectifiers (being written)."""

SPECS: tuple = ()
