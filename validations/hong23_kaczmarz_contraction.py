"""Sketch contraction of randomized Kaczmarz on a fixed KKT system (Hong et al. 2023, inner solver;
Strohmer & Vershynin 2009, Gower & Richtarik 2015; brief claim 3, [derived]).

With rows drawn uniformly (as in the authors' code) one Kaczmarz step maps the error e to
(I - K_i^T K_i / ||K_i||^2) e, so E||e_{j+1}||^2 <= rho ||e_j||^2 with
rho = 1 - lambda_min(K^T D K) / (d + m), D = diag(1/||K_i||^2); hence
E||Delta_j - Delta*||^2 / ||Delta_0 - Delta*||^2 <= rho^j. Checked as a ratio: the mean over
seeds of the normalized squared error divided by rho^j stays <= 1 with no upward trend in j.
Control: over-relaxation omega = 2 (reflection through each row's hyperplane), which never contracts.
(The unnormalized step was tried first: on this instance every ||K_i|| < 1, so it only under-relaxes
and still beats rho^j; it is not a control.)
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.solvers.sketched_newton import kaczmarz_solve


def kkt_system(d=20, m=5, cond=10.0):
    p = snp.make_random_qp(d, m, cond, rng=0)
    G, H = p.jac(p.x0), p.hess(p.x0)
    K = np.block([[H, G.T], [G, np.zeros((m, m))]])
    b = -np.concatenate([p.grad(p.x0), p.c(p.x0)])
    D = 1.0 / np.einsum("ij,ij->i", K, K)
    rho = 1.0 - np.linalg.eigvalsh(K.T @ (D[:, None] * K))[0] / K.shape[0]
    return K, b, rho


def error_trace(xs, rng, relaxation=1.0):
    K, b, rho = kkt_system()
    star = np.linalg.solve(K, b)
    e0 = float(star @ star)
    delta, done, out = np.zeros_like(b), 0, []
    for j in np.asarray(xs, dtype=np.int64):
        if j > done:
            delta, _, _ = kaczmarz_solve(K, b, 0.0, max_steps=int(j - done), delta0=delta, relaxation=relaxation,
                                         rng=rng)
            done = int(j)
        e = delta - star
        out.append(float(e @ e) / e0 if np.all(np.isfinite(e)) else np.inf)
    return {"sq_error": np.array(out), "rho": rho}


CLAIM = Claim(
    id="hong23_kaczmarz_contraction",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "inner sketch solver; sketch-and-project "
                  "contraction (Gower & Richtarik 2015)", tag="derived"),
    statement=r"\mathbb{E}\|\Delta_j - \Delta^*\|^2 \le \big(1 - \lambda_{\min}(K^\top D K)/(d+m)\big)^j "
              r"\|\Delta_0 - \Delta^*\|^2",
    problem="KKT matrix of a random equality QP (d = 20, m = 5, cond(H) = 10), rho = 0.99908; uniform rows",
    sweep=Sweep("j", tuple(np.unique(np.geomspace(10, 20000, 10).round())), seeds=100, smoke_seeds=20,
                per_point=False),
    metric="sq_error",
    bound="rho**j",
    check=Check("ratio", C=1.0),
    main=Arm(error_trace, label="randomized Kaczmarz"),
    control=Control(Arm(error_trace, {"relaxation": 2.0}, label="over-relaxed step, omega = 2"),
                    why="a reflection preserves ||Delta - Delta*||: no contraction at all"),
)
