"""A claim, declared as data. One ``CLAIM = Claim(...)`` per file in ``validations/``.

How a claim is evaluated
------------------------
* ``sweep`` lists the values of one variable (an iteration count ``k``, a size
  ``n``, an accuracy ``eps``, ...) and a number of seeds.
* ``main`` and ``control`` are :class:`Arm` s: a module-level function
  ``run(xs, rng, **params) -> dict`` plus its parameters. ``xs`` is a 1-D
  float array of the sweep values this task covers (one value when
  ``sweep.per_point`` is True, all values otherwise, e.g. an iteration trace),
  ``rng`` a ``numpy.random.Generator`` seeded from the claim id and the seed
  index (main and control see the same seeds, hence the same instances).
  The dict maps metric names to a scalar (broadcast), an array of shape
  ``(len(xs),)``, or ``(len(xs), K)`` together with an int array ``"k"`` of
  length ``K`` (an inner trace, e.g. residual per iteration at each ``n``).
* ``bound`` is the claimed rate or bound, a sympy expression in the sweep
  variable and constants. The engine derives from it the asymptotic exponent
  (and log power), the geometric rate for ``linear`` checks, the numeric bound
  and the LaTeX for the report. Constants are looked up in ``Claim.constants``
  first, then among the metrics the run returned (per seed and point).
* ``check`` says how the metric is compared with the bound; the *same* check
  is applied to the control, which must FAIL it.

Check kinds (see ``theorylab.checks.verdict``)
----------------------------------------------
``upper``      fitted exponent CI at or below the claimed one + tol
               (toward ``asymptote``: "grows/decays at least as fast as claimed").
``two-sided``  fitted exponent CI inside claimed +- tol.
``identity``   metric / bound = 1 +- tol at every point (mean over seeds, CI).
``bound``      metric <= C * bound at every point and seed (hard constant).
``linear``     geometric rate: fitted per-step factor CI at or below the claimed + tol.
``ratio``      metric / bound has no upward trend (slope CI <= tol), and <= C if C given.
``compare``    metric <= baseline / factor at every point (log-ratio CI over seeds).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

CHECK_KINDS = ("upper", "two-sided", "identity", "bound", "linear", "ratio", "compare")
AGGREGATES = ("mean", "median", "max", "min", "geomean")


@dataclass(frozen=True)
class Source:
    """Where the claim comes from. ``tag`` is the brief's confidence tag."""

    paper: str
    arxiv: str
    where: str
    tag: str = "paper"   # "paper" | "recalled" | "derived"


@dataclass(frozen=True)
class Sweep:
    """The sweep variable ``param`` (a sympy symbol of the bound), its values and seeds.

    ``smoke_values`` / ``smoke_seeds`` are used by ``--smoke`` (tests); they
    should still span enough range for the check to decide.
    """

    param: str
    values: Sequence[float]
    seeds: int = 1
    smoke_values: Sequence[float] | None = None
    smoke_seeds: int | None = None
    per_point: bool = True
    labels: Sequence[str] | None = None   # names of the points of a categorical sweep (e.g. problems)

    def for_mode(self, smoke: bool) -> tuple[tuple[float, ...], int]:
        if smoke:
            vals = self.smoke_values if self.smoke_values is not None else self.values
            seeds = self.smoke_seeds if self.smoke_seeds is not None else self.seeds
        else:
            vals, seeds = self.values, self.seeds
        return tuple(float(v) for v in vals), int(seeds)


@dataclass(frozen=True)
class Arm:
    """A run function and its parameters. ``run`` must be a module-level function
    (so worker processes can import it). ``smoke_params`` override ``params`` in smoke mode."""

    run: Callable[..., Mapping[str, Any]]
    params: Mapping[str, Any] = field(default_factory=dict)
    smoke_params: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""

    def params_for(self, smoke: bool) -> dict:
        p = dict(self.params)
        if smoke:
            p.update(self.smoke_params)
        return p

    @property
    def name(self) -> str:
        return self.label or self.run.__name__

    def key(self, smoke: bool) -> str:
        items = sorted(self.params_for(smoke).items())
        return f"{self.run.__module__}.{self.run.__qualname__}({items!r})"


@dataclass(frozen=True)
class Check:
    """How the metric is compared with the bound.

    ``fit_from`` / ``fit_to`` bound the asymptotic window (sweep values);
    ``floor``: aggregated values at or below it are dropped from fits (counted);
    ``aggregate``: how seeds are combined ("mean", "median", "max", "min",
    "geomean", or a function ``f(arrays, ks) -> float`` where ``arrays`` maps
    each metric name to an ``(S, K)`` array for the seeds being aggregated).
    ``C`` is the hard constant of ``bound`` (and the cap of ``ratio``);
    ``tol`` the tolerance of the kind (exponent units for upper/two-sided/ratio,
    relative for ``identity`` and ``bound``, rate units for ``linear``);
    ``None`` takes the kind's default: 0.1 for exponents, 1e-9 for identity and
    bound (round-off only), 0 for linear and compare.
    """

    kind: str
    tol: float | None = None       # None: the kind's default (verdict.DEFAULT_TOL)
    C: float | None = None
    fit_from: float | None = None
    fit_to: float | None = None
    floor: float = 0.0
    aggregate: str | Callable = "mean"
    baseline: str | None = None
    factor: float = 1.0
    min_points: int = 5
    min_decades: float = 1.5

    def __post_init__(self):
        if self.kind not in CHECK_KINDS:
            raise ValueError(f"check kind must be one of {CHECK_KINDS}, got {self.kind!r}")
        if isinstance(self.aggregate, str) and self.aggregate not in AGGREGATES:
            raise ValueError(f"aggregate must be one of {AGGREGATES} or a function, got {self.aggregate!r}")
        if self.kind == "compare" and not self.baseline:
            raise ValueError("a compare check needs baseline=<metric name>")


@dataclass(frozen=True)
class Control:
    """The negative control: an arm the same check must reject (verdict FAIL)."""

    arm: Arm
    why: str


@dataclass(frozen=True)
class Claim:
    id: str
    source: Source
    statement: str                 # LaTeX of the claim as the paper states it
    problem: str                   # the instance, in words (shown in the report)
    sweep: Sweep
    metric: str                    # the metric name returned by the arms
    bound: str                     # sympy expression: the claimed rate / bound
    check: Check
    main: Arm
    control: Control
    constants: Mapping[str, float] = field(default_factory=dict)
    asymptote: str = "oo"          # "oo" (x -> infinity) or "0" (x -> 0, e.g. eps)
    expected: str = "PASS"         # the verdict the authors of this file found (tests check it)
    notes: str = ""
    # Extra figures beyond the rate plot: module-level functions ``f(path)`` that draw one PNG
    # (deterministically) at ``figures/<claim id>_<f name without "figure_">.png``; drawn by
    # ``theorylab validate`` in full mode (they may recompute), see ``extra_figure_path``.
    figures: tuple = ()

    def __post_init__(self):
        if self.asymptote not in ("oo", "0"):
            raise ValueError(f"asymptote must be 'oo' or '0', got {self.asymptote!r}")
        if self.expected not in ("PASS", "FAIL", "INCONCLUSIVE"):
            raise ValueError(f"expected must be PASS, FAIL or INCONCLUSIVE, got {self.expected!r}")
        for f in self.figures:
            if not callable(f) or not getattr(f, "__name__", "").startswith("figure_"):
                raise ValueError(f"figures must be functions named figure_*, got {f!r}")

    def extra_figure_path(self, figures_dir, f):
        """Where the extra figure ``f`` (one of ``self.figures``) is drawn."""
        return Path(figures_dir) / f"{self.id}_{f.__name__.removeprefix('figure_')}.png"
