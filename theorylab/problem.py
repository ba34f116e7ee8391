"""The common shape of a test problem (families may subclass it).

A generator ``make_<name>(..., *, rng) -> Problem`` returns arrays, a starting
point, the ground truth, the constants the theorems use, and how the truth
was obtained (``"closed_form"``, ``"linear_solve"``, ``"cvxpy:CLARABEL"``, ...)
with its certified error. Same arguments and seed give a bit-identical problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np


@dataclass(frozen=True)
class Problem:
    name: str
    data: Mapping[str, Any]
    x0: np.ndarray
    truth: Mapping[str, Any]
    constants: Mapping[str, float] = field(default_factory=dict)
    truth_method: str = "closed_form"
    truth_error: float = 0.0

    def __getattr__(self, item):
        # convenience: problem.A for problem.data["A"], problem.x_star for truth["x_star"]
        for mapping in ("data", "truth", "constants"):
            m = object.__getattribute__(self, mapping)
            if item in m:
                return m[item]
        raise AttributeError(item)
