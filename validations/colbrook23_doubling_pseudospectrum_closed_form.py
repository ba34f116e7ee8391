"""K-5: exact pseudospectrum of the doubling map with a Fourier dictionary."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P
from theorylab.solvers import koopman as kp


def run(xs, rng, method="svd", n_grid=61):
    """max_z |tau_N(z)^2 - min(|1-z|^2, 1 + |z|^2 - 2|z| cos(pi/(J+1)))| on an n_grid x n_grid grid
    in [-1.5, 1.5]^2, K = xs[0] (Fourier |k| <= K, exact equispaced quadrature). ``method`` is the
    pseudospectrum variant (``projected`` = control E7)."""
    K = int(round(xs[0]))
    pr = P.make_doubling("fourier", K)
    g = np.linspace(-1.5, 1.5, n_grid)
    z = (g[None, :] + 1j * g[:, None]).ravel()
    tau = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=z, method=method).x
    return {"tau2_error": float(np.max(np.abs(tau ** 2 - pr.tau2(z)))),
            "tau_at_0": float(tau[np.argmin(np.abs(z))])}


CLAIM = Claim(
    id="colbrook23_doubling_pseudospectrum_closed_form",
    source=Source("Colbrook & Townsend, ResDMD, CPAM 2024", "arXiv:2111.14889",
                  "Alg. 2 (tau_N); closed form derived in brief K-5", tag="derived"),
    statement=r"\tau_N(z)^2 = \min\!\big(|1-z|^2,\ 1+|z|^2-2|z|\cos\tfrac{\pi}{J+1}\big),\ J=\lfloor\log_2K\rfloor+1",
    problem="doubling map, Fourier dictionary |k| <= K, M = 4K+1 equispaced nodes (exact), z on a 61 x 61 grid "
            "in [-1.5, 1.5]^2",
    sweep=Sweep("K", [4, 8, 16, 32, 64], seeds=1, smoke_values=[4, 8, 16, 32]),
    metric="tau2_error",
    bound="1e-12",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run, smoke_params={"n_grid": 31}, label="ResDMD tau_N (orthonormalised)"),
    control=Control(Arm(run, params={"method": "projected"}, smoke_params={"n_grid": 31},
                        label="projected residual ||(K_EDMD - z)v|| (E7)"),
                    why="replacing L by A^* G^-1 A drops the part of Kg outside the span: tau(0) = 0 "
                        "(true value 1)"),
)
