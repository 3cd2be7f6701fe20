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
