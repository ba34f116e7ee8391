"""Editing a solver's source invalidates exactly the cached results that depend on it."""
import importlib
import pkgutil
from pathlib import Path

import pytest

import theorylab.solvers as solvers
from theorylab.checks import runner
from theorylab.checks.registry import all_claims

SOLVER_MODULES = sorted(f"theorylab.solvers.{m.name}" for m in pkgutil.iter_modules(solvers.__path__))


@pytest.mark.parametrize("module", SOLVER_MODULES)
def test_editing_a_solver_changes_exactly_its_claims_keys(module, monkeypatch):
    claims = all_claims()
    if not claims:
        pytest.skip("no claims registered")
    before = {cid: runner.spec_key(c, True) for cid, c in claims.items()}
    target = Path(importlib.import_module(module).__file__)
    real = Path.read_bytes

    def edited(self):
        data = real(self)
        return data + b"\n# edited\n" if self == target else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    after = {cid: runner.spec_key(c, True) for cid, c in claims.items()}
    for cid, c in claims.items():
        depends = module in runner.dependency_modules(c)
        assert (before[cid] != after[cid]) == depends, cid
