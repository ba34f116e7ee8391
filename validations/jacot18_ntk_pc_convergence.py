"""NTK-5: convergence along a kernel principal component (Jacot Sec. 5 and the Sec. 6.3 design).

In the infinite-width limit GD on (1/(2N)) sum (f(x_i) - y_i)^2 is kernel gradient descent with
Theta_inf, so if f_0 - f* is an eigenvector of Theta_inf(X, X)/N with eigenvalue lambda_k, the
component g_t of f_t - f* along it decays like e^{-lambda_k t} (t = lr * steps) and nothing else
moves. On N = 16 equispaced circle points Theta_inf(X, X)/N is circulant: its eigenvectors are the
Fourier modes c_k = cos(k gamma_j) with the exact eigenvalues lambda_k^(N) of
``problems.ntk.circle_eigs``.

Instance: ReLU, L = 2 (one hidden layer of width n), beta = 0.1, target f* = f_0(X) + 0.5 c_2
(the network's own f_0, Jacot Sec. 6.3 uses the second PC), lambda_2^(16) = 0.03790; GD with
lr = 2 (stable: lr lambda_0^(16) = 0.33). With a finite step the exact linearization is kernel
gradient *descent*, whose per-unit-time log-rate is rho = -log(1 - lr lambda_2)/lr = 0.0395 (flow:
lambda_2). Per run: fit log|g_t| against t on the window where the limit predicts
|g_t|/|g_0| in [0.01, 0.3] and take the relative error of the fitted rate, |rho_hat/rho - 1|.
Claim: it vanishes at least like n^(-1/2) (the O(n^-1/2) fluctuation of Theta_0 along c_2; an
O(1/n) downward bias of the fitted rate - Jensen: u^T e^{-t Theta_0/N} u >= e^{-t u^T Theta_0 u/N} -
makes the small-width decay steeper) [rate recalled], hence an ``upper`` check.
Also recorded: the signed ratio rho_hat/rho and max_t |h_t|/|g_0| with h_t the part of f_t - f*
orthogonal to c_2 (zero in the limit).
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import ntk as P
from theorylab.solvers import ntk

N_POINTS = 16
L = 2
BETA = 0.1
K_MODE = 2
LR = 2.0
R_HI, R_LO = 0.3, 0.01   # fit window in predicted |g_t|/|g_0|


def pc_decay(n, r, *, k=K_MODE, L=L, lr=LR, scaling="ntk"):
    """Train a width-n net on f* = f_0 + 0.5 c_k; return (rho_hat / rho, max_t |h_t| / |g_0|).

    ``scaling="mf"``: mean-field output layer (1/n) trained with step lr * n (same time t = lr * steps)."""
    gamma = 2.0 * np.pi * np.arange(N_POINTS) / N_POINTS
    X = P.circle(gamma)
    lam = P.circle_eigs(N_POINTS, L=L, beta=BETA)[k]
    rho = -np.log1p(-lr * lam) / lr
    t_a, t_b = -np.log(R_HI) / rho, -np.log(R_LO) / rho
    steps = int(np.ceil(t_b / lr))
    net = P.make_ntk_mlp(L=L, width=n, beta=BETA, act="relu", scaling=scaling, rng=r)
    f0 = ntk.ntk_forward(net, X)
    Y, c = P.pc_target(gamma, k, f0)
    res = ntk.ntk_train_gd(net, X, Y, lr=lr * (n if scaling == "mf" else 1.0), max_iter=steps,
                           record_at=np.arange(steps + 1))
    t = lr * res.trace["k"].astype(float)
    u = c / np.linalg.norm(c)
    E = res.trace["fX"] - Y
    g = E @ u
    h = np.linalg.norm(E - np.outer(g, u), axis=1)
    w = (t >= t_a - 1e-9) & (t <= t_b + 1e-9)
    rho_hat = -np.polyfit(t[w], np.log(np.abs(g[w])), 1)[0]
    return float(rho_hat / rho), float(h.max() / abs(g[0]))


def run_pc(xs, rng, scaling="ntk"):
    n = int(round(xs[0]))
    _, r = P.width_rng(rng, n)
    ratio, h = pc_decay(n, r, scaling=scaling)
    return {"rel_rate_err": abs(ratio - 1.0), "rate_ratio": ratio, "orth_max": h}


CLAIM = Claim(
    id="jacot18_ntk_pc_convergence",
    source=Source("Jacot, Gabriel, Hongler (NeurIPS 2018)", "arXiv:1806.07572",
                  "Sec. 5 (convergence along kernel principal components), Sec. 6.3 design; "
                  "n^-1/2 rate recalled", tag="recalled"),
    statement=r"f_0 - f^* \propto c_k,\ \Theta_\infty c_k = N\lambda_k c_k \Rightarrow "
              r"\langle f_t - f^*, c_k\rangle \propto e^{-\lambda_k t};\ "
              r"|\hat\rho_n/\rho - 1| = O(n^{-1/2})",
    problem="ReLU MLP, L = 2, beta = 0.1; 16 equispaced circle points, f* = f_0 + 0.5 cos(2 gamma) "
            "(lambda_2 = 0.0379); GD lr 2 up to predicted decay 0.01; width n = 32..8192",
    sweep=Sweep("n", [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192], seeds=32,
                smoke_values=[32, 64, 128, 256, 512, 1024], smoke_seeds=12),
    metric="rel_rate_err",
    bound="n**(-1/2)",
    check=Check("upper", tol=0.1),
    main=Arm(run_pc, {"scaling": "ntk"}, label="NTK parameterization"),
    control=Control(Arm(run_pc, {"scaling": "mf"}, label="mean-field scaling (1/n output, lr x n)"),
                    why="in mean-field scaling the features move O(1): the decay rate along the PC "
                        "is not the NTK eigenvalue (about 15% off at every width), so the error does "
                        "not shrink (slope ~ 0)"),
    notes="Exploration (24 seeds, same window, lr 2): L = 2, k = 1: mean rate ratio 0.75, 0.88, 0.86, 0.97, "
          "0.95, 0.99, 0.98 and orthogonal part 0.12 -> 0.016 for n = 32..2048 (slope ~ -0.5). "
          "L = 4 (lambda_1..3 = 0.0440, 0.0183, 0.0065), k = 1: |error| 0.31, 0.24, 0.18, 0.14, 0.093, "
          "0.084 for n = 32..1024 (slope ~ -0.4, pre-asymptotic: the L = 4 fluctuation constant is "
          "larger), mean ratio 0.96 at n = 1024; k = 3 at n = 1024 (lr 6.9): ratios 0.72, 0.78 with "
          "the kernel along c_3 deflating by 16% during training - low modes need much wider nets "
          "since their eigenvalue is small against the O(n^-1/2) kernel fluctuation. Ordering of the "
          "rates (L = 2, n = 2048): k = 1 and k = 2 fitted rates 0.983 and 0.985 of lambda_1 = 0.129 "
          "and lambda_2 = 0.0379. A two-sided check (-0.5 +- 0.15) passes the full sweep but not "
          "the 32..1024 smoke sweep (-0.64): the O(1/n) bias dominates there.",
)
