"""Demonstration on real data: LV-HBA selects a linear-SVM hyperparameter (breast-cancer data bundled
with scikit-learn) with the constraint set handled by the cvxpy polyhedral projector; its iterates
become exactly lower-level optimal, while a constant penalty leaves them suboptimal."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_svm_demo

_SOLVER = dict(eta=0.2, alpha=0.05, beta=0.1, gamma1=1.0, gamma2=1.0, c_lo=1.0, n_train=40, n_val=100,
               n_components=10, n_grid=60)
_SMOKE = dict(projector="closed_form", n_grid=10)

CLAIM = Claim(
    id="yao24_lvhba_svm_demo",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Sec. 5 linear-SVM hyperparameter experiment; Thm 3.1 (c_k -> oo forces lower-level optimality)", tag="derived"),
    statement=r"\frac{f(c_k, \alpha_k) - \min_{0\le\alpha\le c_k} f(c_k, \alpha)}{\max(1, |\min f|)} \le 10^{-4}\ \text{for } k \ge 1000",
    problem="breast-cancer data (sklearn bundle), seeded split 40 train / 100 validation, PCA-whitened to 10 "
            "features + bias; LL = soft-margin SVM dual min 1/2||M alpha||^2 - 1'alpha s.t. 0 <= alpha <= c "
            "(c = the hyperparameter, a coupled box constraint), UL = squared validation margin loss; "
            "C = {1e-3 <= c <= 10, 0 <= alpha <= c} projected by the cvxpy QP (CLARABEL, built once, polished); "
            "reference = the LL QP at c_k by cvxpy; eta = 0.2, alpha = 0.05, beta = 0.1, gamma1 = gamma2 = 1, c_lo = 1, p = 0.4",
    sweep=Sweep("k", [1000, 1500, 2000], seeds=6, smoke_seeds=6, per_point=False),
    metric="ll_gap_rel",
    bound="10**(-4)",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run_svm_demo, params=dict(_SOLVER, p=0.4), smoke_params=_SMOKE, label="LV-HBA p = 0.4"),
    control=Control(Arm(run_svm_demo, params=dict(_SOLVER, p=0.0), smoke_params=_SMOKE,
                        label="N1: constant penalty c = 1"),
                    why="N1: constant penalty: the iterates converge to a minimiser of psi_1, whose lower-level part "
                        "is not LL-optimal (relative gap ~1e-4 to 2e-3)"),
    notes="A demonstration, not a rate. The threshold 1e-4 was set after a pilot on 10 other splits (closed-form "
          "projector, k = 500..6000): with p = 0.4 the relative LL gap was at rounding level (<= 1e-12) on 6/10 splits and "
          "<= 4e-6 on the rest (1.6e-5 on one smoke split at k = 1000), decaying; the constant penalty plateaued at "
          "2.5e-4..2.4e-3 on 4/10 splits and was exactly 0 on the others, so the control fails only through some "
          "splits (the bound check is over all (seed, k) pairs; hence 6 seeds). Also recorded: c_k, ul_true = validation loss F(c_k, alpha*(c_k)) of the "
          "hyperparameter, ul_excess = its excess over the best of a 60-point grid of c (the scalar hyperparameter "
          "problem is nonconvex and piecewise smooth). In this budget (2000 iterations) the upper level is NOT "
          "converged: ul_excess stays 3-30% and c_k drifts slowly (the F-directions move at rate alpha/c_k); the "
          "constant penalty, which weights F more, is often closer on the UL. Smoke mode uses the closed-form "
          "sorting projector onto the same C (equal to the cvxpy projection to 1e-10, unit-tested) to stay fast; the "
          "full run uses the cvxpy projector (about 4 ms per projection, ~99% of iterations need a QP).",
)
