"""shrinkage (being written)."""

SPECS: tuple = ()
