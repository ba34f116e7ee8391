"""Numba compilation policy, in one place.

Kernels use ``@njit(**JIT)``: ``cache=True`` (compiled once per machine) and a
fastmath set that never includes ``nnan``/``ninf``, so divergence and NaN
checks inside kernels keep working.
"""
from __future__ import annotations

#: fastmath flags allowed in kernels: reassociation and contraction only.
FASTMATH = frozenset({"reassoc", "contract", "arcp", "nsz"})

#: keyword arguments for ``numba.njit`` in every kernel (numba wants a plain ``set``).
JIT = dict(cache=True, fastmath=set(FASTMATH), nogil=True)
