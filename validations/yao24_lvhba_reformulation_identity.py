"""Reformulation identities: f - v_gamma >= 0 on C x Z, and = 0 at the bilevel solution with z = lambda*."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_reformulation

CLAIM = Claim(
    id="yao24_lvhba_reformulation_identity",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Section 2 (single-level reformulation); identities derived in brief claim 4", tag="derived"),
    statement=r"f(x,y) - v_\gamma(x,y,z) \ge 0\ \forall (x,y) \in C, z \in Z;\quad f(x^*,y^*) - v_\gamma(x^*,y^*,\lambda^*) = 0",
    problem="one G2.1 (coupled equality) and one G2.2 (coupled inequality, Z = [0, r]) instance per seed and n; "
            "gamma in {(1, 1), (0.3, 5)}; 40 random points of C x Z each; v_gamma by the exact inner saddle",
    sweep=Sweep("n", [2, 4, 8, 16, 32], seeds=3, smoke_values=[2, 4, 8], smoke_seeds=2),
    metric="violation",
    bound="10**(-10)",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run_reformulation, label="proximal Lagrangian value function"),
    control=Control(Arm(run_reformulation, params=dict(use_constraints=False),
                        label="Moreau envelope of f(x, .) without the constraint term"),
                    why="dropping the Lagrangian term gives the unconstrained Moreau envelope, which is strictly "
                        "below f at the constrained LL solution: the gap at (x*, y*) is O(1), not 0"),
    notes="violation = max(|f - v| at the solution, max over samples of (v - f)^+), absolute, in float64.",
)
