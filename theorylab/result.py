"""Solver results with scipy-like field names.

Every public solver returns a :class:`SolverResult`. ``trace`` holds the
recorded iterations (``trace["k"]``) and one array per recorded metric.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Mapping

import numpy as np


class Status(IntEnum):
    """Why a run stopped. Kernels return these integer codes."""

    MAX_ITER = 0      #: iteration budget used up (normal end of a fixed-length run)
    CONVERGED = 1     #: stopping tolerance reached
    DIVERGED = 2      #: a non-finite iterate appeared; the run stopped there
    STALLED = 3       #: no progress possible (e.g. line search failed)
    CALLBACK = 4      #: the user callback asked to stop


_MESSAGES = {
    Status.MAX_ITER: "Maximum number of iterations reached.",
    Status.CONVERGED: "Stopping tolerance reached.",
    Status.DIVERGED: "Iterate became non-finite; run stopped (diverged).",
    Status.STALLED: "No further progress possible.",
    Status.CALLBACK: "Stopped by callback.",
}


@dataclass(frozen=True)
class SolverResult:
    """Outcome of a solver run (field names follow ``scipy.optimize.OptimizeResult``).

    ``x`` is the returned iterate (the last iterate unless the solver's
    docstring says otherwise; on divergence, the last finite iterate).
    ``success`` is False only when the run diverged or stalled.
    """

    x: np.ndarray
    fun: float
    nit: int
    nfev: int
    status: Status
    trace: Mapping[str, np.ndarray] = field(default_factory=dict)
    oracle_calls: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return self.status not in (Status.DIVERGED, Status.STALLED)

    @property
    def message(self) -> str:
        return _MESSAGES[Status(self.status)]

    def __repr__(self) -> str:  # short, readable in notebooks
        keys = ", ".join(sorted(self.trace))
        return (f"SolverResult(status={Status(self.status).name}, nit={self.nit}, "
                f"nfev={self.nfev}, oracle_calls={self.oracle_calls}, fun={self.fun:.6g}, "
                f"trace=[{keys}])")
