"""LV-HBA: single-loop Hessian-free constrained bilevel solver (Yao, Yu, Zeng, Zhang, ICLR 2024,
arXiv:2401.16164, Algorithm 1), for the quadratic problems of ``theorylab.problems.bilevel_lvhba``.

Parameter conventions (stated once, used everywhere in this family)
-------------------------------------------------------------------
* ``gamma1, gamma2`` divide: the proximal Lagrangian is
  ``f(x,th) + <lam, g(x,th)> + ||th - y||^2/(2 gamma1) - ||lam - z||^2/(2 gamma2)``
  (the paper's convention and the authors' toy script; their SVM scripts pass 1/gamma instead).
* ``c_k = c_lo (k + 1)^p``; the outer step follows ``phi_k = F/c_k + f - v_gamma``
  (``psi_k = c_k phi_k`` is the function whose stationarity residual is recorded).
* inner step: ``inner="jacobi"`` is the simultaneous projected GDA step of the paper/code (both
  updates use theta^k, lambda^k); ``"gauss_seidel"`` lets the lambda step use theta^{k+1}.
* Projection onto C: the closed forms ("affine", "pairs", "none") run inside the jitted kernel;
  a user-supplied projector (problem ``proj_kind="callable"`` with ``data["projector"]``, or the
  ``projector=`` argument of :func:`lvhba`, e.g. the cvxpy QP of
  :func:`theorylab.problems.bilevel_lvhba.polyhedral_projector` for a polyhedron) runs the
  Python-level driver: the same jitted kernel does one iteration's algebra (no projection, c_k
  passed in) and the projector is applied in Python between iterations.
* Controls of the brief: ``p=0`` (constant penalty, N1), ``use_value_function=False`` (drop v_gamma,
  N2), ``lam_sign=-1`` (descent instead of ascent in lambda, N3), a large ``eta`` (N4).

The kernel is deterministic (no randomness): it records (x, y), z, theta, lambda at the requested
iterations; the metrics of the brief (residual R_k with the *exact* inner saddle, penalty gap
f - v_gamma, saddle tracking error, distance to the solution) are computed afterwards from the
recorded states by :func:`lvhba_metrics` (plain NumPy, a linear solve / small box QP per point).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from theorylab._config import JIT
from theorylab._validation import check_array, check_choice, check_float, check_int, record_schedule
from theorylab.result import SolverResult, Status

# numba rejects a frozenset for fastmath: pass the same flags as a plain set
_JIT = {**JIT, "fastmath": set(JIT["fastmath"])}
_PROJ = {"affine": 0, "pairs": 1, "none": 2, "callable": 2}   # "callable": projected outside the kernel


_GEMV_MIN_ENTRIES = 4096   # from here on BLAS gemv beats the scalar loop (benchmarks/results/kernels.csv)


@njit(**_JIT)
def _matvec_add(Q, v, q, out):
    """out = Q v + q; BLAS gemv for large Q (row loops cannot vectorise without fastmath reassoc)."""
    d = Q.shape[0]
    if d * Q.shape[1] >= _GEMV_MIN_ENTRIES:
        np.dot(Q, v, out)
        for i in range(d):
            out[i] += q[i]
        return
    for i in range(d):
        s = q[i]
        for j in range(Q.shape[1]):
            s += Q[i, j] * v[j]
        out[i] = s


@njit(**_JIT)
def _project_C(w, proj_kind, P, wc, pix, piy, tmp):
    if proj_kind == 0:
        d = w.shape[0]
        for i in range(d):
            tmp[i] = w[i] - wc[i]
        _matvec_add(P, tmp, wc, w)          # w = wc + P (w - wc)
    elif proj_kind == 1:
        for j in range(pix.shape[0]):
            a = w[pix[j]]
            b = w[piy[j]]
            if b > a:
                mid = 0.5 * (a + b)
                w[pix[j]] = mid
                w[piy[j]] = mid


@njit(**_JIT)
def _lvhba_kernel(QF, qF, Qf, qf, G, h, n, zlo, zhi, proj_kind, P, wc, pix, piy,
                  w_init, z_init, th_init, lam_init, eta, alpha, beta, gamma1, gamma2, c_lo, p,
                  inner_mode, lam_sign, use_v, record_at):
    """LV-HBA iterations 0..record_at[-1]; returns the states at ``record_at`` (rows < nrec valid)."""
    d = w_init.shape[0]
    m = d - n
    l = zlo.shape[0]
    R = record_at.shape[0]
    W = np.zeros((R, d))
    ZR = np.zeros((R, l))
    TH = np.zeros((R, m))
    LA = np.zeros((R, l))
    w = w_init.copy()
    z = z_init.copy()
    th = th_init.copy()
    lam = lam_init.copy()
    wt = np.empty(d)
    gt = np.empty(d)
    gF = np.empty(d)
    gf = np.empty(d)
    gv = np.empty(l)
    th_new = np.empty(m)
    lam_new = np.empty(l)
    w_new = np.empty(d)
    z_new = np.empty(l)
    tmp = np.empty(d)
    K = record_at[R - 1]
    r = 0
    status = 0
    nit = 0
    for k in range(K + 1):
        if r < R and record_at[r] == k:
            W[r, :] = w
            ZR[r, :] = z
            TH[r, :] = th
            LA[r, :] = lam
            r += 1
        if k == K:
            break
        ck = c_lo * (k + 1.0) ** p
        # ---- inner: one projected GDA step on the proximal Lagrangian at (x^k, y^k, z^k)
        for i in range(n):
            wt[i] = w[i]
        for j in range(m):
            wt[n + j] = th[j]
        _matvec_add(Qf, wt, qf, gt)
        _matvec_add(G, wt, h, gv)
        for j in range(m):
            s = gt[n + j] + (th[j] - w[n + j]) / gamma1
            for i in range(l):
                s += lam[i] * G[i, n + j]
            th_new[j] = th[j] - eta * s
        if inner_mode == 1:
            for j in range(m):
                wt[n + j] = th_new[j]
            _matvec_add(G, wt, h, gv)
        for i in range(l):
            v = lam[i] + lam_sign * eta * (gv[i] - (lam[i] - z[i]) / gamma2)
            lam_new[i] = min(max(v, zlo[i]), zhi[i])
        # ---- outer: projected gradient step on phi_k = F/c_k + f - v_gamma
        _matvec_add(QF, w, qF, gF)
        _matvec_add(Qf, w, qf, gf)
        for j in range(m):
            wt[n + j] = th_new[j]
        _matvec_add(Qf, wt, qf, gt)
        for i in range(n):
            s = gF[i] / ck + gf[i]
            if use_v:
                s -= gt[i]
                for t in range(l):
                    s -= lam_new[t] * G[t, i]
            w_new[i] = w[i] - alpha * s
        for j in range(m):
            s = gF[n + j] / ck + gf[n + j]
            if use_v:
                s -= (w[n + j] - th_new[j]) / gamma1
            w_new[n + j] = w[n + j] - alpha * s
        _project_C(w_new, proj_kind, P, wc, pix, piy, tmp)
        for i in range(l):
            dz = -(lam_new[i] - z[i]) / gamma2 if use_v else 0.0
            v = z[i] - beta * dz
            z_new[i] = min(max(v, zlo[i]), zhi[i])
        finite = True
        for i in range(d):
            if not np.isfinite(w_new[i]):
                finite = False
        for j in range(m):
            if not np.isfinite(th_new[j]):
                finite = False
        for i in range(l):
            if not (np.isfinite(lam_new[i]) and np.isfinite(z_new[i])):
                finite = False
        if not finite:
            status = 2
            break
        w[:] = w_new
        th[:] = th_new
        lam[:] = lam_new
        z[:] = z_new
        nit = k + 1
    return W, ZR, TH, LA, r, status, nit, w, z, th, lam


def _arrays(problem):
    """Kernel arguments from ``problem.data``, validated (the kernel indexes them unchecked)."""
    d = problem.data
    dim = check_array("x0", problem.x0, ndim=1).shape[0]
    kind = check_choice("proj_kind", d["proj_kind"], _PROJ)
    n = check_int("n", d["n"], min_value=1, max_value=dim - 1)
    QF = check_array("QF", d["QF"], shape=(dim, dim))
    Qf = check_array("Qf", d["Qf"], shape=(dim, dim))
    Qyy = 0.5 * (Qf[n:, n:] + Qf[n:, n:].T)
    ev = np.linalg.eigvalsh(Qyy)
    if ev[0] < -1e-10 * max(1.0, float(np.abs(ev).max())):
        raise ValueError(f"Qf must be convex in y (Qf[n:, n:] positive semi-definite), got min eigenvalue "
                         f"{float(ev[0])!r}")
    G = check_array("G", d["G"], ndim=2, shape=(None, dim))
    l = G.shape[0]
    zlo = check_array("zlo", d["zlo"], shape=(l,))
    zhi = check_array("zhi", d["zhi"], shape=(l,))
    if np.any(zlo > zhi):
        raise ValueError(f"zlo must be <= zhi (non-empty multiplier box Z), got zlo={zlo!r}, zhi={zhi!r}")
    if kind == "callable" and not callable(d.get("projector")):
        raise ValueError(f"projector must be callable for proj_kind 'callable', got {d.get('projector')!r}")
    if kind == "affine":
        P = check_array("P", d["P"], shape=(dim, dim))
        wc = check_array("wc", d["wc"], shape=(dim,))
    else:
        P, wc = np.zeros((0, 0)), np.ascontiguousarray(d["wc"], np.float64)
    pix = check_array("pix", d["pix"], ndim=1, dtype=np.int64)
    piy = check_array("piy", d["piy"], shape=pix.shape, dtype=np.int64)
    if kind == "pairs" and pix.size and (min(pix.min(), piy.min()) < 0 or max(pix.max(), piy.max()) >= dim):
        raise ValueError(f"pix, piy must index coordinates in [0, {dim}), got {pix!r}, {piy!r}")
    return dict(QF=QF, qF=check_array("qF", d["qF"], shape=(dim,)), Qf=Qf,
                qf=check_array("qf", d["qf"], shape=(dim,)), G=G, h=check_array("h", d["h"], shape=(l,)),
                n=n, zlo=zlo, zhi=zhi, proj_kind=_PROJ[kind], P=P, wc=wc, pix=pix, piy=piy)


def lvhba(problem, *, eta: float = 0.02, alpha: float = 0.005, beta: float = 0.01,
          gamma1: float = 1.0, gamma2: float = 1.0, c_lo: float = 1.0, p: float = 0.25,
          max_iter: int = 10_000, record_at=None, inner: str = "jacobi", lam_sign: int = 1,
          use_value_function: bool = True, w0=None, z0=None, theta0=None, lam0=None,
          metrics: bool = True, projector=None) -> SolverResult:
    """LV-HBA (Yao et al. 2024, Alg. 1) on a :class:`~theorylab.problems.bilevel_lvhba.BilevelQP`.

    ``w0`` (stacked (x, y); projected onto C), ``z0``, ``theta0``, ``lam0`` default to the problem's
    start. Returns ``x`` = the final stacked (x, y); ``extra`` holds the final z, theta, lambda;
    ``trace`` holds "k", "c" (c_k), the recorded states "w", "z", "theta", "lam" and, if
    ``metrics``, the arrays of :func:`lvhba_metrics`. ``p = 0`` is allowed (constant-penalty control).
    On divergence the trace stops at the last recorded finite state and ``status`` is DIVERGED.

    ``projector`` (callable w -> Proj_C(w), returning a float array of w's shape) replaces the
    problem's projection onto C; with it, or with a problem of ``proj_kind="callable"``, the
    iterations run in the Python-level driver (one jitted kernel call per iteration, then the
    projector): same algorithm, results equal to the fused kernel's up to rounding.
    """
    eta = check_float("eta", eta, positive=True)
    alpha = check_float("alpha", alpha, nonnegative=True)
    beta = check_float("beta", beta, nonnegative=True)
    gamma1 = check_float("gamma1", gamma1, positive=True)
    gamma2 = check_float("gamma2", gamma2, positive=True)
    c_lo = check_float("c_lo", c_lo, positive=True)
    p = check_float("p", p, lower=0.0, upper=1.0)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    inner = check_choice("inner", inner, {"jacobi", "gauss_seidel"})
    lam_sign = check_choice("lam_sign", lam_sign, {1, -1})
    ks = record_schedule(max_iter, record_at)
    if ks[-1] != max_iter:
        ks = np.append(ks, np.int64(max_iter))
    if projector is not None and not callable(projector):
        raise ValueError(f"projector must be callable (w -> Proj_C(w)) or None, got {projector!r}")
    A = _arrays(problem)
    dd = problem.data
    if projector is None and dd["proj_kind"] == "callable":
        projector = dd["projector"]
    dim = problem.x0.shape[0]
    l = A["zlo"].shape[0]
    m = dim - A["n"]
    w_start = check_array("w0", problem.x0 if w0 is None else w0, shape=(dim,))
    w_init = problem.project_C(w_start) if projector is None else _call_projector(projector, w_start)
    z_init = np.clip(check_array("z0", dd["z0"] if z0 is None else z0, shape=(l,)), A["zlo"], A["zhi"])
    th_init = check_array("theta0", dd["theta0"] if theta0 is None else theta0, shape=(m,))
    lam_init = np.clip(check_array("lam0", dd["lam0"] if lam0 is None else lam0, shape=(l,)),
                       A["zlo"], A["zhi"])
    args = (A["QF"], A["qF"], A["Qf"], A["qf"], A["G"], A["h"], A["n"], A["zlo"], A["zhi"],
            A["proj_kind"], A["P"], A["wc"], A["pix"], A["piy"],
            np.ascontiguousarray(w_init), np.ascontiguousarray(z_init), np.ascontiguousarray(th_init),
            np.ascontiguousarray(lam_init), eta, alpha, beta, gamma1, gamma2, c_lo, p,
            1 if inner == "gauss_seidel" else 0, float(lam_sign), bool(use_value_function), ks)
    if projector is None:
        W, ZR, TH, LA, nrec, status, nit, w, z, th, lam = _lvhba_kernel(*args)
    else:
        W, ZR, TH, LA, nrec, status, nit, w, z, th, lam = _lvhba_driver(args, projector)
    nrec = int(nrec)
    k = ks[:nrec]
    trace = {"k": k, "c": c_lo * (k + 1.0) ** p, "w": W[:nrec], "z": ZR[:nrec], "theta": TH[:nrec],
             "lam": LA[:nrec]}
    if metrics and nrec:
        trace.update(lvhba_metrics(problem, trace, gamma1=gamma1, gamma2=gamma2))
    st = Status.DIVERGED if status == 2 else Status.MAX_ITER
    return SolverResult(x=w.copy(), fun=problem.F(w), nit=int(nit), nfev=int(nit), status=st,
                        trace=trace, oracle_calls=int(nit),
                        extra={"z": z.copy(), "theta": th.copy(), "lam": lam.copy(),
                               "gradient_evals_per_iter": 3})


def _call_projector(projector, w):
    """Apply a user projector and check its output (shape of w, finite floats)."""
    out = projector(w)
    try:
        arr = np.ascontiguousarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"projector must return a float array of shape {w.shape}, got {out!r}") from None
    if arr.shape != w.shape:
        raise ValueError(f"projector must return an array of shape {w.shape}, got shape {arr.shape!r}")
    return arr


def _lvhba_driver(args, projector):
    """Python-level LV-HBA loop for a user projector: each iteration is one call of the jitted
    kernel with no projection (proj_kind "none", record_at = [0, 1], c_lo = c_k and p = 0, so the
    kernel's penalty equals c_k), followed by ``projector`` on the new (x, y). Same outputs as
    :func:`_lvhba_kernel`."""
    (QF, qF, Qf, qf, G, h, n, zlo, zhi, _kind, P, wc, pix, piy, w, z, th, lam, eta, alpha, beta,
     gamma1, gamma2, c_lo, p, inner_mode, lam_sign, use_v, record_at) = args
    none = _PROJ["none"]
    d, m, l = w.shape[0], th.shape[0], z.shape[0]
    R = record_at.shape[0]
    W, ZR, TH, LA = np.zeros((R, d)), np.zeros((R, l)), np.zeros((R, m)), np.zeros((R, l))
    one = np.array([0, 1], dtype=np.int64)
    w, z, th, lam = w.copy(), z.copy(), th.copy(), lam.copy()
    K = int(record_at[R - 1])
    r, status, nit = 0, 0, 0
    for k in range(K + 1):
        if r < R and record_at[r] == k:
            W[r], ZR[r], TH[r], LA[r] = w, z, th, lam
            r += 1
        if k == K:
            break
        ck = c_lo * (k + 1.0) ** p
        out = _lvhba_kernel(QF, qF, Qf, qf, G, h, n, zlo, zhi, none, P, wc, pix, piy, w, z, th, lam,
                            eta, alpha, beta, gamma1, gamma2, ck, 0.0, inner_mode, lam_sign, use_v, one)
        if out[5] == 2:
            status = 2
            break
        w_new = _call_projector(projector, out[7])
        if not np.all(np.isfinite(w_new)):
            status = 2
            break
        w, z, th, lam = w_new, out[8], out[9], out[10]
        nit = k + 1
    return W, ZR, TH, LA, r, status, nit, w, z, th, lam


# ----------------------------------------------------------------------------------------------
# exact inner saddle, value function, Danskin gradient, residual (plain NumPy)

def _box_qp(H, b, lo, hi):
    """argmin 1/2 l'Hl - b'l over lo <= l <= hi (H > 0): primal-dual active set, then a check;
    falls back to projected gradient if the active-set loop does not certify the KKT conditions."""
    l = b.shape[0]
    if l == 0:
        return np.zeros(0)
    lam = np.clip(np.linalg.solve(H, b), lo, hi)
    scale = 1.0 + np.abs(b).max()
    for _ in range(100):
        grad = H @ lam - b
        low = lam - grad < lo
        up = lam - grad > hi
        free = ~(low | up)
        new = np.where(low, lo, np.where(up, hi, 0.0))
        if free.any():
            rhs = b[free] - H[np.ix_(free, ~free)] @ new[~free]
            new[free] = np.linalg.solve(H[np.ix_(free, free)], rhs)
        new = np.clip(new, lo, hi)
        if np.array_equal(new, lam):
            break
        lam = new
    grad = H @ lam - b
    if np.abs(lam - np.clip(lam - grad, lo, hi)).max() > 1e-11 * scale:
        L = np.linalg.eigvalsh(H).max()
        for _ in range(200_000):
            new = np.clip(lam - (H @ lam - b) / L, lo, hi)
            if np.abs(new - lam).max() <= 1e-15 * scale:
                lam = new
                break
            lam = new
    return lam


def prox_lagrangian(problem, w, z, gamma1: float, gamma2: float, *, use_constraints: bool = True):
    """Exact saddle of the proximal Lagrangian at (x, y, z) = (w[:n], w[n:], z).

    Returns ``(v, theta*, lam*, grad_w v, grad_z v)`` with the Danskin gradients of the brief:
    grad_x v = grad_x f(x, th*) + G_x' lam*, grad_y v = (y - th*)/gamma1, grad_z v = (lam* - z)/gamma2.
    ``use_constraints=False`` drops the Lagrangian term (plain Moreau envelope of f(x, .)).
    """
    d = problem.data
    n = d["n"]
    Qf, qf, G, h = d["Qf"], d["qf"], d["G"], d["h"]
    w = np.asarray(w, np.float64)
    z = np.asarray(z, np.float64)
    x, y = w[:n], w[n:]
    m = y.shape[0]
    M = Qf[n:, n:] + np.eye(m) / gamma1
    base = y / gamma1 - Qf[n:, :n] @ x - qf[n:]
    if use_constraints and G.shape[0]:
        Gx, Gy = G[:, :n], G[:, n:]
        Minv_Gy = np.linalg.solve(M, Gy.T)
        Minv_base = np.linalg.solve(M, base)
        H = Gy @ Minv_Gy + np.eye(G.shape[0]) / gamma2
        H = 0.5 * (H + H.T)
        bvec = Gx @ x + Gy @ Minv_base + h + z / gamma2
        lam = _box_qp(H, bvec, d["zlo"], d["zhi"])
        th = Minv_base - Minv_Gy @ lam
    else:
        Gx = G[:, :n]
        lam = np.zeros(G.shape[0])
        th = np.linalg.solve(M, base)
    wt = np.concatenate([x, th])
    gval = G @ wt + h if use_constraints else np.zeros(G.shape[0])
    v = (0.5 * wt @ Qf @ wt + qf @ wt + lam @ gval + (th - y) @ (th - y) / (2 * gamma1)
         - (lam - z) @ (lam - z) / (2 * gamma2))
    gx = (Qf @ wt + qf)[:n] + (Gx.T @ lam if use_constraints else 0.0)
    gw = np.concatenate([gx, (y - th) / gamma1])
    gz = (lam - z) / gamma2 if use_constraints else np.zeros_like(z)
    return float(v), th, lam, gw, gz


def _dist_normal_cone(problem, w, z, gw, gz, tol=1e-12):
    """dist(0, (gw, gz) + N_C(w) x N_Z(z)) for the problem's C (affine / pairs / R^d) and box Z."""
    d = problem.data
    kind = d["proj_kind"]
    if kind == "affine":
        rw = d["P"] @ gw
        sq = float(rw @ rw)
    elif kind == "callable":
        proj = d["projector"]
        if hasattr(proj, "normal_cone_distance"):
            rw = np.array([proj.normal_cone_distance(w, gw)])
        else:   # prox-gradient mapping: a lower bound on dist(0, g + N_C(w)) (brief section 5)
            rw = w - np.asarray(proj(w - gw), dtype=np.float64)
        sq = float(rw @ rw)
    elif kind == "pairs":
        rw = gw.copy()
        for i, j in zip(d["pix"], d["piy"]):
            if abs(w[i] - w[j]) <= tol * (1.0 + abs(w[i])):
                t = max(0.0, 0.5 * (gw[i] - gw[j]))   # normal cone of {y <= x}: t (e_y - e_x), t >= 0
                rw[i] = gw[i] - t
                rw[j] = gw[j] + t
        sq = float(rw @ rw)
    else:
        sq = float(gw @ gw)
    lo, hi = d["zlo"], d["zhi"]
    rz = np.where(z <= lo, np.maximum(0.0, -gz), np.where(z >= hi, np.maximum(0.0, gz), np.abs(gz)))
    return float(np.sqrt(sq + float(rz @ rz)))


def lvhba_metrics(problem, trace, *, gamma1: float, gamma2: float) -> dict:
    """Brief section 4 metrics at every recorded state (exact inner saddle, not the tracked one).

    "residual": R_k = dist(0, grad psi_k + N_{C x Z}), psi_k = F + c_k (f - v_gamma);
    "residual_min": its running minimum over the recorded iterations;
    "gap": f - v_gamma; "tracking": ||theta - theta*|| + ||lambda - lambda*||;
    "relerr_x": ||x - x*||/||x*||, "relerr_w": ||w - w*||/||w*|| (when the truth is known);
    "F": upper-level value.
    """
    d = problem.data
    n = d["n"]
    QF, qF, Qf, qf = d["QF"], d["qF"], d["Qf"], d["qf"]
    W, Z, TH, LA, C = trace["w"], trace["z"], trace["theta"], trace["lam"], trace["c"]
    R = W.shape[0]
    out = {key: np.empty(R) for key in ("residual", "gap", "tracking", "F")}
    for r in range(R):
        w, z = W[r], Z[r]
        v, th, lam, gw_v, gz_v = prox_lagrangian(problem, w, z, gamma1, gamma2)
        gpsi_w = QF @ w + qF + C[r] * (Qf @ w + qf - gw_v)
        gpsi_z = -C[r] * gz_v
        out["residual"][r] = _dist_normal_cone(problem, w, z, gpsi_w, gpsi_z)
        out["gap"][r] = 0.5 * w @ Qf @ w + qf @ w - v
        out["tracking"][r] = np.linalg.norm(TH[r] - th) + np.linalg.norm(LA[r] - lam)
        out["F"][r] = problem.F(w)
    out["residual_min"] = np.minimum.accumulate(out["residual"])
    if "x_star" in problem.truth:
        xs, ws = problem.truth["x_star"], problem.truth["w_star"]
        out["relerr_x"] = np.linalg.norm(W[:, :n] - xs, axis=1) / np.linalg.norm(xs)
        out["relerr_w"] = np.linalg.norm(W - ws, axis=1) / np.linalg.norm(ws)
    return out


def penalized_minimizer(problem, c: float, gamma1: float, gamma2: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact minimiser of psi_c = F + c (f - v_gamma) over C x R^l for affine C and an unclipped
    (equality) multiplier: psi_c is quadratic, so one KKT solve. Returns (w_c, z_c).

    v_gamma is quadratic in (w, z) here; its Hessian and gradient at 0 are read off from
    :func:`prox_lagrangian` at basis points (exact for quadratics, up to rounding)."""
    d = problem.data
    if d["proj_kind"] != "affine":
        raise ValueError(f"problem must have an affine C, got proj_kind={d['proj_kind']!r}")
    dim = problem.x0.shape[0]
    l = d["zlo"].shape[0]
    N = dim + l

    def grad(u):
        _, _, _, gw, gz = prox_lagrangian(problem, u[:dim], u[dim:], gamma1, gamma2)
        gp = np.concatenate([d["QF"] @ u[:dim] + d["qF"] + c * (d["Qf"] @ u[:dim] + d["qf"] - gw),
                             -c * gz])
        return gp

    g0 = grad(np.zeros(N))
    Hm = np.column_stack([grad(e) - g0 for e in np.eye(N)])
    Hm = 0.5 * (Hm + Hm.T)
    # constraints: A w = b for C (A from the projector), z free
    A = d["G"]
    b = -d["h"]
    Aaug = np.concatenate([A, np.zeros((A.shape[0], l))], axis=1)
    K = np.block([[Hm, Aaug.T], [Aaug, np.zeros((A.shape[0], A.shape[0]))]])
    sol = np.linalg.solve(K, np.concatenate([-g0, b]))
    return sol[:dim], sol[dim:N]


def inner_jacobian(problem, gamma1: float, gamma2: float, eta: float, *, inner: str = "jacobi") -> np.ndarray:
    """Jacobian of the (unclipped) inner GDA map (theta, lambda) -> (theta+, lambda+) at frozen
    (x, y, z): it is affine, so this is exact. Stable iff its spectral radius is < 1."""
    d = problem.data
    n = d["n"]
    Qyy = d["Qf"][n:, n:]
    Gy = d["G"][:, n:]
    m, l = Qyy.shape[0], Gy.shape[0]
    Jt = np.eye(m) - eta * (Qyy + np.eye(m) / gamma1)
    Jtl = -eta * Gy.T
    if inner == "jacobi":
        Jlt = eta * Gy
    else:
        Jlt = eta * Gy @ Jt
        Jtl_gs = eta * Gy @ Jtl
    Jl = np.eye(l) * (1 - eta / gamma2)
    if inner != "jacobi":
        Jl = Jl + Jtl_gs
    return np.block([[Jt, Jtl], [Jlt, Jl]])


def inner_step_threshold(problem, gamma1: float, gamma2: float) -> float:
    """Largest eta for which the simultaneous (Jacobi) inner step is stable (brief claim 9):
    eta* = min over eigenvalues nu of the inner saddle operator of 2 Re(nu)/|nu|^2."""
    d = problem.data
    n = d["n"]
    Qyy = d["Qf"][n:, n:]
    Gy = d["G"][:, n:]
    m, l = Qyy.shape[0], Gy.shape[0]
    Aop = np.block([[Qyy + np.eye(m) / gamma1, Gy.T], [-Gy, np.eye(l) / gamma2]])
    nu = np.linalg.eigvals(Aop)
    return float(np.min(2 * nu.real / np.abs(nu) ** 2))
