"""Stability rule of the simultaneous inner step: stable iff eta < min 2 Re(nu)/|nu|^2 (both sides)."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_inner_stability

CLAIM = Claim(
    id="yao24_lvhba_inner_step_stability",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Algorithm 1 inner step (eta range recalled); threshold derived in brief claim 9", tag="derived"),
    statement=r"\text{simultaneous GDA on the proximal Lagrangian is stable iff } \eta < \eta^* = \min_\nu 2\,\mathrm{Re}\,\nu/|\nu|^2",
    problem="authors' LLC toy (n = 10, gamma1 = gamma2 = 1, eta* ~ 0.117) with seeded start; outer step frozen "
            "(alpha = beta = 0), 5000 inner steps; eta = s eta* (main) vs (2 - s) eta* (control)",
    sweep=Sweep("s", [0.5, 0.6, 0.7, 0.8, 0.9, 0.95], seeds=3, smoke_values=[0.5, 0.7, 0.9, 0.95], smoke_seeds=2),
    metric="amplification",
    bound="1",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run_inner_stability, params=dict(side="below"), label="eta = s eta* (below the threshold)"),
    control=Control(Arm(run_inner_stability, params=dict(side="above"), label="eta = (2 - s) eta* (above)"),
                    why="N4: above the threshold the linearised inner map has spectral radius > 1: the saddle error "
                        "grows until lambda hits the clip r = 1000"),
    notes="amplification = (||theta_K - theta*|| + ||lambda_K - lambda*||) / same at k = 0. The brief's numbers are "
          "reproduced by the unit tests: n = 100, gamma = 10 gives eta* = 0.0035 and radius 1.0065 at eta = 0.01 "
          "(Gauss-Seidel: 0.999).",
)
