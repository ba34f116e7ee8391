"""K-6b: the trapezoid rule gives the Galerkin matrix with error ~M^-2."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P

run = P.run_quadrature_error
MS = [1000, 1259, 1585, 1995, 2512, 3162, 3981, 5012, 6310, 7943, 10000, 12589, 15849, 19953, 25119, 31623]

CLAIM = Claim(
    id="colbrook23_quadrature_trapezoid_rate",
    source=Source("Colbrook & Townsend, ResDMD, CPAM 2024 (Gauss iterated map example)", "arXiv:2111.14889",
                  "Sec. 5 quadrature comparison, authors' code; brief K-6", tag="paper"),
    statement=r"\max_{jk}|A_M - A| = O(M^{-2}) \text{ (trapezoid rule)}",
    problem="Gauss iterated map on [-1, 0], orthonormal Legendre psi_0..psi_39, equispaced nodes incl. endpoints, "
            "halved end weights; A_ref from 200-node Gauss-Legendre",
    sweep=Sweep("M", MS, seeds=1, smoke_values=[1000, 1995, 3981, 7943, 15849, 31623]),
    metric="A_error",
    bound="M**-2",
    check=Check("two-sided", tol=0.1),
    main=Arm(run, params={"rule": "trapezoid"}, label="trapezoid"),
    control=Control(Arm(run, params={"rule": "riemann"}, label="Riemann (all weights 1/(M-1))"),
                    why="full end weights add an O(1/M) term: slope ~ -1"),
    notes="Window M in [1e3, 3.2e4]; on [300, 3e4] the slope is -1.95 (pre-asymptotic).",
)
