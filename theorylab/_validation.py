"""Input checks shared by every public function: one message style.

Every failure raises ``ValueError("<name> must be <requirement>, got <value!r>")``.
"""
from __future__ import annotations

import numbers

import numpy as np


def _fail(name: str, requirement: str, value) -> None:
    shown = value
    if isinstance(value, np.ndarray):
        shown = f"array(shape={value.shape}, dtype={value.dtype})"
    raise ValueError(f"{name} must be {requirement}, got {shown!r}")


def check_int(name: str, value, *, min_value: int | None = None, max_value: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        _fail(name, "an integer", value)
    value = int(value)
    if min_value is not None and value < min_value:
        _fail(name, f"an integer >= {min_value}", value)
    if max_value is not None and value > max_value:
        _fail(name, f"an integer <= {max_value}", value)
    return value


def check_float(name: str, value, *, positive: bool = False, nonnegative: bool = False,
                lower: float | None = None, upper: float | None = None,
                lower_open: bool = False, upper_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        _fail(name, "a real number", value)
    value = float(value)
    if not np.isfinite(value):
        _fail(name, "finite", value)
    if positive and value <= 0:
        _fail(name, "> 0", value)
    if nonnegative and value < 0:
        _fail(name, ">= 0", value)
    if lower is not None and (value <= lower if lower_open else value < lower):
        _fail(name, f"{'>' if lower_open else '>='} {lower}", value)
    if upper is not None and (value >= upper if upper_open else value > upper):
        _fail(name, f"{'<' if upper_open else '<='} {upper}", value)
    return value


def check_array(name: str, value, *, ndim: int | None = None, shape: tuple | None = None,
                finite: bool = True, dtype=np.float64) -> np.ndarray:
    """Return ``value`` as a C-contiguous array of ``dtype`` after checking it.

    ``shape`` may contain ``None`` for free dimensions.
    """
    raw = np.asarray(value) if not isinstance(value, np.ndarray) else value
    if np.iscomplexobj(raw) and not np.issubdtype(np.dtype(dtype), np.complexfloating):
        _fail(name, f"real (a {np.dtype(dtype).name} array, no imaginary part)", raw)
    try:
        arr = np.ascontiguousarray(value, dtype=dtype)
    except (TypeError, ValueError):
        _fail(name, f"convertible to a {np.dtype(dtype).name} array", value)
    if np.issubdtype(np.dtype(dtype), np.integer) and raw.dtype.kind == "f" and raw.size:
        if not np.all(np.isfinite(raw)) or np.any(raw != np.round(raw)):
            _fail(name, "whole numbers (an integer array)", raw)
    if ndim is not None and arr.ndim != ndim:
        _fail(name, f"a {ndim}-D array", arr)
    if shape is not None:
        if arr.ndim != len(shape) or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
            want = "(" + ", ".join("*" if s is None else str(s) for s in shape) + ")"
            _fail(name, f"an array of shape {want}", arr)
    if finite and arr.size and not np.all(np.isfinite(arr)):
        _fail(name, "finite (no NaN or inf)", arr)
    return arr


def check_choice(name: str, value, choices) -> str:
    if value not in choices:
        _fail(name, f"one of {sorted(choices)}", value)
    return value


def make_rng(rng) -> np.random.Generator:
    """``np.random.default_rng`` with a clear error for bad seeds."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)) and not isinstance(rng, bool):
        if isinstance(rng, numbers.Integral) and rng < 0:
            _fail("rng", "None, a non-negative int, a SeedSequence or a Generator", rng)
        return np.random.default_rng(rng)
    _fail("rng", "None, a non-negative int, a SeedSequence or a Generator", rng)


def record_schedule(max_iter: int, record_at=None, *, n_points: int = 60) -> np.ndarray:
    """Iterations at which a solver records its trace (int64, sorted, unique, within [0, max_iter]).

    Default: ``n_points`` geometrically spaced iterations plus 0 and ``max_iter``.
    """
    max_iter = check_int("max_iter", max_iter, min_value=1)
    if record_at is None:
        ks = np.unique(np.round(np.geomspace(1, max_iter, n_points)).astype(np.int64))
        ks = np.concatenate([[0], ks])
    else:
        ks = check_array("record_at", record_at, ndim=1, dtype=np.int64)
        if ks.size == 0 or ks.min() < 0 or ks.max() > max_iter:
            _fail("record_at", f"a non-empty list of iterations within [0, max_iter={max_iter}]", record_at)
        ks = np.unique(ks)
    return np.ascontiguousarray(ks, dtype=np.int64)
