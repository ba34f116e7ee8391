"""NTK-6: after long training the output distribution over random inits is the Gaussian
N(mu(x), Var(x)) predicted by the NTK (Jacot Sec. 6.2; Lee et al. 2019):

    mu(x)  = Theta(x, X) Theta^{-1} Y,
    Var(x) = Sigma(x, x) + Theta(x, X) Theta^{-1} Sigma(X, X) Theta^{-1} Theta(X, x)
             - 2 Theta(x, X) Theta^{-1} Sigma(X, x)          (Theta = Theta_inf, Sigma = Sigma^(L)).

Instance: Jacot's four training points on the circle (angles -2.2, -1, 1, 2.2, targets -0.4, -0.2,
0.3, 0.3), 8 test angles in (0, 2 pi), ReLU, L = 2 (one hidden layer: the paper's L = 4 at width 1000 costs
~100x more per init), beta = 0.1, width 1000, full-batch GD with lr 5 for 50 steps (t = 250; the
slowest mode of Theta_inf(X, X)/4, 0.071, has decayed by e^-17.7, and the t = inf limit does not
depend on the step). Measured at each test angle: z = (f_T(x) - mu(x)) / sqrt(Var(x)); one seed is
a batch of 25 inits and its metric the batch mean of z^2. Claim: E[z^2] = 1 (mean and variance
both right; a wrong mean or variance makes it larger or smaller), identity within 20% (at 2000
inits the 95% CI is about +-0.06, so finite-width deviations up to ~15% are tolerated).
Also recorded: batch means of z (-> 0) and z^4 (-> 3 for a Gaussian).
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import ntk as P
from theorylab.solvers import ntk

L = 2
BETA = 0.1
WIDTH = 1000
LR = 5.0
STEPS = 50
TEST_ANGLES = [0.4, 1.5, 2.6, 3.4, 4.3, 5.0, 5.7, 6.1]   # in (0, 2 pi): the report plots them on a log axis


def _trained_outputs(r, n, batch, gammas):
    prob = P.make_circle_four_points()
    Xt = P.circle(gammas)
    F = np.empty((batch, len(gammas)))
    for b in range(batch):
        net = P.make_ntk_mlp(L=L, width=n, beta=BETA, act="relu", rng=r)
        res = ntk.ntk_train_gd(net, prob.X, prob.Y, lr=LR, max_iter=STEPS, record_at=[STEPS], Xtest=Xt)
        F[b] = res.trace["ftest"][-1]
    return F


def gp_prediction(gammas, c_sigma=1.0):
    """(mu, Var) at the test angles from the analytic kernels (``c_sigma = 2``: control K2)."""
    prob = P.make_circle_four_points()
    X, Xt = prob.X, P.circle(gammas)
    kw = dict(L=L, beta=BETA, act="relu", c_sigma=c_sigma)
    Th, Sg = ntk.ntk_analytic(X, **kw)
    ThxX, SxX = ntk.ntk_analytic(Xt, X, **kw)
    _, Sxx = ntk.ntk_analytic(Xt, **kw)
    return ntk.gp_limit(Th, ThxX, Sg, SxX, np.ascontiguousarray(np.diag(Sxx)), prob.Y)


def run_trained(xs, rng, batch=25, width=WIDTH, c_sigma=1.0):
    entropy, r = P.width_rng(rng, width)
    g = np.asarray(xs, float)
    F = P.memo(("jacot18_trained_gp", entropy, width, batch, tuple(g)),
               lambda: _trained_outputs(r, width, batch, g))
    mu, var = gp_prediction(g, c_sigma)
    z = (F - mu) / np.sqrt(var)
    return {"z2": (z ** 2).mean(axis=0), "z_mean": z.mean(axis=0), "z4": (z ** 4).mean(axis=0)}


CLAIM = Claim(
    id="jacot18_ntk_trained_gp",
    source=Source("Jacot, Gabriel, Hongler (NeurIPS 2018)", "arXiv:1806.07572",
                  "Sec. 6.2 (t -> inf output distribution; formula as in Lee et al. 2019)", tag="paper"),
    statement=r"f_{\theta(\infty)}(x) \sim \mathcal N\big(\Theta_{xX}\Theta^{-1}Y,\ \Sigma_{xx} + "
              r"\Theta_{xX}\Theta^{-1}\Sigma_{XX}\Theta^{-1}\Theta_{Xx} - 2\Theta_{xX}\Theta^{-1}\Sigma_{Xx}\big)",
    problem="ReLU MLP, L = 2, beta = 0.1, width 1000; Jacot's 4 circle training points; GD lr 5, "
            "50 steps; 8 test angles; 2000 inits (80 batches of 25)",
    sweep=Sweep("gamma", TEST_ANGLES, seeds=80, smoke_seeds=60, per_point=False),
    metric="z2",
    bound="1",
    check=Check("identity", tol=0.2),
    main=Arm(run_trained, {"batch": 25}, label="Jacot kernels Theta^(2), Sigma^(2)"),
    control=Control(Arm(run_trained, {"batch": 25, "c_sigma": 2.0}, label="K2: factor-2 kernels"),
                    why="the Arora/He normalisation (c_sigma = 2) predicts a variance about twice "
                        "too large: E[z^2] ~ 0.5, far outside 1 +- 0.2"),
    notes="Exploration (test angles -2.9, -2, -1.3, -0.6, 0, 0.5, 1.5, 2.6): 1000 inits at width 1000 (lr 4, 100 steps): E[z^2] = 0.89..0.99 over the 8 angles, KS p-values "
          "0.07..0.97; 200 inits at width 4000 (lr 1, 1000 steps): 0.91..0.99. The untrained outputs "
          "(the brief's control) give E[z^2] = 5..120. The Bayesian NNGP posterior "
          "(Sigma_xX Sigma^-1 Y, Sigma_xx - Sigma_xX Sigma^-1 Sigma_Xx) is almost the same "
          "distribution on this instance (E[z^2] 0.90..1.09), so it cannot serve as a control here.",
)
