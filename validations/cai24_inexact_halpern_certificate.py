"""Alg. 2's computable certificate upper-bounds the true resolvent residual at every outer iteration."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import halpern as P
from theorylab.solvers import halpern as H

N = 64
KS = [int(k) for k in np.unique(np.round(np.geomspace(1, 1000, 40)))]
KS_SMOKE = [int(k) for k in np.unique(np.round(np.geomspace(1, 100, 15)))]


def run(xs, rng, *, certificate="safe", inner_const=None):
    """Alg. 2 on VRH-MB (n = 64, d = 20, L = 4 L_F, D = 1; M_k = floor(0.3 n ln(k+2)) or ``inner_const``).
    Returns the true resolvent residual ||u_k - J(u_k)||/eta (exact linear solve) and the certificate:
    ``safe`` = (||u_k - ut_k|| + ||Phi_k(ut_k)||)/eta, ``naive`` = ||u_k - ut_k||/eta."""
    p = P.make_monotone_sum(N, d=20, kappa=4.0, spectrum="geometric", decades=2.0, rng=rng)
    ks = np.asarray(xs, dtype=np.int64)
    r = H.inexact_halpern(p, max_iter=int(ks.max()), record_at=ks, rng=rng, gamma0=1.0, inner_c=0.3,
                          inner_const=inner_const)
    cert = r.trace["certificate"] if certificate == "safe" else r.trace["naive_certificate"]
    return {"residual": r.trace["residual"], "cert": cert}


CLAIM = Claim(
    id="cai24_inexact_halpern_certificate",
    source=Source("Cai, Alacaoglu & Diakonikolas, Variance Reduced Halpern Iteration for Finite-Sum Monotone "
                  "Inclusions, ICLR 2024", "arXiv:2310.02987",
                  "Alg. 2 (computable certificate of the resolvent residual); certificate derived here",
                  tag="derived"),
    statement=r"\frac{\|u_k-J_{\eta F}(u_k)\|}{\eta}\le\frac{\|u_k-\tilde u_k\|+\|\Phi_k(\tilde u_k)\|}{\eta},"
              r"\ \Phi_k(v)=\eta F(v)+v-u_k\ \text{(1-strongly monotone)}",
    problem="VRH-MB: d = 20, rotation moduli L_F 10^{-2(j-1)/9}, n = 64, L = 4 L_F, D = 1, unconstrained; "
            "eta = sqrt(n)/L, VR-FoRB inner solver (p = 1/n, gamma = sqrt(p(1-p))/(1+eta L)); true residual "
            "from the exact resolvent (one linear solve); outer k in [1, 1000]",
    sweep=Sweep("k", KS, seeds=8, smoke_values=KS_SMOKE, smoke_seeds=3, per_point=False),
    metric="residual",
    bound="cert",
    check=Check(kind="bound", C=1.0, tol=1e-9),
    main=Arm(run, {"certificate": "safe"}, label="certificate (||u-ut|| + ||Phi(ut)||)/eta"),
    control=Control(Arm(run, {"certificate": "naive", "inner_const": N // 8},
                        label="naive certificate ||u-ut||/eta, M_k = n/8"),
                    why="||u_k - ut_k||/eta only estimates the residual: with an inexact inner solve ut_k "
                        "stays close to u_k and the naive certificate under-states the residual"),
    notes="Derivation: z* = J(u_k) solves Phi_k(z*) = 0 and Phi_k is 1-strongly monotone (F monotone), so "
          "||v - z*||^2 <= <Phi_k(v), v - z*> <= ||Phi_k(v)|| ||v - z*||, i.e. ||v - z*|| <= ||Phi_k(v)||; "
          "the triangle inequality then bounds ||u_k - z*||. The certificate costs one full F (n calls). "
          "Also with the default schedule M_k = 0.3 n ln(k+2) the naive certificate under-states the "
          "residual at some k (by up to ~2.6x on this instance, seed 0).",
)
