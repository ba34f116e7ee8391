"""Peers on the same work, side by side in one process.

* scipy ``trust-constr`` and ``SLSQP`` vs AdaSketch-Newton (randomized Kaczmarz) and the exact
  Newton-KKT variant on the equality-constrained problems of ``theorylab.problems.sketched_newton``:
  wall time and iterations to the same KKT tolerance, ||grad L|| <= 1e-8 (multipliers for scipy
  from a least-squares fit of grad f + G^T lam = 0 at its solution).
* Optional peers (``pip install -e ".[peers]"``: DPPy, PyDMD, PEPit): the continuous projection DPP
  sampler, EDMD on the same lifted snapshots and the Halpern worst-case PEP, each checked to compute
  the same thing; when a peer does not import it is recorded as missing with the import error, so the
  base install stays lean.
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


def lvhba_vs_cvxpy(repeats: int = 3) -> pd.DataFrame:
    """Convex bilevel instances of claim yao24_lvhba_cvxpy_reference (G2.3, n = 3..12): wall time of
    LV-HBA (that claim's parameters) run to the first recorded iterate with relative error <= 1e-3,
    vs building and solving the equivalent single-level QP with cvxpy/CLARABEL (the reference)."""
    from theorylab.problems.bilevel_lvhba import make_lsc_equality
    from theorylab.solvers.bilevel_lvhba import lvhba
    kw = dict(eta=0.4, alpha=0.15, beta=0.2, gamma1=0.5, gamma2=1.0, c_lo=10.0, p=0.45)
    rows = []
    for n in (3, 5, 8, 12):
        t_ref, prob = _best(lambda: make_lsc_equality(n, n + 3, 3, rng=0), repeats)
        K = 1_000_000
        rec = np.unique(np.round(np.geomspace(1, K, 400)).astype(np.int64))
        res = lvhba(prob, max_iter=K, record_at=rec, **kw)
        hit = np.nonzero(np.asarray(res.trace["relerr_w"]) <= 1e-3)[0]
        k_hit = int(res.trace["k"][hit[0]]) if hit.size else K
        t_lv, _ = _best(lambda: lvhba(prob, max_iter=k_hit, **kw), repeats)
        rows.append({"n": n, "lvhba_iterations_to_1e-3": k_hit, "t_lvhba_s": t_lv, "t_cvxpy_reference_s": t_ref,
                     "speedup_of_theorylab": t_ref / t_lv})
    return pd.DataFrame(rows)


def _best(fn, repeats):
    best, out = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def dppy_vs_projection_dpp(repeats: int = 3, n_stat: int = 200) -> pd.DataFrame:
    """One draw of the continuous projection DPP with the first m Legendre polynomials (uniform
    measure on [-1, 1]^d), DPPy's ``MultivariateJacobiOPE`` (a = b = 0, same multi-indices in DPPy's
    order; chain rule, plus its 1-d tridiagonal model) vs ``sample_projection_dpp``. Same law is
    checked through E[sum_i |x_i|^2] = int |x|^2 K(x, x) dmu (exact), estimated from ``n_stat`` draws."""
    from dppy.multivariate_jacobi_ope import MultivariateJacobiOPE
    from theorylab.solvers.dpp_least_squares import basis, sample_projection_dpp
    rows = []
    for d, m in [(1, 16), (1, 64), (2, 16), (2, 36)]:
        dpp = MultivariateJacobiOPE(m, np.zeros((d, 2)))
        idx = np.asarray(dpp.ordering, dtype=np.int64).reshape(m, d)
        g = np.polynomial.legendre.leggauss(m + 2)      # exact for the degree-2m integrand
        nodes = np.stack(np.meshgrid(*[g[0]] * d, indexing="ij"), -1).reshape(-1, d)
        wts = np.prod(np.stack(np.meshgrid(*[g[1] / 2] * d, indexing="ij"), -1).reshape(-1, d), axis=1)
        exact = float(np.sum(wts * np.sum(nodes ** 2, axis=1) * np.sum(basis(nodes, idx) ** 2, axis=1)))
        sample_projection_dpp(idx, 1, rng=0)                       # compile outside the timed region
        variants = [("theorylab chain rule", lambda s: sample_projection_dpp(idx, 1, rng=s).x[0]),
                    ("DPPy chain rule", lambda s: dpp.sample(random_state=s, tridiag_1D=False))]
        if d == 1:
            variants.append(("DPPy tridiagonal model", lambda s: dpp.sample(random_state=s, tridiag_1D=True)))
        for label, draw in variants:
            n_rep = 20 if label.startswith("DPPy") else 200
            t, _ = _best(lambda: [draw(s) for s in range(n_rep)], repeats)
            stat = np.mean([np.sum(np.asarray(draw(1000 + s)) ** 2) for s in range(n_stat)])
            rows.append({"d": d, "m": m, "method": label, "seconds_per_draw": t / n_rep,
                         "mean_sum_x2": stat, "exact_mean_sum_x2": exact})
    df = pd.DataFrame(rows)
    ours = df[df.method == "theorylab chain rule"].set_index(["d", "m"])["seconds_per_draw"]
    df["speedup_of_theorylab"] = [r.seconds_per_draw / ours[(r.d, r.m)] for r in df.itertuples()]
    return df


def pydmd_vs_edmd(repeats: int = 5) -> pd.DataFrame:
    """EDMD on the same lifted snapshots (Duffing pairs, Legendre-tensor dictionary): PyDMD's exact
    DMD without truncation (``svd_rank=-1``; K = Psi_X^+ Psi_Y, i.e. EDMD) vs ``theorylab.solvers.koopman.edmd``.
    Records the max eigenvalue mismatch after sorting (same operator up to rounding)."""
    from pydmd import DMD
    from theorylab.solvers.koopman import edmd
    rows = []
    rng = np.random.default_rng(0)
    for M, N in [(2000, 25), (5000, 100), (20000, 225)]:
        k = int(round(np.sqrt(N)))
        X = rng.uniform(-1, 1, size=(M, 2))
        Y = np.column_stack([X[:, 1], X[:, 0] - X[:, 0] ** 3 - 0.1 * X[:, 1]]) * 0.1 + X
        L = lambda Z: np.einsum("mi,mj->mij", np.polynomial.legendre.legvander(Z[:, 0], k - 1),
                                np.polynomial.legendre.legvander(Z[:, 1], k - 1)).reshape(M, -1)
        PX, PY = L(X), L(Y)
        edmd(PX, PY)
        t_ours, r = _best(lambda: edmd(PX, PY), repeats)
        t_peer, dmd = _best(lambda: DMD(svd_rank=-1, exact=True).fit(PX.T, PY.T), repeats)
        a, b = np.sort_complex(r.x), np.sort_complex(np.asarray(dmd.eigs))
        mismatch = float(np.max(np.abs(a - b))) if a.shape == b.shape else np.nan
        rows.append({"M": M, "N": PX.shape[1], "t_theorylab_s": t_ours, "t_pydmd_s": t_peer,
                     "speedup_of_theorylab": t_peer / t_ours, "max_eig_mismatch": mismatch})
    return pd.DataFrame(rows)


def pepit_vs_own_sdp(repeats: int = 3) -> pd.DataFrame:
    """Worst case of N Halpern steps, max ||x_N - T x_N||^2 with ||x_0 - x*|| <= 1: PEPit's example
    (``wc_halpern_iteration``, cvxpy wrapper, its default solver) vs the project's own PEP SDP
    (``validations/lieder21_halpern_pep_sdp.py``, CLARABEL) vs the exact value (2/(N+1))^2."""
    from PEPit.examples.fixed_point_problems import wc_halpern_iteration
    from theorylab.validations.lieder21_halpern_pep_sdp import pep_worst_case
    rows = []
    for N in (5, 10, 20, 40):
        t_own, v_own = _best(lambda: pep_worst_case(N), repeats)
        t_pep, v_pep = _best(lambda: wc_halpern_iteration(n=N, verbose=-1)[0], repeats)
        rows.append({"N": N, "exact": (2 / (N + 1)) ** 2, "theorylab_value": v_own, "pepit_value": v_pep,
                     "t_theorylab_s": t_own, "t_pepit_s": t_pep, "speedup_of_theorylab": t_pep / t_own})
    return pd.DataFrame(rows)


def _version(name, module) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return getattr(module, "__version__", "?")


OPTIONAL_PEERS = {"dppy": dppy_vs_projection_dpp, "pydmd": pydmd_vs_edmd, "PEPit": pepit_vs_own_sdp}


def optional_peers(quick: bool = False) -> tuple[pd.DataFrame, dict]:
    """Run each optional peer comparison whose package imports; record why the others did not."""
    rows, tables = [], {}
    for mod, fn in OPTIONAL_PEERS.items():
        try:
            m = importlib.import_module(mod)
        except Exception as e:  # noqa: BLE001 - any import failure is recorded
            rows.append({"peer": mod, "status": f"not available: {type(e).__name__}: {str(e)[:80]}"})
            continue
        tables[mod] = fn(repeats=1 if quick else 3)
        rows.append({"peer": mod, "status": f"compared (version {_version(mod, m)})"})
    return pd.DataFrame(rows), tables
