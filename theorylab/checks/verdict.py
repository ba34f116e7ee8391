"""Verdicts: apply a claim's check to the stored results of one arm, then combine
main and control.

Verdicts: PASS, FAIL, INCONCLUSIVE (too little range, floor hit, CI straddles
the threshold) and, for the claim as a whole, NO_POWER (the control was not
rejected: the check could not tell a broken method from the claimed one;
counts as a failure).

Statistics (DESIGN.md, "Fitting rules"): seeds are aggregated per sweep point
(mean by default); slopes are fitted on the aggregate over the declared
window; 95% CIs come from a bootstrap over seeds (>= 5 seeds, resampling the
same seeds at every point) or, for fewer seeds, from the regression standard
error. The bootstrap generator is seeded from the claim id.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .fit import ClaimedBound, design_x, fit_line, fit_slopes_batch, response, seed_entropy
from .spec import Check, Claim

PASS, FAIL, INCONCLUSIVE, NO_POWER = "PASS", "FAIL", "INCONCLUSIVE", "NO_POWER"
DEFAULT_TOL = {"upper": 0.1, "two-sided": 0.1, "identity": 1e-9, "bound": 1e-9,
               "linear": 0.0, "ratio": 0.1, "compare": 0.0}
N_BOOT = 1000
MIN_SEEDS_BOOTSTRAP = 5


@dataclass
class ArmData:
    """One arm's results reshaped: for each sweep point, metric -> (S, K) array."""

    xs: np.ndarray
    seeds: np.ndarray
    ks: list
    arrays: list

    @classmethod
    def from_table(cls, df: pd.DataFrame) -> "ArmData":
        xs = np.sort(df["x"].unique())
        seeds = np.sort(df["seed"].unique())
        ks, arrays = [], []
        for x in xs:
            sub = df[df["x"] == x]
            kk = np.sort(sub["k"].unique())
            per = {}
            for name, g in sub.groupby("metric", sort=True):
                piv = g.pivot(index="seed", columns="k", values="value").reindex(index=seeds, columns=kk)
                per[name] = piv.to_numpy(dtype=float)
            ks.append(kk)
            arrays.append(per)
        return cls(xs, seeds, ks, arrays)

    def per_seed(self, i: int, name: str) -> np.ndarray:
        a = self.arrays[i].get(name)
        if a is None:
            raise KeyError(f"metric {name!r} not in results (have {sorted(self.arrays[i])})")
        if a.shape[1] != 1:
            raise ValueError(f"metric {name!r} has an inner trace (K={a.shape[1]}); "
                             "give the check a function aggregate to reduce it")
        return a[:, 0]


@dataclass
class CheckResult:
    verdict: str
    kind: str
    estimate: float
    ci: tuple
    claimed: float
    message: str
    n_points: int = 0
    n_dropped: int = 0
    # for figures: per-point center / CI, and the fitted line (in the fit's coordinates)
    xs: np.ndarray = field(default_factory=lambda: np.zeros(0))
    center: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lo: np.ndarray = field(default_factory=lambda: np.zeros(0))
    hi: np.ndarray = field(default_factory=lambda: np.zeros(0))
    per_seed: np.ndarray | None = None
    fit: tuple | None = None          # (slope, intercept, x_min, x_max) in fit coordinates
    window: tuple | None = None

    def summary(self) -> str:
        lo, hi = self.ci
        if self.kind in ("bound",):
            return f"max ratio {self.estimate:.4g}"
        if self.kind in ("identity",):
            return f"ratio {self.estimate:.6g} [{lo:.6g}, {hi:.6g}]"
        if self.kind == "compare":
            return f"ratio {self.estimate:.3g} [{lo:.3g}, {hi:.3g}]"
        if self.kind == "linear":
            return f"rate {self.estimate:.4g} [{lo:.4g}, {hi:.4g}]"
        return f"{self.estimate:.3f} [{lo:.3f}, {hi:.3f}]"


@dataclass
class ClaimOutcome:
    claim_id: str
    verdict: str
    main: CheckResult
    control: CheckResult
    info: object = None      # runner.RunInfo when produced by a run

    @property
    def passed(self) -> bool:
        return self.verdict == PASS


def combine(main: CheckResult, control: CheckResult) -> str:
    if main.verdict != PASS:
        return main.verdict
    return PASS if control.verdict == FAIL else NO_POWER


# --------------------------------------------------------------------------- aggregation

def _aggregator(check: Check, metric: str) -> Callable:
    """Return agg(data, i, idx) -> float: the seeds ``idx`` of point ``i`` combined."""
    if callable(check.aggregate):
        fn = check.aggregate

        def agg(data: ArmData, i: int, idx: np.ndarray) -> float:
            return float(fn({k: v[idx] for k, v in data.arrays[i].items()}, data.ks[i]))
        return agg
    name = check.aggregate

    def agg(data: ArmData, i: int, idx: np.ndarray) -> float:
        return float(_reduce(name, data.per_seed(i, metric)[idx][None, :])[0])
    return agg


def _reduce(name: str, v: np.ndarray) -> np.ndarray:
    """Reduce the last axis of ``v`` (rows = bootstrap replicates)."""
    if name == "mean":
        return v.mean(axis=-1)
    if name == "median":
        return np.median(v, axis=-1)
    if name == "max":
        return v.max(axis=-1)
    if name == "min":
        return v.min(axis=-1)
    if name == "geomean":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.exp(np.log(v).mean(axis=-1))
    raise ValueError(name)


def _boot_indices(claim_id: str, arm: str, n_seeds: int, n_boot: int) -> np.ndarray:
    rng = np.random.default_rng([seed_entropy(claim_id), 7919, 0 if arm == "main" else 1])
    return rng.integers(0, n_seeds, size=(n_boot, n_seeds))


def _points_matrix(data: ArmData, check: Check, metric: str, claim_id: str, arm: str):
    """Center value per point and bootstrap replicates (B, P) (None when too few seeds)."""
    S = len(data.seeds)
    P = len(data.xs)
    agg = _aggregator(check, metric)
    all_idx = np.arange(S)
    center = np.array([agg(data, i, all_idx) for i in range(P)])
    if S < MIN_SEEDS_BOOTSTRAP:
        return center, None
    n_boot = N_BOOT if not callable(check.aggregate) else 300
    boot = _boot_indices(claim_id, arm, S, n_boot)
    if callable(check.aggregate):
        reps = np.array([[agg(data, i, b) for i in range(P)] for b in boot])
    else:
        reps = np.stack([_reduce(check.aggregate, data.per_seed(i, metric)[boot]) for i in range(P)], axis=1)
    return center, reps


def _per_seed_quantity(data: ArmData, claim: Claim, bound: ClaimedBound) -> np.ndarray:
    """(S, P) per-seed metric / bound (bound, identity, ratio) or log(metric / baseline) (compare)."""
    check = claim.check
    cols = []
    for i, x in enumerate(data.xs):
        m = data.per_seed(i, claim.metric)
        if check.kind == "compare":
            base = data.per_seed(i, check.baseline)
            with np.errstate(divide="ignore", invalid="ignore"):
                cols.append(np.log(m / base))
            continue
        consts = {}
        for c in bound.constants:
            consts[c] = claim.constants[c] if c in claim.constants else data.per_seed(i, c)
        b = bound.numeric(np.full(m.shape, x), consts)
        with np.errstate(divide="ignore", invalid="ignore"):
            cols.append(m / b)
    return np.stack(cols, axis=1)


def _window_mask(xs: np.ndarray, check: Check) -> np.ndarray:
    mask = np.ones(xs.shape, bool)
    if check.fit_from is not None:
        mask &= xs >= check.fit_from
    if check.fit_to is not None:
        mask &= xs <= check.fit_to
    return mask


# --------------------------------------------------------------------------- the checks

def evaluate_arm(claim: Claim, df: pd.DataFrame, arm: str) -> CheckResult:
    """Apply ``claim.check`` to the rows of one arm."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # NaN/inf metrics are verdicts, not noise
        return _evaluate_arm(claim, df, arm)


def _evaluate_arm(claim: Claim, df: pd.DataFrame, arm: str) -> CheckResult:
    check = claim.check
    kind = check.kind
    tol = DEFAULT_TOL[kind] if check.tol is None else check.tol
    bound = ClaimedBound.of(claim)
    sub = df[df["arm"] == arm]
    if sub.empty:
        return CheckResult(INCONCLUSIVE, kind, np.nan, (np.nan, np.nan), np.nan, f"no results for arm {arm!r}")
    data = ArmData.from_table(sub)
    window = _window_mask(data.xs, check)
    if kind in ("bound", "identity", "compare"):
        return _pointwise(claim, data, bound, arm, tol, window)
    if kind == "ratio":
        return _ratio(claim, data, bound, arm, tol, window)
    return _rate(claim, data, bound, arm, tol, window)


def _boot_reps(q: np.ndarray, claim_id: str, arm: str, reducer: str = "mean") -> np.ndarray | None:
    """Bootstrap replicates (B, P) of the per-point reduction of ``q`` (S, P) over resampled seeds,
    or None with fewer than MIN_SEEDS_BOOTSTRAP seeds."""
    S = q.shape[0]
    if S < MIN_SEEDS_BOOTSTRAP:
        return None
    boot = _boot_indices(claim_id, arm, S, N_BOOT)
    return np.stack([_reduce(reducer, q[boot, i]) for i in range(q.shape[1])], axis=1)


def _ci_per_point(q: np.ndarray, reps: np.ndarray | None, reducer: str = "mean"):
    """Reduction over seeds per point with its bootstrap CI (from ``reps``) or the seed range."""
    center = _reduce(reducer, q.T)
    if reps is not None:
        lo, hi = np.nanpercentile(reps, [2.5, 97.5], axis=0)
    else:
        lo, hi = q.min(axis=0), q.max(axis=0)
    return center, lo, hi


def _pointwise(claim, data, bound, arm, tol, window) -> CheckResult:
    check = claim.check
    kind = check.kind
    q = _per_seed_quantity(data, claim, bound)[:, window]
    xs = data.xs[window]
    if q.size == 0:
        return CheckResult(INCONCLUSIVE, kind, np.nan, (np.nan, np.nan), np.nan, "no points in the window")
    finite = np.isfinite(q)
    if kind == "bound":
        C = 1.0 if check.C is None else check.C
        worst = np.where(finite, q, np.inf).max()
        center, lo, hi = q.max(axis=0), q.min(axis=0), q.max(axis=0)
        ok = finite.all() and worst <= C * (1 + tol)
        where = xs[np.argmax(np.where(finite, q, np.inf).max(axis=0))]
        msg = (f"max metric/bound = {worst:.6g} over {q.size} (seed, point) pairs "
               f"(limit C = {C:g}, slack {tol:g}); worst at {claim.sweep.param} = {where:g}")
        if not finite.all():
            msg += f"; {int((~finite).sum())} non-finite values"
        return CheckResult(PASS if ok else FAIL, kind, float(worst), (float(worst), float(worst)), C, msg,
                           n_points=len(xs), xs=xs, center=center, lo=lo, hi=hi, per_seed=q, window=_w(xs))
    if not finite.all():
        return CheckResult(FAIL, kind, np.nan, (np.nan, np.nan), 1.0,
                           f"{int((~finite).sum())} non-finite values of the {kind} quantity",
                           n_points=len(xs), xs=xs, per_seed=q)
    center, lo, hi = _ci_per_point(q, _boot_reps(q, claim.id, arm))
    if kind == "identity":
        lo_ok, hi_ok = 1 - tol, 1 + tol
        target = "1"
    else:  # compare: mean log ratio must be <= -log(factor)
        lo_ok, hi_ok = -np.inf, -np.log(check.factor)
        target = f"<= 1/{check.factor:g}"
    inside = (lo >= lo_ok) & (hi <= hi_ok)
    outside = (hi < lo_ok) | (lo > hi_ok)
    verdict = PASS if inside.all() else (FAIL if outside.any() else INCONCLUSIVE)
    j = int(np.argmax(np.abs(center - (1.0 if kind == "identity" else 0.0)))) if kind == "identity" \
        else int(np.argmax(center))
    if kind == "compare":
        est, ci = float(np.exp(center[j])), (float(np.exp(lo[j])), float(np.exp(hi[j])))
        msg = (f"worst mean ratio metric/{check.baseline} = {est:.4g} [{ci[0]:.4g}, {ci[1]:.4g}] at "
               f"{claim.sweep.param} = {xs[j]:g}; target {target}")
    else:
        est, ci = float(center[j]), (float(lo[j]), float(hi[j]))
        msg = (f"worst mean metric/bound = {est:.10g} [{ci[0]:.10g}, {ci[1]:.10g}] at "
               f"{claim.sweep.param} = {xs[j]:g}; target 1 +- {tol:g}; {int(inside.sum())}/{len(xs)} points inside")
    return CheckResult(verdict, kind, est, ci, 1.0 if kind == "identity" else 1 / check.factor, msg,
                       n_points=len(xs), xs=xs, center=center, lo=lo, hi=hi, per_seed=q, window=_w(xs))


def _w(xs):
    return (float(xs.min()), float(xs.max())) if len(xs) else None


def _range_ok(xs: np.ndarray, check: Check, kind: str) -> str | None:
    if len(xs) < check.min_points:
        return f"only {len(xs)} points in the fit window (need {check.min_points})"
    if kind != "linear":
        decades = np.log10(xs.max() / xs.min())
        if decades < check.min_decades - 1e-9:
            return f"fit window spans {decades:.2f} decades (need {check.min_decades})"
    return None


def _slope_with_ci(t, Y_center, Y_reps):
    fit = fit_line(t, Y_center)
    if Y_reps is None:
        return fit, fit.ci()
    good = np.all(np.isfinite(Y_reps), axis=1)
    if good.mean() < 0.95:
        return fit, (-np.inf, np.inf)
    slopes = fit_slopes_batch(t, Y_reps[good])
    lo, hi = np.percentile(slopes, [2.5, 97.5])
    return fit, (float(lo), float(hi))


def _rate(claim, data, bound, arm, tol, window) -> CheckResult:
    """upper / two-sided exponent checks and linear (geometric-rate) checks."""
    check = claim.check
    kind = check.kind
    center, reps = _points_matrix(data, check, claim.metric, claim.id, arm)
    xs_all = data.xs
    with np.errstate(invalid="ignore"):
        lo_all, hi_all = ((np.nanpercentile(reps, 2.5, axis=0), np.nanpercentile(reps, 97.5, axis=0))
                          if reps is not None else (center, center))
    per_seed = None
    if not callable(check.aggregate):
        per_seed = np.stack([data.per_seed(i, claim.metric) for i in range(len(xs_all))], axis=1)
    base = dict(xs=xs_all, center=center, lo=lo_all, hi=hi_all, per_seed=per_seed)
    xs = xs_all[window]
    c = center[window]
    nonfinite = ~np.isfinite(c)
    if nonfinite.any():
        bad = ", ".join(f"{v:g}" for v in xs[nonfinite][:5])
        return CheckResult(FAIL, kind, np.nan, (np.nan, np.nan), np.nan,
                           f"metric not finite at {claim.sweep.param} = {bad} (not reached / diverged)",
                           n_points=len(xs), window=_w(xs), **base)
    keep = c > check.floor
    n_drop = int((~keep).sum())
    xs, c = xs[keep], c[keep]
    R = reps[:, window][:, keep] if reps is not None else None
    why = _range_ok(xs, check, kind)
    if kind == "linear":
        claimed_log = bound.log_rate
        claimed = float(np.exp(claimed_log))
        if why:
            return CheckResult(INCONCLUSIVE, kind, np.nan, (np.nan, np.nan), claimed, why,
                               n_points=len(xs), n_dropped=n_drop, window=_w(xs), **base)
        t = design_x(xs, kind, claim.asymptote)
        with np.errstate(divide="ignore", invalid="ignore"):
            Yr = np.log(R) if R is not None else None
        fit, (slo, shi) = _slope_with_ci(t, np.log(c), Yr)
        est, lo, hi = np.exp(fit.slope), np.exp(slo), np.exp(shi)
        verdict = PASS if hi <= claimed + tol else (FAIL if lo > claimed + tol else INCONCLUSIVE)
        msg = (f"fitted per-step factor {est:.5g} [{lo:.5g}, {hi:.5g}] vs claimed <= {claimed:.5g} (+{tol:g}); "
               f"{len(xs)} points, {n_drop} under the floor")
        return CheckResult(verdict, kind, float(est), (float(lo), float(hi)), claimed, msg, len(xs), n_drop,
                           fit=(fit.slope, fit.intercept, xs.min(), xs.max()), window=_w(xs), **base)
    a, b = bound.exponent, bound.log_power
    if why:
        return CheckResult(INCONCLUSIVE, kind, np.nan, (np.nan, np.nan), a, why,
                           n_points=len(xs), n_dropped=n_drop, window=_w(xs), **base)
    t = design_x(xs, kind, claim.asymptote)
    with np.errstate(divide="ignore", invalid="ignore"):
        Yr = response(R, xs[None, :], b, claim.asymptote) if R is not None else None
    fit, (lo, hi) = _slope_with_ci(t, response(c, xs, b, claim.asymptote), Yr)
    s = fit.slope
    if kind == "upper":
        if claim.asymptote == "oo":
            verdict = PASS if hi <= a + tol else (FAIL if lo > a + tol else INCONCLUSIVE)
            target = f"<= {a:g} + {tol:g}"
        else:
            verdict = PASS if lo >= a - tol else (FAIL if hi < a - tol else INCONCLUSIVE)
            target = f">= {a:g} - {tol:g}"
    else:
        inside = lo >= a - tol and hi <= a + tol
        outside = hi < a - tol or lo > a + tol
        verdict = PASS if inside else (FAIL if outside else INCONCLUSIVE)
        target = f"in {a:g} +- {tol:g}"
    logtxt = f" after removing (log)^{b:g}" if b else ""
    msg = (f"fitted exponent {s:.3f} [{lo:.3f}, {hi:.3f}]{logtxt}, claimed {a:g} (target {target}); "
           f"{len(xs)} points over {np.log10(xs.max() / xs.min()):.2f} decades, {n_drop} under the floor")
    return CheckResult(verdict, kind, float(s), (float(lo), float(hi)), a, msg, len(xs), n_drop,
                       fit=(s, fit.intercept, xs.min(), xs.max()), window=_w(xs), **base)


def _ratio(claim, data, bound, arm, tol, window) -> CheckResult:
    check = claim.check
    q = _per_seed_quantity(data, claim, bound)
    reps = _boot_reps(q, claim.id, arm) if np.isfinite(q).all() else None
    center, lo_p, hi_p = _ci_per_point(q, reps) if np.isfinite(q).all() else (
        q.mean(axis=0), q.mean(axis=0), q.mean(axis=0))
    base = dict(xs=data.xs, center=center, lo=lo_p, hi=hi_p, per_seed=q)
    xs = data.xs[window]
    qw = q[:, window]
    if not np.isfinite(qw).all():
        return CheckResult(FAIL, "ratio", np.nan, (np.nan, np.nan), 0.0,
                           "metric/bound not finite in the window", n_points=len(xs), window=_w(xs), **base)
    why = _range_ok(xs, check, "ratio")
    if why:
        return CheckResult(INCONCLUSIVE, "ratio", np.nan, (np.nan, np.nan), 0.0, why,
                           n_points=len(xs), window=_w(xs), **base)
    t = np.log(xs)
    c = _reduce("mean", qw.T)
    R = reps[:, window] if reps is not None else None     # same resampled seeds as the plotted CIs
    with np.errstate(divide="ignore", invalid="ignore"):
        fit, (lo, hi) = _slope_with_ci(t, np.log(c), np.log(R) if R is not None else None)
    cmax = float(c.max())
    cap_broken = check.C is not None and cmax > check.C
    if cap_broken or lo > tol:
        verdict = FAIL
    elif hi <= tol:
        verdict = PASS
    else:
        verdict = INCONCLUSIVE
    msg = (f"slope of log(metric/bound) {fit.slope:.3f} [{lo:.3f}, {hi:.3f}] (no upward trend: <= {tol:g}); "
           f"max mean ratio {cmax:.4g}" + (f" (cap C = {check.C:g})" if check.C is not None else ""))
    return CheckResult(verdict, "ratio", float(fit.slope), (float(lo), float(hi)), 0.0, msg, len(xs), 0,
                       fit=(fit.slope, fit.intercept, xs.min(), xs.max()), window=_w(xs), **base)


def evaluate(claim: Claim, df: pd.DataFrame) -> ClaimOutcome:
    """Verdict of a claim from its results table (both arms)."""
    main = evaluate_arm(claim, df, "main")
    control = evaluate_arm(claim, df, "control")
    return ClaimOutcome(claim.id, combine(main, control), main, control)
