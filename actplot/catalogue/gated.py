"""gated (being written)."""

SPECS: tuple = ()
