"""Danskin gradient of the proximal Lagrangian value function matches finite differences."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems.bilevel_lvhba import run_danskin

CLAIM = Claim(
    id="yao24_lvhba_danskin_gradient",
    source=Source("Yao, Yu, Zeng, Zhang: Constrained Bi-Level Optimization: Proximal Lagrangian Value Function Approach and Hessian-free Algorithm (ICLR 2024)", "arXiv:2401.16164", "Section 3 (gradient of v_gamma used by LV-HBA); brief claim 5", tag="derived"),
    statement=r"\nabla_x v_\gamma = \nabla_x f(x,\theta^*) + \sum_i \lambda_i^* \nabla_x g_i(x,\theta^*),\ \nabla_y v_\gamma = (y-\theta^*)/\gamma_1,\ \nabla_z v_\gamma = (\lambda^*-z)/\gamma_2",
    problem="one G2.1 and one G2.2 instance per seed and n; 4 random (x, y, z) per gamma in {(1, 1), (0.3, 5)}; "
            "central differences (h = 1e-5) of the exact value",
    sweep=Sweep("n", [2, 4, 8, 16, 32], seeds=3, smoke_values=[2, 4, 8], smoke_seeds=2),
    metric="relerr",
    bound="10**(-6)",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run_danskin, label="Danskin gradient"),
    control=Control(Arm(run_danskin, params=dict(drop_multiplier_term=True),
                        label="without the multiplier term in grad_x"),
                    why="omitting sum_i lambda_i* grad_x g_i (a plausible implementation slip) changes grad_x v by "
                        "G_x' lambda* = O(1)"),
    notes="v_gamma is piecewise quadratic (quadratic for equality rows), so central differences are exact up to rounding.",
)
