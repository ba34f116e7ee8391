"""Koopman test problems with exact spectral truth (brief: shared/papers/koopman.md, section 5).

Every generator returns a :class:`theorylab.problem.Problem` whose ``data`` holds
the snapshot pairs and the dictionary evaluated on them (``Psi_X``, ``Psi_Y``,
weights ``w``), and whose ``truth`` holds the exact spectral facts used by the
claims. Same arguments and seed give bit-identical problems.
"""
from __future__ import annotations

import numpy as np

from theorylab._validation import check_choice, check_float, check_int, make_rng
from theorylab.problem import Problem
from theorylab.solvers import koopman as kp

_EMPTY = np.zeros(0)


# ----------------------------------------------------------------------------- 1. linear maps

def linear_map_matrix(mu: complex, nonnormal: bool) -> np.ndarray:
    """2x2 real matrix with eigenvalues mu, conj(mu): rotation-scaling, or S R S^-1, cond(S) ~ 10.9."""
    r, th = abs(mu), np.angle(mu)
    R = r * np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    if not nonnormal:
        return R
    S = np.array([[1.0, 3.0], [0.0, 1.0]])
    return S @ R @ np.linalg.inv(S)


def make_linear_map(mu: complex = 0.9 * np.exp(0.3j), p: int = 3, M: int | None = None,
                    nonnormal: bool = False, *, rng=None) -> Problem:
    """x -> B x on [-1, 1]^2 (B real 2x2, eigenvalues mu, conj mu) with the monomial dictionary of
    total degree <= p, which is K-invariant. Truth: EDMD eigenvalues {mu^a conj(mu)^b : a + b <= p}.
    Two independent uniform data sets (``Psi_X``/``Psi_Y`` for the matrices, ``Psi_X3``/``Psi_Y3``
    held out); default M = 4N."""
    p = check_int("p", p, min_value=0)
    N = (p + 1) * (p + 2) // 2
    M = 4 * N if M is None else check_int("M", M, min_value=1)
    gen = make_rng(rng)
    B = linear_map_matrix(complex(mu), bool(nonnormal))
    X = gen.uniform(-1.0, 1.0, size=(M, 2))
    X3 = gen.uniform(-1.0, 1.0, size=(M, 2))
    Y, Y3 = X @ B.T, X3 @ B.T
    E = kp.monomial_exponents(2, p)
    m1, m2 = complex(mu), complex(np.conj(mu))
    eig = np.array([m1 ** a * m2 ** b for a, b in E])
    data = dict(X=X, Y=Y, Psi_X=kp.monomials(X, p), Psi_Y=kp.monomials(Y, p),
                Psi_X3=kp.monomials(X3, p), Psi_Y3=kp.monomials(Y3, p), B=B, exponents=E)
    return Problem(f"linear_map(p={p}, nonnormal={bool(nonnormal)})", data, _EMPTY,
                   truth=dict(eigenvalues=eig), constants=dict(N=N, M=M), truth_method="closed_form")


# ----------------------------------------------------------------------------- 2. rotation

def rotation_rbf_centres(N: int, phase: float = 0.0) -> np.ndarray:
    """N equispaced centres on the unit circle in the plane, angles 2 pi (j + phase) / N."""
    a = 2 * np.pi * (np.arange(N) + phase) / N
    return np.column_stack([np.cos(a), np.sin(a)])


def make_rotation(omega: float = np.pi * np.sqrt(2), dictionary: str = "rbf", size: int = 20,
                  M: int = 512, quadrature: str = "grid", *, phase: float = 0.0, width: float = 0.1,
                  rng=None) -> Problem:
    """theta -> theta + omega on T (Lebesgue). ``dictionary``: ``fourier`` e^{ik theta}, |k| <= size;
    ``rbf`` ``size`` Gaussians exp(-||p - c_j||^2 / width) in p = (cos theta, sin theta), equispaced
    centres (offset ``phase``). ``quadrature``: ``grid`` equispaced theta (spectrally accurate for
    these analytic periodic integrands), ``mc`` iid uniform. K unitary, Sp = Sp_ap = T when
    omega/2pi is irrational; sigma_inf(K - z) = ||z| - 1|."""
    dictionary = check_choice("dictionary", dictionary, ("fourier", "rbf"))
    quadrature = check_choice("quadrature", quadrature, ("grid", "mc"))
    size = check_int("size", size, min_value=1)
    M = check_int("M", M, min_value=1)
    omega = check_float("omega", omega)
    gen = make_rng(rng)
    if quadrature == "grid":
        th = 2 * np.pi * np.arange(M) / M
    else:
        th = gen.uniform(0.0, 2 * np.pi, size=M)
    thy = np.mod(th + omega, 2 * np.pi)
    w = np.full(M, 1.0 / M)
    if dictionary == "fourier":
        PX, PY = kp.fourier(th, size, 2 * np.pi), kp.fourier(thy, size, 2 * np.pi)
        eig = np.exp(1j * np.arange(-size, size + 1) * omega)
    else:
        C = rotation_rbf_centres(size, phase)
        PX = kp.rbf(np.column_stack([np.cos(th), np.sin(th)]), C, width)
        PY = kp.rbf(np.column_stack([np.cos(thy), np.sin(thy)]), C, width)
        eig = None
    return Problem(f"rotation({dictionary}, size={size}, M={M}, {quadrature})",
                   dict(theta=th, Psi_X=PX, Psi_Y=PY, w=w), _EMPTY,
                   truth=dict(sp_ap="unit circle", eigenvalues=eig, sigma_inf=kp.unit_circle_distance),
                   constants=dict(omega=omega, M=M), truth_method="closed_form")


# ----------------------------------------------------------------------------- 3. doubling map

def doubling_fourier_tau2(z, K: int) -> np.ndarray:
    """Exact tau_N(z)^2 for the doubling map with the Fourier dictionary |k| <= K (exact quadrature):
    min(|1 - z|^2, 1 + |z|^2 - 2|z| cos(pi/(J+1))), J = floor(log2 K) + 1 (longest dyadic chain)."""
    z = np.asarray(z, dtype=np.complex128)
    J = int(np.floor(np.log2(K))) + 1
    return np.minimum(np.abs(1 - z) ** 2, 1 + np.abs(z) ** 2 - 2 * np.abs(z) * np.cos(np.pi / (J + 1)))


def gauss_legendre_halves(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre with n nodes on each of [0, 1/2] and [1/2, 1] (weights sum to 1)."""
    t, wt = np.polynomial.legendre.leggauss(n)
    x = np.concatenate([(t + 1) / 4, (t + 1) / 4 + 0.5])
    w = np.concatenate([wt / 4, wt / 4])
    return x, w


def make_doubling(dictionary: str = "fourier", size: int = 8, quadrature: str = "exact",
                  M: int | None = None, *, rng=None) -> Problem:
    """x -> 2x mod 1 on [0, 1) (Lebesgue): K isometry, not unitary; Sp = closed disc,
    Sp_ap = unit circle, sigma_inf(K - z) = ||z| - 1|, point spectrum {1}.

    ``fourier``: e^{2 pi i k x}, |k| <= size; exact quadrature = equispaced grid, M = 4 size + 1.
    ``legendre``: orthonormal shifted Legendre of degree <= size; exact quadrature = Gauss-Legendre
    with size + 2 nodes on each half. ``quadrature="mc"``: M iid uniform samples (weights 1/M).
    Truth: Fourier tau_N closed form; Legendre EDMD eigenvalues {2^-k}; Fourier K_EDMD nilpotent
    of index J on mean-zero modes (J = floor(log2 size) + 1)."""
    dictionary = check_choice("dictionary", dictionary, ("fourier", "legendre"))
    quadrature = check_choice("quadrature", quadrature, ("exact", "mc"))
    size = check_int("size", size, min_value=1)
    gen = make_rng(rng)
    if quadrature == "mc":
        M = check_int("M", M, min_value=1)
        x = gen.uniform(0.0, 1.0, size=M)
        w = np.full(M, 1.0 / M)
    elif dictionary == "fourier":
        M = 4 * size + 1
        x = np.arange(M) / M
        w = np.full(M, 1.0 / M)
    else:
        x, w = gauss_legendre_halves(size + 2)
    y = np.mod(2.0 * x, 1.0)
    if dictionary == "fourier":
        PX, PY = kp.fourier(x, size), kp.fourier(y, size)
        J = int(np.floor(np.log2(size))) + 1
        truth = dict(tau2=lambda z, K=size: doubling_fourier_tau2(z, K), nilpotency_index=J,
                     edmd_eigenvalues="{1} and 0 (nilpotent)")
    else:
        PX, PY = kp.legendre(x, size), kp.legendre(y, size)
        truth = dict(edmd_eigenvalues=2.0 ** -np.arange(size + 1))
    truth.update(sp_ap="unit circle", sigma_inf=kp.unit_circle_distance)
    return Problem(f"doubling({dictionary}, size={size}, {quadrature})",
                   dict(x=x, Psi_X=PX, Psi_Y=PY, w=w), _EMPTY, truth=truth,
                   constants=dict(M=int(x.shape[0])), truth_method="closed_form")


def doubling_moments(a: float, n_max: int, n_terms: int = 80) -> np.ndarray:
    """c(n) = <K^n g_a, g_a>, n = 0..n_max, for g_a = sum_{j < n_terms} a^j e^{2 pi i 2^j x} under the
    doubling map, computed from the exact action K e^{2 pi i m x} = e^{2 pi i 2m x} on the dyadic
    chain (Fourier coefficients shifted by n places). Equals a^n (1 - a^{2(n_terms-n)}) / (1 - a^2)."""
    a = check_float("a", a, lower=-1, upper=1, lower_open=True, upper_open=True)
    n_max = check_int("n_max", n_max, min_value=0)
    b = a ** np.arange(n_terms)                 # coefficient of chain element j
    out = np.zeros(n_max + 1)
    for n in range(n_max + 1):
        if n < n_terms:                         # K^n maps chain element j to j + n
            out[n] = float(np.dot(b[:n_terms - n], b[n:]))
    return out


def doubling_density(a: float, theta) -> np.ndarray:
    """Spectral density of g_a: rho_a(theta) = 1 / (2 pi (1 - 2 a cos theta + a^2))."""
    theta = np.asarray(theta, float)
    return 1.0 / (2 * np.pi * (1 - 2 * a * np.cos(theta) + a * a))


# ----------------------------------------------------------------------------- 4. tent map (Haar)

def haar(x, levels: int) -> np.ndarray:
    """Haar dictionary on [0, 1): the constant, then e_{n,k}(x) = 2^{n/2} h(2^n x - k), n < levels,
    0 <= k < 2^n (h = 1 on [0, 1/2), -1 on [1/2, 1)); N = 2^levels columns, nested in ``levels``."""
    x = np.asarray(x, float)
    cols = [np.ones_like(x)]
    for n in range(levels):
        t = x * 2 ** n
        k = np.floor(t)
        frac = t - k
        h = np.where(frac < 0.5, 1.0, -1.0) * 2 ** (n / 2)
        for kk in range(2 ** n):
            cols.append(np.where(k == kk, h, 0.0))
    return np.ascontiguousarray(np.column_stack(cols))


def make_tent(levels: int = 4, *, rng=None) -> Problem:
    """x -> 1 - |2x - 1| (Lebesgue), isometry; Haar dictionary of ``levels`` levels, evaluated on the
    2^{levels+1} cell midpoints, which integrates every product exactly (deterministic: ``rng`` unused).
    Sp_ap = unit circle, sigma_inf(K - z) = ||z| - 1|."""
    levels = check_int("levels", levels, min_value=0)
    M = 2 ** (levels + 1)
    x = (np.arange(M) + 0.5) / M
    y = 1.0 - np.abs(2.0 * x - 1.0)
    return Problem(f"tent(levels={levels})", dict(x=x, Psi_X=haar(x, levels), Psi_Y=haar(y, levels),
                                                  w=np.full(M, 1.0 / M)), _EMPTY,
                   truth=dict(sp_ap="unit circle", sigma_inf=kp.unit_circle_distance),
                   constants=dict(M=M, N=2 ** levels), truth_method="closed_form")


# ----------------------------------------------------------------------------- 5. pendulum

def pendulum_index_set(kmax: int, nmax: int, cross: int) -> np.ndarray:
    """Hyperbolic-cross index set {(k, j) : |k| <= kmax, 0 <= j <= nmax, (|k| + 1)(j + 1) <= cross}
    (rows (k, j), k-major); nested in ``cross``. Closed under k -> -k."""
    kmax = check_int("kmax", kmax, min_value=0)
    nmax = check_int("nmax", nmax, min_value=0)
    cross = check_int("cross", cross, min_value=1)
    rows = [(k, j) for k in range(-kmax, kmax + 1) for j in range(nmax + 1) if (abs(k) + 1) * (j + 1) <= cross]
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


def pendulum_dictionary(X, index_set) -> np.ndarray:
    """psi_{k,j}(x, y) = e^{ikx} / sqrt(2 pi) * h_j(y) (h_j orthonormal Hermite functions): an
    orthonormal system of L^2([-pi, pi) x R, dx dy), evaluated at the rows of X (M, 2)."""
    X = np.asarray(X, float)
    idx = np.asarray(index_set, dtype=np.int64)
    kmax = int(np.abs(idx[:, 0]).max())
    F = kp.fourier(np.ascontiguousarray(X[:, 0]), kmax, 2 * np.pi) / np.sqrt(2 * np.pi)
    H = kp.hermite_functions(np.ascontiguousarray(X[:, 1]), int(idx[:, 1].max()))
    return np.ascontiguousarray(F[:, idx[:, 0] + kmax] * H[:, idx[:, 1]])


def make_pendulum(dt: float = 0.5, cross: int = 24, *, kmax: int = 10, nmax: int = 30, Mx: int = 64,
                  My: int = 120, y_max: float = 12.0, n_sub: int = 50, rng=None) -> Problem:
    """Nonlinear pendulum x' = y, y' = -sin x on T x R (Lebesgue), one flow time ``dt`` (the
    measure-preserving ResDMD example of Colbrook-Townsend; brief section 5.5, scaled down from the
    authors' 300 x 300 grid, |k| <= 50, Hermite <= 100).

    Data: quadrature snapshot pairs, never trajectories -- the Mx x My tensor grid on
    [-pi, pi) x [-y_max, y_max] (trapezoid, spectrally accurate for these analytic, periodic-in-x,
    Gaussian-decaying integrands: ||G - I||, ||L - G|| ~ 1e-14), each node mapped once by the order-6
    symplectic flow map (:func:`theorylab.solvers.koopman.pendulum_flow`, error ~1e-12).
    Dictionary: Fourier x Hermite functions on the hyperbolic cross (|k| + 1)(j + 1) <= ``cross``
    (nested in ``cross``). Truth: K unitary, Sp(K) = Sp_ap(K) = T (eigenvalue 1 of infinite
    multiplicity from functions of the energy, continuous spectrum elsewhere), so
    sigma_inf(K - z) = ||z| - 1| for every z. Deterministic (``rng`` unused)."""
    dt = check_float("dt", dt, positive=True)
    Mx = check_int("Mx", Mx, min_value=1)
    My = check_int("My", My, min_value=2)
    y_max = check_float("y_max", y_max, positive=True)
    idx = pendulum_index_set(kmax, nmax, cross)
    x = -np.pi + 2 * np.pi * np.arange(Mx) / Mx
    y = np.linspace(-y_max, y_max, My)
    X = np.column_stack([np.repeat(x, My), np.tile(y, Mx)])
    w = np.full(X.shape[0], 2 * np.pi / Mx * (y[1] - y[0]))
    flow = kp.pendulum_flow(X, dt, n_sub=n_sub)
    Y = flow.x
    return Problem(f"pendulum(dt={dt}, cross={cross}, N={idx.shape[0]}, M={X.shape[0]})",
                   dict(X=X, Y=Y, w=w, index_set=idx, Psi_X=pendulum_dictionary(X, idx),
                        Psi_Y=pendulum_dictionary(Y, idx), status=int(flow.status)), _EMPTY,
                   truth=dict(sp="unit circle", sp_ap="unit circle", sigma_inf=kp.unit_circle_distance,
                              measure_preserving=True),
                   constants=dict(dt=dt, M=X.shape[0], N=idx.shape[0]), truth_method="symplectic_order6",
                   truth_error=1e-12)


# ----------------------------------------------------------------------------- 6. Duffing

def make_duffing(alpha: float = 0.0, dt: float = 0.3, n_ic: int = 1000, M2: int = 5, *,
                 n_sub: int = 200, rng=None) -> Problem:
    """Duffing x' = y, y' = -alpha y + x - x^3 (Colbrook-Mezic-Stepanenko, ``duffing_example.m``):
    initial conditions uniform in [-2, 2]^2, each giving M2 consecutive pairs with step dt. Three
    independent data sets (independent streams): (1) for k-means centres, (2) for the matrices,
    (3) held out. ``d`` = mean ||x - mean(x)|| over set 2. alpha = 0: Hamiltonian, area preserving
    (K unitary, spectrum on the unit circle); alpha > 0: dissipative."""
    alpha = check_float("alpha", alpha, nonnegative=True)
    n_ic = check_int("n_ic", n_ic, min_value=1)
    M2 = check_int("M2", M2, min_value=1)
    gen = make_rng(rng)
    streams = gen.spawn(3)
    data = {}
    for i, g in enumerate(streams, start=1):
        X0 = g.uniform(-2.0, 2.0, size=(n_ic, 2))
        res = kp.duffing_flow(X0, dt, alpha=alpha, n_steps=M2, n_sub=n_sub)
        traj = res.x
        data[f"X{i}"] = np.ascontiguousarray(traj[:, :-1].reshape(-1, 2))
        data[f"Y{i}"] = np.ascontiguousarray(traj[:, 1:].reshape(-1, 2))
        data[f"status{i}"] = int(res.status)
    X2 = data["X2"]
    data["d"] = float(np.mean(np.linalg.norm(X2 - X2.mean(axis=0), axis=1)))
    return Problem(f"duffing(alpha={alpha}, dt={dt}, M={n_ic * M2})", data, _EMPTY,
                   truth=dict(measure_preserving=alpha == 0.0,
                              sp="subset of the unit circle" if alpha == 0 else "unknown (dissipative)"),
                   constants=dict(alpha=alpha, dt=dt, M=n_ic * M2), truth_method="rk4",
                   truth_error=1e-10)


# ----------------------------------------------------------------------------- 7. Gauss iterated map

GAUSS_ALPHA = 2.0
GAUSS_BETA = -1.0 - np.exp(-2.0)
QUAD_RULES = ("gauss", "trapezoid", "riemann", "mc")


def gauss_map(x):
    """F(x) = exp(-alpha x^2) + beta, alpha = 2, beta = -1 - e^{-2}: maps [-1, 0] into itself."""
    return np.exp(-GAUSS_ALPHA * np.asarray(x) ** 2) + GAUSS_BETA


def quadrature_rule(M: int, rule: str, rng=None) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights on [-1, 0]: ``gauss`` (M GL nodes), ``trapezoid`` (equispaced incl.
    endpoints, halved end weights), ``riemann`` (equispaced incl. endpoints, weights 1/(M-1)),
    ``mc`` (iid uniform, weights 1/M)."""
    M = check_int("M", M, min_value=2)
    rule = check_choice("rule", rule, QUAD_RULES)
    if rule == "gauss":
        t, wt = np.polynomial.legendre.leggauss(M)
        return (t - 1) / 2, wt / 2
    if rule == "mc":
        return make_rng(rng).uniform(-1.0, 0.0, size=M), np.full(M, 1.0 / M)
    x = np.linspace(-1.0, 0.0, M)
    w = np.full(M, 1.0 / (M - 1))
    if rule == "trapezoid":
        w[0] = w[-1] = 0.5 / (M - 1)
    return x, w


def gauss_A(x, w, degree: int = 39) -> np.ndarray:
    """A = Psi_X^T W Psi_Y for the Gauss iterated map, orthonormal Legendre on [-1, 0]."""
    PX = kp.legendre(x, degree, -1.0, 0.0)
    PY = kp.legendre(gauss_map(x), degree, -1.0, 0.0)
    with kp.single_thread_blas():
        return (PX * w[:, None]).T @ PY


def make_gauss_iterated_map(M: int, rule: str = "gauss", degree: int = 39, *, rng=None) -> Problem:
    """The Gauss iterated map on [-1, 0] with psi_0..psi_degree; ``A`` from the rule with M nodes and
    the reference ``A_ref`` from Gauss-Legendre with 200 nodes (error ~1e-15, checked against 300)."""
    x, w = quadrature_rule(M, rule, rng)
    A = gauss_A(x, w, degree)
    xr, wr = quadrature_rule(200, "gauss")
    return Problem(f"gauss_iterated_map(M={M}, {rule})", dict(x=x, w=w, A=A), _EMPTY,
                   truth=dict(A_ref=gauss_A(xr, wr, degree)), constants=dict(M=M),
                   truth_method="gauss_legendre_200", truth_error=1e-14)


# ----------------------------------------------------------------------------- 8. hidden twist

def twist_dictionary(X, eps: float, centre=(0.5, 0.5), n_annuli: int = 24, kmax: int = 1) -> np.ndarray:
    """A dictionary adapted to the twist: the constant and e^{ik phi} 1[r in annulus j] for
    |k| <= kmax, j < n_annuli (annuli of width eps/n_annuli about the centre, polar coordinates
    (r, phi) about the centre on the torus). N = 1 + (2 kmax + 1) n_annuli."""
    X = np.asarray(X, float)
    dx = X[:, 0] - centre[0]
    dy = X[:, 1] - centre[1]
    dx -= np.floor(dx + 0.5)
    dy -= np.floor(dy + 0.5)
    r = np.hypot(dx, dy)
    phi = np.arctan2(dy, dx)
    j = np.floor(r / eps * n_annuli)
    cols = [np.ones(X.shape[0], dtype=np.complex128)]
    for a in range(n_annuli):
        ind = (j == a).astype(float)
        for k in range(-kmax, kmax + 1):
            cols.append(ind * np.exp(1j * k * phi))
    return np.ascontiguousarray(np.column_stack(cols))


def make_hidden_twist(eps: float, M: int, *, centre=(0.5, 0.5), n_annuli: int = 24, kmax: int = 1,
                      rng=None) -> Problem:
    """Hidden-twist adversary F_eps on T^2 (Colbrook-Mezic-Stepanenko): K unitary with
    Sp(K) = Sp_ap(K) = T, while the identity has Sp = {1}. M iid uniform samples; P(no sample in
    B_eps) = (1 - pi eps^2)^M. Data for F_eps and for the identity on the same samples."""
    eps = check_float("eps", eps, positive=True, upper=0.5, upper_open=True)
    M = check_int("M", M, min_value=1)
    gen = make_rng(rng)
    X = gen.uniform(0.0, 1.0, size=(M, 2))
    Y = kp.hidden_twist_map(X, eps, centre)
    PX = twist_dictionary(X, eps, centre, n_annuli, kmax)
    PY = twist_dictionary(Y, eps, centre, n_annuli, kmax)
    d = X - np.asarray(centre)
    d -= np.floor(d + 0.5)
    hits = int(np.sum(np.hypot(d[:, 0], d[:, 1]) < eps))
    return Problem(f"hidden_twist(eps={eps:g}, M={M})",
                   dict(X=X, Y=Y, Psi_X=PX, Psi_Y=PY, w=np.full(M, 1.0 / M), hits=hits), _EMPTY,
                   truth=dict(sp_ap="unit circle", sp_identity=np.array([1.0 + 0j]),
                              p_miss=(1 - np.pi * eps ** 2) ** M),
                   constants=dict(eps=eps, M=M, lipschitz=1 + 2 * np.pi), truth_method="closed_form")


# ============================================================================ run functions shared by claims

def run_quadrature_error(xs, rng, rule: str = "trapezoid"):
    """max_{jk} |A_M - A_ref| for the Gauss iterated map with M = xs[i] nodes of ``rule``."""
    out = []
    for M in np.asarray(xs, float):
        pr = make_gauss_iterated_map(int(round(M)), rule, rng=rng)
        out.append(float(np.max(np.abs(pr.A - pr.A_ref))))
    return {"A_error": np.array(out)}


def run_duffing_bounds(xs, rng, alpha: float = 0.0, method: str = "certified", n_ic: int = 1000,
                       step: float = 0.05):
    """Error bounds of the certified algorithm (``E_cert``) and of EDMD (``E_edmd``, held-out
    residual) for Duffing with N = xs[i] dictionary functions (``duffing_err.m`` set-up, scaled
    down: M = 5 n_ic pairs per data set, grid step ``step`` on [-0.5, 1] x [0, 1]).
    ``method="certified"`` reports ``bound = E_cert``; ``"edmd"`` reports ``bound = E_edmd``."""
    pr = make_duffing(alpha, n_ic=n_ic, rng=rng)
    z = kp.rect_grid(-0.5, 1.0, 0.0, 1.0, step)
    ec, ee, nout = [], [], []
    for N in np.asarray(xs, float):
        r = kp.certified_vs_edmd(pr.X1, pr.Y1, pr.X2, pr.Y2, pr.X3, pr.Y3, int(round(N)), z,
                                 unit_circle_clamp=alpha == 0.0, rng=rng)
        ec.append(r["E_cert"])
        ee.append(r["E_edmd"])
        nout.append(r["n_out"])
    ec, ee = np.array(ec), np.array(ee)
    return {"bound": ec if method == "certified" else ee, "E_cert": ec, "E_edmd": ee,
            "n_out": np.array(nout, float)}
