"""Test problems for Halpern iteration (Lieder 2021; Cai, Alacaoglu & Diakonikolas, ICLR 2024).

Every generator returns a :class:`theorylab.problem.Problem` with exact truth:

* ``make_reflection``       1-D reflection ``T x = 2x* - x`` (equality instance of Lieder's bound).
* ``make_rotation``         VRH-R: ``T = x* + U (+)_j rho_j R(theta_j) U^T (x - x*)`` (random orthogonal U),
                            ``F = (L/2)(I - T)`` 1/L-cocoercive; equal mass per block, D = ||x0 - x*||.
* ``make_cocoercive_sum``   VRH-C: spectral finite sum (same F for every n; heterogeneity h, exact L).
* ``make_monotone_sum``     VRH-MB: the same construction with rotation blocks (monotone, not cocoercive).
* ``make_bilinear_columns`` VRH-M: ``M = [[P, K], [-K^T, Q]]`` with column components (P = Q = 0: bilinear).
* ``make_matrix_game``      VRH-G: the authors' policeman-burglar style matrix game on two simplices.
* ``make_hard_qp``          VRH-QP: the authors' hard bilinearly coupled QP.

Finite-sum problems hold the mapping expected by :mod:`theorylab.solvers.halpern` in ``data``.
"""
from __future__ import annotations

import numpy as np

from theorylab._validation import check_float, check_int, make_rng
from theorylab.problem import Problem


def _orthogonal(d, gen):
    G = gen.standard_normal((d, d))
    Q, R = np.linalg.qr(G)
    Q = Q * np.sign(np.diag(R))[None, :]
    return np.ascontiguousarray(Q)


def make_reflection(*, L=1.0, x0=1.0, x_star=0.0, rng=None) -> Problem:
    """VRH reflection instance in R^1: ``T x = 2 x* - x``; ``F(u) = L (u - u*)`` (so that
    ``I - (2/L) F = T``). Halpern gives ``x_k - x* = (x0 - x*)/(k+1)`` at even k, 0 at odd k."""
    L = check_float("L", L, positive=True)
    x0 = check_float("x0", x0)
    x_star = check_float("x_star", x_star)
    if x0 == x_star:
        raise ValueError(f"x0 must differ from x_star, got {x0!r}")
    data = dict(A=np.array([[-1.0]]), b=np.array([2.0 * x_star]), M=np.array([[L]]),
                c=np.array([L * x_star]))
    return Problem("reflection", data, np.array([x0]), dict(x_star=np.array([x_star])),
                   constants=dict(L=L, D=abs(x0 - x_star)), truth_method="closed_form")


def make_rotation(n_blocks=30, *, theta_min=1e-4, theta_max=np.pi, contraction=None, L=1.0,
                  D=1.0, angles="grid", rng=None) -> Problem:
    """VRH-R: ``T(x) = x* + U R U^T (x - x*)``, R = (+)_j rho_j R(theta_j), theta_j log-spaced in
    [theta_min, theta_max] (``angles="grid"``) or drawn log-uniformly there (``angles="random"``);
    ``rho_j = 1`` (pure rotations) or, with ``contraction = r < 1``, rho_j uniform in [r, 1] on a
    random half of the blocks (the other half stay pure rotations). ``F(u) = (L/2)(u - T u)`` is 1/L-cocoercive (T nonexpansive). x* ~ N(0, I),
    ``x0 = x* + U z`` with ``||z_block_j|| = D/sqrt(n_blocks)`` (equal mass, random directions)."""
    nb = check_int("n_blocks", n_blocks, min_value=1)
    theta_min = check_float("theta_min", theta_min, positive=True)
    theta_max = check_float("theta_max", theta_max, lower=theta_min, upper=np.pi)
    L = check_float("L", L, positive=True)
    D = check_float("D", D, positive=True)
    gen = make_rng(rng)
    d = 2 * nb
    U = _orthogonal(d, gen)
    x_star = gen.standard_normal(d)
    phi = gen.uniform(0.0, 2.0 * np.pi, nb)
    if contraction is None:
        rho = np.ones(nb)
    else:
        r = check_float("contraction", contraction, lower=0.0, upper=1.0)
        rho = np.where(gen.permutation(nb) < nb // 2, gen.uniform(r, 1.0, nb), 1.0)
    if angles == "grid":
        theta = np.geomspace(theta_min, theta_max, nb)
    elif angles == "random":
        theta = np.sort(np.exp(gen.uniform(np.log(theta_min), np.log(theta_max), nb)))
    else:
        raise ValueError(f"angles must be 'grid' or 'random', got {angles!r}")
    R = np.zeros((d, d))
    z = np.zeros(d)
    for j in range(nb):
        c, s = np.cos(theta[j]), np.sin(theta[j])
        R[2 * j:2 * j + 2, 2 * j:2 * j + 2] = rho[j] * np.array([[c, -s], [s, c]])
        z[2 * j:2 * j + 2] = D / np.sqrt(nb) * np.array([np.cos(phi[j]), np.sin(phi[j])])
    A = U @ R @ U.T
    b = x_star - A @ x_star
    M = 0.5 * L * (np.eye(d) - A)
    c = M @ x_star
    x0 = x_star + U @ z
    data = dict(A=np.ascontiguousarray(A), b=b, M=np.ascontiguousarray(M), c=c, theta=theta, rho=rho)
    return Problem("rotation", data, x0, dict(x_star=x_star),
                   constants=dict(L=L, D=float(np.linalg.norm(x0 - x_star)), theta_min=theta_min),
                   truth_method="closed_form")


def heterogeneity_for(n, kappa):
    """h(n) with L/L_F = kappa for an n-component VRH-C/VRH-MB: h = sqrt((kappa^2-1)/(n-1))."""
    n = check_int("n", n, min_value=2)
    kappa = check_float("kappa", kappa, lower=1.0)
    h = np.sqrt((kappa ** 2 - 1.0) / (n - 1.0))
    if h > 1.0:
        raise ValueError(f"kappa must be <= sqrt(n) = {np.sqrt(n)!r}, got {kappa!r}")
    return float(h)


def _spectral_sum(name, n, d, h, kappa, L_F, ba, bs, bc, gen, D, sigma):
    n = check_int("n", n, min_value=2)
    if kappa is not None:
        h = heterogeneity_for(n, kappa)
    h = check_float("h", h, lower=0.0, upper=1.0)
    nb = d // 2
    Q = _orthogonal(d, gen)
    u_star = gen.standard_normal(d)
    signs = gen.choice([-1.0, 1.0], size=d)
    u0 = u_star + Q @ (signs * D / np.sqrt(d))
    Blk = np.zeros((d, d))
    for j in range(nb):
        Blk[2 * j:2 * j + 2, 2 * j:2 * j + 2] = [[ba[j], bs[j]], [-bs[j], bc[j]]]
    A = np.ascontiguousarray(Q @ Blk @ Q.T)
    owner = (np.arange(nb) % n).astype(np.int64)
    L = L_F * np.sqrt(1.0 + h * h * (n - 1.0))
    # offsets g * (n 1[owner = i] - 1): mean 0; (1/n) sum_i ||e_i||^2 = sigma^2 needs
    # sum over owned coordinates of g^2 (n-1) = sigma^2 (coordinates of blocks with an owner)
    gdir = gen.standard_normal(d)
    g = np.ascontiguousarray(gdir / np.linalg.norm(gdir) * sigma / np.sqrt(n - 1.0))
    data = dict(kind="spectral", A=A, b=A @ u_star, Q=Q, ba=ba, bs=bs, bc=bc, owner=owner, h=h, n=n,
                u_star=u_star, g=g)
    return Problem(name, data, u0, dict(x_star=u_star),
                   constants=dict(L=L, L_F=L_F, D=float(np.linalg.norm(u0 - u_star)), h=h, n=n,
                                  sigma=float(sigma)),
                   truth_method="closed_form")


def make_cocoercive_sum(n, *, d=50, h=0.0, kappa=None, L_F=1.0, D=1.0, sigma=0.0, spectrum="power",
                        decades=6.0, rng=None) -> Problem:
    """VRH-C: ``F(u) = Q diag(lam) Q^T (u - u*)``, ``lam_j = L_F j^{-2}`` (slow modes; ``spectrum="power"``)
    or ``lam_j = L_F 10^{-decades (j-1)/(d-1)}`` (``spectrum="geometric"``; with few decades every mode
    converges early and Halpern's residual sits on its anchoring-limited 1/k regime), paired into
    2x2 diagonal blocks; component i carries weights ``w_ij = (1-h) + h n 1[owner_j = i]``,
    ``owner_j = j mod n`` (block j). The operator F (Q, lam, u*, u0) does not depend on n or h.
    Exact constants: F is 1/L_F-cocoercive, ``L = L_F sqrt(1 + h^2 (n-1))`` (mean-square Lipschitz,
    ``(1/n) sum ||F_i(u)-F_i(v)||^2 <= L^2 ||u-v||^2``, tight). ``kappa`` sets h so that L = kappa L_F.
    ``sigma > 0`` adds zero-mean offsets ``Q g (n 1[owner = i] - 1)`` to the components (noise
    ``(1/n) sum ||F_i(u*)||^2 = sigma^2`` when every block has an owner, i.e. n >= d/2; F, u*, L unchanged).
    The offset direction is drawn after u0, so sigma does not change the other draws."""
    d = check_int("d", d, min_value=2)
    if d % 2:
        raise ValueError(f"d must be even, got {d!r}")
    L_F = check_float("L_F", L_F, positive=True)
    D = check_float("D", D, positive=True)
    sigma = check_float("sigma", sigma, nonnegative=True)
    gen = make_rng(rng)
    if spectrum == "power":
        lam = L_F * np.arange(1, d + 1, dtype=np.float64) ** -2.0
    elif spectrum == "geometric":
        decades = check_float("decades", decades, positive=True)
        lam = L_F * 10.0 ** (-decades * np.arange(d, dtype=np.float64) / (d - 1))
    else:
        raise ValueError(f"spectrum must be 'power' or 'geometric', got {spectrum!r}")
    ba, bc = np.ascontiguousarray(lam[0::2]), np.ascontiguousarray(lam[1::2])
    bs = np.zeros(d // 2)
    return _spectral_sum("cocoercive_sum", n, d, h, kappa, L_F, ba, bs, bc, gen, D, sigma)


def make_monotone_sum(n, *, d=50, h=0.0, kappa=None, L_F=1.0, D=1.0, damping=0.0, sigma=0.0,
                      spectrum="harmonic", decades=4.0, rng=None) -> Problem:
    """VRH-MB: as VRH-C but block j is ``r_j [[a, s], [-s, a]]`` with modulus ``r_j = L_F j^{-1}``
    (j = 1..d/2; ``spectrum="harmonic"``) or ``r_j = L_F 10^{-decades (j-1)/(d/2-1)}``
    (``spectrum="geometric"``: slow rotation modes, on which unanchored methods such as EG are
    Theta(k^{-1/2})), ``a = damping`` and ``s = sqrt(1 - a^2)``: monotone, L_F-Lipschitz, not
    cocoercive when ``damping = 0``. Same exact ``L = L_F sqrt(1 + h^2(n-1))``."""
    d = check_int("d", d, min_value=2)
    if d % 2:
        raise ValueError(f"d must be even, got {d!r}")
    L_F = check_float("L_F", L_F, positive=True)
    D = check_float("D", D, positive=True)
    a = check_float("damping", damping, lower=0.0, upper=1.0)
    sigma = check_float("sigma", sigma, nonnegative=True)
    gen = make_rng(rng)
    if spectrum == "harmonic":
        r = L_F / np.arange(1, d // 2 + 1, dtype=np.float64)
    elif spectrum == "geometric":
        decades = check_float("decades", decades, positive=True)
        r = L_F * 10.0 ** (-decades * np.arange(d // 2, dtype=np.float64) / max(d // 2 - 1, 1))
    else:
        raise ValueError(f"spectrum must be 'harmonic' or 'geometric', got {spectrum!r}")
    ba = np.ascontiguousarray(r * a)
    bs = np.ascontiguousarray(r * np.sqrt(1.0 - a * a))
    return _spectral_sum("monotone_sum", n, d, h, kappa, L_F, ba, bs, ba.copy(), gen, D, sigma)


def make_bilinear_columns(m=20, *, monotone_part=0.5, rng=None) -> Problem:
    """VRH-M: ``u = (x, y)``, ``F(u) = M u - c``, ``M = [[P, K], [-K^T, Q]]`` with P, Q PSD
    (scaled by ``monotone_part``; 0 gives the pure bilinear case) and K square full rank;
    ``u* ~ N(0, I)`` and ``c = M u*`` (exact truth). Column components
    ``F_i(u) = n M[:, i] u_i - c`` (n = 2m); exact ``L = sqrt(n) max_i ||M[:, i]||``, ``L_F = ||M||_2``."""
    m = check_int("m", m, min_value=1)
    mp = check_float("monotone_part", monotone_part, nonnegative=True)
    gen = make_rng(rng)
    K = gen.standard_normal((m, m)) / np.sqrt(m) + np.eye(m)
    Gp = gen.standard_normal((m, m)) / np.sqrt(m)
    Gq = gen.standard_normal((m, m)) / np.sqrt(m)
    P, Qm = mp * Gp @ Gp.T, mp * Gq @ Gq.T
    M = np.ascontiguousarray(np.block([[P, K], [-K.T, Qm]]))
    n = 2 * m
    u_star = gen.standard_normal(n)
    c = M @ u_star
    u0 = np.zeros(n)
    L = float(np.sqrt(n) * np.linalg.norm(M, axis=0).max())
    data = dict(kind="columns", A=M, b=c, M=M, c=c)
    return Problem("bilinear_columns", data, u0, dict(x_star=u_star),
                   constants=dict(L=L, L_F=float(np.linalg.norm(M, 2)),
                                  D=float(np.linalg.norm(u0 - u_star)), n=n),
                   truth_method="closed_form")


def make_matrix_game(n=500, *, legacy_seed=1, rng=None) -> Problem:
    """VRH-G (authors' matrix game): ``min_{x in simplex} max_{y in simplex} y^T A x``,
    ``C_ij = 1 - exp(-0.8|i-j|)``, ``w = |N(0, I_n)|`` (legacy NumPy seed), ``A = w * C`` (column j
    scaled by w_j). ``F(x, y) = (A^T y, -A x)``, start uniform, natural-map residual. Truth: the
    equilibrium from an LP (scipy HiGHS); ``truth_error`` is the primal-dual value gap."""
    from scipy.optimize import linprog

    n = check_int("n", n, min_value=2)
    w = np.abs(np.random.RandomState(legacy_seed).randn(n))
    idx = np.arange(n)
    C = 1.0 - np.exp(-0.8 * np.abs(idx[:, None] - idx[None, :]))
    A = w * C
    M = np.ascontiguousarray(np.block([[np.zeros((n, n)), A.T], [-A, np.zeros((n, n))]]))
    c = np.zeros(2 * n)
    # x: min_x max_i (A x)_i ; y: max_y min_j (A^T y)_j
    res_x = linprog(np.r_[np.zeros(n), 1.0], A_ub=np.c_[A, -np.ones(n)], b_ub=np.zeros(n),
                    A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0],
                    bounds=[(0, None)] * n + [(None, None)], method="highs")
    res_y = linprog(np.r_[np.zeros(n), -1.0], A_ub=np.c_[-A.T, np.ones(n)], b_ub=np.zeros(n),
                    A_eq=np.r_[np.ones(n), 0.0][None, :], b_eq=[1.0],
                    bounds=[(0, None)] * n + [(None, None)], method="highs")
    x_star, y_star = res_x.x[:n], res_y.x[:n]
    gap = float(np.max(A @ x_star) - np.min(A.T @ y_star))
    u0 = np.full(2 * n, 1.0 / n)
    data = dict(kind="columns", A=M, b=c, M=M, c=c, payoff=A, proj="simplex2", split=n)
    return Problem("matrix_game", data, u0, dict(x_star=np.r_[x_star, y_star], value=float(res_x.x[n])),
                   constants=dict(L=float(np.sqrt(2 * n) * np.linalg.norm(M, axis=0).max()),
                                  L_F=float(np.linalg.norm(A, 2)), L_frob=float(np.linalg.norm(A)),
                                  n=2 * n),
                   truth_method="linprog:highs", truth_error=abs(gap))


def make_hard_qp(n=200, *, rng=None) -> Problem:
    """VRH-QP (authors' hard instance): ``A[i, n-1-i] = 1``, ``A[i, n-2-i] = -1``, ``A /= 4``,
    ``H = 2 A^T A``, ``b = 1/4``, ``h = e_n / 4``; ``F(x, y) = (H x - h - A^T y, A x - b)``
    (monotone, not cocoercive). ``u*`` by a linear solve; ``x0 = y0 = 1/n``."""
    n = check_int("n", n, min_value=2)
    A = np.zeros((n, n))
    for i in range(n):
        A[i, n - 1 - i] = 1.0
        if n - 2 - i >= 0:
            A[i, n - 2 - i] = -1.0
    A /= 4.0
    H = 2.0 * A.T @ A
    bb = np.full(n, 0.25)
    hh = np.zeros(n)
    hh[-1] = 0.25
    M = np.ascontiguousarray(np.block([[H, -A.T], [A, np.zeros((n, n))]]))
    c = np.r_[hh, bb]
    u_star = np.linalg.solve(M, c)
    err = float(np.linalg.norm(M @ u_star - c))
    u0 = np.full(2 * n, 1.0 / n)
    data = dict(kind="columns", A=M, b=c, M=M, c=c)
    return Problem("hard_qp", data, u0, dict(x_star=u_star),
                   constants=dict(L=float(np.sqrt(2 * n) * np.linalg.norm(M, axis=0).max()),
                                  L_F=float(np.linalg.norm(M, 2)),
                                  D=float(np.linalg.norm(u0 - u_star)), n=2 * n),
                   truth_method="linear_solve", truth_error=err)


# ----------------------------------------------------------------------------------------------
# helpers shared by the validations (theorylab.validations.cai24_* / lieder21_*)
# ----------------------------------------------------------------------------------------------


def log_grid(max_iter, n_points=100, start=1):
    """Record schedule: ~n_points geometric iterations in [start, max_iter] (int64, unique)."""
    g = np.unique(np.round(np.geomspace(start, max_iter, n_points)).astype(np.int64))
    return np.ascontiguousarray(g)


def cost_to_eps(arrays, ks):
    """Complexity aggregate (brief, sec. 6): the smallest recorded K whose MEAN residual over the
    seeds is <= eps, reported as the mean oracle calls at K (E[N(K)]). Metrics: ``res_over_eps``
    (residual / eps) and ``oracle_calls``, each (S, K). Between the last record above eps and the
    first at or below it, N is interpolated log-linearly in (log N, log residual) to remove the
    record-grid quantisation. Returns inf if the mean residual never reaches eps (not reached)."""
    ks = np.asarray(ks)
    keep = ks >= 1
    r = np.asarray(arrays["res_over_eps"], float)[:, keep]
    c = np.asarray(arrays["oracle_calls"], float)[:, keep]
    with np.errstate(invalid="ignore"):
        mr = np.nanmean(r, axis=0)
        mc = np.nanmean(c, axis=0)
    hit = np.nonzero(mr <= 1.0)[0]
    if hit.size == 0:
        return float("inf")
    j = int(hit[0])
    if j == 0 or mr[j] <= 0.0 or mc[j - 1] <= 0.0:
        return float(mc[j])
    a, b = np.log(mr[j - 1]), np.log(mr[j])
    t = a / (a - b)
    return float(np.exp(np.log(mc[j - 1]) + t * (np.log(mc[j]) - np.log(mc[j - 1]))))


def run_page_cost(xs, rng, *, sweep, method="page", n=1024, kappa=4.0, sigma=1.0, eps_rel=1e-4,
                  iters=1.0, n_records=40, spectrum="power", decades=6.0):
    """Traces for the cost-to-eps claims of Alg. 1 on VRH-C (d = 50, L = kappa L_F, D = 1).

    ``sweep = "n"``: xs = [n], eps = eps_rel L D; ``sweep = "eps"``: xs = eps/(L D) values (one run).
    ``method``: "page" (Alg. 1, eta = 1/L, b = floor(sqrt n)), "minibatch" (no variance reduction,
    same b and eta), "halpern" (deterministic operator-form Halpern, eta = 2/L_F, cost n per
    iteration). Budget ``max_iter = iters * 2 / eps_rel`` (``eps_rel`` = smallest eps for eps sweeps);
    Returns ``k``, ``res_over_eps`` (P, K) and ``oracle_calls`` (P, K)."""
    xs = np.asarray(xs, float)
    if sweep == "n":
        n = int(round(xs[0]))
        eps = np.array([eps_rel])
    else:
        eps = xs
        eps_rel = float(xs.min())
    p = make_cocoercive_sum(n, kappa=kappa, sigma=sigma, spectrum=spectrum, decades=decades, rng=rng)
    from theorylab.solvers import halpern as H
    K = int(np.ceil(iters * 2.0 / eps_rel))
    if method == "halpern":
        K = int(np.ceil(K / kappa))          # eta = 2/L_F: ~kappa times fewer iterations needed
    rec = log_grid(K, n_records)
    if method == "halpern":
        r = H.halpern_operator(p.A, p.b, p.x0, eta=2.0 / p.L_F, n_components=n, max_iter=K, record_at=rec)
    else:
        r = H.halpern_page(p, max_iter=K, record_at=rec, rng=rng, variance_reduced=(method == "page"))
    scale = eps[:, None] * p.L * p.D
    res = r.trace["residual"][None, :] / scale
    calls = np.repeat(r.trace["oracle_calls"][None, :].astype(float), eps.size, axis=0)
    return {"k": rec, "res_over_eps": res, "oracle_calls": calls}


def run_inexact_cost(xs, rng, *, sweep, method="alg2", n=256, d=20, kappa=4.0, eps_rel=5e-4, gamma0=3.0,
                     inner_c=0.3, inner_const=None, eag_step=1.0, tau0=1.0, iters=2.0, n_records=40,
                     spectrum="harmonic", decades=4.0, budget_calls=None):
    """Traces for the cost-to-eps claims of Alg. 2 on VRH-MB (monotone, not cocoercive; L = kappa L_F,
    D = 1). Residual: ``||u_k - J(u_k)||/eta = ||F(J(u_k))||`` (exact resolvent, eta = sqrt(n)/L);
    for the EAG baseline ``||F(u_k)||``. ``method``: "alg2" (M_k = floor(inner_c n ln(k+2))),
    "alg2" with ``inner_const`` (constant M), or "eag" (deterministic, eta = eag_step/L_F, 2n calls
    per iteration), or "vreg" (loopless VR-EG, tau = tau0 sqrt(p)/L, residual ||F(u_k)||, run for
    ``budget_calls`` oracle calls). Budget: ``iters * 2 / (sqrt(n) eps_rel)`` outer iterations
    (EAG: ``iters / eps_rel``)."""
    xs = np.asarray(xs, float)
    if sweep == "n":
        n = int(round(xs[0]))
        eps = np.array([eps_rel])
    else:
        eps = xs
        eps_rel = float(xs.min())
    p = make_monotone_sum(n, d=d, kappa=kappa, spectrum=spectrum, decades=decades, rng=rng)
    from theorylab.solvers import halpern as H
    if method == "vreg":
        K = int(np.ceil(budget_calls / 3.0))          # ~3 calls per step (2 + n p)
        rec = log_grid(K, n_records)
        r = H.vr_extragradient(p, max_iter=K, record_at=rec, rng=rng, tau0=tau0)
    elif method == "eag":
        K = int(np.ceil(iters / eps_rel))
        rec = log_grid(K, n_records)
        r = H.eag(p.A, p.b, p.x0, eta=eag_step / p.L_F, n_components=n, max_iter=K, record_at=rec)
    else:
        K = int(np.ceil(iters * 2.0 / (np.sqrt(n) * eps_rel)))
        rec = log_grid(K, n_records)
        r = H.inexact_halpern(p, max_iter=K, record_at=rec, rng=rng, gamma0=gamma0, inner_c=inner_c,
                              inner_const=inner_const)
    scale = eps[:, None] * p.L * p.D
    res = r.trace["residual"][None, :] / scale
    calls = np.repeat(r.trace["oracle_calls"][None, :].astype(float), eps.size, axis=0)
    return {"k": rec, "res_over_eps": res, "oracle_calls": calls}
