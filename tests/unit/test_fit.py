"""The claimed-bound algebra and the rate fitter on synthetic data with known answers."""
import numpy as np
import pytest

from theorylab.checks.fit import ClaimedBound, fit_line, response, seed_entropy


@pytest.mark.parametrize("text,var,asym,a,b", [
    ("2*D/(k+1)", "k", "oo", -1, 0),
    ("log(T)/sqrt(T)", "T", "oo", -0.5, 1),
    ("log(1/eps)/eps", "eps", "0", -1, 1),
    ("n + sqrt(n)*L/eps", "n", "oo", 1, 0),
    ("sqrt(n)*log(n)**2", "n", "oo", 0.5, 2),
])
def test_exponent_and_log_power_from_sympy(text, var, asym, a, b):
    bound = ClaimedBound(text, var, asym)
    assert bound.exponent == pytest.approx(a)
    assert bound.log_power == pytest.approx(b)


def test_geometric_rate_and_numeric_bound():
    b = ClaimedBound("C0*rho**k", "k")
    assert b.constants == ("C0", "rho")
    val = b.numeric(np.array([0.0, 2.0]), {"C0": 3.0, "rho": 0.5})
    np.testing.assert_allclose(val, [3.0, 0.75])
    with pytest.raises(KeyError, match="rho"):
        b.numeric(np.array([1.0]), {"C0": 1.0})


def test_log_rate_of_geometric_bound():
    b = ClaimedBound("0.9**k", "k")
    assert np.exp(b.log_rate) == pytest.approx(0.9)
    assert np.exp(ClaimedBound("C0*rho**k", "k", known=(("rho", 0.5),)).log_rate) == pytest.approx(0.5)
    assert ClaimedBound("C0*T**(-a)", "T", known=(("a", 0.5),)).exponent == pytest.approx(-0.5)


def test_fit_line_recovers_exact_power_law():
    x = np.geomspace(10, 1e5, 12)
    y = 3.0 * x ** -0.75
    fit = fit_line(np.log(x), np.log(y))
    assert fit.slope == pytest.approx(-0.75, abs=1e-12)
    lo, hi = fit.ci()
    assert lo <= -0.75 <= hi and hi - lo < 1e-9


def test_response_removes_the_log_factor():
    x = np.geomspace(10, 1e6, 9)
    y = x ** -0.5 * np.log(x)
    fit = fit_line(np.log(x), response(y, x, 1.0, "oo"))
    assert fit.slope == pytest.approx(-0.5, abs=1e-12)


def test_seed_entropy_is_stable_and_distinct():
    assert seed_entropy("a") == seed_entropy("a")
    assert seed_entropy("a") != seed_entropy("b")
