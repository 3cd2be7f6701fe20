"""exponential (being written)."""

SPECS: tuple = ()
