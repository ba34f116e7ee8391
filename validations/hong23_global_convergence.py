"""Global convergence of AdaSketch-Newton (Hong et al. 2023, abstract and global theorem;
brief claims 1 and 9).

From the standard starting points, every problem reaches ||grad L|| <= 1e-8, the iterate matches
the known x* to 1e-6 and f* to 1e-8 (relative to max(1, |f*|)), and the merit parameters
(eta1, eta2, delta) stop being updated before the local phase (no update once ||grad L|| < 1e-3).
Metric: max(||grad L||/1e-8, ||x - x*||/1e-6, |f - f*|/(1e-8 max(1,|f*|)), 2 [if a late update]),
which is <= 1 exactly when all of it holds. The authors' constants, paper accuracy test,
randomized Kaczmarz inner solver (at most 3e5 steps per outer iteration; see notes).
Control N2: the plain Lagrangian merit (eta1 = eta2 = 0, no adaptation), which cannot certify descent
from far starts.
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.solvers.sketched_newton import adasketch_newton

PROBLEMS = snp.GLOBAL_SET


def normalized_error(xs, rng, adaptive_merit=True, eta1=1.0, eta2=0.1, tol=1e-8):
    p = snp.make_problem(PROBLEMS[int(xs[0]) - 1], rng=0)
    res = adasketch_newton(p, tol=tol, max_iter=300, max_inner=300_000, adaptive_merit=adaptive_merit,
                           eta1=eta1, eta2=eta2, rng=rng)
    kkt, upd = res.trace["kkt"], res.trace["updates"]
    local = np.nonzero(kkt < 1e-3)[0]
    late = float(upd[-1] - upd[local[0]]) if local.size else 0.0
    xerr = float(np.linalg.norm(res.x - p.x_star))
    ferr = abs(res.fun - p.f_star) / max(1.0, abs(p.f_star))
    err = max(kkt[-1] / tol, xerr / 1e-6, ferr / 1e-8, 2.0 if late else 0.0)
    return {"normalized_error": err if np.isfinite(err) else np.inf, "iterations": float(res.nit),
            "inner_steps": float(res.oracle_calls), "late_updates": late, "merit_updates": float(upd[-1])}


def figure_kkt_traces(path, problem="HS7", seed=0):
    """KKT residual vs iteration per variant, and the ratio sequences q_t (issue 10's figure).

    Variants: the paper's accuracy test (Kaczmarz and Gaussian sketch), the diagnostic mode with
    theta = 1 and theta -> 0, the exact Newton-KKT baseline and the controls N2 (plain Lagrangian
    merit) and N3 (one sketch step, no accuracy test)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    p = snp.make_problem(problem, rng=0)
    variants = {
        "paper test, Kaczmarz": dict(),
        "paper test, Gaussian sketch": dict(sketch="gaussian"),
        "tau = 0.3, theta = 1": dict(tau=0.3),
        "tau = 0.3, theta -> 0": dict(tau=0.3, theta="decreasing"),
        "exact Newton-KKT": dict(sketch="exact"),
        "N2: plain Lagrangian merit": dict(adaptive_merit=False, eta1=0.0, eta2=0.0),
        "N3: one step, no test": dict(accuracy_test=False, max_inner=1),
    }
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, kw in variants.items():
        res = adasketch_newton(p, tol=1e-11, max_iter=60, rng=seed, **({"max_inner": 300_000} | kw))
        k = res.trace["kkt"]
        ax1.semilogy(np.arange(k.size), k, marker=".", label=f"{label} ({res.status.name})")
        q = k[1:] / k[:-1]
        keep = k[1:] > 1e-10
        ax2.semilogy(np.arange(1, k.size)[keep], q[keep], marker=".", label=label)
    ax1.set(xlabel="outer iteration t", ylabel="||grad L_t||", title=f"{problem}: KKT residual per variant")
    ax2.set(xlabel="outer iteration t", ylabel="q_t = ||grad L_t|| / ||grad L_{t-1}||",
            title="ratio sequences (steps ending above 1e-10)")
    ax1.legend(fontsize=7)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


CLAIM = Claim(
    id="hong23_global_convergence",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "abstract; global convergence theorem",
                  tag="paper"),
    statement=r"\|\nabla L_t\| \to 0 \text{ a.s.; } (\eta_1, \eta_2, \delta) \text{ stabilise after finitely many updates}",
    problem="HS6, HS7, HS27, HS28, HS39, HS48, HS51 from their standard starts, random QP (d = 30, m = 10), "
            "sphere eigenproblem (d = 10), PDE control N = 3",
    sweep=Sweep("problem", tuple(range(1, len(PROBLEMS) + 1)), seeds=10, smoke_seeds=2, labels=PROBLEMS),
    metric="normalized_error",
    bound="1",
    check=Check("bound", C=1.0),
    main=Arm(normalized_error, label="AdaSketch-Newton"),
    control=Control(Arm(normalized_error, {"adaptive_merit": False, "eta1": 0.0, "eta2": 0.0},
                        label="plain Lagrangian merit (N2)"),
                    why="without the augmented terms Delta need not be a descent direction: stalls from far starts"),
    notes="The authors' code caps the inner solver at 1e5 steps; with that cap one of ten seeds on the random "
          "QP (cond 100) still hit 300 outer iterations (and 5e4 made HS39 stall), so the cap is 3e5 here. "
          "A cap is a safeguard of the code, not part of the theorem.",
    figures=(figure_kkt_traces,),
)
