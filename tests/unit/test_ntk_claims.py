"""Unit tests of the helpers of the NTK claims on principal components, the GP at init and the trained
output distribution (jacot18_ntk_pc_convergence, jacot18_ntk_gp_init, jacot18_ntk_trained_gp)."""
import numpy as np

from theorylab.problems import ntk as P
from theorylab.reference import ntk as ref
from theorylab.solvers import ntk
from theorylab.validations import jacot18_ntk_gp_init as G
from theorylab.validations import jacot18_ntk_pc_convergence as PC
from theorylab.validations import jacot18_ntk_trained_gp as TG


def test_empirical_nngp_is_last_hidden_layer_gram():
    net = P.make_ntk_mlp(L=4, width=9, beta=0.1, rng=3)
    theta0 = net.theta.copy()
    X, X2 = P.circle([0.1, 1.0, 2.5]), P.circle([0.3, -1.0])
    A, _, _ = ref.forward(net, X)
    A2, _, _ = ref.forward(net, X2)
    want = A[-1] @ A2[-1].T / 9 + 0.1 ** 2
    np.testing.assert_allclose(G.empirical_nngp(net, X, X2), want, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(net.theta, theta0)          # the caller's net is untouched


def test_empirical_nngp_l1_is_input_kernel_exactly():
    """L = 1: the output is affine in x, Sigma_n = Sigma^(1) = x.x'/n_0 + beta^2 at any 'width'."""
    net = ntk.ntk_init([2, 1], beta=0.3, rng=0)
    X = P.circle([0.0, 0.7, 2.0])
    _, S = ntk.ntk_analytic(X, L=1, beta=0.3)
    np.testing.assert_allclose(G.empirical_nngp(net, X), S, rtol=1e-13, atol=1e-15)


def test_gp_run_control_reuses_networks_and_floors():
    rng = lambda: np.random.default_rng(5)
    a = G.run_gp(np.array([512.0]), rng())
    b = G.run_gp(np.array([512.0]), rng())
    c = G.run_gp(np.array([512.0]), rng(), c_sigma=2.0)
    assert a == b
    assert a["rel_err"] < 0.3 and c["rel_err"] > 0.7


def test_pc_decay_deterministic_and_close_to_eigenvalue_at_large_width():
    r1 = PC.pc_decay(2048, np.random.default_rng(11))
    r2 = PC.pc_decay(2048, np.random.default_rng(11))
    assert r1 == r2
    ratio, orth = r1
    assert abs(ratio - 1.0) < 0.1 and orth < 0.05
    ratio_mf, _ = PC.pc_decay(2048, np.random.default_rng(11), scaling="mf")
    assert abs(ratio_mf - 1.0) > 0.1


def test_pc_eigenvalues_of_circulant_kernel():
    g = 2 * np.pi * np.arange(16) / 16
    T, _ = ntk.ntk_analytic(P.circle(g), L=PC.L, beta=PC.BETA)
    lam = P.circle_eigs(16, L=PC.L, beta=PC.BETA)
    c = np.cos(PC.K_MODE * g)
    np.testing.assert_allclose(T @ c / 16, lam[PC.K_MODE] * c, rtol=0, atol=1e-13)
    assert abs(lam[PC.K_MODE] - 0.0379) < 1e-4


def test_trained_gp_prediction_interpolates_training_points():
    mu, var = TG.gp_prediction(P.FOUR_ANGLES)
    np.testing.assert_allclose(mu, P.FOUR_TARGETS, atol=1e-10)
    np.testing.assert_allclose(var, 0.0, atol=1e-10)
    mu2, var2 = TG.gp_prediction(np.array(TG.TEST_ANGLES))
    assert np.all(var2 > 1e-3)


def test_trained_run_shapes_and_memo():
    xs = np.array(TG.TEST_ANGLES[:3])
    out = TG.run_trained(xs, np.random.default_rng(2), batch=2, width=50)
    ctl = TG.run_trained(xs, np.random.default_rng(2), batch=2, width=50, c_sigma=2.0)
    assert out["z2"].shape == (3,) and np.all(np.isfinite(out["z2"]))
    # same networks, K2 variance larger -> smaller z^2 at every angle
    assert np.all(ctl["z2"] < out["z2"])


def test_figure_writes_png(tmp_path):
    p = G.figure_kernel_vs_angle(tmp_path / "fig.png", widths=(5, 8), inits=1, steps=2, depths=(2, 4),
                                 n_angles=9)
    assert p.exists() and p.stat().st_size > 1000
