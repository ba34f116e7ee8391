"""LV-HBA reaches relative error 1e-3 on convex bilevel instances solved by cvxpy."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_cvxpy_reference

_SOLVER = dict(K=1_000_000, eta=0.4, alpha=0.15, beta=0.2, gamma1=0.5, gamma2=1.0, c_lo=10.0, p=0.45)

CLAIM = Claim(
    id="yao24_lvhba_cvxpy_reference",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Theorem 3.1 (convergence); accuracy target from issue 9", tag="derived"),
    statement=r"\|(x^K, y^K) - (x^*, y^*)\| / \|(x^*, y^*)\| \le 10^{-3}\ \text{at } K = 10^6",
    problem="G2.3: LL strongly convex QP with 3 coupled equality constraints (m = n + 3), UL strongly convex; "
            "reference = the equivalent single-level convex QP solved by cvxpy/CLARABEL (cross-checked by a KKT solve); "
            "eta = 0.4, alpha = 0.15, beta = 0.2, gamma1 = 0.5, gamma2 = 1, c_lo = 10, p = 0.45",
    sweep=Sweep("n", [3, 5, 8, 12], seeds=3, smoke_values=[3, 5], smoke_seeds=2),
    metric="relerr_final",
    bound="10**(-3)",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run_cvxpy_reference, params=dict(_SOLVER), label="LV-HBA p = 0.45"),
    control=Control(Arm(run_cvxpy_reference, params=dict(_SOLVER, p=0.0), label="N1: constant penalty c = 10"),
                    why="N1: constant penalty: converges to the minimiser of psi_10, whose error is O(1/c) ~ 1e-2"),
    notes="Also recorded per run: iters_to_target (first recorded k with error <= 1e-3; 5.5e4 to 5e5 in the full run) "
          "and truth_error (cvxpy vs KKT solve, <= 4e-14). Wall time, measured once on the shared 2-core machine (not "
          "stored, to keep results bit-identical): LV-HBA 1.2-3.3 s for 1e6 iterations (n = 3..12) vs 0.02-0.04 s for "
          "the CLARABEL reference solve: the single-loop method is ~100x slower here to reach 1e-3. The error of the "
          "penalised minimiser is ~1.5/c, so 1e-3 needs c_k ~ 2e3 and the slow F-directions need sum alpha/c_j large: "
          "hence p = 0.45 (inside the theorem's p < 1/2), c_lo = 10 and the larger steps (gamma1 = 0.5 < 1/rho_f).",
)
