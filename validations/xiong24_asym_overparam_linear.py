"""XDD-4: asymmetric over-parameterized GD (k > r) converges linearly, at a rate ~ eta n alpha^2."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

N, R, K, KAPPA, ETA, ALPHA, T = 50, 3, 5, 2.0, 0.2, 0.02, 6000


def run(xs, rng, *, balanced=False):
    """e_t = ||F_tG_t^T - M*||_F, F0 = alpha F0n, G0 = alpha/3 G0n (balanced: G0 = F0) on a PSD M*, A = I."""
    pb = ms.make_lowrank_sensing(n=N, r=R, k=K, kappa=KAPPA, sym=True, rng=rng)
    ks = np.asarray(xs, dtype=np.int64)
    F0 = ALPHA * pb.F0n
    G0 = F0.copy() if balanced else ALPHA / 3 * pb.G0n
    res = solv.asym_gd(pb.L, pb.R, F0, G0, eta=ETA, max_iter=int(ks.max()), record_at=ks)
    return {"err": res.trace["err"]}


CLAIM = Claim(
    id="xiong24_asym_overparam_linear",
    source=Source("Xiong, Ding & Du, ICLR 2024", "2310.01769",
                  "Sec. 4, Thm (asymmetric, k > r): exp(-Omega(alpha^2 T)); constant from Delta_0 ~ (8/9) n alpha^2",
                  tag="paper"),
    statement=r"k>r:\ \|F_TG_T^\top-M^*\|_F\le\exp(-\Omega(\alpha^2T))",
    problem="A = I, PSD M* = U diag(1, .75, .5) U^T, n=50, r=3, k=5, eta=0.2, alpha=0.02 (F0 ~ alpha, G0 ~ alpha/3); "
            "window t in [1000, 6000]",
    sweep=Sweep("t", list(range(0, T + 1, 100)), seeds=10, smoke_seeds=5, per_point=False),
    metric="err",
    bound="(1 - eta*n*alpha**2/4)**t",
    constants={"eta": ETA, "n": N, "alpha": ALPHA},
    check=Check(kind="linear", tol=0.0, fit_from=1000, fit_to=6000, floor=1e-12, aggregate="geomean"),
    main=Arm(run, {"balanced": False}, label="asymmetric GD, imbalanced init"),
    control=Control(Arm(run, {"balanced": True}, label="asymmetric GD, balanced init G0 = F0"),
                    why="with G0 = F0 on a PSD M*, F_t = G_t for all t (Delta = 0): the symmetric dynamics, "
                        "1/t decay (C5); its fitted factor on the window is ~0.9998 > 0.999"),
    notes="The Omega constant is made explicit as lambda >= n alpha^2/4: the redundant-block imbalance starts at "
          "Delta_0 ~ (8/9) n alpha^2 I + O(sqrt(n) alpha^2) and the measured gamma/(eta n alpha^2) ranges over "
          "0.4-0.9 across seeds (pilot), so 1/4 is a conservative, not a fitted, constant. The sharp per-seed "
          "rate is compared with the prediction in xiong24_asym_overparam_alpha2 (metric gamma_ratio).",
)
