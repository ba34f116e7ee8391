"""Numba compilation policy, in one place.

Kernels use ``@njit(**JIT)``: ``cache=True`` (compiled once per machine) and a
small fastmath set. Never ``nnan``/``ninf`` (they let LLVM delete NaN/inf
checks) and never ``reassoc``: with reassociation LLVM was seen to drop an
``np.isfinite`` test on an overflowing reduction (a sum that reached inf was
reported finite), which would turn a diverging run into garbage.
"""
from __future__ import annotations

#: fastmath flags allowed in kernels (FMA contraction, reciprocal approximation, signed zeros).
FASTMATH = frozenset({"contract", "arcp", "nsz"})

#: keyword arguments for ``numba.njit`` in every kernel (numba wants a plain ``set``).
JIT = dict(cache=True, fastmath=set(FASTMATH), nogil=True)
