"""NTK-4: in function space a wide network trained by GD follows the linear kernel dynamics
f_t = Y + (I - lr Theta/N)^(t/lr) (f_0 - Y) (Jacot Sec. 5; gradient-flow form exp(-t Theta/N));
the mismatch vanishes with width [rate recalled].

erf, L = 4, beta = 0.1, Jacot Sec. 6.1 task (16 inputs N(0, I_2), f* = x_1 x_2), 200 GD steps,
lr 1. Metric: max_{t <= 200} ||f_t(X) - f_t^lin(X)||_inf with the network's own f_0 and its
kernel at init Theta_0 (the brief's "variant with the empirical Theta_0": slope <= -0.5).
Also recorded: the same error against the analytic Theta_inf ("err_inf") and against the
continuous-time formula ("err_inf_flow").
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import ntk as P
from theorylab.solvers import ntk

L = 4
LR = 1.0


def _train(r, n, steps):
    prob = P.make_jacot_regression(16, rng=r)
    net = P.make_ntk_mlp(L=L, width=n, beta=0.1, act="erf", rng=r)
    K0 = ntk.ntk_empirical(net, prob.X)
    res = ntk.ntk_train_gd(net, prob.X, prob.Y, lr=LR, max_iter=steps, record_at=np.arange(steps + 1))
    return prob.X, prob.Y, K0, res.trace["fX"], res.trace["t"]


def run_ode(xs, rng, steps=200, N_in_exponent=None):
    """``N_in_exponent=1`` is the control N1 (the 1/N of the mean loss dropped from the exponent)."""
    n = int(round(xs[0]))
    entropy, r = P.width_rng(rng, n)
    X, Y, K0, fX, ts = P.memo(("jacot18_ode", entropy, n, steps), lambda: _train(r, n, steps))
    Nexp = N_in_exponent
    step = LR if Nexp is None else None   # N1 control: flow form (the discrete form would blow up)
    pred0, _ = ntk.kernel_predict(K0, Y, fX[0], ts, N=Nexp, lr=step)
    Tinf, _ = ntk.ntk_analytic(X, L=L, beta=0.1, act="erf")
    pred_inf, _ = ntk.kernel_predict(Tinf, Y, fX[0], ts, N=Nexp, lr=step)
    pred_flow, _ = ntk.kernel_predict(Tinf, Y, fX[0], ts, N=Nexp)
    return {"err_theta0": float(np.abs(fX - pred0).max()),
            "err_inf": float(np.abs(fX - pred_inf).max()),
            "err_inf_flow": float(np.abs(fX - pred_flow).max())}


CLAIM = Claim(
    id="jacot18_ntk_function_ode",
    source=Source("Jacot, Gabriel, Hongler (NeurIPS 2018)", "arXiv:1806.07572",
                  "Sec. 5 (kernel gradient descent in function space); rate recalled", tag="recalled"),
    statement=r"\partial_t f_t = -\tfrac1N\Theta\,(f_t - Y) \text{ on the training set};\ "
              r"\max_{t\le T}\|f_t - f_t^{\mathrm{lin}}\|_\infty \to 0 \text{ as } n\to\infty",
    problem="erf MLP, L = 4, beta = 0.1; 16 inputs N(0, I_2), f* = x1 x2; 200 GD steps, lr 1; "
            "width n = 32..1024",
    sweep=Sweep("n", [32, 64, 128, 256, 512, 1024], seeds=6,
                smoke_seeds=5),
    metric="err_theta0",
    bound="n**(-1/2)",
    check=Check("upper", tol=0.0),
    main=Arm(run_ode, {"steps": 200}, label="linear dynamics with Theta_0"),
    control=Control(Arm(run_ode, {"steps": 200, "N_in_exponent": 1.0},
                        label="N1: prediction without the 1/N"),
                    why="dropping the 1/N of the mean loss makes the predicted dynamics 16x too fast: "
                        "an O(1) mismatch that does not shrink with width"),
    notes="The prediction is kernel gradient *descent* with the run's step (lr = 1), the exact "
          "linearization of GD; err_inf (against Theta_inf) is recorded too: it is dominated by the "
          "O(n^-1/2) fluctuation of Theta_0 (exploration, 8 seeds: 0.22, 0.18, 0.11, 0.12, 0.065 at "
          "n = 64..1024, heavy-tailed), too noisy to fit a slope at an affordable seed count. Smoke uses the full widths: at n = 16 GD with "
          "lr 1 goes unstable for some inits and the metric then depends on rounding (a fresh numba compile "
          "changed err_theta0 at n = 16 from 2.03 to 1.99 and the old 16..512 smoke verdict to INCONCLUSIVE).",
)
