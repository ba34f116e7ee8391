"""K-9, fixed-region form: on undamped Duffing, the certified algorithm's error bound DIST_N(z)
converges to sigma_inf(K - z) uniformly on the authors' fixed compact grid region as N grows,
while EDMD's held-out error bound does not decrease."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import koopman as P
from theorylab.solvers import koopman as kp

NS = [4, 6, 10, 16, 25, 40, 63, 100, 158, 251]


def run(xs, rng, method="certified", n_ic=1000, step=0.05):
    """For N = xs[i] k-means Laplace RBFs (``duffing_err.m`` set-up, M = 5 n_ic pairs per data set):
    ``certified``: excess = max_{z in R} (DIST_N(z) - sigma_inf(K - z)) on the fixed region
    R = [-0.5, 1] x [0, 1] (grid ``step``), DIST_N = max(tau_N, |1 - |z||) (unit-circle clamp: the
    undamped flow preserves area) and sigma_inf(K - z) = ||z| - 1| (Sp(K) = T: the periods of the
    closed orbits range over (pi sqrt 2, oo), so the harmonics e^{i k omega(E) dt} are dense in T).
    Also the Hausdorff-type miss max_{u in T cap R} dist(u, output) of the certified output and E_cert.
    ``edmd`` (control): the EDMD held-out bound max_j ||Psi_Y3 v_j - lam_j Psi_X3 v_j|| / ||Psi_X3 v_j||."""
    pr = P.make_duffing(0.0, n_ic=n_ic, rng=rng)
    z = kp.rect_grid(-0.5, 1.0, 0.0, 1.0, step)
    sig = kp.unit_circle_distance(z)
    arc = np.exp(1j * np.linspace(0.0, 2 * np.pi / 3, 121))       # T cap R
    s = pr.d / 2.0
    out = {k: [] for k in ("bound", "E_cert", "miss", "n_out")}
    for N in np.asarray(xs, float):
        km = kp.kmeans(np.concatenate([pr.X1, pr.Y1]), int(round(N)), max_iter=30, rng=rng)
        PX, PY = kp.rbf(pr.X2, km.x, s, "laplace"), kp.rbf(pr.Y2, km.x, s, "laplace")
        if method == "edmd":
            ed = kp.edmd(PX, PY)
            r3 = kp.edmd_heldout_residuals(ed.x, ed.extra["V"], kp.rbf(pr.X3, km.x, s, "laplace"),
                                           kp.rbf(pr.Y3, km.x, s, "laplace"))
            out["bound"].append(float(np.max(r3)))
            continue
        tau = kp.pseudospectrum(PX, PY, z=z).x
        cert = kp.certified_spectrum(tau, z, unit_circle_clamp=True)
        spec = cert.x
        out["bound"].append(float(np.max(cert.extra["DIST"] - sig)))
        out["E_cert"].append(cert.fun)
        out["miss"].append(float(np.max(np.min(np.abs(arc[:, None] - spec[None, :]), axis=1))))
        out["n_out"].append(float(spec.size))
    return {k: np.array(v) for k, v in out.items() if v}


CLAIM = Claim(
    id="colbrook24_duffing_certificate_uniform_convergence",
    source=Source("Colbrook, Mezic, Stepanenko, Limits and Powers of Koopman Learning", "arXiv:2407.06312",
                  "Duffing example (duffing_err.m): the certified algorithm's error bound decreases with N; "
                  "ResDMD: tau_N -> sigma_inf locally uniformly (Colbrook-Townsend); brief K-9", tag="paper"),
    statement=r"\sup_{z \in R}\big(\mathrm{DIST}_N(z) - \sigma_{\inf}(K - z)\big) \text{ decreases in } N "
              r"\text{ (fixed compact } R\text{)}, \ \text{while } E_{\rm EDMD}(N) \text{ does not}",
    problem="undamped Duffing (alpha = 0, dt = 0.3, Sp(K) = T), 1000 initial conditions x 5 steps per data set "
            "(three independent sets), N k-means Laplace RBFs, fixed region R = [-0.5, 1] x [0, 1] (step 0.05), "
            "DIST = max(tau_N, |1 - |z||), sigma_inf = ||z| - 1|",
    sweep=Sweep("N", NS, seeds=3, smoke_values=[4, 8, 16, 32, 64, 128], smoke_seeds=1),
    metric="bound",
    bound="1",
    check=Check("upper", tol=0.0),
    main=Arm(run, params={"method": "certified"}, smoke_params={"n_ic": 300, "step": 0.1},
             label="certified: sup_R (DIST_N - sigma_inf)"),
    control=Control(Arm(run, params={"method": "edmd"}, smoke_params={"n_ic": 300, "step": 0.1},
                        label="EDMD held-out bound"),
                    why="EDMD's held-out residual over all its eigenpairs stays ~0.9-1 (slope >= 0 in N)"),
    notes="'Decreases' is tested as a log-log slope whose 95% CI lies below 0 (tol = 0), over 1.8 decades of N. "
          "This is the fixed-region reading of the paper's headline: the max of DIST over the algorithm's own "
          "output (E_cert, colbrook24_duffing_certified_vs_edmd) is not monotone at M = 5000 because more "
          "spectrum (each point certified to ~0.1) is output as N grows (E_cert, 3-seed mean: 0.15 at N = 4, "
          "0.03 at N = 25-40, 0.10-0.12 at N >= 100, recorded here too). On the fixed region R the certificate "
          "function converges uniformly and monotonically (3-seed mean 1.60 at N = 4, 0.50 at 40, 0.18 at 251), "
          "and the output's Hausdorff miss max_{u in T cap R} dist(u, output) shrinks (1.73 -> 0.90, metric "
          "'miss'). The decrease flattens for N > 100 (local slope ~ -0.4; quadrature with M = 5000). "
          "sigma_inf = ||z| - 1| uses Sp(K) = T, which holds for the undamped flow on L^2(R^2).",
)
