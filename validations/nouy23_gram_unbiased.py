"""E[G] = I for volume-rescaled sampling (DPP(m) + n - m i.i.d. points from rho_m).

With optimal weights w = m / k_m, the DPP part contributes int k_m (m / k_m) phi phi^T dmu / n
= (m / n) I and each i.i.d. point I / n, so E[G] = I for every n >= m (the DPP's one-point
intensity is k_m). Tested in d = 2 (tensor Legendre, total degree <= 2, m = 6) by a
Hotelling T^2 test on the 21 entries of G over R samples per (n, seed), Bonferroni over
all (n, seed) at family-wise level 0.01.
Control: the unweighted Gram matrix (w = 1) of the same samples.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import dpp_least_squares as P
from theorylab.solvers import dpp_least_squares as dls

VALUES, SEEDS = [6, 7, 9, 12, 18, 30], 10
SMOKE_VALUES, SMOKE_SEEDS = [6, 9, 18], 5


def run(xs, rng, weighted=True, R=2000, d=2, degree=2, n_tests=1):
    n = int(xs[0])
    idx = dls.total_degree_indices(d, degree)
    m = idx.shape[0]
    X = P.draw_points("volume", idx, n, R, rng)
    Phi = dls.basis(X.reshape(-1, d), idx).reshape(R, n, m)
    w = m / np.einsum("rij,rij->ri", Phi, Phi) if weighted else np.ones((R, n))
    G = np.einsum("ri,rij,rik->rjk", w, Phi, Phi) / n
    iu = np.triu_indices(m)
    T = G[:, iu[0], iu[1]]
    mu0 = np.eye(m)[iu]
    return {"neglog10p": P.neglog10_hotelling(T, mu0), "n_tests": float(n_tests), "alpha": P.FAMILY_ALPHA,
            "max_abs_dev": float(np.abs(T.mean(0) - mu0).max())}


CLAIM = Claim(
    id="nouy23_gram_unbiased",
    source=Source("Nouy & Michel (2023); Derezinski, Warmuth, Hsu (2019)", "arXiv:2312.14057",
                  "Sec. 3-4 (DPP intensity k_m, volume-rescaled sampling)", tag="derived"),
    statement=r"\mathbb E[G] = I,\quad G=\tfrac1n\textstyle\sum_i w(x_i)\varphi(x_i)\varphi(x_i)^T,\ "
              r"x\sim \mathrm{DPP}(m)\cup \rho_m^{\otimes(n-m)}",
    problem="tensor Legendre on [-1,1]^2, total degree <= 2 (m = 6); volume-rescaled samples of size n; "
            "R = 2000 per seed; Hotelling T^2 on the 21 entries of G",
    sweep=Sweep("n", VALUES, seeds=SEEDS, smoke_values=SMOKE_VALUES, smoke_seeds=SMOKE_SEEDS),
    metric="neglog10p",
    bound=P.BONFERRONI_BOUND,
    check=Check("bound", C=1.0),
    main=Arm(run, {"weighted": True, "n_tests": len(VALUES) * SEEDS},
             smoke_params={"n_tests": len(SMOKE_VALUES) * SMOKE_SEEDS}, label="weighted G"),
    control=Control(Arm(run, {"weighted": False, "n_tests": len(VALUES) * SEEDS},
                        smoke_params={"n_tests": len(SMOKE_VALUES) * SMOKE_SEEDS}, label="unweighted G"),
                    why="without the weights E[G] = int phi phi^T rho_m dmu != I"),
    notes="Bonferroni over all (n, seed) tests at family-wise level 0.01; d = 2 exercises the tensor basis "
          "and the multivariate rho_m sampler.",
)
