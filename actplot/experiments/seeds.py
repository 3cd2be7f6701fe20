"""Per-run random generators: the i-th child of ``numpy.random.SeedSequence(root).spawn(n)``.

A run needs only its own (root, index) — not the other runs — so runs are independent jobs whose
numbers do not depend on their order, worker or the number of workers.
"""

from __future__ import annotations

import numpy as np


def run_seed(root: int, index: int) -> np.random.SeedSequence:
    """``SeedSequence(root).spawn(n)[index]`` for any n > index (spawned children are numbered)."""
    return np.random.SeedSequence(root).spawn(index + 1)[index]


def run_rng(root: int, index: int) -> np.random.Generator:
    return np.random.default_rng(run_seed(root, index))
