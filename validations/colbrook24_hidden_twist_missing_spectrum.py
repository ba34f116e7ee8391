"""D-1: the hidden twist -- with samples missing the twist, learning outputs the identity's spectrum."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P
from theorylab.solvers import koopman as kp


def _hausdorff_to_circle(out, n=720):
    T = np.exp(2j * np.pi * np.arange(n) / n)
    return max(float(np.abs(T[:, None] - out[None, :]).min(axis=1).max()),
               float(np.max(kp.unit_circle_distance(out))))


def run(xs, rng, c_eps=0.05, eps_fixed=None, replicates=5):
    """For R independent data sets of M = xs[0] iid samples of F_eps (eps = c_eps / sqrt M, or
    ``eps_fixed``), run the certified algorithm (unit-circle clamp) with the twist-adapted dictionary.
    learned = fraction of data sets where the output is within Hausdorff distance < 1 of Sp_ap = T
    or some output violates its certificate dist(z, T) <= DIST(z)."""
    M = int(round(xs[0]))
    eps = c_eps / np.sqrt(M) if eps_fixed is None else eps_fixed
    th = 2 * np.pi * np.arange(240) / 240
    z = np.concatenate([r * np.exp(1j * th) for r in (0.97, 1.0, 1.03)])
    learned, hits, hd, viol = 0, 0, [], 0.0
    for _ in range(replicates):
        pr = P.make_hidden_twist(eps, M, rng=rng)
        tau = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=z).x
        cert = kp.certified_spectrum(tau, z, unit_circle_clamp=True)
        h = _hausdorff_to_circle(cert.x)
        v = float(np.max(kp.unit_circle_distance(cert.x) - cert.extra["dist"]))
        learned += (h < 1.0) or (v > 1e-12)
        hits += pr.hits > 0
        hd.append(h)
        viol = max(viol, v)
    return {"learned_fraction": learned / replicates, "hit_fraction": hits / replicates,
            "hausdorff_min": min(hd), "certificate_violation": viol}


CLAIM = Claim(
    id="colbrook24_hidden_twist_missing_spectrum",
    source=Source("Colbrook, Mezic, Stepanenko, Limits and Powers of Koopman Learning", "arXiv:2407.06312",
                  "impossibility results (hidden-twist adversary); construction derived in brief D-1", tag="derived"),
    statement=r"\varepsilon = 0.05/\sqrt{M}: \ \mathbb{P}\big(d_H(\Gamma(F_\varepsilon), \mathbb{T}) < 1\big) \le 0.1, "
              r"\text{ while } \mathrm{Sp_{ap}}(K_{F_\varepsilon}) = \mathbb{T}",
    problem="T^2 with F_eps = id outside B_eps(1/2,1/2), (r, phi) -> (r, phi + 2 pi (1 - r/eps)) inside; M iid samples; "
            "dictionary adapted to the twist (constant + e^{ik phi} x annulus indicators, |k| <= 1, 24 annuli); "
            "certified algorithm with unit-circle clamp on a polar z-grid",
    sweep=Sweep("M", [100, 316, 1000, 3162, 10000], seeds=2, smoke_values=[100, 1000], smoke_seeds=1),
    metric="learned_fraction",
    bound="1/10",
    check=Check("bound", C=1.0, tol=0.0),
    main=Arm(run, smoke_params={"replicates": 3}, label="eps = 0.05/sqrt(M)"),
    control=Control(Arm(run, params={"eps_fixed": 0.3}, smoke_params={"replicates": 3},
                        label="eps = 0.3 (samples hit the twist)"),
                    why="when samples land in the twist, the same algorithm certifies points all around T "
                        "(Hausdorff distance ~0.25-0.6)"),
    notes="P(no sample in B_eps) = (1 - pi eps^2)^M ~ 0.992. Output = {1} with certified error 0 whenever no sample "
          "hits (exactly the identity's output); no certificate is ever violated (1 is in T). The dictionary is the "
          "most favourable one (it knows where the twist is) and still sees nothing.",
)
