"""NTK-3 (and NTK-8): during training the NTK stays nearly constant, more so for wider nets
(Jacot Thm. 2, qualitative); relative change ||Theta_T - Theta_0||_F / ||Theta_0||_F = O(n^(-1/2))
(Lee et al. 2019) [recalled], O(1/n) predicted for MSE (Dyer-Gur-Ari) [recalled].

erf (inside Thm. 2's assumptions), L = 4, beta = 0.1; Jacot Sec. 6.1 task: 16 inputs x ~ N(0, I_2),
f*(x) = x_1 x_2, 200 full-batch GD steps with lr 1 (t = 200). Also recorded: the kernel
"inflation" tr Theta_T / tr Theta_0 - 1 (Jacot Sec. 6.1) and the final loss.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import ntk as P
from theorylab.solvers import ntk


def run_lazy(xs, rng, L=4, scaling="ntk", steps=200, act="erf"):
    n = int(round(xs[0]))
    _, r = P.width_rng(rng, n)
    prob = P.make_jacot_regression(16, rng=r)
    net = P.make_ntk_mlp(L=L, width=n, beta=0.1, act=act, scaling=scaling, rng=r)
    lr = 1.0 if scaling == "ntk" else float(n)   # mean-field: lr x n keeps the time scale O(1)
    res = ntk.ntk_train_gd(net, prob.X, prob.Y, lr=lr, max_iter=steps, record_at=[0, steps],
                           record_kernel=True)
    K0, KT = res.trace["kernel"][0], res.trace["kernel"][-1]
    return {"rel_change": float(np.linalg.norm(KT - K0) / np.linalg.norm(K0)),
            "inflation": float(np.trace(KT) / np.trace(K0) - 1.0),
            "final_loss": float(res.fun), "diverged": float(not res.success)}


CLAIM = Claim(
    id="jacot18_ntk_lazy_training",
    source=Source("Jacot, Gabriel, Hongler (NeurIPS 2018)", "arXiv:1806.07572",
                  "Thm. 2 (kernel constant during training); rate n^-1/2 recalled (Lee et al. 2019)",
                  tag="recalled"),
    statement=r"\sup_{t\le T}\|\Theta_t-\Theta_0\|_F/\|\Theta_0\|_F = O(n^{-1/2})",
    problem="erf MLP, L = 4, beta = 0.1; 16 inputs N(0, I_2), f* = x1 x2; 200 GD steps, lr 1; "
            "width n = 32..1024",
    sweep=Sweep("n", [32, 64, 128, 256, 512, 1024], seeds=6,
                smoke_values=[16, 32, 64, 128, 256, 512], smoke_seeds=5),
    metric="rel_change",
    bound="n**(-1/2)",
    check=Check("upper", tol=0.1),
    main=Arm(run_lazy, {"L": 4, "scaling": "ntk", "steps": 200}, smoke_params={"steps": 60},
             label="NTK parameterization, L = 4"),
    control=Control(Arm(run_lazy, {"L": 2, "scaling": "mf", "steps": 200}, smoke_params={"steps": 60},
                        label="mean-field 2-layer net (1/n output, lr x n)"),
                    why="mean-field scaling (last layer / n, lr x n; the canonical non-lazy regime of "
                        "2-layer nets) moves features O(1): the kernel change does not decay (slope ~ 0)"),
    notes="Control uses L = 2 because the naive mean-field rule (only the output layer rescaled, "
          "lr x n) is unstable or still width-dependent for L = 4 (exploration: relative changes "
          "7.4, 3.0, 1.1 at n = 64, 256, 512 with lr = n/8, divergence with lr = n).",
)
