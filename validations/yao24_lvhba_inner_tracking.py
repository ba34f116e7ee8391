"""Theorem 3.1(ii): the single inner GDA step tracks the exact saddle of the proximal Lagrangian."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_lvhba_trace

_SOLVER = dict(family="llc_random", n=10, eta=0.05, alpha=0.02, beta=0.04, gamma1=1.0, gamma2=1.0, c_lo=1.0)

CLAIM = Claim(
    id="yao24_lvhba_inner_tracking",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Theorem 3.1(ii) (tracking; O(K^-1/2) recalled from the MEHA analogue)", tag="recalled"),
    statement=r"\|\theta^k - \theta^*(x^k, y^k, z^k)\| + \|\lambda^k - \lambda^*(x^k, y^k, z^k)\| \to 0,\ O(k^{-1/2})",
    problem="G2.1 random LLC instances (n = 10); eta = 0.05, alpha = 0.02, beta = 0.04, gamma1 = gamma2 = 1, "
            "c_lo = 1, p = 0.25; exact saddle by a linear solve",
    sweep=Sweep("k", [1000, 3000] + [int(v) for v in np.round(np.geomspace(1e4, 1e6, 13))], seeds=5,
                smoke_values=[1000, 3000] + [int(v) for v in np.round(np.geomspace(1e4, 3.2e5, 8))], smoke_seeds=3,
                per_point=False),
    metric="tracking",
    bound="k**(-1/2)",
    check=Check("upper", tol=0.05, fit_from=1e4),
    main=Arm(run_lvhba_trace, params=dict(_SOLVER, p=0.25), label="LV-HBA p = 0.25"),
    control=Control(Arm(run_lvhba_trace, params=dict(_SOLVER, p=0.25, lam_sign=-1),
                        label="N3: lambda descent instead of ascent"),
                    why="N3: with the sign of the multiplier step flipped the inner map is not a saddle-point "
                        "iteration; lambda is driven to the clip and the tracking error stays O(1e3)"),
    notes="The observed tail decay (about k^-1.05 at p = 0.25) is faster than k^-1/2: the tracking error follows the "
          "outer drift, ~ alpha ||d_k||. Steps 4x the brief's reference (alpha = 0.02 << eta = 0.05 < threshold ~0.117) "
          "so that the window k >= 1e4 is past the transient.",
)
