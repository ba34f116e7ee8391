"""K-6d: Monte-Carlo samples give the Galerkin matrix with error ~M^-1/2."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P

run = P.run_quadrature_error
MS = [316, 501, 794, 1259, 1995, 3162, 5012, 7943, 12589, 19953, 31623]

CLAIM = Claim(
    id="colbrook23_quadrature_monte_carlo_rate",
    source=Source("Colbrook & Townsend, ResDMD, CPAM 2024 (Gauss iterated map example)", "arXiv:2111.14889",
                  "Sec. 5 quadrature comparison, authors' code; brief K-6", tag="paper"),
    statement=r"\mathbb{E}\max_{jk}|A_M - A| = O(M^{-1/2}) \text{ (iid uniform samples)}",
    problem="Gauss iterated map on [-1, 0], orthonormal Legendre psi_0..psi_39, M iid uniform samples, weights 1/M; "
            "A_ref from 200-node Gauss-Legendre",
    sweep=Sweep("M", MS, seeds=20, smoke_values=[316, 1259, 5012, 12589, 31623], smoke_seeds=5),
    metric="A_error",
    bound="M**(-1/2)",
    check=Check("two-sided", tol=0.1),
    main=Arm(run, params={"rule": "mc"}, label="Monte Carlo"),
    control=Control(Arm(run, params={"rule": "riemann"}, label="Riemann"),
                    why="a deterministic Riemann sum converges like M^-1"),
)
