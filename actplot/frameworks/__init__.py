"""What the real frameworks (PyTorch, JAX, Keras, TensorFlow) return, and checks against it.

``points`` is the shared set of inputs (kinks, ties, tails); ``bindings`` calls each framework's
function and autograd on them (used to record the test fixtures and by ``actplot verify``);
``defects`` lists the measured framework inaccuracies we document rather than copy; ``verify``
compares a recording with the catalogue's flavours.
"""
