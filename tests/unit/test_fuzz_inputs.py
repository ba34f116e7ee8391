"""Bad-input fuzzing of the public solver functions of every family (issue 12).

Table-driven: every entry of ``CASES`` is one public function with a small *valid* call (built from
the family's problem generators) and a description of its parameters. For every parameter the test
mutates that one argument (all others valid) into inputs the function must refuse:

* arrays: a NaN or +-inf at a random position, strings / string arrays, an extra trailing axis,
  a wrong length along an axis that other inputs fix, an empty array;
* reals: 0, negative, NaN, inf, a string (each only where the parameter's domain excludes it);
* integers: 0, negative, a fraction, a string; choices: an unknown label; ``record_at`` and ``rng``;
* problem data (for solvers taking a ``Problem``): the same array mutations on its arrays;
* specials: non-PSD / non-symmetric matrices, infeasible starts or constraints, inconsistent sizes.

The outcome must be a ``ValueError`` whose message names the parameter (for wrong shapes: the
parameter or one of the inputs whose shape it must match) or, where documented, a ``SolverResult``
with a non-success status. Anything else fails: another exception type (numba ``TypingError``,
``IndexError``, ``ZeroDivisionError``, ``KeyError``...), or a returned value, which would be
silent garbage. Hypothesis draws where and what to corrupt (positions, signs, axes, strings);
runs are derandomized so CI is reproducible.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theorylab.problems import bilevel_lvhba as PB
from theorylab.problems import halpern as PH
from theorylab.problems import last_iterate_sgd as PL
from theorylab.problems import matrix_sensing as PM
from theorylab.problems import online_sea as PO
from theorylab.problems import sketched_newton as PS
from theorylab.result import SolverResult
from theorylab.solvers import bilevel_lvhba as B
from theorylab.solvers import dpp_least_squares as D
from theorylab.solvers import halpern as H
from theorylab.solvers import koopman as K
from theorylab.solvers import last_iterate_sgd as L
from theorylab.solvers import matrix_sensing as M
from theorylab.solvers import ntk as N
from theorylab.solvers import online_sea as O
from theorylab.solvers import sketched_newton as S

FUZZ = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


# ============================================================================ parameter specs
@dataclass(frozen=True)
class Arr:
    """An array parameter. ``kinds``: mutations that must be refused; ``axes``: axes whose length
    other inputs fix (wrong-length mutation); ``empty``: axes along which a zero length must be
    refused ("all", or a tuple; a batch of zero points is a valid empty evaluation, so batch axes
    are left out); ``also``: other parameter names a wrong-shape message may name instead."""
    kinds: tuple = ("nan", "inf", "str", "ndim")
    axes: tuple = ()
    also: tuple = ()
    empty: Any = "all"


@dataclass(frozen=True)
class Real:
    kinds: tuple = ("zero", "neg", "nan", "inf", "str")
    hi: float = 1.0         # "big" mutations exceed this upper bound


@dataclass(frozen=True)
class Int:
    kinds: tuple = ("zero", "neg", "frac", "str")


@dataclass(frozen=True)
class Choice:
    pass


@dataclass(frozen=True)
class Rec:          # record_at
    pass


@dataclass(frozen=True)
class Rng:
    pass


@dataclass(frozen=True)
class Special:
    """A named bad input: ``mutate(kwargs) -> kwargs``; the message must name one of ``names``."""
    mutate: Callable
    names: tuple


POS = Real()
NONNEG = Real(("neg", "nan", "inf", "str"))
FINITE = Real(("nan", "inf", "str"))
UNIT_OPEN = Real(("zero", "neg", "nan", "inf", "str", "big"))      # (0, 1)
UNIT_CLOSED_HI = Real(("zero", "neg", "nan", "inf", "str", "big"))  # (0, 1]
INT1 = Int()
INT0 = Int(("neg", "frac", "str"))


@dataclass
class Case:
    name: str
    fn: Callable
    valid: Callable[[], dict]
    params: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)        # problem.data[key] -> spec (Arr / Real / Int)
    special: dict = field(default_factory=dict)     # label -> Special
    documented_status: bool = True                  # a non-success SolverResult is an allowed refusal

    @functools.cached_property
    def base(self) -> dict:
        return self.valid()

    def kwargs(self) -> dict:
        return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in self.base.items()}


# ============================================================================ mutations
def _bad_array(kind, arr, axes, empty, draw):
    arr = np.array(arr)
    if kind == "nan" or kind == "inf":
        out = np.array(arr, dtype=np.complex128 if np.iscomplexobj(arr) else np.float64)
        i = draw(st.integers(0, out.size - 1))
        bad = np.nan if kind == "nan" else draw(st.sampled_from([np.inf, -np.inf]))
        out.flat[i] = bad
        return out
    if kind == "str":
        return draw(st.sampled_from(["abc", "1.0.0", np.full(arr.shape, "x"), [["a", "b"]]]))
    if kind == "ndim":
        return arr[..., None].copy()
    if kind == "empty":
        if arr.ndim == 0:
            return np.zeros(0)
        shape = list(arr.shape)
        shape[draw(st.sampled_from(range(arr.ndim) if empty == "all" else empty))] = 0
        return np.zeros(shape, dtype=arr.dtype)
    if kind == "shape":
        ax = draw(st.sampled_from(axes))
        n = arr.shape[ax]
        new = draw(st.sampled_from([n + 1, n - 1] if n > 1 else [n + 1]))
        shape = list(arr.shape)
        shape[ax] = new
        out = np.resize(arr, shape) if new > n else np.take(arr, np.arange(new), axis=ax)
        return np.ascontiguousarray(out)
    raise AssertionError(kind)


def _bad_scalar(kind, spec, draw):
    if kind == "zero":
        return 0 if isinstance(spec, Int) else 0.0
    if kind == "neg":
        return (-draw(st.integers(1, 10**6)) if isinstance(spec, Int)
                else -draw(st.floats(1e-9, 1e9)))
    if kind == "nan":
        return float("nan")
    if kind == "inf":
        return draw(st.sampled_from([np.inf, -np.inf]))
    if kind == "big":
        return spec.hi * (1.0 + draw(st.floats(1e-6, 1e6)))
    if kind == "frac":
        return draw(st.sampled_from([1.5, 2.25, np.float64(3.5)]))
    if kind == "str":
        return draw(st.sampled_from(["abc", "1", ""]))
    raise AssertionError(kind)


def _kinds(spec) -> tuple:
    if isinstance(spec, Arr):
        return spec.kinds + (("shape",) if spec.axes else ()) + (("empty",) if spec.empty != () else ())
    if isinstance(spec, (Real, Int)):
        return spec.kinds
    if isinstance(spec, Choice):
        return ("unknown",)
    if isinstance(spec, Rec):
        return ("nan", "neg", "beyond", "empty", "str")
    if isinstance(spec, Rng):
        return ("neg", "str", "frac")
    raise AssertionError(spec)


def _bad_value(spec, kind, value, draw):
    if isinstance(spec, Arr):
        return _bad_array(kind, value, spec.axes, spec.empty, draw)
    if isinstance(spec, (Real, Int)):
        return _bad_scalar(kind, spec, draw)
    if isinstance(spec, Choice):
        return draw(st.sampled_from(["bogus", "", 3]))
    if isinstance(spec, Rec):
        return {"nan": [1, float("nan")], "neg": [-draw(st.integers(1, 50))], "beyond": [10**6],
                "empty": [], "str": ["a"]}[kind]
    if isinstance(spec, Rng):
        return {"neg": -draw(st.integers(1, 100)), "str": "seed", "frac": 0.5}[kind]
    raise AssertionError(spec)


def _names_ok(msg: str, names) -> bool:
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", msg) for n in names)


def _assert_refused(case: Case, call: Callable[[], Any], names, what: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = call()
        except ValueError as e:          # includes numpy's LinAlgError
            assert _names_ok(str(e), names), f"{case.name} [{what}]: ValueError does not name {names}: {e}"
            return
        except Exception as e:  # noqa: BLE001 -- any other exception is the bug under test
            raise AssertionError(f"{case.name} [{what}]: {type(e).__name__} instead of a ValueError "
                                 f"naming {names}: {str(e)[:300]}") from e
    if case.documented_status and isinstance(out, SolverResult) and not out.success:
        return
    raise AssertionError(f"{case.name} [{what}]: bad input accepted, returned {type(out).__name__} "
                         f"{out!r:.200}")


def _with_data(problem, key, value):
    return dataclasses.replace(problem, data={**problem.data, key: value})


# ============================================================================ valid calls
def _rng(seed=0):
    return np.random.default_rng(seed)


@functools.lru_cache(maxsize=None)
def _rotation():
    return PH.make_rotation(2, rng=0)


@functools.lru_cache(maxsize=None)
def _coco():
    return PH.make_cocoercive_sum(8, d=4, kappa=2.0, rng=0)


@functools.lru_cache(maxsize=None)
def _mono():
    return PH.make_monotone_sum(8, d=4, kappa=2.0, rng=0)


@functools.lru_cache(maxsize=None)
def _game():
    return PH.make_matrix_game(3)


def _affine_case(name, fn, extra_params=None, **kw):
    p = _rotation()
    params = {"M": Arr(axes=(0, 1), also=("u0", "c")), "c": Arr(axes=(0,), also=("u0", "M")),
              "u0": Arr(also=("M", "c")), "eta": POS, "n_components": INT1, "max_iter": INT1,
              "record_at": Rec(), "proj": Choice()}
    params.update(extra_params or {})
    special = {
        "split outside (0, d) with simplex2": Special(
            lambda k: {**k, "M": _game().M, "c": _game().c, "u0": _game().x0, "proj": "simplex2",
                       "split": 6}, ("split",)),
        "split missing with simplex2": Special(
            lambda k: {**k, "M": _game().M, "c": _game().c, "u0": _game().x0, "proj": "simplex2",
                       "split": None}, ("split",)),
    }
    return Case(name, fn, lambda: dict(M=p.M, c=p.c, u0=p.x0, eta=1.0, max_iter=20, **kw),
                params, special=special)


def _finite_sum_data(spectral=True):
    if spectral:
        return {"A": Arr(axes=(0, 1), also=("b", "u0", "Q")), "b": Arr(axes=(0,), also=("A", "u0")),
                "Q": Arr(axes=(0, 1), also=("A",)), "ba": Arr(axes=(0,), also=("A",)),
                "bs": Arr(axes=(0,), also=("A",)), "bc": Arr(axes=(0,), also=("A",)),
                "u_star": Arr(axes=(0,), also=("A",)), "g": Arr(axes=(0,), also=("A",)),
                "h": Real(("neg", "nan", "inf", "str", "big")), "n": Int(("zero", "neg", "frac", "str")),
                "kind": Choice()}
    return {"A": Arr(axes=(0, 1), also=("b", "u0", "M")), "b": Arr(axes=(0,), also=("A", "u0")),
            "M": Arr(axes=(0, 1), also=("A",)), "c": Arr(axes=(0,), also=("A",))}


def _owner_out_of_range(k):
    p = k["problem"]
    return {**k, "problem": _with_data(p, "owner", np.full_like(p.data["owner"], p.data["n"]))}


def halpern_cases():
    rot = _rotation()
    fp_params = {"A": Arr(axes=(0, 1), also=("x0", "b")), "b": Arr(axes=(0,), also=("x0", "A")),
                 "x0": Arr(also=("A", "b")), "max_iter": INT1, "record_at": Rec()}
    lam_gt = Special(lambda k: {**k, "lam_num": 3.0, "lam_offset": 2.0}, ("lam_num",))
    cases = [
        Case("halpern.halpern_fixed_point", H.halpern_fixed_point,
             lambda: dict(A=rot.A, b=rot.b, x0=rot.x0, max_iter=20),
             {**fp_params, "lam_offset": Real(("zero", "neg", "nan", "inf", "str"))}),
        Case("halpern.krasnoselskii_mann", H.krasnoselskii_mann,
             lambda: dict(A=rot.A, b=rot.b, x0=rot.x0, max_iter=20), {**fp_params, "alpha": UNIT_CLOSED_HI}),
        _affine_case("halpern.halpern_operator", H.halpern_operator,
                     {"lam_num": Real(("neg", "nan", "inf", "str")), "lam_offset": POS}),
        _affine_case("halpern.km_operator", H.km_operator),
        _affine_case("halpern.extragradient", H.extragradient),
        _affine_case("halpern.eag", H.eag),
    ]
    cases[2].special["lam_num > lam_offset"] = lam_gt
    common = {"u0": Arr(axes=(0,), also=("A",)), "proj": Choice(), "max_iter": INT1,
              "record_at": Rec(), "rng": Rng()}
    cases += [
        Case("halpern.halpern_page", H.halpern_page,
             lambda: dict(problem=_coco(), u0=_coco().x0, max_iter=30, rng=1),
             {**common, "eta": POS, "batch": INT1, "lam_num": POS, "lam_offset": POS, "p_num": POS,
              "p_offset": POS, "p_switch": Real(("neg", "nan", "inf", "str"))},
             data=_finite_sum_data(),
             special={"owner outside [0, n)": Special(_owner_out_of_range, ("owner",)),
                      "batch > n": Special(lambda k: {**k, "batch": 9}, ("batch",)),
                      "columns kind": Special(lambda k: {**k, "problem": _game()}, ("kind",)),
                      "lam_num > lam_offset": Special(lambda k: {**k, "lam_num": 5.0}, ("lam_num",))}),
        Case("halpern.inexact_halpern", H.inexact_halpern,
             lambda: dict(problem=_mono(), u0=_mono().x0, max_iter=3, inner_const=4, rng=1),
             {**common, "eta": POS, "gamma": POS, "inner_c": POS, "inner_const": INT0,
              "lam_num": POS, "lam_offset": POS},
             data=_finite_sum_data(),
             special={"owner outside [0, n)": Special(_owner_out_of_range, ("owner",))}),
        Case("halpern.inexact_halpern[gamma0]", H.inexact_halpern,
             lambda: dict(problem=_mono(), max_iter=3, inner_const=4, rng=1), {"gamma0": POS}),
        Case("halpern.vr_extragradient", H.vr_extragradient,
             lambda: dict(problem=_mono(), u0=_mono().x0, max_iter=30, rng=1), {**common, "tau": POS},
             data=_finite_sum_data()),
        Case("halpern.vr_extragradient[tau0]", H.vr_extragradient,
             lambda: dict(problem=_mono(), max_iter=30, rng=1), {"tau0": POS}),
        Case("halpern.vr_extragradient[columns]", H.vr_extragradient,
             lambda: dict(problem=_game(), max_iter=30, proj="simplex2", split=3, rng=1),
             {"split": Int(("zero", "neg", "frac", "str"))}, data=_finite_sum_data(spectral=False),
             special={"split = d": Special(lambda k: {**k, "split": 6}, ("split",))}),
    ]
    return cases


# ---------------------------------------------------------------------------- online_sea
@functools.lru_cache(maxsize=None)
def _sea():
    return PO.make_sea_iid(20, 3, rng=0)


def _sea_data():
    return {"gA": Arr(axes=(0,), also=("fA", "gB", "xi", "x0")), "gB": Arr(axes=(1,), also=("gA",)),
            "xi": Arr(axes=(0, 1), also=("gA",), empty=(1,)),
            "fA": Arr(axes=(0,), also=("gA",)), "fB": Arr(axes=(1,), also=("gA",)),
            "U": Arr(axes=(1,), also=("gA",)), "T": Int(("zero", "neg", "frac", "str")),
            "R": Real(("zero", "neg", "nan", "inf", "str"))}


def _sea_special():
    def outside(k):
        return {**k, "x0": np.array([2.0, 0.0, 0.0])}

    def lsa_mismatch(k):
        p = k["problem"]
        return {**k, "problem": _with_data(_with_data(p, "lsa", np.ones((20, 3))), "lsy", np.ones(7))}
    return {"x0 outside the ball (infeasible start)": Special(outside, ("x0",)),
            "max_iter > T": Special(lambda k: {**k, "max_iter": 21}, ("max_iter",)),
            "lsa/lsy row mismatch": Special(lsa_mismatch, ("lsa", "lsy"))}


def online_sea_cases():
    common = {"x0": Arr(axes=(0,), also=("gA",)), "max_iter": INT1, "record_at": Rec()}

    def case(label, fn, extra, **kw):
        return Case(label, fn, lambda: dict(problem=_sea(), x0=_sea().x0, **kw), {**common, **extra},
                    data=_sea_data(), special=_sea_special())
    losses = PO.make_experts(20, 3, rng=0).data["losses"]
    return [
        case("online_sea.optimistic_omd", O.optimistic_omd,
             {"step": Choice(), "hint": Choice(), "D": POS, "G": POS, "delta": NONNEG, "rho": NONNEG}),
        Case("online_sea.optimistic_omd[noisy]", O.optimistic_omd,
             lambda: dict(problem=_sea(), hint="noisy", rho=0.5, rng=0), {"rng": Rng()}),
        Case("online_sea.optimistic_omd[fixed]", O.optimistic_omd,
             lambda: dict(problem=_sea(), step="fixed", eta=0.1), {"eta": POS},
             special={"eta missing": Special(lambda k: {**k, "eta": None}, ("eta",))}),
        Case("online_sea.optimistic_omd[sc]", O.optimistic_omd,
             lambda: dict(problem=_sea(), step="sc"), {"lam": POS, "c": POS}),
        case("online_sea.oftrl", O.oftrl, {"D": POS, "nu": POS}),
        case("online_sea.oftl_sc", O.oftl_sc, {"mu": POS}),
        case("online_sea.optimistic_ons", O.optimistic_ons,
             {"alpha": POS, "G": POS, "D": POS, "delta": POS, "variant": Choice()}),
        Case("online_sea.optimistic_ons[beta]", O.optimistic_ons, lambda: dict(problem=_sea(), beta=0.1),
             {"beta": POS}),
        case("online_sea.dynamic_ensemble", O.dynamic_ensemble,
             {"D": POS, "G": POS, "L": POS, "eta_max": POS, "meta_scale": POS, "n_base": INT1}),
        case("online_sea.run_learner", O.run_learner, {"name": Choice()}, name="A1"),
        Case("online_sea.stream_arrays", O.stream_arrays, lambda: dict(problem=_sea()), data=_sea_data(),
             documented_status=False),
        Case("online_sea.optimistic_experts", O.optimistic_experts, lambda: dict(losses=losses),
             {"losses": Arr(), "geometry": Choice(), "hint": Choice(), "scale": POS, "max_iter": INT1,
              "record_at": Rec()},
             special={"one expert": Special(lambda k: {**k, "losses": np.ones((5, 1))}, ("losses",)),
                      "max_iter > T": Special(lambda k: {**k, "max_iter": 21}, ("max_iter",))}),
    ]


# ---------------------------------------------------------------------------- last_iterate_sgd
@functools.lru_cache(maxsize=None)
def _l1():
    return PL.make_l1_regression(3, 6, rng=0)


@functools.lru_cache(maxsize=None)
def _quad():
    return PL.make_sc_quadratic(3, rng=0)


@functools.lru_cache(maxsize=None)
def _simplex():
    return PL.make_simplex_quadratic(4, rng=0)


def _steps(T=20):
    return L.step_schedule("constant", T, eta=0.1)


def last_iterate_cases():
    noise = {"noise": Choice(), "noise_scale": NONNEG, "nu": POS, "max_iter": INT1, "record_at": Rec(),
             "rng": Rng(), "steps": Arr()}
    neg_step = Special(lambda k: {**k, "steps": -k["steps"]}, ("steps",))
    short = Special(lambda k: {**k, "max_iter": 30}, ("steps", "max_iter"))
    shapes = {"A": Arr(axes=(0, 1), also=("b", "x0", "d")), "b": Arr(axes=(0,), also=("A", "x0", "d")),
              "x0": Arr(axes=(0,), also=("A", "b", "d"))}
    return [
        Case("last_iterate_sgd.prox_sgd[l1reg]", L.prox_sgd,
             lambda: dict(objective="l1reg", A=_l1().A, b=_l1().b, x0=_l1().x0, steps=_steps(),
                          noise="gaussian", noise_scale=0.1, rng=0),
             {**noise, **shapes, "objective": Choice(), "mu_h": NONNEG,
              "radius": Real(("zero", "neg", "nan", "str"))},
             special={"negative steps": neg_step, "fewer steps than max_iter": short,
                      "sampled on quad": Special(lambda k: {**k, "objective": "quad", "A": _quad().A,
                                                            "b": _quad().b, "sampled": True}, ("sampled",))}),
        Case("last_iterate_sgd.prox_sgd[quad]", L.prox_sgd,
             lambda: dict(objective="quad", A=_quad().A, b=_quad().b, x0=_quad().x0, steps=_steps(),
                          radius=2.0),
             shapes),
        Case("last_iterate_sgd.prox_sgd[sampled]", L.prox_sgd,
             lambda: dict(objective="l1reg", A=_l1().A, b=_l1().b, x0=_l1().x0, steps=_steps(),
                          sampled=True, rng=0), shapes),
        Case("last_iterate_sgd.simplex_md", L.simplex_md,
             lambda: dict(c=_simplex().c, x0=_simplex().x0, steps=_steps(), p=_simplex().p, kappa=1.0,
                          noise="uniform", noise_scale=0.1, rng=0),
             {**noise, "c": Arr(also=("x0", "p")), "x0": Arr(axes=(0,), also=("c",)),
              "p": Arr(axes=(0,), also=("c",)), "kappa": NONNEG, "geometry": Choice()},
             special={"negative steps": neg_step,
                      "x0 off the simplex": Special(lambda k: {**k, "x0": np.full(4, 0.5)}, ("x0",)),
                      "x0 with a zero (entropy)": Special(
                          lambda k: {**k, "x0": np.array([0.0, 0.5, 0.5, 0.0])}, ("x0",))}),
        Case("last_iterate_sgd.pnorm_md", L.pnorm_md,
             lambda: dict(objective="quad", A=_quad().A, b=_quad().b, x0=_quad().x0, steps=_steps(),
                          p=1.5, noise="student_t", noise_scale=0.1, rng=0),
             {**noise, **shapes, "objective": Choice(),
              "p": Real(("zero", "neg", "nan", "inf", "str", "big"), hi=2.0)},
             special={"negative steps": neg_step}),
        Case("last_iterate_sgd.pnorm_md[l1reg]", L.pnorm_md,
             lambda: dict(objective="l1reg", A=_l1().A, b=_l1().b, x0=_l1().x0, steps=_steps()), shapes),
        Case("last_iterate_sgd.step_schedule", L.step_schedule,
             lambda: dict(kind="inv_t", T=10, eta=1.0, L=1.0, mu=0.5, kappa=1.0, p=1.5),
             {"kind": Choice(), "T": INT1, "eta": POS, "L": NONNEG, "mu": POS, "kappa": NONNEG,
              "p": Real(("zero", "neg", "nan", "inf", "str", "big"), hi=2.0)}, documented_status=False),
    ]


# ---------------------------------------------------------------------------- matrix_sensing
@functools.lru_cache(maxsize=None)
def _robust():
    return PM.make_robust_sensing(d=4, r=2, r_search=3, m=30, rng=3)


@functools.lru_cache(maxsize=None)
def _lowrank(m=None):
    return PM.make_lowrank_sensing(n=5, r=2, k=3, m=m, sym=False, rng=1)


def matrix_sensing_cases():
    rp = {"A": Arr(axes=(0, 1), also=("y", "U0", "d")), "y": Arr(axes=(0,), also=("A",)),
          "U0": Arr(axes=(0,), also=("A", "x_star", "d")), "x_star": Arr(axes=(0, 1), also=("U0",)),
          "max_iter": INT1, "record_at": Rec()}
    rv = lambda: dict(A=_robust().A, y=_robust().y, U0=0.1 * _robust().x0, x_star=_robust().X_star,  # noqa: E731
                      max_iter=20)
    fac = {"L": Arr(axes=(0, 1), also=("R", "X0", "F0", "G0")), "R": Arr(axes=(0, 1), also=("L", "G0", "X0")),
           "eta": POS, "max_iter": INT1, "record_at": Rec()}
    lr = _lowrank

    def sensing(k):
        return {**k, "A": lr(20).A, "y": lr(20).y}
    return [
        Case("matrix_sensing.subgm", M.subgm, rv, {**rp, "eta0": POS, "rho": UNIT_CLOSED_HI}),
        Case("matrix_sensing.l2_gd", M.l2_gd, lambda: {**rv(), "eta": 1e-3}, {**rp, "eta": POS}),
        Case("matrix_sensing.sym_gd", M.sym_gd,
             lambda: dict(L=lr().L, R=lr().L, X0=0.1 * lr().F0n, max_iter=20),
             {**fac, "X0": Arr(axes=(0,), also=("L", "R"))}),
        Case("matrix_sensing.sym_gd[sensing]", M.sym_gd,
             lambda: sensing(dict(L=lr().L, R=lr().L, X0=0.1 * lr().F0n, max_iter=20)),
             {"A": Arr(axes=(1,), also=("y",)), "y": Arr(axes=(0,), also=("A",))}),
        Case("matrix_sensing.asym_gd", M.asym_gd,
             lambda: dict(L=lr().L, R=lr().R, F0=0.1 * lr().F0n, G0=0.1 * lr().G0n, max_iter=20),
             {**fac, "F0": Arr(axes=(0, 1), also=("G0", "L", "R")), "G0": Arr(axes=(0, 1), also=("F0", "L", "R"))}),
        Case("matrix_sensing.asym_gd[sensing]", M.asym_gd,
             lambda: sensing(dict(L=lr().L, R=lr().R, F0=0.1 * lr().F0n, G0=0.1 * lr().G0n, max_iter=20)),
             {"A": Arr(axes=(1,), also=("y",)), "y": Arr(axes=(0,), also=("A",))}),
    ]


# ---------------------------------------------------------------------------- ntk
@functools.lru_cache(maxsize=None)
def _net():
    return N.ntk_init([2, 6, 1], rng=0)


@functools.lru_cache(maxsize=None)
def _ntk_xy():
    g = _rng(1)
    X = g.standard_normal((4, 2))
    Xt = g.standard_normal((3, 2))
    T, S = N.ntk_analytic(X, L=2)
    Tx, Sx = N.ntk_analytic(Xt, X, L=2)
    Txx, Sxx = N.ntk_analytic(Xt, L=2)
    return X, np.sin(X[:, 0]), Xt, T, S, Tx, Sx, np.diag(Sxx).copy()


def ntk_cases():
    X, Y, Xt, T, S, Tx, Sx, sxx = _ntk_xy()
    net_bad = Special(lambda k: {**k, "net": "net"}, ("net",))
    cols = lambda *a: Arr(axes=(1,), also=a)  # noqa: E731
    return [
        Case("ntk.ntk_init", N.ntk_init, lambda: dict(sizes=[2, 6, 1], beta=0.1, rng=0),
             {"sizes": Arr(("nan", "str", "ndim")), "beta": NONNEG, "act": Choice(),
              "scaling": Choice(), "rng": Rng()},
             special={"zero width": Special(lambda k: {**k, "sizes": [2, 0, 1]}, ("sizes",)),
                      "vector output": Special(lambda k: {**k, "sizes": [2, 6, 2]}, ("sizes",))},
             documented_status=False),
        Case("ntk.ntk_forward", N.ntk_forward, lambda: dict(net=_net(), X=X), {"X": cols("n0")},
             special={"not a net": net_bad}, documented_status=False),
        Case("ntk.ntk_empirical", N.ntk_empirical, lambda: dict(net=_net(), X=X, X2=Xt),
             {"X": cols("n0"), "X2": cols("n0")}, special={"not a net": net_bad}, documented_status=False),
        Case("ntk.ntk_analytic", N.ntk_analytic, lambda: dict(X=X, X2=Xt, L=3),
             {"X": Arr(axes=(1,), also=("X2",), empty=(1,)), "X2": Arr(axes=(1,), also=("X",), empty=(1,)), "L": INT1,
              "beta": NONNEG, "act": Choice(), "c_sigma": POS, "n_steps": INT0}, documented_status=False),
        Case("ntk.ntk_train_gd", N.ntk_train_gd, lambda: dict(net=_net(), X=X, Y=Y, lr=0.5, max_iter=10,
                                                             Xtest=Xt),
             {"X": Arr(axes=(1,), also=("Y", "n0")), "Y": Arr(axes=(0,), also=("X",)), "lr": POS,
              "max_iter": INT1, "record_at": Rec(), "Xtest": cols("n0")},
             special={"not a net": net_bad}),
        Case("ntk.kernel_predict", N.kernel_predict,
             lambda: dict(Theta_XX=T, Y=Y, f0X=np.zeros(4), t=[0.0, 1.0, 10.0], Theta_xX=Tx, f0x=np.zeros(3)),
             {"Theta_XX": Arr(axes=(0, 1), also=("Y", "f0X", "Theta_xX")), "Y": Arr(axes=(0,), also=("Theta_XX",)),
              "f0X": Arr(axes=(0,), also=("Theta_XX",)), "t": Arr(empty=()),
              "Theta_xX": Arr(axes=(1,), also=("Theta_XX", "f0x"), empty=(1,)),
              "f0x": Arr(axes=(0,), also=("Theta_xX",)),
              "N": POS, "lr": POS},
             special={"non-symmetric Theta_XX": Special(
                          lambda k: {**k, "Theta_XX": k["Theta_XX"] + np.triu(np.ones((4, 4)), 1)}, ("Theta_XX",)),
                      "indefinite Theta_XX": Special(
                          lambda k: {**k, "Theta_XX": k["Theta_XX"] - 2 * np.abs(k["Theta_XX"]).max() * np.eye(4)},
                          ("Theta_XX",)),
                      "negative time": Special(lambda k: {**k, "t": [-1.0]}, ("t",)),
                      "f0x missing": Special(lambda k: {**k, "f0x": None}, ("f0x",))},
             documented_status=False),
        Case("ntk.gp_limit", N.gp_limit,
             lambda: dict(Theta_XX=T, Theta_xX=Tx, Sigma_XX=S, Sigma_xX=Sx, Sigma_xx=sxx, Y=Y),
             {"Theta_XX": Arr(axes=(0, 1), also=("Theta_xX", "Sigma_XX", "Y", "Sigma_xX")),
              "Theta_xX": Arr(axes=(0, 1), also=("Theta_XX", "Sigma_xX", "Sigma_xx")),
              "Sigma_XX": Arr(axes=(0, 1), also=("Theta_XX",)),
              "Sigma_xX": Arr(axes=(0, 1), also=("Theta_xX",)), "Sigma_xx": Arr(axes=(0,), also=("Theta_xX",)),
              "Y": Arr(axes=(0,), also=("Theta_XX",))},
             special={"singular Theta_XX": Special(lambda k: {**k, "Theta_XX": np.zeros((4, 4))}, ("Theta_XX",)),
                      "indefinite Theta_XX": Special(
                          lambda k: {**k, "Theta_XX": k["Theta_XX"] - 2 * np.abs(k["Theta_XX"]).max() * np.eye(4)},
                          ("Theta_XX",))},
             documented_status=False),
    ]


# ---------------------------------------------------------------------------- koopman
@functools.lru_cache(maxsize=None)
def _kdata():
    g = _rng(2)
    X = g.uniform(-1, 1, (12, 2))
    Y = X @ np.array([[0.9, -0.2], [0.2, 0.9]]).T
    return X, Y, K.monomials(X, 2), K.monomials(Y, 2)


def koopman_cases():
    X, Y, PX, PY = _kdata()
    x1 = np.linspace(0.05, 0.95, 7)
    z = np.array([0.5 + 0.1j, 0.9j, -0.3 + 0.0j])
    pair = {"Psi_X": Arr(axes=(0, 1), also=("Psi_Y",)), "Psi_Y": Arr(axes=(0, 1), also=("Psi_X",)),
            "w": Arr(axes=(0,), also=("Psi_X",))}
    neg_w = Special(lambda k: {**k, "w": -np.ones(12) / 12}, ("w",))
    return [
        Case("koopman.monomial_exponents", K.monomial_exponents, lambda: dict(d=2, degree=2),
             {"d": INT1, "degree": INT0}, documented_status=False),
        Case("koopman.monomials", K.monomials, lambda: dict(X=X, degree=2),
             {"X": Arr(empty=(1,), also=("d",)), "degree": INT0}, documented_status=False),
        Case("koopman.legendre", K.legendre, lambda: dict(x=x1, degree=3),
             {"x": Arr(empty=()), "degree": INT0, "a": FINITE, "b": FINITE},
             special={"b <= a": Special(lambda k: {**k, "a": 1.0, "b": 0.0}, ("b",))}, documented_status=False),
        Case("koopman.fourier", K.fourier, lambda: dict(x=x1, K=2),
             {"x": Arr(empty=()), "K": INT0, "period": POS}, documented_status=False),
        Case("koopman.hermite_functions", K.hermite_functions, lambda: dict(x=x1, degree=3),
             {"x": Arr(empty=()), "degree": INT0}, documented_status=False),
        Case("koopman.rbf", K.rbf, lambda: dict(X=X, centres=X[:3], scale=0.5),
             {"X": Arr(axes=(1,), also=("centres",), empty=(1,)),
              "centres": Arr(axes=(1,), also=("X",), empty=(1,)), "scale": POS,
              "kind": Choice()}, documented_status=False),
        Case("koopman.delay_embed", K.delay_embed, lambda: dict(series=np.sin(np.arange(10.0)), n_delays=3),
             {"series": Arr(("nan", "inf", "str")), "n_delays": INT1},
             special={"n_delays >= len(series)": Special(lambda k: {**k, "n_delays": 10}, ("n_delays",)),
                      "3-D series": Special(lambda k: {**k, "series": np.zeros((4, 2, 2))}, ("series",))},
             documented_status=False),
        Case("koopman.kmeans", K.kmeans, lambda: dict(X=X, n_clusters=3, max_iter=10, rng=0),
             {"X": Arr(), "n_clusters": INT1, "max_iter": INT1, "rng": Rng()},
             special={"more clusters than points": Special(lambda k: {**k, "n_clusters": 13}, ("n_clusters",))}),
        Case("koopman.duffing_flow", K.duffing_flow, lambda: dict(X0=X[:3], dt=0.1, n_steps=2, n_sub=5),
             {"X0": Arr(axes=(1,), empty=(1,)), "dt": POS, "alpha": NONNEG, "n_steps": INT1, "n_sub": INT1}),
        Case("koopman.pendulum_flow", K.pendulum_flow, lambda: dict(X0=X[:3], dt=0.1, n_sub=5),
             {"X0": Arr(axes=(1,), empty=(1,)), "dt": POS, "n_sub": INT1}),
        Case("koopman.hidden_twist_map", K.hidden_twist_map,
             lambda: dict(X=(X + 1) / 2, eps=0.2, centre=np.array([0.5, 0.5])),
             {"X": Arr(axes=(1,), empty=(1,)), "eps": UNIT_OPEN, "centre": Arr(axes=(0,))}, documented_status=False),
        Case("koopman.galerkin_matrices", K.galerkin_matrices, lambda: dict(Psi_X=PX, Psi_Y=PY, w=np.ones(12) / 12),
             pair, special={"negative weights": neg_w}, documented_status=False),
        Case("koopman.edmd", K.edmd, lambda: dict(Psi_X=PX, Psi_Y=PY, w=np.ones(12) / 12),
             {**pair, "variant": Choice()}, special={"negative weights": neg_w}),
        Case("koopman.orthonormalised", K.orthonormalised, lambda: dict(Psi_X=PX, Psi_Y=PY, w=np.ones(12) / 12),
             {**pair, "rcond": POS},
             special={"negative weights": neg_w}, documented_status=False),
        Case("koopman.pseudospectrum", K.pseudospectrum, lambda: dict(Psi_X=PX, Psi_Y=PY, w=np.ones(12) / 12, z=z),
             {**pair, "z": Arr(empty=()), "method": Choice(), "rcond": POS},
             special={"negative weights": neg_w}),
        Case("koopman.pseudospectrum[gram]", K.pseudospectrum,
             lambda: dict(Psi_X=PX, Psi_Y=PY, w=np.ones(12) / 12, z=z, method="gram"),
             pair),
        Case("koopman.certified_spectrum", K.certified_spectrum,
             lambda: dict(tau=np.array([0.1, 0.5, 0.05]), z=z),
             {"tau": Arr(axes=(0,), also=("z",)), "z": Arr(also=("tau",)),
              "factor": POS, "threshold": POS}),
        Case("koopman.filter_weights", K.filter_weights, lambda: dict(N=5, order=2),
             {"N": INT1, "filter": Choice(), "order": INT1}, documented_status=False),
        Case("koopman.spectral_density", K.spectral_density,
             lambda: dict(moments=np.array([1.0, 0.5 + 0.1j, 0.2]), theta=np.linspace(-3, 3, 5)),
             {"moments": Arr(), "theta": Arr(empty=()),
              "filter": Choice(), "order": INT1},
             special={"only c(0)": Special(lambda k: {**k, "moments": np.ones(1)}, ("moments",))}),
    ]


# ---------------------------------------------------------------------------- dpp_least_squares
def dpp_cases():
    idx2 = D.total_degree_indices(2, 1)
    Xp = _rng(3).uniform(-1, 1, (5, 2))
    Phi = D.basis(Xp, idx2)
    idx_arr = Arr(("nan", "str", "ndim"))
    dup = Special(lambda k: {**k, "idx": np.array([[0, 0], [1, 0], [1, 0]])}, ("idx",))
    neg_idx = Special(lambda k: {**k, "idx": np.array([[0, 0], [-1, 0]])}, ("idx",))
    samplers = {"duplicate multi-indices (rank-deficient kernel)": dup, "negative multi-index": neg_idx}
    return [
        Case("dpp_least_squares.total_degree_indices", D.total_degree_indices, lambda: dict(d=2, degree=2),
             {"d": INT1, "degree": INT0}, documented_status=False),
        Case("dpp_least_squares.legendre_indices", D.legendre_indices, lambda: dict(m=3), {"m": INT1},
             documented_status=False),
        Case("dpp_least_squares.basis", D.basis, lambda: dict(X=Xp, idx=idx2),
             {"X": Arr(axes=(1,), also=("idx",), empty=(1,)), "idx": idx_arr},
             special={"X outside [-1, 1]": Special(lambda k: {**k, "X": 2 * k["X"] + 3}, ("X",)),
                      "negative multi-index": neg_idx}, documented_status=False),
        Case("dpp_least_squares.christoffel", D.christoffel, lambda: dict(X=Xp, idx=idx2),
             {"X": Arr(axes=(1,), also=("idx",), empty=(1,)), "idx": idx_arr}, documented_status=False),
        Case("dpp_least_squares.optimal_weights", D.optimal_weights, lambda: dict(X=Xp, idx=idx2),
             {"X": Arr(axes=(1,), also=("idx",), empty=(1,)), "idx": idx_arr}, documented_status=False),
        Case("dpp_least_squares.sample_iid", D.sample_iid, lambda: dict(idx=idx2, n=4, rng=0),
             {"idx": idx_arr, "n": INT1, "density": Choice(), "rng": Rng()}, special={"negative multi-index": neg_idx}),
        Case("dpp_least_squares.sample_projection_dpp", D.sample_projection_dpp,
             lambda: dict(idx=idx2, n_samples=2, rng=0),
             {"idx": idx_arr, "n_samples": INT1, "density": Choice(), "rng": Rng()}, special=samplers),
        Case("dpp_least_squares.sample_volume_rescaled", D.sample_volume_rescaled,
             lambda: dict(idx=idx2, n=4, n_samples=2, rng=0),
             {"idx": idx_arr, "n": INT1, "n_samples": INT1, "rng": Rng()},
             special={**samplers, "n < m": Special(lambda k: {**k, "n": 2}, ("n",))}),
        Case("dpp_least_squares.sample_repeated_dpp", D.sample_repeated_dpp,
             lambda: dict(idx=idx2, r=2, n_samples=2, rng=0),
             {"idx": idx_arr, "r": INT1, "n_samples": INT1, "rng": Rng()}, special=samplers),
        Case("dpp_least_squares.weighted_least_squares", D.weighted_least_squares,
             lambda: dict(Phi=Phi, y=np.arange(5.0), w=np.ones(5)),
             {"Phi": Arr(axes=(0,), also=("y", "w")), "y": Arr(axes=(0,), also=("Phi",)),
              "w": Arr(axes=(0,), also=("Phi",))},
             special={"zero weight": Special(lambda k: {**k, "w": np.r_[0.0, np.ones(4)]}, ("w",)),
                      "negative weight": Special(lambda k: {**k, "w": -np.ones(5)}, ("w",)),
                      "fewer points than basis functions": Special(
                          lambda k: {**k, "Phi": k["Phi"][:2], "y": k["y"][:2], "w": k["w"][:2]}, ("Phi",))}),
        Case("dpp_least_squares.weighted_least_squares_batch", D.weighted_least_squares_batch,
             lambda: dict(Phi=np.stack([Phi, Phi]), y=np.ones((2, 5)), w=np.ones((2, 5))),
             {"Phi": Arr(axes=(0, 1), also=("y", "w")), "y": Arr(axes=(0, 1), also=("Phi",)),
              "w": Arr(axes=(0, 1), also=("Phi",))},
             special={"negative weight": Special(lambda k: {**k, "w": -k["w"]}, ("w",))}),
        Case("dpp_least_squares.stability_fraction", D.stability_fraction,
             lambda: dict(gdev=np.array([0.1, 0.7]), delta=0.5),
             {"gdev": Arr(("str", "ndim")), "delta": UNIT_OPEN}, documented_status=False),
        Case("dpp_least_squares.gram_accumulate", D.gram_accumulate,
             lambda: dict(S=np.eye(3), Phi=Phi, w=np.ones(5)),
             {"S": Arr(axes=(0, 1), also=("Phi",)), "Phi": Arr(axes=(1,), also=("S", "w"), empty=(1,)),
              "w": Arr(axes=(0,), also=("Phi",))},
             special={"non-symmetric S": Special(lambda k: {**k, "S": np.triu(np.ones((3, 3)))}, ("S",))},
             documented_status=False),
        Case("dpp_least_squares.in_stability_band", D.in_stability_band,
             lambda: dict(S=5 * np.eye(3), n=5, delta=0.5),
             {"S": Arr(axes=(0, 1)), "n": INT1, "delta": POS},
             special={"non-symmetric S": Special(lambda k: {**k, "S": 5 * np.triu(np.ones((3, 3)))}, ("S",))},
             documented_status=False),
    ]


# ---------------------------------------------------------------------------- bilevel_lvhba
@functools.lru_cache(maxsize=None)
def _bl():
    return PB.make_llc_random(2, rng=1)


@functools.lru_cache(maxsize=None)
def _bl_pairs():
    return PB.make_coupled_ineq(2, rng=1)


def _bl_data():
    sq = lambda *a: Arr(axes=(0, 1), also=a)  # noqa: E731
    vec = lambda *a: Arr(axes=(0,), also=a)  # noqa: E731
    return {"QF": sq("qF", "x0"), "qF": vec("QF"), "Qf": sq("qf"), "qf": vec("Qf"),
            "G": Arr(axes=(1,), also=("h", "zlo", "zhi")), "h": vec("G"), "zlo": vec("zhi", "G"),
            "zhi": vec("zlo", "G"),
            "P": sq(), "wc": vec(), "n": Int(("neg", "frac", "str"))}


def bilevel_cases():
    def nonconvex_ll(k):
        p = k["problem"]
        Qf = p.data["Qf"].copy()
        n = p.data["n"]
        Qf[n:, n:] -= 10 * np.eye(Qf.shape[0] - n)
        return {**k, "problem": _with_data(p, "Qf", Qf)}

    def empty_box(k):
        p = k["problem"]
        return {**k, "problem": _with_data(p, "zlo", p.data["zhi"] + 1.0)}

    def bad_pairs(k):
        p = k["problem"]
        return {**k, "problem": _with_data(p, "piy", p.data["piy"] + 10)}
    vec = lambda: Arr(axes=(0,))  # noqa: E731
    return [
        Case("bilevel_lvhba.lvhba", B.lvhba,
             lambda: dict(problem=_bl(), max_iter=20, metrics=False, w0=_bl().x0, z0=_bl().data["z0"],
                          theta0=_bl().data["theta0"], lam0=_bl().data["lam0"]),
             {"eta": POS, "alpha": NONNEG, "beta": NONNEG, "gamma1": POS, "gamma2": POS, "c_lo": POS,
              "p": Real(("neg", "nan", "inf", "str", "big")), "max_iter": INT1, "record_at": Rec(),
              "inner": Choice(), "lam_sign": Choice(), "w0": vec(), "z0": vec(), "theta0": vec(), "lam0": vec()},
             data=_bl_data(),
             special={"lower level not convex in y (Qf[n:, n:] not PSD)": Special(nonconvex_ll, ("Qf",)),
                      "empty multiplier box (zlo > zhi)": Special(empty_box, ("zlo", "zhi")),
                      "unknown proj_kind": Special(
                          lambda k: {**k, "problem": _with_data(k["problem"], "proj_kind", "ball")}, ("proj_kind",)),
                      "projector not callable": Special(lambda k: {**k, "projector": "cvxpy"}, ("projector",)),
                      "projector returns the wrong shape": Special(
                          lambda k: {**k, "projector": lambda w: w[:-1]}, ("projector",))}),
        Case("bilevel_lvhba.lvhba[pairs]", B.lvhba, lambda: dict(problem=_bl_pairs(), max_iter=20, metrics=False),
             {}, data={"pix": Arr(("nan", "str", "ndim"), axes=(0,), also=("piy",)),
                       "piy": Arr(("nan", "str", "ndim"), axes=(0,), also=("pix",))},
             special={"pair index out of range": Special(bad_pairs, ("pix", "piy"))}),
    ]


# ---------------------------------------------------------------------------- sketched_newton
@functools.lru_cache(maxsize=None)
def _hs():
    return PS.make_hs6()


def sketched_newton_cases():
    Kmat = np.array([[4.0, 1.0, 1.0], [1.0, 3.0, 0.0], [1.0, 0.0, 2.0]])
    return [
        Case("sketched_newton.adasketch_newton", S.adasketch_newton,
             lambda: dict(problem=_hs(), x0=_hs().x0, lam0=np.zeros(1), max_iter=5, rng=0),
             {"sketch": Choice(), "theta": Choice(), "tau": UNIT_OPEN, "eta1": NONNEG, "eta2": NONNEG, "delta": POS,
              "xi_B": POS, "beta": Real(("zero", "neg", "nan", "inf", "str", "big")),
              "nu": Real(("zero", "neg", "nan", "inf", "str")), "tol": POS, "max_iter": INT1, "max_inner": INT1,
              "merit_hessian": Choice(), "multiplier_sign": Choice(), "x0": Arr(axes=(0,)),
              "lam0": Arr(axes=(0,)), "rng": Rng()}),
        Case("sketched_newton.kaczmarz_solve", S.kaczmarz_solve,
             lambda: dict(K=Kmat, b=np.ones(3), thr=1e-8, max_steps=200, delta0=np.zeros(3), rng=0),
             {"K": Arr(axes=(0, 1), also=("b",)), "b": Arr(axes=(0,), also=("K",)), "thr": NONNEG,
              "max_steps": INT1, "sketch": Choice(), "delta0": Arr(axes=(0,), also=("K",)), "relaxation": POS,
              "rng": Rng()},
             special={"non-symmetric K": Special(lambda k: {**k, "K": Kmat + np.triu(np.ones((3, 3)), 1)}, ("K",)),
                      "zero row in K": Special(lambda k: {**k, "K": np.diag([1.0, 0.0, 2.0])}, ("K",))},
             documented_status=False),
        Case("sketched_newton.kaczmarz_solve[gaussian]", S.kaczmarz_solve,
             lambda: dict(K=Kmat, b=np.ones(3), thr=1e-8, max_steps=200, sketch="gaussian", rng=0),
             {"K": Arr(axes=(0, 1), also=("b",)), "b": Arr(axes=(0,), also=("K",))}, documented_status=False),
    ]


CASES = (halpern_cases() + online_sea_cases() + last_iterate_cases() + matrix_sensing_cases() + ntk_cases()
         + koopman_cases() + dpp_cases() + bilevel_cases() + sketched_newton_cases())
BY_NAME = {c.name: c for c in CASES}
assert len(BY_NAME) == len(CASES), "duplicate case names"


def _items():
    for c in CASES:
        for p in c.params:
            yield pytest.param(c.name, "arg", p, id=f"{c.name}-{p}")
        for p in c.data:
            yield pytest.param(c.name, "data", p, id=f"{c.name}-problem.{p}")


# ============================================================================ tests
@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_valid_call_runs_and_is_finite(name):
    """Sanity of the table: the unmutated call succeeds (else every refusal below is vacuous)."""
    case = BY_NAME[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = case.fn(**case.kwargs())
    if isinstance(out, SolverResult):
        assert out.success, out
        xs = out.x if isinstance(out.x, tuple) else (out.x,)
        assert all(np.all(np.isfinite(np.asarray(x))) for x in xs)


@pytest.mark.parametrize("name, where, param", list(_items()))
def test_bad_argument_is_refused_with_its_name(name, where, param):
    """Every mutation kind of one parameter (all other arguments valid) is refused."""
    case = BY_NAME[name]
    spec = case.params[param] if where == "arg" else case.data[param]
    if where == "arg" and isinstance(spec, Arr) and case.base.get(param) is None:
        raise AssertionError(f"{name}: the valid call must give array parameter {param} a value")

    # a fresh @given function per item: one decorated function shared by ~600 parametrized items
    # makes hypothesis chain its settings objects (deep recursion, quadratic slowdown)
    @FUZZ
    @given(data=st.data())
    def run(data):
        failures = []
        for kind in _kinds(spec):
            kw = case.kwargs()
            shape_kind = isinstance(spec, Arr) and kind in ("shape", "empty", "ndim")
            if where == "arg":
                kw[param] = _bad_value(spec, kind, kw.get(param), data.draw)
                names = (param,) + (spec.also if shape_kind else ())
            else:
                p = kw["problem"]
                kw["problem"] = _with_data(p, param, _bad_value(spec, kind, p.data[param], data.draw))
                names = (param, f"problem.{param}") + (spec.also if shape_kind else ())
            try:
                _assert_refused(case, lambda: case.fn(**kw), names, f"{where} {param}: {kind}")
            except AssertionError as e:
                failures.append(str(e))
        assert not failures, "\n".join(failures)

    run()


SPECIALS = [pytest.param(c.name, label, id=f"{c.name}-{label}") for c in CASES for label in c.special]


@pytest.mark.parametrize("name, label", SPECIALS)
def test_special_bad_input_is_refused(name, label):
    case = BY_NAME[name]
    sp = case.special[label]
    kw = sp.mutate(case.kwargs())
    _assert_refused(case, lambda: case.fn(**kw), sp.names, label)


def test_every_public_solver_function_is_fuzzed():
    """Coverage guard: every public function of a family that runs a jitted kernel or returns a
    SolverResult appears in the table (helpers of plain NumPy analysis are listed as exempt)."""
    import inspect
    mods = {"halpern": H, "online_sea": O, "last_iterate_sgd": L, "matrix_sensing": M, "ntk": N, "koopman": K,
            "dpp_least_squares": D, "bilevel_lvhba": B, "sketched_newton": S}
    exempt = {
        "halpern": {"page_schedules", "page_expected_calls", "inner_schedule"},
        "last_iterate_sgd": {"draw_noise", "median_of_means"},
        "ntk": {"n_params"},
        "koopman": {"residuals", "edmd_heldout_residuals", "unit_circle_distance", "match_error", "rect_grid",
                    "certified_vs_edmd"},
        "bilevel_lvhba": {"prox_lagrangian", "lvhba_metrics", "penalized_minimizer", "inner_jacobian",
                          "inner_step_threshold"},
        "sketched_newton": {"merit_value", "merit_gradient", "step_ratios"},
    }
    covered = {c.name.split("[")[0] for c in CASES}
    missing = []
    for fam, mod in mods.items():
        names = getattr(mod, "__all__", None) or [n for n, o in vars(mod).items() if not n.startswith("_")
                                                  and inspect.isfunction(o) and o.__module__ == mod.__name__]
        for n in names:
            if inspect.isfunction(getattr(mod, n)) and n not in exempt.get(fam, set()) \
                    and f"{fam}.{n}" not in covered:
                missing.append(f"{fam}.{n}")
    assert not missing, f"public functions without a fuzz case: {missing}"
