"""XDD-1x: the exact constant of the 1/t tail of symmetric over-parameterized GD (A = I)."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.validations.xiong24_sym_overparam_sublinear import ETA, K, R, run

T_GRID = [2000, 3000, 5000, 7000, 10000, 20000, 30000, 50000, 70000, 100000]

CLAIM = Claim(
    id="xiong24_sym_overparam_constant",
    source=Source("Xiong, Ding & Du, ICLR 2024 (setting); asymptote derived", "2310.01769",
                  "Sec. 3 (symmetric k > r); redundant singular values follow s <- s - eta s^3", tag="derived"),
    statement=r"\|X_tX_t^\top-M^*\|_F\cdot 2\eta t/\sqrt{k-r}\to 1",
    problem="A = I, n=50, r=3, k=5, sigma=(1, .75, .5), eta=0.2, alpha=0.05; t from 2e3 to 1e5",
    sweep=Sweep("t", T_GRID, seeds=10, smoke_seeds=5, per_point=False),
    metric="err",
    bound="sqrt(k - r)/(2*eta*t)",
    constants={"k": K, "r": R, "eta": ETA},
    check=Check(kind="identity", tol=0.1),
    main=Arm(run, {"param": "sym"}, label="GD X <- X - eta (XX^T - M*) X"),
    control=Control(Arm(run, {"param": "sym", "eta_scale": 2.0}, label="GD on the 1/2-normalised loss"),
                    why="using the gradient of (1/2)||XX^T - M*||^2 (step normalisation pitfall) doubles the "
                        "effective step: the ratio tends to 1/2"),
    notes="The ratio approaches 1 from below (0.93 at t = 2e3, 0.999 at 1e5 for alpha = 0.05); tol 10%.",
)
