"""GELU family (being written)."""

SPECS: tuple = ()
