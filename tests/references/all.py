"""Every family's references in one mapping keyed by canonical activation name."""

from tests.references import classic, exponential, gated, gelu, rectifiers, shrinkage, sigmoid_like, vector

REFERENCES = {
    **sigmoid_like.REFERENCES,
    **rectifiers.REFERENCES,
    **exponential.REFERENCES,
    **gated.REFERENCES,
    **gelu.REFERENCES,
    **shrinkage.REFERENCES,
    **vector.REFERENCES,
    **classic.REFERENCES,
}


def _plugin_references(setting: str) -> dict:
    """References a plugin ships, named by ``ACTPLOT_TEST_REFERENCES=module:ATTRIBUTE[,module:ATTRIBUTE]``:
    a mapping from function name to a :class:`Reference` or to a dict with ``f``, ``d1``, ``d2``
    (mpmath callables) and optionally ``ulps``, ``abs_eps``, ``limits``, ``skip_points``. With it, the
    registry-parametrised tests (accuracy, API) hold an installed plugin's functions to the same bar."""
    import importlib

    from tests.references import Reference

    found = {}
    for item in filter(None, (part.strip() for part in setting.split(","))):
        module, _, attribute = item.partition(":")
        table = getattr(importlib.import_module(module), attribute or "REFERENCES")
        for name, ref in table.items():
            found[name] = ref if isinstance(ref, Reference) else Reference(**ref)
    return found


REFERENCES.update(_plugin_references(__import__("os").environ.get("ACTPLOT_TEST_REFERENCES", "")))
