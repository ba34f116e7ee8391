"""NTK-2: fluctuation of the empirical NTK at init, Var[Theta_n(x,x)] / Theta_inf(x,x)^2 ~ 1/n
[Jacot Thm. 1 gives convergence; the 1/n rate is recalled (Hanin-Nica, Dyer-Gur-Ari)].

ReLU, L = 3 (two hidden layers of width n), beta = 0.1, 8 equispaced unit-circle points (over
inits Theta_n(x,x) has the same law for every |x| = 1: the variance is pooled over the 8 points).
One "seed" is a batch of inits; its metric is the unbiased batch variance, so the mean over
batches is unbiased and the bootstrap over batches gives the CI.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import ntk as P
from theorylab.solvers import ntk

L = 3
BETA = 0.1
M = 8


def _batch(entropy, n, batch):
    r = np.random.SeedSequence(entropy, spawn_key=(int(n),))
    rng = np.random.default_rng(r)
    X = P.circle(2 * np.pi * np.arange(M) / M)
    th, f = np.empty((batch, M)), np.empty((batch, M))
    for b in range(batch):
        net = P.make_ntk_mlp(L=L, width=n, beta=BETA, act="relu", rng=rng)
        th[b] = np.diag(ntk.ntk_empirical(net, X))
        f[b] = ntk.ntk_forward(net, X)
    return th, f


def run_fluctuation(xs, rng, batch=10, quantity="kernel"):
    """Pooled relative variance at each width: of Theta_n(x,x)/Theta_inf(x,x) (``kernel``) or,
    for the control, of f_n(x)/sqrt(Sigma^(L)(x,x)) (``output``)."""
    entropy = int(rng.integers(0, 2 ** 63 - 1))
    T, S = ntk.ntk_analytic(P.circle([0.0]), L=L, beta=BETA, act="relu")
    rel_var, mean_ratio = [], []
    for n in xs:
        n = int(round(n))
        th, f = P.memo(("jacot18_fluct", entropy, n, batch), lambda: _batch(entropy, n, batch))
        v = th / T[0, 0] if quantity == "kernel" else f / np.sqrt(S[0, 0])
        rel_var.append(np.var(v, axis=0, ddof=1).mean())
        mean_ratio.append((th / T[0, 0]).mean())
    return {"rel_var": np.array(rel_var), "mean_ratio": np.array(mean_ratio)}


CLAIM = Claim(
    id="jacot18_ntk_diag_fluctuation",
    source=Source("Jacot, Gabriel, Hongler (NeurIPS 2018)", "arXiv:1806.07572",
                  "Thm. 1 (concentration at init); 1/n variance recalled (Hanin-Nica 2019)", tag="recalled"),
    statement=r"\operatorname{Var}[\Theta_n(x,x)]/\Theta_\infty(x,x)^2 = O(n^{-1})",
    problem="ReLU MLP, L = 3, beta = 0.1, 8 equispaced circle points (pooled); width n = 32..1024; "
            "240 inits per width in 24 batches",
    sweep=Sweep("n", [32, 64, 128, 256, 512, 1024], seeds=24, smoke_seeds=16, per_point=False,
                smoke_values=[16, 32, 64, 128, 256, 512]),
    metric="rel_var",
    bound="1/n",
    check=Check("two-sided", tol=0.15),
    main=Arm(run_fluctuation, {"batch": 10}, smoke_params={"batch": 5}, label="Var Theta_n(x,x)/Theta_inf^2"),
    control=Control(Arm(run_fluctuation, {"batch": 10, "quantity": "output"}, smoke_params={"batch": 5},
                        label="Var f_n(x)/Sigma(x,x)"),
                    why="the network output itself does not concentrate: f_n(x) -> N(0, Sigma^(L)(x,x)) "
                        "(Prop. 1), so its relative variance stays O(1) (slope 0)"),
    notes="Also recorded: mean_ratio = mean Theta_n(x,x)/Theta_inf(x,x) (unbiased ReLU diagonal, "
          "Guillen et al. 2025). Exploration (L = 4, pooled 8 points, 20000 inits): 1.0037 +- 0.0100 "
          "(n=4), 0.9997 +- 0.0059 (n=8), 0.9966 +- 0.0038 (n=16), 1.0037 +- 0.0026 (n=32); erf is "
          "biased at small width: 0.9424 +- 0.0051 (n=4), 0.9773 +- 0.0035 (n=8). Not a separate claim: "
          "the ReLU variance at n <= 4 needs > 10^4 inits per width to resolve a few-percent bias.",
)
