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
    the roofline comparison. ``sizes`` = (small, large). ``growth_sizes`` and
    ``expected_slope``: time of ``jitted`` vs size, fitted on a log-log scale and
    compared with the algorithm's complexity.
    """

    name: str
    make_inputs: Callable[[int, np.random.Generator], Mapping[str, Any]]
    jitted: Callable[..., Any]
    reference: Callable[..., Any]
    sizes: tuple[int, int]
    work: Callable[[Mapping[str, Any]], tuple[float, float]] | None = None
    size_name: str = "n"
    growth_sizes: tuple[int, ...] = ()        # sizes for the cost-growth fit (jitted only)
    expected_slope: float | None = None       # complexity exponent in the size, e.g. 2.0 for O(n^2)
