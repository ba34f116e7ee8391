"""Constrained bilevel test problems with exact truth, for LV-HBA (Yao, Yu, Zeng, Zhang, ICLR 2024).

Every problem is a quadratic bilevel program in the stacked variable ``w = (x, y)``,
``x`` in R^n, ``y`` in R^m, ``d = n + m``::

    F(w) = 1/2 w'QF w + qF'w + F_const             (upper level)
    f(w) = 1/2 w'Qf w + qf'w                       (lower level, convex in y)
    g(w) = G w + h  (l rows)                       (lower-level constraints, jointly affine)

with multipliers in the box Z = [zlo, zhi] (``zlo = -r`` for equality rows, ``0`` for
inequality rows; r = 1000 as in the authors' code). The feasible set C = {w : g(w) <= 0 / = 0}
is described for the solver's projection by ``proj_kind``:

* ``"affine"``: C = {w : A w = b}; ``P`` (orthogonal projector onto ker A) and ``wc`` (a point of C),
  Proj_C(v) = wc + P (v - wc).
* ``"pairs"``: C = {w : w[piy[j]] <= w[pix[j]]} for disjoint pairs; Proj_C averages violated pairs.
* ``"none"``: C = R^d (g == 0, the MEHA case).
* ``"callable"``: ``data["projector"]`` is a function w -> Proj_C(w) (e.g. a
  :class:`PolyhedralProjector` from :func:`polyhedral_projector`, a cvxpy QP built once); the solver
  then runs its Python-level driver (jitted algebra, projection in Python between iterations).

Y = R^m. Generators (brief /work/shared/papers/bilevel_lvhba.md, section 5):

* :func:`make_llc_toy` -- the authors' LL-merely-convex toy (closed form x* = -0.3, y1* = 0.7,
  y2* = -0.4, lambda* = -1, F* = 0.05 n).
* :func:`make_llc_random` -- G2.1, the randomized toy family, truth by one KKT solve.
* :func:`make_coupled_ineq` -- G2.2, separable coupled inequality y <= x (active-set truth).
* :func:`make_lsc_equality` -- G2.3, LL strongly convex QP with coupled equality constraints; the
  bilevel problem is a convex QP solved by cvxpy (CLARABEL), cross-checked by a KKT solve.
* :func:`make_meha_quadratic` -- g == 0 (MEHA special case), closed-form Moreau envelope.
* :func:`make_svm_hyper` -- linear-SVM hyperparameter selection on the breast-cancer data bundled
  with scikit-learn (no download): LL = soft-margin SVM dual with box constraints 0 <= alpha <= c,
  UL = validation loss; C is a polyhedron projected by the cvxpy projector.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from theorylab._validation import check_array, check_choice, check_float, check_int, make_rng
from theorylab.problem import Problem

R_CLIP = 1000.0  #: multiplier truncation r (the authors' code clips at +-1000)


@dataclass(frozen=True)
class BilevelQP(Problem):
    """A quadratic bilevel problem (see module docstring). ``x0`` is the stacked (x, y)."""

    def F(self, w: np.ndarray) -> float:
        d = self.data
        return float(0.5 * w @ d["QF"] @ w + d["qF"] @ w + d["F_const"])

    def f(self, w: np.ndarray) -> float:
        d = self.data
        return float(0.5 * w @ d["Qf"] @ w + d["qf"] @ w)

    def g(self, w: np.ndarray) -> np.ndarray:
        return self.data["G"] @ w + self.data["h"]

    def project_C(self, w: np.ndarray) -> np.ndarray:
        d = self.data
        w = np.array(w, dtype=np.float64)
        if d["proj_kind"] == "affine":
            return d["wc"] + d["P"] @ (w - d["wc"])
        if d["proj_kind"] == "callable":
            return np.asarray(d["projector"](w), dtype=np.float64)
        if d["proj_kind"] == "pairs":
            for i, j in zip(d["pix"], d["piy"]):
                if w[j] > w[i]:
                    a = 0.5 * (w[i] + w[j])
                    w[i] = a
                    w[j] = a
            return w
        return w


def _affine_projector(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Orthogonal projector onto ker A and the min-norm point of {A w = b}."""
    pinv = np.linalg.pinv(A)
    P = np.eye(A.shape[1]) - pinv @ A
    P = 0.5 * (P + P.T)
    return np.ascontiguousarray(P), np.ascontiguousarray(pinv @ b)


def affine_projector(E, f):
    """Closed-form Euclidean projector onto the affine set {w : E w = f} (non-empty), as a callable
    ``w -> wc + P (w - wc)`` with P the orthogonal projector onto ker E and wc the min-norm point."""
    E = check_array("E", E, ndim=2)
    f = check_array("f", f, shape=(E.shape[0],))
    if E.shape[0] == 0 or E.shape[1] == 0:
        raise ValueError(f"E must have at least one row and one column, got shape {E.shape!r}")
    P, wc = _affine_projector(E, f)
    if np.linalg.norm(E @ wc - f) > 1e-9 * (1.0 + np.linalg.norm(f)):
        raise ValueError(f"E, f must describe a non-empty affine set (E w = f inconsistent), got residual "
                         f"{float(np.linalg.norm(E @ wc - f))!r}")

    def project(w):
        w = check_array("w", w, shape=(P.shape[0],))
        return wc + P @ (w - wc)
    project.P, project.wc, project.E, project.f = P, wc, E, f
    return project


class PolyhedralProjector:
    """Euclidean projection onto the polyhedron C = {w : A w <= b, E w = f}, solved as a QP by cvxpy.

    Build it with :func:`polyhedral_projector`. The cvxpy problem
    ``min 1/2||w||^2 - v'w s.t. A w <= b, E w = f`` (= the projection of v) is built once with a ``cvxpy.Parameter`` for the
    point v (DPP: repeated calls reuse the compiled problem, only the parameter changes). Each call

    1. returns v itself if v already lies in C (exactly: A v <= b and E v = f to 1e-14 relative),
    2. otherwise solves the QP (CLARABEL by default, tight tolerances) and, with ``polish=True``,
       re-solves the equality-constrained projection on the detected active set by a dense
       least-squares solve; the polished point is kept only if it is feasible and its multipliers are
       >= 0 (then it is the exact projection up to rounding), else the solver's point is returned.

    ``n_calls`` / ``n_qp`` count calls and QP solves. :meth:`normal_cone_distance` gives
    dist(0, g + N_C(w)) (non-negative least squares over the active constraints), used for the
    LV-HBA stationarity residual when C is a general polyhedron.
    """

    def __init__(self, A, b, E, f, dim, solver, tol, polish):
        import cvxpy as cp
        self.A, self.b, self.E, self.f, self.dim = A, b, E, f, dim
        self.solver, self.tol, self.polish = solver, tol, polish
        self._v = cp.Parameter(dim)
        self._x = cp.Variable(dim)
        cons = []
        if A.shape[0]:
            cons.append(A @ self._x <= b)
        if E.shape[0]:
            cons.append(E @ self._x == f)
        # 1/2||x||^2 - v'x: the parameter enters only the linear objective term (cheap to update;
        # sum_squares(x - v) would make cvxpy re-stuff a parametrised quadratic at every call)
        self._prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(self._x) - self._v @ self._x), cons)
        if solver == "CLARABEL":
            self._opts = dict(tol_gap_abs=tol, tol_gap_rel=tol, tol_feas=tol, tol_ktratio=1e-10)
        elif solver == "OSQP":
            self._opts = dict(eps_abs=tol, eps_rel=tol, max_iter=1_000_000, polishing=True)
        else:
            self._opts = {}
        self._scale_b = 1.0 + (float(np.abs(b).max()) if b.size else 0.0)
        self._scale_f = 1.0 + (float(np.abs(f).max()) if f.size else 0.0)
        self.n_calls = 0
        self.n_qp = 0

    def contains(self, w, tol: float = 0.0) -> bool:
        """Whether w lies in C (inequalities to ``tol`` relative, equalities to max(tol, 1e-14))."""
        ok = True
        if self.A.shape[0]:
            ok = bool(np.all(self.A @ w - self.b <= tol * self._scale_b))
        if ok and self.E.shape[0]:
            ok = bool(np.abs(self.E @ w - self.f).max() <= max(tol, 1e-14) * self._scale_f)
        return ok

    def _polish(self, v, x):
        """Active-set refinement of the solver's point: project v exactly onto {A_S w = b_S, E w = f}
        for the rows S nearly active at x; drop a row with a negative multiplier or add a violated one
        and repeat (at most 2 m + 5 rounds); return x unchanged if no certified point is found."""
        m = self.A.shape[0]
        act = np.zeros(m, dtype=bool)
        if m:
            act = self.b - self.A @ x <= 1e-6 * self._scale_b
        for _ in range(2 * m + 5):
            idx = np.nonzero(act)[0]
            K = np.concatenate([self.A[idx], self.E], axis=0)
            if K.shape[0] == 0:
                y, mu = v.copy(), np.zeros(0)
            else:
                r = np.concatenate([self.b[idx], self.f])
                u = np.linalg.lstsq(K @ K.T, K @ v - r, rcond=None)[0]
                y, mu = v - K.T @ u, u[:idx.size]
            if mu.size and mu.min() < -1e-12 * (1.0 + np.abs(mu).max()):
                act[idx[np.argmin(mu)]] = False
                continue
            if m:
                viol = self.A @ y - self.b
                if viol.max() > 1e-12 * self._scale_b:
                    act[np.argmax(viol)] = True
                    continue
            if self.E.shape[0] and np.abs(self.E @ y - self.f).max() > 1e-10 * self._scale_f:
                return x
            return y
        return x

    def __call__(self, v) -> np.ndarray:
        v = check_array("v", v, shape=(self.dim,))
        self.n_calls += 1
        if self.contains(v):
            return v.copy()
        self._v.value = v
        self._prob.solve(solver=self.solver, **self._opts)
        self.n_qp += 1
        if self._prob.status not in ("optimal", "optimal_inaccurate") or self._x.value is None:
            raise RuntimeError(f"projection QP not solved by {self.solver}: status {self._prob.status!r}")
        x = np.asarray(self._x.value, dtype=np.float64)
        return self._polish(v, x) if self.polish else x

    def normal_cone_distance(self, w, g, tol: float = 1e-9) -> float:
        """dist(0, g + N_C(w)) for w in C: min ||g + A_act' mu + E' nu|| over mu >= 0, nu free,
        where A_act are the rows with A w >= b - tol (1 + max|b|)."""
        from scipy.optimize import nnls
        w = check_array("w", w, shape=(self.dim,))
        g = check_array("g", g, shape=(self.dim,))
        cols = []
        if self.A.shape[0]:
            act = np.nonzero(self.A @ w - self.b >= -tol * self._scale_b)[0]
            cols.append(self.A[act].T)
        if self.E.shape[0]:
            cols += [self.E.T, -self.E.T]
        if not cols or sum(c.shape[1] for c in cols) == 0:
            return float(np.linalg.norm(g))
        B = np.concatenate(cols, axis=1)
        _, res = nnls(B, -g, maxiter=50 * B.shape[1] + 100)
        return float(res)


def polyhedral_projector(A=None, b=None, E=None, f=None, *, dim: int | None = None,
                         solver: str = "CLARABEL", tol: float = 1e-10, polish: bool = True) -> PolyhedralProjector:
    """Projector onto C = {w in R^dim : A w <= b, E w = f} (cvxpy QP built once; see
    :class:`PolyhedralProjector`). Pass (A, b), (E, f) or both; ``dim`` is needed only when both are
    omitted (C = R^dim). Raises ValueError (naming the argument) for inconsistent shapes, non-finite
    data, an unknown solver or an empty polyhedron (checked by one projection of 0)."""
    solver = check_choice("solver", solver, {"CLARABEL", "OSQP", "SCS"})
    tol = check_float("tol", tol, positive=True, upper=1e-3)
    if (A is None) != (b is None):
        raise ValueError(f"A and b must be given together, got A={'None' if A is None else 'array'}, "
                         f"b={'None' if b is None else 'array'}")
    if (E is None) != (f is None):
        raise ValueError(f"E and f must be given together, got E={'None' if E is None else 'array'}, "
                         f"f={'None' if f is None else 'array'}")
    dims = set()
    if A is not None:
        A = check_array("A", A, ndim=2)
        dims.add(A.shape[1])
    if E is not None:
        E = check_array("E", E, ndim=2)
        dims.add(E.shape[1])
    if dim is not None:
        dims.add(check_int("dim", dim, min_value=1))
    if len(dims) != 1:
        raise ValueError(f"A, E and dim must agree on the dimension (give at least one), got {sorted(dims)!r}")
    d = dims.pop()
    if d < 1:
        raise ValueError(f"dim must be >= 1, got {d!r}")
    A = np.zeros((0, d)) if A is None else A
    b = np.zeros(0) if b is None else check_array("b", b, shape=(A.shape[0],))
    E = np.zeros((0, d)) if E is None else E
    f = np.zeros(0) if f is None else check_array("f", f, shape=(E.shape[0],))
    proj = PolyhedralProjector(A, b, E, f, d, solver, tol, polish)
    try:
        proj(np.zeros(d))
    except RuntimeError as exc:
        raise ValueError(f"A, b, E, f must describe a non-empty polyhedron, got a QP status {exc}") from None
    proj.n_calls = proj.n_qp = 0
    return proj


def _constants(QF, Qf, G, m) -> dict:
    n_all = Qf.shape[0]
    Qyy = Qf[n_all - m:, n_all - m:]
    return {
        "L_F": float(np.linalg.norm(QF, 2)),
        "L_f": float(np.linalg.norm(Qf, 2)),
        "L_g": float(np.linalg.norm(G, 2)) if G.size else 0.0,
        "rho_f": float(max(0.0, -np.linalg.eigvalsh(Qf).min())),
        "mu_ll": float(np.linalg.eigvalsh(Qyy).min()) if m else 0.0,
        "coupling": float(np.linalg.norm(G[:, n_all - m:], 2) ** 2) if G.size else 0.0,
    }


def _llc(n, u, v1, v2, a, kappa, name, x0, y0, theta0, truth_method) -> BilevelQP:
    """Shared builder of the LLC family (toy: u = v1 = v2 = a = 1, kappa = 1)."""
    d = 3 * n
    ix, i1, i2 = slice(0, n), slice(n, 2 * n), slice(2 * n, 3 * n)
    I = np.eye(n)
    QF = np.zeros((d, d))
    QF[ix, ix] = I
    QF[ix, i2] = -I
    QF[i2, ix] = -I
    QF[i2, i2] = I
    QF[i1, i1] = I
    qF = np.zeros(d)
    qF[i1] = -a
    F_const = 0.5 * float(a @ a)
    Qf = np.zeros((d, d))
    Qf[i1, i1] = I
    Qf[ix, i1] = -I
    Qf[i1, ix] = -I
    qf = np.zeros(d)
    qf[i2] = kappa * v2
    G = np.concatenate([u, v1, v2])[None, :].copy()
    h = np.zeros(1)
    P, wc = _affine_projector(G, -h)
    # exact truth: the UL KKT system of the brief (section 5, G2.1)
    K = np.zeros((2 * n + 1, 2 * n + 1))
    K[:n, :n] = 2 * I
    K[:n, n:2 * n] = -I
    K[n:2 * n, :n] = -I
    K[n:2 * n, n:2 * n] = I
    K[:n, -1] = u + v1
    K[-1, :n] = u + v1
    K[n:2 * n, -1] = v2
    K[-1, n:2 * n] = v2
    rhs = np.concatenate([a - kappa * v1, np.zeros(n), [-kappa * float(v1 @ v1)]])
    sol = np.linalg.solve(K, rhs)
    xs, y2s = sol[:n], sol[n:2 * n]
    y1s = xs + kappa * v1
    w_star = np.concatenate([xs, y1s, y2s])
    w0 = wc + P @ (np.concatenate([x0, y0]) - wc)
    data = dict(n=n, m=2 * n, l=1, QF=QF, qF=qF, F_const=F_const, Qf=Qf, qf=qf, G=G, h=h,
                zlo=np.full(1, -R_CLIP), zhi=np.full(1, R_CLIP), proj_kind="affine", P=P, wc=wc,
                pix=np.zeros(0, np.int64), piy=np.zeros(0, np.int64),
                z0=np.full(1, -1.0), theta0=np.ascontiguousarray(theta0), lam0=np.full(1, 1.0),
                u=u, v1=v1, v2=v2, a=a, kappa=kappa)
    prob = BilevelQP(name=name, data=data, x0=np.ascontiguousarray(w0), truth={}, constants={})
    truth = dict(x_star=xs, y_star=np.concatenate([y1s, y2s]), w_star=w_star,
                 lam_star=np.full(1, -kappa), F_star=prob.F(w_star))
    resid = float(np.linalg.norm(K @ sol - rhs))
    return BilevelQP(name=name, data=data, x0=np.ascontiguousarray(w0), truth=truth,
                     constants=_constants(QF, Qf, G, 2 * n), truth_method=truth_method,
                     truth_error=resid)


def make_llc_toy(n: int = 100, *, init_noise: float = 0.0, rng=None) -> BilevelQP:
    """The authors' LL-merely-convex toy ("LLC"), x in R^n, y = (y1, y2) in R^2n.

    F = 1/2||x - y2||^2 + 1/2||y1 - 1||^2,  f = 1/2||y1||^2 - x'y1 + 1'y2,
    LL constraint 1'x + 1'y1 + 1'y2 = 0. Truth (closed form): x* = -0.3, y1* = 0.7, y2* = -0.4,
    lambda* = -1, F* = 0.05 n. Start as in the code: x0 = -20, y0 = theta0 = 10, lambda0 = 1,
    z0 = -1; ``init_noise`` > 0 adds N(0, init_noise^2) to x0, y0, theta0 (seeded by ``rng``).
    """
    n = check_int("n", n, min_value=1)
    init_noise = check_float("init_noise", init_noise, nonnegative=True)
    gen = make_rng(rng)
    one = np.ones(n)
    x0, y0, th0 = -20.0 * one, 10.0 * np.ones(2 * n), 10.0 * np.ones(2 * n)
    if init_noise > 0:
        x0 = x0 + init_noise * gen.standard_normal(n)
        y0 = y0 + init_noise * gen.standard_normal(2 * n)
        th0 = th0 + init_noise * gen.standard_normal(2 * n)
    prob = _llc(n, one, one, one, one, 1.0, f"llc_toy(n={n})", x0, y0, th0, "closed_form")
    # overwrite with the exact closed form (the KKT solve agrees to rounding)
    xs, y1s, y2s = -0.3 * one, 0.7 * one, -0.4 * one
    w_star = np.concatenate([xs, y1s, y2s])
    truth = dict(x_star=xs, y_star=np.concatenate([y1s, y2s]), w_star=w_star,
                 lam_star=np.full(1, -1.0), F_star=0.05 * n)
    return BilevelQP(name=prob.name, data=prob.data, x0=prob.x0, truth=truth,
                     constants=prob.constants, truth_method="closed_form", truth_error=0.0)


def make_llc_random(n: int = 10, *, kappa: float = 1.0, spread: float = 0.5,
                    init_noise: float = 1.0, rng=None) -> BilevelQP:
    """G2.1: random LLC instance. u, v1, v2, a = 1 + spread * N(0, 1) (coordinatewise);
    F = 1/2||x - y2||^2 + 1/2||y1 - a||^2, f = 1/2||y1||^2 - x'y1 + kappa v2'y2,
    LL constraint u'x + v1'y1 + v2'y2 = 0. lambda* = -kappa, y1* = x* + kappa v1, (x*, y2*) from
    the UL KKT solve (brief section 5). Start x0 = -20, y0 = theta0 = 10 plus N(0, init_noise^2)."""
    n = check_int("n", n, min_value=1)
    kappa = check_float("kappa", kappa, positive=True)
    spread = check_float("spread", spread, nonnegative=True)
    init_noise = check_float("init_noise", init_noise, nonnegative=True)
    gen = make_rng(rng)
    u, v1, v2, a = (1.0 + spread * gen.standard_normal(n) for _ in range(4))
    x0 = -20.0 + init_noise * gen.standard_normal(n)
    y0 = 10.0 + init_noise * gen.standard_normal(2 * n)
    th0 = 10.0 + init_noise * gen.standard_normal(2 * n)
    return _llc(n, u, v1, v2, a, kappa, f"llc_random(n={n})", x0, y0, th0, "linear_solve")


def make_coupled_ineq(n: int = 10, *, rng=None) -> BilevelQP:
    """G2.2: per coordinate, LL min_y 1/2(y - c)^2 s.t. y <= x; UL F = 1/2(x - a)^2 + 1/2(y - t)^2.

    y*(x) = min(c, x), lambda*(x) = max(0, c - x). Per coordinate the global solution is the better
    of x1 = max(a, c) (y = c) and x2 = min((a + t)/2, c) (y = x). Z = [0, r]."""
    n = check_int("n", n, min_value=1)
    gen = make_rng(rng)
    c = gen.uniform(-1, 1, n)
    a = gen.uniform(-1, 1, n)
    t = gen.uniform(-1, 1, n)
    d = 2 * n
    QF = np.eye(d)
    qF = -np.concatenate([a, t])
    F_const = 0.5 * float(a @ a + t @ t)
    Qf = np.zeros((d, d))
    Qf[n:, n:] = np.eye(n)
    qf = np.concatenate([np.zeros(n), -c])
    G = np.concatenate([-np.eye(n), np.eye(n)], axis=1)
    h = np.zeros(n)
    xs, ys, lams = np.empty(n), np.empty(n), np.empty(n)
    for i in range(n):
        x1 = max(a[i], c[i])
        x2 = min(0.5 * (a[i] + t[i]), c[i])
        F1 = 0.5 * (x1 - a[i]) ** 2 + 0.5 * (c[i] - t[i]) ** 2
        F2 = 0.5 * (x2 - a[i]) ** 2 + 0.5 * (x2 - t[i]) ** 2
        xs[i] = x1 if F1 <= F2 else x2
        ys[i] = min(c[i], xs[i])
        lams[i] = max(0.0, c[i] - xs[i])
    w_star = np.concatenate([xs, ys])
    x0 = gen.uniform(-2, 2, n)
    y0 = gen.uniform(-2, 2, n)
    data = dict(n=n, m=n, l=n, QF=QF, qF=qF, F_const=F_const, Qf=Qf, qf=qf, G=G, h=h,
                zlo=np.zeros(n), zhi=np.full(n, R_CLIP), proj_kind="pairs",
                P=np.zeros((0, 0)), wc=np.zeros(0),
                pix=np.arange(n, dtype=np.int64), piy=np.arange(n, 2 * n, dtype=np.int64),
                z0=np.zeros(n), theta0=y0.copy(), lam0=np.zeros(n), c=c, a=a, t=t)
    prob = BilevelQP(name=f"coupled_ineq(n={n})", data=data, x0=np.zeros(d), truth={}, constants={})
    w0 = prob.project_C(np.concatenate([x0, y0]))
    truth = dict(x_star=xs, y_star=ys, w_star=w_star, lam_star=lams, F_star=prob.F(w_star))
    return BilevelQP(name=prob.name, data=data, x0=w0, truth=truth,
                     constants=_constants(QF, Qf, G, n), truth_method="closed_form_enumeration",
                     truth_error=0.0)


def make_lsc_equality(n: int = 5, m: int = 8, l: int = 3, *, rng=None) -> BilevelQP:
    """G2.3: LL strongly convex QP with coupled equality constraints; convex bilevel program.

    LL: min_y 1/2 y'Ay + (Bx + b)'y  s.t.  E y - D x - e = 0   (A > 0, E full row rank);
    UL: F = 1/2||x - a||^2 + 1/2||y - t||^2.  Since the LL is a convex QP, y in S(x) iff the
    linear KKT system holds, so the bilevel problem is the convex QP
    min F(x, y) s.t. A y + B x + b + E'mu = 0, E y = D x + e, solved by cvxpy (CLARABEL) for the
    reference; ``truth_error`` is its distance to the exact KKT solve."""
    n = check_int("n", n, min_value=1)
    m = check_int("m", m, min_value=1)
    l = check_int("l", l, min_value=1, max_value=m - 1)
    gen = make_rng(rng)
    Qm, _ = np.linalg.qr(gen.standard_normal((m, m)))
    A = (Qm * gen.uniform(0.5, 2.0, m)) @ Qm.T
    A = 0.5 * (A + A.T)
    B = gen.standard_normal((m, n)) / np.sqrt(n)
    b = gen.standard_normal(m)
    E = np.linalg.qr(gen.standard_normal((m, l)))[0].T.copy()   # orthonormal rows: well-posed coupling
    D = gen.standard_normal((l, n)) / np.sqrt(n)
    e = gen.standard_normal(l)
    a = gen.standard_normal(n)
    t = gen.standard_normal(m)
    d = n + m
    QF = np.eye(d)
    qF = -np.concatenate([a, t])
    F_const = 0.5 * float(a @ a + t @ t)
    Qf = np.zeros((d, d))
    Qf[n:, n:] = A
    Qf[n:, :n] = B
    Qf[:n, n:] = B.T
    qf = np.concatenate([np.zeros(n), b])
    G = np.concatenate([-D, E], axis=1)
    h = -e
    P, wc = _affine_projector(G, -h)
    # exact KKT solve of the single-level convex QP in (x, y, mu) with multipliers (p1, p2)
    #   min 1/2||x-a||^2 + 1/2||y-t||^2  s.t.  B x + A y + E'mu = -b,  -D x + E y = e
    Aeq = np.zeros((m + l, n + m + l))
    Aeq[:m, :n] = B
    Aeq[:m, n:n + m] = A
    Aeq[:m, n + m:] = E.T
    Aeq[m:, :n] = -D
    Aeq[m:, n:n + m] = E
    beq = np.concatenate([-b, e])
    H = np.zeros((n + m + l, n + m + l))
    H[:d, :d] = np.eye(d)
    cvec = np.concatenate([-a, -t, np.zeros(l)])
    N = n + m + l
    Kmat = np.block([[H, Aeq.T], [Aeq, np.zeros((m + l, m + l))]])
    sol = np.linalg.lstsq(Kmat, np.concatenate([-cvec, beq]), rcond=None)[0]
    w_kkt = sol[:d]
    import cvxpy as cp
    v = cp.Variable(N)
    objective = cp.Minimize(0.5 * cp.sum_squares(v[:n] - a) + 0.5 * cp.sum_squares(v[n:d] - t))
    cp.Problem(objective, [Aeq @ v == beq]).solve(solver="CLARABEL", tol_gap_abs=1e-12,
                                                   tol_gap_rel=1e-12, tol_feas=1e-12)
    w_cvx = np.asarray(v.value[:d], dtype=np.float64)
    mu = np.asarray(v.value[d:], dtype=np.float64)
    # LL multiplier of g = E y - D x - e (sign convention of the Lagrangian f + lam'g): lam = mu
    x0 = gen.standard_normal(n)
    y0 = gen.standard_normal(m)
    data = dict(n=n, m=m, l=l, QF=QF, qF=qF, F_const=F_const, Qf=Qf, qf=qf, G=G, h=h,
                zlo=np.full(l, -R_CLIP), zhi=np.full(l, R_CLIP), proj_kind="affine", P=P, wc=wc,
                pix=np.zeros(0, np.int64), piy=np.zeros(0, np.int64),
                z0=np.zeros(l), theta0=y0.copy(), lam0=np.zeros(l), A=A, B=B, b=b, E=E, D=D, e=e,
                w_kkt=w_kkt)
    prob = BilevelQP(name=f"lsc_equality(n={n},m={m},l={l})", data=data, x0=np.zeros(d), truth={},
                     constants={})
    w0 = prob.project_C(np.concatenate([x0, y0]))
    truth = dict(x_star=w_cvx[:n], y_star=w_cvx[n:], w_star=w_cvx, lam_star=mu, F_star=prob.F(w_cvx))
    return BilevelQP(name=prob.name, data=data, x0=w0, truth=truth,
                     constants=_constants(QF, Qf, G, m), truth_method="cvxpy:CLARABEL",
                     truth_error=float(np.linalg.norm(w_cvx - w_kkt)))


def make_meha_quadratic(n: int = 5, m: int = 5, *, constrained: bool = False, rng=None) -> BilevelQP:
    """g == 0 (the MEHA special case): f = 1/2 y'Ay + (Bx + b)'y with A >= 0 (rank deficient:
    non-singleton S(x)), F = 1/2||x - a||^2 + 1/2||y - t||^2; l = 0, C = R^d. The Moreau envelope
    v(x, y) = min_th f(x, th) + ||th - y||^2/(2 gamma1) has a closed form (linear solve).
    No bilevel truth is attached (the claim using it compares iterates). ``constrained=True`` adds
    one random coupled equality constraint a'w = 0 (then LV-HBA is no longer MEHA: the control)."""
    n = check_int("n", n, min_value=1)
    m = check_int("m", m, min_value=2)
    gen = make_rng(rng)
    R = gen.standard_normal((m - 1, m)) / np.sqrt(m)
    A = R.T @ R
    B = gen.standard_normal((m, n)) / np.sqrt(n)
    b = R.T @ gen.standard_normal(m - 1)
    d = n + m
    QF = np.eye(d)
    qF = -gen.standard_normal(d)
    Qf = np.zeros((d, d))
    Qf[n:, n:] = A
    Qf[n:, :n] = B
    Qf[:n, n:] = B.T
    qf = np.concatenate([np.zeros(n), b])
    w0 = gen.standard_normal(d)
    G = np.zeros((0, d))
    extra = dict(proj_kind="none", P=np.zeros((0, 0)), wc=np.zeros(0))
    if constrained:
        G = gen.standard_normal((1, d))
        P, wc = _affine_projector(G, np.zeros(1))
        extra = dict(proj_kind="affine", P=P, wc=wc)
        w0 = wc + P @ (w0 - wc)
    l = G.shape[0]
    data = dict(n=n, m=m, l=l, QF=QF, qF=qF, F_const=0.5 * float(qF @ qF), Qf=Qf, qf=qf,
                G=G, h=np.zeros(l), zlo=np.full(l, -R_CLIP), zhi=np.full(l, R_CLIP),
                pix=np.zeros(0, np.int64), piy=np.zeros(0, np.int64),
                z0=np.zeros(l), theta0=w0[n:].copy(), lam0=np.zeros(l), A=A, B=B, b=b, **extra)
    return BilevelQP(name=f"meha_quadratic(n={n},m={m},constrained={constrained})", data=data, x0=w0,
                     truth={}, constants=_constants(QF, Qf, G, m), truth_method="none", truth_error=0.0)


def make_svm_hyper(n_train: int = 40, n_val: int = 100, n_components: int = 10, *, c0: float = 1.0,
                   c_min: float = 1e-3, c_max: float = 10.0, rng=None) -> BilevelQP:
    """Linear-SVM hyperparameter selection (the paper's SVM experiment, in its constrained form with
    the hyperparameter as a box constraint) on the Wisconsin breast-cancer data bundled with
    scikit-learn (``sklearn.datasets.load_breast_cancer``: read from the installed package, no download).

    Data: a seeded random split into ``n_train`` training and ``n_val`` validation samples (labels
    +-1); features centred on the training mean and PCA-whitened on the training set to
    ``n_components`` directions (standardised, decorrelated: the lower-level Hessian is then a
    projector, eigenvalues 0/1), plus a constant feature for the bias; scaled by 1/sqrt(n_train).

    Bilevel problem, x = c (one regularisation constant), y = alpha in R^n_train (SVM dual):
      LL   min_alpha 1/2||M alpha||^2 - 1'alpha  s.t.  0 <= alpha_i <= c   (soft-margin SVM dual;
           w = M alpha is the primal weight vector of  min 1/2||w||^2 + c sum_i hinge_i)
      UL   F = 1/(2 n_val) sum_j (1 - t_j <w, phi_j>)^2  (squared margin loss on the validation set)
    g(c, alpha) = [alpha - c 1; -alpha] <= 0 (2 n_train coupled rows, Z = [0, r]);
    C = {(c, alpha) : c_min <= c <= c_max, 0 <= alpha <= c}, projected by :func:`polyhedral_projector`
    (``data["projector"]``, proj_kind "callable"). The LL is merely convex (non-singleton alpha-set
    when n_train > n_components + 1) but w*(c) is unique, so F(c, alpha*(c)) is well defined.
    Reference: :func:`svm_lower_level` (the LL QP by cvxpy/CLARABEL) and :func:`svm_grid_reference`
    (the true validation loss on a grid of c). Start: c = c0, alpha = theta = 0, lambda = z = 0.
    """
    n_train = check_int("n_train", n_train, min_value=2, max_value=400)
    n_val = check_int("n_val", n_val, min_value=1, max_value=569 - n_train)
    n_components = check_int("n_components", n_components, min_value=1, max_value=30)
    if n_components > n_train - 1:
        raise ValueError(f"n_components must be <= n_train - 1 = {n_train - 1}, got {n_components!r}")
    c_min = check_float("c_min", c_min, positive=True)
    c_max = check_float("c_max", c_max, lower=c_min, lower_open=True)
    c0 = check_float("c0", c0, lower=c_min, upper=c_max)
    gen = make_rng(rng)
    from sklearn.datasets import load_breast_cancer
    ds = load_breast_cancer()
    Xall = np.asarray(ds.data, dtype=np.float64)
    tall = 2.0 * np.asarray(ds.target, dtype=np.float64) - 1.0
    perm = gen.permutation(Xall.shape[0])
    tr, va = perm[:n_train], perm[n_train:n_train + n_val]
    mu = Xall[tr].mean(axis=0)
    _, S, Vt = np.linalg.svd(Xall[tr] - mu, full_matrices=False)
    Wp = Vt[:n_components].T / (S[:n_components] / np.sqrt(n_train))
    feat = lambda idx: np.hstack([(Xall[idx] - mu) @ Wp, np.ones((idx.size, 1))]) / np.sqrt(n_train)  # noqa: E731
    M = (feat(tr) * tall[tr, None]).T            # (k+1, N): w = M alpha
    Bv = feat(va) * tall[va, None]               # (n_val, k+1): validation margins = Bv w
    N = n_train
    d = N + 1
    QF = np.zeros((d, d))
    QF[1:, 1:] = M.T @ (Bv.T @ Bv) @ M / n_val
    qF = np.zeros(d)
    qF[1:] = -M.T @ (Bv.T @ np.ones(n_val)) / n_val
    Qf = np.zeros((d, d))
    Qf[1:, 1:] = M.T @ M
    qf = np.zeros(d)
    qf[1:] = -1.0
    G = np.zeros((2 * N, d))
    G[:N, 0] = -1.0
    G[np.arange(N), 1 + np.arange(N)] = 1.0
    G[N + np.arange(N), 1 + np.arange(N)] = -1.0
    h = np.zeros(2 * N)
    A = np.concatenate([G, np.eye(1, d), -np.eye(1, d)], axis=0)
    b = np.concatenate([np.zeros(2 * N), [c_max, -c_min]])
    projector = polyhedral_projector(A, b)
    w0 = np.zeros(d)
    w0[0] = c0
    data = dict(n=1, m=N, l=2 * N, QF=QF, qF=qF, F_const=0.5, Qf=Qf, qf=qf, G=G, h=h,
                zlo=np.zeros(2 * N), zhi=np.full(2 * N, R_CLIP), proj_kind="callable", projector=projector,
                P=np.zeros((0, 0)), wc=np.zeros(0), pix=np.zeros(0, np.int64), piy=np.zeros(0, np.int64),
                z0=np.zeros(2 * N), theta0=np.zeros(N), lam0=np.zeros(2 * N), M=M, Bv=Bv, A_C=A, b_C=b,
                ll_solver=_SvmLowerLevel(M),
                c_min=c_min, c_max=c_max, train_idx=tr, val_idx=va)
    return BilevelQP(name=f"svm_hyper(breast_cancer,n_train={N},n_val={n_val},k={n_components})", data=data,
                     x0=w0, truth={}, constants=_constants(QF, Qf, G, N), truth_method="cvxpy:CLARABEL (per c)",
                     truth_error=0.0)


def svm_box_projector(c_min: float, c_max: float):
    """Closed-form projector onto C = {(c, alpha) : c_min <= c <= c_max, 0 <= alpha <= c} (the set of
    :func:`make_svm_hyper`): for fixed c the projection is alpha = clip(v_alpha, 0, c), and the
    remaining 1-D convex problem in c is solved exactly by sorting (O(N log N)). Cross-checks the
    cvxpy projector; used by the fast (smoke) runs of the SVM demonstration."""
    c_min = check_float("c_min", c_min, positive=True)
    c_max = check_float("c_max", c_max, lower=c_min, lower_open=True)

    def project(v):
        v = check_array("v", v, ndim=1)
        vc, va = v[0], v[1:]
        s = np.sort(np.maximum(va, 0.0))[::-1]
        N = s.size
        cand = (vc + np.concatenate([[0.0], np.cumsum(s)])) / (1.0 + np.arange(N + 1))
        hi = np.concatenate([[np.inf], s])
        lo = np.concatenate([s, [-np.inf]])
        j = int(np.nonzero((lo <= cand) & (cand <= hi))[0][0])
        c = min(max(cand[j], c_min), c_max)
        return np.concatenate([[c], np.clip(va, 0.0, c)])
    return project


class _SvmLowerLevel:
    """The LL QP of :func:`make_svm_hyper` with c as a cvxpy Parameter, built on first use and reused."""

    def __init__(self, M):
        self.M = M
        self._qp = None

    def __call__(self, c: float) -> np.ndarray:
        if self._qp is None:
            import cvxpy as cp
            self._a = cp.Variable(self.M.shape[1])
            self._c = cp.Parameter(nonneg=True)
            self._qp = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(self.M @ self._a) - cp.sum(self._a)),
                                  [self._a >= 0, self._a <= self._c])
        self._c.value = c
        self._qp.solve(solver="CLARABEL", tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12)
        return np.clip(np.asarray(self._a.value, dtype=np.float64), 0.0, c)


def svm_lower_level(prob, c: float) -> tuple[float, np.ndarray, float]:
    """Reference LL solve at hyperparameter c (cvxpy/CLARABEL, tolerances 1e-12):
    returns (phi(c) = min LL value, w*(c) = M alpha*, F(c, alpha*(c)) = true validation loss)."""
    c = check_float("c", c, positive=True)
    alpha = prob.data["ll_solver"](c)
    M, Bv = prob.data["M"], prob.data["Bv"]
    wv = M @ alpha
    phi = float(0.5 * wv @ wv - alpha.sum())
    r = 1.0 - Bv @ wv
    return phi, wv, float(0.5 * r @ r / r.size)


def svm_grid_reference(prob, n_grid: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """True validation loss F(c, alpha*(c)) on a geometric grid of c in [c_min, c_max] (ground truth
    for the hyperparameter: the scalar problem is 1-D, nonconvex and piecewise smooth)."""
    n_grid = check_int("n_grid", n_grid, min_value=2)
    cs = np.geomspace(prob.data["c_min"], prob.data["c_max"], n_grid)
    return cs, np.array([svm_lower_level(prob, c)[2] for c in cs])


def run_svm_demo(xs, rng, *, n_train: int = 40, n_val: int = 100, n_components: int = 10, n_grid: int = 60,
                 projector: str = "cvxpy", **solver_kw) -> dict:
    """LV-HBA on :func:`make_svm_hyper` (split seeded by rng), up to K = max(xs), cvxpy projector.
    Metrics at the iterations xs: "ll_gap" = f(c_k, alpha_k) - phi(c_k) (>= 0: the iterates stay in C),
    "ll_gap_rel" = ll_gap / max(1, |phi(c_k)|), "c" = c_k, "ul_true" = F(c_k, alpha*(c_k)) (true
    validation loss of the hyperparameter), "ul_excess" = ul_true / min over the grid - 1 (can be < 0),
    "ul_iterate" = F(c_k, alpha_k); scalar "qp_fraction" (share of iterations that needed a QP).
    ``projector="closed_form"`` uses :func:`svm_box_projector` instead of the cvxpy QP (same
    projection to ~1e-10, about 50x faster; for smoke runs)."""
    from theorylab.solvers.bilevel_lvhba import lvhba
    prob = make_svm_hyper(n_train, n_val, n_components, rng=rng)
    ks = np.asarray(np.round(np.asarray(xs, float)), dtype=np.int64)
    K = int(ks.max())
    if projector not in ("cvxpy", "closed_form"):
        raise ValueError(f"projector must be 'cvxpy' or 'closed_form', got {projector!r}")
    proj = prob.data["projector"] if projector == "cvxpy" else svm_box_projector(prob.data["c_min"],
                                                                                prob.data["c_max"])
    with np.errstate(all="ignore"):
        res = lvhba(prob, max_iter=K, record_at=np.unique(np.concatenate([[0], ks])), metrics=False,
                    projector=proj, **solver_kw)
    tr = res.trace
    rec = np.asarray(tr["k"])
    out = {key: np.full(ks.size, np.nan) for key in ("ll_gap", "ll_gap_rel", "c", "ul_true", "ul_excess",
                                                      "ul_iterate")}
    _, Fgrid = svm_grid_reference(prob, n_grid) if n_grid >= 2 else (None, np.array([np.nan]))
    for i, k in enumerate(ks):
        j = np.searchsorted(rec, k)
        if j >= rec.size or rec[j] != k:
            continue
        w = tr["w"][j]
        phi, _, Ftrue = svm_lower_level(prob, float(w[0]))
        gap = prob.f(w) - phi
        out["ll_gap"][i] = gap
        out["ll_gap_rel"][i] = gap / max(1.0, abs(phi))
        out["c"][i] = w[0]
        out["ul_true"][i] = Ftrue
        out["ul_excess"][i] = Ftrue / float(np.min(Fgrid)) - 1.0
        out["ul_iterate"][i] = prob.F(w)
    out["qp_fraction"] = proj.n_qp / max(1, proj.n_calls) if projector == "cvxpy" else 0.0
    return out


# ----------------------------------------------------------------------------------------------
# experiment runners shared by the validations/yao24_lvhba_* claims: run(xs, rng, **params) -> dict

def make_family(family: str, n: int, *, rng=None) -> BilevelQP:
    """The instance family by name (seeded): "llc_toy" (init noise 1), "llc_random", "coupled_ineq",
    "lsc_equality" (m = n + 3, l = 3)."""
    if family == "llc_toy":
        return make_llc_toy(n, init_noise=1.0, rng=rng)
    if family == "llc_random":
        return make_llc_random(n, rng=rng)
    if family == "coupled_ineq":
        return make_coupled_ineq(n, rng=rng)
    if family == "lsc_equality":
        return make_lsc_equality(n, n + 3, 3, rng=rng)
    raise ValueError(f"family must be one of llc_toy, llc_random, coupled_ineq, lsc_equality, got {family!r}")


def run_lvhba_trace(xs, rng, *, family: str = "llc_random", n: int = 10, dense: int = 150,
                    **solver_kw) -> dict:
    """One LV-HBA run up to K = max(xs); every metric of ``lvhba_metrics`` at the iterations xs
    (NaN where the run had diverged before reaching them). The running minimum of the residual is
    taken over a dense geometric schedule (``dense`` points) plus xs. Also "adiabatic": relerr_x
    divided by the exact penalised-minimiser error 4/(5 c_k + 6) of the toy (gamma1 = gamma2 = 1)."""
    from theorylab.solvers.bilevel_lvhba import lvhba
    prob = make_family(family, n, rng=rng)
    ks = np.asarray(np.round(np.asarray(xs, float)), dtype=np.int64)
    K = int(ks.max())
    sched = np.unique(np.concatenate([ks, np.round(np.geomspace(1, K, dense)).astype(np.int64), [0]]))
    with np.errstate(all="ignore"):
        res = lvhba(prob, max_iter=K, record_at=sched, **solver_kw)
        tr = res.trace
        rec = np.asarray(tr["k"])
        pos = np.searchsorted(rec, ks)
        ok = (pos < rec.size) & (rec[np.minimum(pos, rec.size - 1)] == ks)
        out = {}
        names = ["residual", "residual_min", "gap", "tracking", "relerr_x", "relerr_w", "c"]
        for name in names:
            arr = np.full(ks.size, np.nan)
            if name in tr:
                arr[ok] = np.asarray(tr[name])[pos[ok]]
            out[name] = arr
        out["adiabatic"] = out["relerr_x"] / (4.0 / (5.0 * out["c"] + 6.0))
    out["diverged"] = float(res.status == 2)
    return out


def run_inner_stability(xs, rng, *, side: str = "below", n: int = 10, gamma: float = 1.0,
                        K: int = 5000, inner: str = "jacobi") -> dict:
    """Inner descent-ascent at a frozen outer point (alpha = beta = 0) with eta = s eta* (side
    "below") or eta = (2 - s) eta* (side "above"), eta* = the derived stability threshold of the
    simultaneous step. Metric "amplification" = tracking error after K steps / initial error."""
    from theorylab.solvers.bilevel_lvhba import inner_jacobian, inner_step_threshold, lvhba
    s = float(np.asarray(xs, float)[0])
    prob = make_llc_toy(n, init_noise=1.0, rng=rng)
    thr = inner_step_threshold(prob, gamma, gamma)
    eta = s * thr if side == "below" else (2.0 - s) * thr
    with np.errstate(all="ignore"):
        res = lvhba(prob, eta=eta, alpha=0.0, beta=0.0, gamma1=gamma, gamma2=gamma, max_iter=K,
                    record_at=[0, K], inner=inner)
    tr = res.trace["tracking"]
    amp = float(tr[-1] / tr[0]) if tr.size == 2 else np.inf
    radius = float(np.abs(np.linalg.eigvals(inner_jacobian(prob, gamma, gamma, eta, inner=inner))).max())
    return {"amplification": amp, "eta": eta, "eta_star": thr, "radius": radius}


def run_reformulation(xs, rng, *, use_constraints: bool = True, n_points: int = 40) -> dict:
    """Brief claim 4 on a G2.1 and a G2.2 instance of size n = xs[0]: the violation
    max(|f - v_gamma| at (w*, z = lambda*), max over random (w, z) in C x Z of (v_gamma - f)^+)."""
    from theorylab.solvers.bilevel_lvhba import prox_lagrangian
    n = int(round(float(np.asarray(xs, float)[0])))
    worst_sol, worst_neg = 0.0, 0.0
    for fam in ("llc_random", "coupled_ineq"):
        prob = make_family(fam, n, rng=rng)
        for gamma1, gamma2 in ((1.0, 1.0), (0.3, 5.0)):
            v, *_ = prox_lagrangian(prob, prob.truth["w_star"], prob.truth["lam_star"], gamma1, gamma2,
                                    use_constraints=use_constraints)
            worst_sol = max(worst_sol, abs(prob.f(prob.truth["w_star"]) - v))
            lo, hi = prob.data["zlo"], prob.data["zhi"]
            for _ in range(n_points):
                w = prob.project_C(3.0 * rng.standard_normal(prob.x0.shape[0]))
                z = np.clip(3.0 * rng.standard_normal(lo.shape[0]), lo, hi)
                v, *_ = prox_lagrangian(prob, w, z, gamma1, gamma2, use_constraints=use_constraints)
                worst_neg = max(worst_neg, v - prob.f(w))
    return {"violation": max(worst_sol, worst_neg), "gap_at_solution": worst_sol,
            "max_negative_gap": worst_neg}


def run_danskin(xs, rng, *, drop_multiplier_term: bool = False, n_points: int = 4, h: float = 1e-5) -> dict:
    """Brief claim 5: the Danskin gradient of v_gamma vs central finite differences of the exact
    value at random (w, z), on a G2.1 and a G2.2 instance of size n = xs[0].
    Metric "relerr" = max ||g_fd - g||_inf / max(1, ||g||_inf). ``drop_multiplier_term`` removes
    G_x' lambda* from grad_x v (the broken control)."""
    from theorylab.solvers.bilevel_lvhba import prox_lagrangian
    n = int(round(float(np.asarray(xs, float)[0])))
    worst = 0.0
    for fam in ("llc_random", "coupled_ineq"):
        prob = make_family(fam, n, rng=rng)
        dim = prob.x0.shape[0]
        l = prob.data["zlo"].shape[0]
        nx = prob.data["n"]
        for gamma1, gamma2 in ((1.0, 1.0), (0.3, 5.0)):
            for _ in range(n_points):
                w = 2.0 * rng.standard_normal(dim)
                z = (rng.uniform(0.2, 2.0, l) if fam == "coupled_ineq" else 2.0 * rng.standard_normal(l))
                _, _, lam, gw, gz = prox_lagrangian(prob, w, z, gamma1, gamma2)
                if drop_multiplier_term:
                    gw = gw.copy()
                    gw[:nx] -= prob.data["G"][:, :nx].T @ lam
                g = np.concatenate([gw, gz])
                u = np.concatenate([w, z])
                fd = np.empty_like(u)
                for i in range(u.size):
                    e = np.zeros_like(u)
                    e[i] = h
                    vp = prox_lagrangian(prob, (u + e)[:dim], (u + e)[dim:], gamma1, gamma2)[0]
                    vm = prox_lagrangian(prob, (u - e)[:dim], (u - e)[dim:], gamma1, gamma2)[0]
                    fd[i] = (vp - vm) / (2 * h)
                worst = max(worst, float(np.abs(fd - g).max() / max(1.0, np.abs(g).max())))
    return {"relerr": worst}


def run_cvxpy_reference(xs, rng, *, K: int = 400_000, target: float = 1e-3, **solver_kw) -> dict:
    """Issue claim 3: LV-HBA on a G2.3 instance (n = xs[0], m = n + 3, l = 3) vs its cvxpy
    reference. Metrics: "relerr_final" = ||w_K - w*||/||w*||, "iters_to_target" (first recorded k
    with relerr <= target, NaN if never), "truth_error" (cvxpy vs KKT solve). Wall times are not
    returned (they would break the bit-identical-results rule); see the claim's notes."""
    from theorylab.solvers.bilevel_lvhba import lvhba
    n = int(round(float(np.asarray(xs, float)[0])))
    prob = make_lsc_equality(n, n + 3, 3, rng=rng)
    with np.errstate(all="ignore"):
        res = lvhba(prob, max_iter=K, record_at=np.unique(np.round(np.geomspace(1, K, 120)).astype(np.int64)),
                    **solver_kw)
    rel = np.asarray(res.trace["relerr_w"])
    hit = np.nonzero(rel <= target)[0]
    return {"relerr_final": float(rel[-1]) if res.status != 2 else np.inf,
            "iters_to_target": float(res.trace["k"][hit[0]]) if hit.size else np.nan,
            "truth_error": prob.truth_error}
