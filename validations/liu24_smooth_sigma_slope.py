"""Liu & Zhou (2024): smooth convex, tuned anytime step: at fixed T the last-iterate gap grows linearly in sigma."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.validations.liu24_smooth_noiseless_rate import run as _run_lz2

D_LZ2 = 0.5          # D = r^2/2 with r = 1 (make_rank_deficient_quadratic in the LZ-2 run helper)
T_FULL = 2 ** 14


def run(xs, rng, *, schedule="anytime_sqrt", tuned=True, T=T_FULL):
    """LZ-2 (as liu24_smooth_noiseless_rate: d = 80, rank 70, spec log-uniform on [1e-5, 1] + zeros,
    L = 1, D = 1/2) with Gaussian noise E||xi||^2 = sigma^2, sigma = xs[0]; one run of T steps.
    ``tuned``: eta_t = min(1/(2L), eta/sqrt t) with the noise-tuned eta = sqrt(D)/sigma; otherwise
    eta is huge, i.e. the step is the noiseless-optimal 1/(2L) (schedule "constant": B1).
    Returns gap = F(x_{T+1}) - F*."""
    sigma = float(xs[0])
    eta = np.sqrt(D_LZ2) / sigma if tuned else 1e6
    return _run_lz2([T], rng, schedule=schedule, eta=eta, sigma=sigma)


CLAIM = Claim(
    id="liu24_smooth_sigma_slope",
    source=Source("Liu & Zhou, Revisiting the Last-Iterate Convergence of SGM (ICLR 2024)",
                  "arXiv:2312.08531", "smooth convex (M = 0), tuned eta: O(L D/T + sigma sqrt(D log T/T))",
                  tag="recalled"),
    statement=r"\mathbb E[F(x_{T+1})-F^*] = O\Big(\frac{L D_\psi}{T}+\sigma\sqrt{\frac{D_\psi\log T}{T}}\Big),"
              r"\ \eta=\sqrt{D_\psi}/\sigma:\ \text{at fixed } T \gg (L\sqrt{D_\psi}/\sigma)^2 \text{ the gap is linear in }"
              r"\ \sigma",
    problem="LZ-2: 1/2 (x-x0)'H(x-x0), d = 80, rank 70, spec log-uniform on [1e-5, 1] + zeros, L = 1, D = 1/2, "
            "unbounded; Gaussian noise E||xi||^2 = sigma^2; eta_t = min(1/(2L), sqrt(D)/(sigma sqrt t)); "
            "T = 2^14 fixed (13 T*, T* = L^2 D/sigma^2, at the smallest sigma); sweep sigma",
    sweep=Sweep("sigma", list(np.geomspace(0.02, 0.7, 8)), seeds=16,
                smoke_values=list(np.geomspace(0.02, 0.64, 5)), smoke_seeds=10, per_point=True),
    metric="gap",
    bound="sigma*sqrt(D*log(T)/T) + L*D/T",
    check=Check(kind="two-sided", tol=0.1),
    main=Arm(run, {"tuned": True}, smoke_params={"T": 2 ** 12}, label="eta = sqrt(D)/sigma, capped"),
    control=Control(Arm(run, {"schedule": "constant", "tuned": False}, smoke_params={"T": 2 ** 12},
                        label="noiseless-tuned constant step 1/(2L) (B1)"),
                    why="B1: the constant step 1/(2L) (optimal without noise) has a noise floor ~ sigma^2/L "
                        "at fixed T: the gap grows like sigma^2, exponent 2, not 1"),
    constants={"D": D_LZ2, "T": float(T_FULL), "L": 1.0},
    notes="Recalled claim: the sigma-exponent (1, no log in sigma) of the tuned bound, two-sided, tol 0.1. "
          "Each seed is one instance and one noise stream shared by all sigma (common random numbers). "
          "Window: the cap 1/(2L) is active for t <= (2 L eta)^2 = 4 T*, T* = L^2 D/sigma^2, so sigma >= 0.02 keeps "
          "T = 2^14 >= 13 T* >= 3 (2 L eta)^2; above sigma ~ 1 the horizon sum(eta_t) ~ 2 sqrt(D T)/sigma mixes fewer eigendirections "
          "of the log-uniform spectrum and the local slope drops (pilot, 8 seeds: 0.93 at sigma ~ 0.6-1.2, 0.90 at "
          "~2.2 for T = 2^14; 0.86 at ~1.3 for T = 2^12), a log(sqrt(T)/sigma) factor within the bound's "
          "sqrt(log T); the grid stops at 0.7 (local slopes of the full run: 0.99-1.09). Smoke: T = 2^12, "
          "sigma in [0.02, 0.64] (smallest point slightly inside the capped regime). Control: the constant step "
          "1/(2L) has local slopes 1.92-2.00.",
)
