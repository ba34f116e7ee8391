"""Synthetic run functions with known answers, for testing the engine itself."""
import numpy as np


def power_law(xs, rng, a=-1.0, C=1.0, noise=0.0, floor=0.0):
    """C x^a times log-normal noise (per seed and point) plus a floor."""
    xs = np.asarray(xs, float)
    y = C * xs ** a * np.exp(noise * rng.standard_normal(xs.size)) + floor
    return {"err": y, "D": 2.0}


def power_log(xs, rng, a=-0.5, b=1.0):
    xs = np.asarray(xs, float)
    return {"err": xs ** a * np.log(xs) ** b}


def geometric(xs, rng, rho=0.5, noise=0.0):
    xs = np.asarray(xs, float)
    return {"err": rho ** xs * np.exp(noise * rng.standard_normal(xs.size))}


def identity_ratio(xs, rng, scale=1.0, noise=0.0):
    xs = np.asarray(xs, float)
    return {"err": scale * 2.0 / (xs + 1) * (1 + noise * rng.standard_normal(xs.size)), "D": 1.0}


def pair(xs, rng, gain=3.0):
    xs = np.asarray(xs, float)
    base = xs ** 1.0 * np.exp(0.05 * rng.standard_normal(xs.size))
    return {"cost": base / gain, "baseline_cost": base}


def traced(xs, rng, a=0.5):
    """Per point x, an inner trace over k of a decaying residual; cost-to-eps via a reducer."""
    ks = np.arange(1, 10000)
    res = np.stack([x ** a / ks for x in xs])
    return {"k": ks, "res": res}


def nonfinite(xs, rng):
    return {"err": np.full(np.asarray(xs).size, np.inf)}


def slow_power_law(xs, rng, a=-1.0, delay=0.05):
    """power_law that takes a while (for kill-and-resume tests)."""
    import time
    time.sleep(delay)
    return power_law(xs, rng, a=a, noise=0.3)
