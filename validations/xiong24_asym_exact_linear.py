"""XDD-3: asymmetric GD with exact rank k = r converges linearly at rate ~ eta sigma_r (A = I)."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.validations.xiong24_sym_exact_linear import ETA, R, T, run

CLAIM = Claim(
    id="xiong24_asym_exact_linear",
    source=Source("Xiong, Ding & Du, ICLR 2024", "2310.01769",
                  "Sec. 4: asymmetric k = r, global exact convergence at exp(-Omega(T))", tag="paper"),
    statement=r"k=r:\ \|F_tG_t^\top-M^*\|_F\lesssim(1-\eta\sigma_r)^t",
    problem="A = I, n1=n2=50, M* = U diag(1, .75, .5) V^T, r=k=3, eta=0.2, F0 ~ N(0, 1e-4), G0 ~ N(0, 1e-4/9)",
    sweep=Sweep("t", list(range(0, T + 1, 10)), seeds=10, smoke_seeds=5, per_point=False),
    metric="err",
    bound="(1 - eta*sigma_r)**t",
    constants={"eta": ETA, "sigma_r": 0.5},
    check=Check(kind="linear", tol=0.029, fit_from=100, floor=1e-12, aggregate="geomean"),
    main=Arm(run, {"k": R, "sym": False}, label="asymmetric GD, k = r = 3"),
    control=Control(Arm(run, {"k": 5, "sym": False}, label="asymmetric GD, k = 5 > r"),
                    why="over-parameterized asymmetric GD is linear only at rate ~ eta alpha^2 (XDD-4): with "
                        "alpha = 0.01 its factor is ~0.9995, far above 0.93"),
    notes="Same tolerance as xiong24_sym_exact_linear (rate within 30% of eta sigma_r).",
)
