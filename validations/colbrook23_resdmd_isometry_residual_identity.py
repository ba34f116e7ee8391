"""K-3: ResDMD residual identity res(lambda, v)^2 = 1 - |lambda|^2 for isometries with exact quadrature."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P
from theorylab.solvers import koopman as kp


def run(xs, rng, in_sample=False):
    """Doubling map, Legendre degree N. Main: exact quadrature (Gauss-Legendre per half).
    Control (E2): M = N + 1 iid samples, residuals evaluated in-sample (square Psi_X)."""
    N = int(round(xs[0]))
    if in_sample:
        pr = P.make_doubling("legendre", N, quadrature="mc", M=N + 1, rng=rng)
    else:
        pr = P.make_doubling("legendre", N)
    r = kp.edmd(pr.Psi_X, pr.Psi_Y, pr.w)
    res2 = kp.residuals(r.extra["G"], r.extra["A"], r.extra["L"], r.x, r.extra["V"])
    err = np.abs(res2 - (1.0 - np.abs(r.x) ** 2))
    return {"identity_error": float(err.max()), "res_half": float(np.sqrt(res2[np.argmin(np.abs(r.x - 0.5))]))}


CLAIM = Claim(
    id="colbrook23_resdmd_isometry_residual_identity",
    source=Source("Colbrook & Townsend, ResDMD, CPAM 2024", "arXiv:2111.14889",
                  "Alg. 1 residual; identity derived in brief K-3", tag="derived"),
    statement=r"K \text{ isometry, exact quadrature, } Av=\lambda Gv \Rightarrow "
              r"\mathrm{res}(\lambda,v)^2 = 1-|\lambda|^2",
    problem="doubling map, orthonormal shifted Legendre degree <= N, Gauss-Legendre N+2 nodes on each half "
            "(exact for every product), EDMD pairs lambda = 2^-k",
    sweep=Sweep("N", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], seeds=3, smoke_values=[2, 4, 6, 8, 10, 12], smoke_seeds=1),
    metric="identity_error",
    bound="1e-12",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run, label="ResDMD residuals, exact quadrature"),
    control=Control(Arm(run, params={"in_sample": True}, label="in-sample residuals, M = N+1 (E2)"),
                    why="with M <= N samples Psi_X K_EDMD = Psi_Y exactly, every in-sample residual is 0, "
                        "so the identity fails by 1 - |lambda|^2"),
    notes="Compared in squares (sqrt amplifies rounding near |lambda| = 1). res(1/2) = 0.8660254.",
)
