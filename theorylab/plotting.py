"""Figures: ``figures/<claim_id>.png`` from a claim's outcome (stored results only).

Log-log (semilog-y for geometric rates) of the checked quantity against the
sweep variable: per-seed values thin, the aggregate bold with its CI band, the
fitted line with its slope, the claimed bound dashed, the control in grey and
the verdict in the title. Agg backend, fixed style, no timestamp or software
tag in the PNG, so a file changes only when its data changes.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .checks.fit import ClaimedBound  # noqa: E402
from .checks.spec import Claim  # noqa: E402
from .checks.verdict import CheckResult, ClaimOutcome  # noqa: E402

STYLE = {"figure.figsize": (6.4, 4.4), "font.size": 9, "axes.grid": True, "grid.alpha": 0.3,
         "savefig.dpi": 110, "font.family": "DejaVu Sans"}
RATIO_KINDS = ("bound", "identity", "ratio", "compare")


def _ylabel(claim: Claim) -> str:
    kind = claim.check.kind
    if kind == "compare":
        return f"{claim.metric} / {claim.check.baseline}"
    if kind in RATIO_KINDS:
        return f"{claim.metric} / bound"
    return claim.metric


def _draw_arm(ax, claim: Claim, res: CheckResult, color: str, label: str, thin: bool = True):
    xs = np.asarray(res.xs, float)
    if xs.size == 0:
        return
    transform = np.exp if claim.check.kind == "compare" else (lambda v: v)
    if thin and res.per_seed is not None:
        ps = transform(np.asarray(res.per_seed, float))
        for row in ps[: min(len(ps), 40)]:
            ax.plot(xs, row, color=color, lw=0.5, alpha=0.25)
    center = transform(np.asarray(res.center, float))
    lo, hi = transform(np.asarray(res.lo, float)), transform(np.asarray(res.hi, float))
    ax.plot(xs, center, color=color, lw=2.0, marker="o", ms=3, label=f"{label}: {res.verdict}")
    if np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)) and np.any(lo != hi):
        ax.fill_between(xs, lo, hi, color=color, alpha=0.15, lw=0)
    if res.fit is not None and claim.check.kind not in RATIO_KINDS:
        s, c, x0, x1 = res.fit
        xx = np.geomspace(x0, x1, 50) if claim.check.kind != "linear" else np.linspace(x0, x1, 50)
        if claim.check.kind == "linear":
            yy = np.exp(c + s * xx)
            lab = f"fit ({label}): factor {np.exp(s):.4g}"
        else:
            b = ClaimedBound.of(claim).log_power
            t = xx if claim.asymptote == "oo" else 1 / xx
            yy = np.exp(c + s * np.log(xx)) * (np.log(t) ** b if b else 1.0)
            lab = f"fit ({label}): slope {s:.3f}"
        ax.plot(xx, yy, color=color, lw=1.0, ls=":", label=lab)


def _draw_claimed(ax, claim: Claim, res: CheckResult):
    kind = claim.check.kind
    if kind in ("bound", "identity"):
        level = (claim.check.C or 1.0) if kind == "bound" else 1.0
        ax.axhline(level, color="k", ls="--", lw=1.2, label=f"claimed: {'<=' if kind == 'bound' else '='} {level:g}")
        return
    if kind == "compare":
        ax.axhline(1 / claim.check.factor, color="k", ls="--", lw=1.2,
                   label=f"claimed: <= 1/{claim.check.factor:g}")
        return
    if kind == "ratio":
        if claim.check.C is not None:
            ax.axhline(claim.check.C, color="k", ls="--", lw=1.2, label=f"cap C = {claim.check.C:g}")
        return
    if res.fit is None or not len(res.center):
        return
    s, c, x0, x1 = res.fit
    bound = ClaimedBound.of(claim)
    if kind == "linear":
        xx = np.linspace(x0, x1, 50)
        yy = np.exp(c + s * x0) * np.exp(bound.log_rate * (xx - x0))
        ax.plot(xx, yy, color="k", ls="--", lw=1.2, label=f"claimed factor {np.exp(bound.log_rate):.4g}")
        return
    a, b = bound.exponent, bound.log_power
    xx = np.geomspace(x0, x1, 50)
    t = xx if claim.asymptote == "oo" else 1 / xx
    shape = xx ** a * (np.log(t) ** b if b else 1.0)
    i0 = int(np.argmin(np.abs(np.asarray(res.xs) - x0)))
    yy = shape / shape[0] * res.center[i0]
    ax.plot(xx, yy, color="k", ls="--", lw=1.2, label=f"claimed: {bound.describe()}")


def _clip(res: CheckResult) -> CheckResult:
    """Copy of ``res`` with non-plottable values (inf "not reached", NaN, |v| > 1e100 from a diverged
    control) masked as NaN, which matplotlib leaves out; the verdict text says what happened."""

    def c(a):
        if a is None:
            return None
        a = np.array(a, float)
        a[~np.isfinite(a) | (np.abs(a) > 1e100)] = np.nan
        return a
    return replace(res, center=c(res.center), lo=c(res.lo), hi=c(res.hi), per_seed=c(res.per_seed))


def draw_figure(claim: Claim, outcome: ClaimOutcome, path: Path) -> None:
    outcome = replace(outcome, main=_clip(outcome.main), control=_clip(outcome.control))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots()
        _draw_arm(ax, claim, outcome.control, "0.55", f"control ({claim.control.arm.name})")
        _draw_arm(ax, claim, outcome.main, "C0", f"main ({claim.main.name})")
        _draw_claimed(ax, claim, outcome.main)
        labels = claim.sweep.labels
        if labels is not None:
            ticks = [v for v in claim.sweep.values if v in set(np.asarray(outcome.main.xs).tolist())]
            ax.set_xticks(ticks, [labels[list(claim.sweep.values).index(v)] for v in ticks],
                          rotation=30, fontsize=7)
        elif claim.check.kind != "linear":
            ax.set_xscale("log")
        vals = np.concatenate([np.ravel(outcome.main.center), np.ravel(outcome.control.center)])
        vals = vals[np.isfinite(vals)]
        if claim.check.kind != "compare" and vals.size and np.all(vals > 0):
            ax.set_yscale("log")
        if claim.check.kind == "compare" and vals.size:
            ax.set_yscale("log")
        ax.set_xlabel(claim.sweep.param)
        ax.set_ylabel(_ylabel(claim))
        ax.set_title(f"{claim.id}\n{claim.check.kind} check — verdict {outcome.verdict}", fontsize=9)
        ax.legend(fontsize=7, loc="best")
        fig.tight_layout()
        fig.savefig(path, format="png", metadata={"Software": None})
        plt.close(fig)
