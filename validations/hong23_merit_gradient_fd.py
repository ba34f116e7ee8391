"""Merit-gradient correctness (Hong et al. 2023, Sec. 2; brief claim 8, [derived]).

grad L_eta = (grad_x L + eta1 G^T c + eta2 (hess_x L) grad_x L, c + eta2 G grad_x L) must match
central finite differences of L_eta to 1e-6 relative at random points of problems with
nonlinear constraints. Control N4: the authors' code uses the objective Hessian in place of the
Lagrangian Hessian, which is exact only for linear constraints; it differs by
eta2 (sum_i lam_i hess c_i) grad_x L and must fail.
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.solvers.sketched_newton import merit_gradient, merit_value

PROBLEMS = snp.NONLINEAR_SET


def fd_error(xs, rng, merit_hessian="lagrangian", eta1=1.0, eta2=0.1, h=1e-5):
    name = PROBLEMS[int(xs[0]) - 1]
    p = snp.make_problem(name, rng=0)
    x = p.x0 + 0.3 * rng.standard_normal(p.n)
    lam = rng.standard_normal(p.m)
    z = np.concatenate([x, lam])
    g = merit_gradient(p, x, lam, eta1, eta2, merit_hessian)
    fd = np.empty_like(z)
    for i in range(z.size):
        e = np.zeros_like(z)
        e[i] = h
        up, dn = z + e, z - e
        fd[i] = (merit_value(p, up[:p.n], up[p.n:], eta1, eta2) -
                 merit_value(p, dn[:p.n], dn[p.n:], eta1, eta2)) / (2 * h)
    return {"rel_error": np.linalg.norm(g - fd) / max(np.linalg.norm(fd), 1e-12)}


CLAIM = Claim(
    id="hong23_merit_gradient_fd",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "Sec. 2, gradient of L_eta",
                  tag="derived"),
    statement=r"\nabla_x L_\eta = \nabla_x L + \eta_1 G^\top c + \eta_2 \nabla^2_x L\,\nabla_x L,\ "
              r"\nabla_\lambda L_\eta = c + \eta_2 G \nabla_x L",
    problem="HS6, HS7, HS27, HS39 and the sphere eigenproblem (nonlinear constraints), random (x, lambda) "
            "around the standard start; central differences, h = 1e-5",
    sweep=Sweep("problem", tuple(range(1, len(PROBLEMS) + 1)), seeds=10, smoke_seeds=3, labels=PROBLEMS),
    metric="rel_error",
    bound="1e-6",
    check=Check("bound", C=1.0),
    main=Arm(fd_error, label="Lagrangian-Hessian merit gradient"),
    control=Control(Arm(fd_error, {"merit_hessian": "objective"}, label="objective-Hessian gradient (N4)"),
                    why="the authors' code uses the objective Hessian; off by eta2 (sum lam_i hess c_i) grad_x L"),
)
