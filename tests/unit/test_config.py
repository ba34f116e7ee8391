"""The kernel compile policy keeps divergence detectable."""
import numpy as np
from numba import njit

from theorylab._config import JIT


@njit(**JIT)
def _overflowing_sum_is_detected(x, n):
    y = x.copy()
    for t in range(n):
        s = 0.0
        for i in range(y.size):
            y[i] = y[i] * 1e10
            s += y[i] * y[i]
        if not np.isfinite(s):
            return t
    return -1


def test_isfinite_on_an_overflowing_reduction_survives_fastmath():
    assert _overflowing_sum_is_detected(np.ones(5), 100) == 15
