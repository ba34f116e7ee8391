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


def test_importing_the_solvers_compiles_nothing():
    """In a fresh interpreter, importing every solver module leaves every kernel uncompiled."""
    import subprocess
    import sys
    code = ("import importlib, pkgutil, theorylab.solvers as p\n"
            "from numba.core.registry import CPUDispatcher\n"
            "bad = [f'{m.name}.{n}' for m in pkgutil.iter_modules(p.__path__)\n"
            "       for n, f in vars(importlib.import_module('theorylab.solvers.' + m.name)).items()\n"
            "       if isinstance(f, CPUDispatcher) and f.signatures]\n"
            "print(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"kernels compiled at import: {out}"


@pytest.mark.parametrize("family", FAMILIES)
def test_family_has_reference_and_bench_cases(family):
    ref = importlib.import_module(f"theorylab.reference.{family}")
    cases = getattr(ref, "BENCH_CASES", [])
    assert cases, f"theorylab.reference.{family} must list BENCH_CASES"
    for c in cases:
        assert c.sizes[0] < c.sizes[1]
