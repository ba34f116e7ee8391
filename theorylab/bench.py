"""Benchmark cases: how ``benchmarks/`` times a kernel against its NumPy reference.

Each ``theorylab.reference.<family>`` module defines ``BENCH_CASES: list[BenchCase]``;
the harness discovers them, so a new family is benchmarked without new harness code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np


@dataclass(frozen=True)
class BenchCase:
    """One kernel vs its reference on inputs of a given size.

    ``make_inputs(size, rng)`` returns the keyword arguments shared by
    ``jitted(**inputs)`` (the public solver or kernel, fast path) and
    ``reference(**inputs)`` (plain NumPy, same algorithm, same iterations).
    ``work(inputs)`` optionally returns ``(flops, bytes_moved)`` of one call, for
    the roofline comparison. ``sizes`` = (small, large).
    """

    name: str
    make_inputs: Callable[[int, np.random.Generator], Mapping[str, Any]]
    jitted: Callable[..., Any]
    reference: Callable[..., Any]
    sizes: tuple[int, int]
    work: Callable[[Mapping[str, Any]], tuple[float, float]] | None = None
    size_name: str = "n"
