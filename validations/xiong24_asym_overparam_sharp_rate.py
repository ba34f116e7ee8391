"""XDD-4x: the linear rate of asymmetric over-parameterized GD equals -log(1 - eta lambda_min(V_red^T Delta V_red))."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

N, R, K, KAPPA, ETA = 50, 3, 5, 2.0, 0.2


def run(xs, rng, *, predictor="redundant_block"):
    """Measured gamma (fit of log e_t on 1e-10 < e_t < 1e-5) and the predicted rate for each alpha in xs:
    'redundant_block' = -log(1 - eta lambda_min(V_red^T Delta_T V_red)) from the final iterates (XDD-4x);
    'full_imbalance' = -log(1 - eta lambda_min(Delta_T)), the smallest imbalance eigenvalue over all k
    directions instead of the redundant ones."""
    pb = ms.make_lowrank_sensing(n=N, r=R, k=K, kappa=KAPPA, sym=False, rng=rng)
    gam, pred = [], []
    for a in xs:
        T = int(np.ceil(4.0 / a ** 2))
        ks = np.unique(np.linspace(0, T, 400).astype(np.int64))
        res = solv.asym_gd(pb.L, pb.R, a * pb.F0n, a / 3 * pb.G0n, eta=ETA, max_iter=T, record_at=ks)
        gam.append(ms.fit_log_rate(res.trace["k"], res.trace["err"], 1e-10, 1e-5))
        if predictor == "redundant_block":
            pred.append(ms.predicted_overparam_rate(res.extra["F"], res.extra["G"], R, ETA))
        else:
            pred.append(-np.log1p(-ETA * np.linalg.eigvalsh(ms.imbalance(res.extra["F"], res.extra["G"])).min()))
    return {"gamma": np.array(gam), "gamma_pred": np.array(pred)}


CLAIM = Claim(
    id="xiong24_asym_overparam_sharp_rate",
    source=Source("Xiong, Ding & Du, ICLR 2024 (imbalance drives the rate); sharp form derived", "2310.01769",
                  "Sec. 4 (k > r); scalar picture: a^2 - b^2 = lambda conserved, p = ab decays at rate lambda",
                  tag="derived"),
    statement=r"\gamma = -\log\big(1-\eta\,\lambda_{\min}(V_{\mathrm{red}}^\top\Delta_T V_{\mathrm{red}})\big)",
    problem="A = I, M* = U diag(1, .75, .5) V^T, n=50, r=3, k=5, eta=0.2, alpha in [0.01, 0.032] "
            "(n alpha^2 <= 0.1 sigma_r); gamma fitted per seed on 1e-10 < e_t < 1e-5",
    sweep=Sweep("alpha", [0.01, 0.0134, 0.0179, 0.024, 0.032], seeds=6, smoke_seeds=5, per_point=False),
    metric="gamma",
    bound="gamma_pred",
    check=Check(kind="identity", tol=0.05),
    main=Arm(run, {"predictor": "redundant_block"}, label="prediction from the redundant block of Delta_T"),
    control=Control(Arm(run, {"predictor": "full_imbalance"}, label="prediction from lambda_min(Delta_T)"),
                    why="the smallest imbalance eigenvalue over all k directions (not the redundant block) is "
                        "smaller by interlacing: it under-predicts gamma by 1.1-2.9x (pilot, alpha = 0.02)"),
    notes="Brief reference: measured/predicted in [0.98, 1.003] for alpha <= 0.04 (n=50, 3 seeds). A mean-field "
          "control, Delta ~ (8/9) n alpha^2 I, was tried first and rejected as too weak (ratios 0.58-1.01 across "
          "seeds: its mean-over-seeds CI touched the band, NO_POWER in smoke).",
)
