"""The catalogue of activation specs, one module per family; ``actplot.registry`` collects them."""
