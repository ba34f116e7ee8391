"""Contracts of the solver modules: importing compiles nothing, every kernel is cached
and never uses nnan/ninf, and every family has a NumPy reference with benchmark cases."""
import importlib
import pkgutil

import pytest
from numba.core.registry import CPUDispatcher

import theorylab.solvers as pkg

FAMILIES = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def _kernels(mod):
    return {n: f for n, f in vars(mod).items() if isinstance(f, CPUDispatcher) and f.__module__ == mod.__name__}


@pytest.mark.parametrize("family", FAMILIES)
def test_kernels_are_cached_lazy_and_keep_nan_checks(family):
    mod = importlib.import_module(f"theorylab.solvers.{family}")
    kernels = _kernels(mod)
    assert kernels, f"theorylab.solvers.{family} defines no jitted kernel"
    for name, k in kernels.items():
        assert type(k._cache).__name__ != "NullCache", f"{family}.{name} must use cache=True"
        fm = k.targetoptions.get("fastmath", False)
        flags = set(fm) if isinstance(fm, (set, frozenset)) else ({"fast"} if fm is True else set())
        assert not flags & {"nnan", "ninf", "reassoc", "fast"}, f"{family}.{name}: fastmath {fm} can drop NaN/inf checks"
        assert not k.signatures, f"{family}.{name} compiled at import (eager signature)"


@pytest.mark.parametrize("family", FAMILIES)
def test_family_has_reference_and_bench_cases(family):
    ref = importlib.import_module(f"theorylab.reference.{family}")
    cases = getattr(ref, "BENCH_CASES", [])
    assert cases, f"theorylab.reference.{family} must list BENCH_CASES"
    for c in cases:
        assert c.sizes[0] < c.sizes[1]
