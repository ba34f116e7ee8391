"""K-6c: the Riemann rule gives the Galerkin matrix with error ~M^-1."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P

run = P.run_quadrature_error
MS = [3162, 3981, 5012, 6310, 7943, 10000, 12589, 15849, 19953, 25119, 31623, 39811, 50119, 63096, 79433, 100000]

CLAIM = Claim(
    id="colbrook23_quadrature_riemann_rate",
    source=Source("Colbrook & Townsend, ResDMD, CPAM 2024 (Gauss iterated map example)", "arXiv:2111.14889",
                  "Sec. 5 quadrature comparison, authors' code; brief K-6", tag="paper"),
    statement=r"\max_{jk}|A_M - A| = O(M^{-1}) \text{ (Riemann sum)}",
    problem="Gauss iterated map on [-1, 0], orthonormal Legendre psi_0..psi_39, equispaced nodes incl. endpoints, "
            "weights 1/(M-1); A_ref from 200-node Gauss-Legendre",
    sweep=Sweep("M", MS, seeds=1, smoke_values=[3162, 6310, 12589, 25119, 50119, 100000]),
    metric="A_error",
    bound="M**-1",
    check=Check("two-sided", tol=0.1),
    main=Arm(run, params={"rule": "riemann"}, label="Riemann"),
    control=Control(Arm(run, params={"rule": "mc"}, label="Monte Carlo"),
                    why="Monte Carlo error ~ M^-1/2"),
    notes="Window M in [3.2e3, 1e5]: below it an M^-2 term is still visible (slope -1.15 on [450, 1e4]).",
)
