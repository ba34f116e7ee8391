"""The claimed bound as a sympy expression, and the rate fitter.

``ClaimedBound`` turns the claim's sympy string into its asymptotic exponent
``a`` and log power ``b`` (the bound behaves like ``x^a (log x)^b`` toward the
asymptote), its per-step geometric rate (for ``linear`` checks), a numeric
function and LaTeX: one source of truth.

``fit_slope`` fits ``log y - b log log x = c + a log x`` (or ``log y = c + s x``
for linear rates) by least squares and returns the slope with its standard
error; the verdict module bootstraps it over seeds.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy import stats


def seed_entropy(claim_id: str) -> int:
    """A 64-bit integer derived from the claim id (so claims never share randomness)."""
    return int.from_bytes(hashlib.sha256(claim_id.encode()).digest()[:8], "little")


@dataclass(frozen=True)
class ClaimedBound:
    text: str
    var: str
    asymptote: str = "oo"
    known: tuple = ()        # ((name, value), ...): constants substituted in exponents and rates

    @classmethod
    def of(cls, claim) -> "ClaimedBound":
        return cls(claim.bound, claim.sweep.param, claim.asymptote, tuple(sorted(claim.constants.items())))

    def _subs(self, value, what: str) -> float:
        if self.known and isinstance(value, sp.Basic):
            value = value.subs({sp.Symbol(k, positive=True): v for k, v in self.known})
        if isinstance(value, sp.Basic) and not value.is_number:
            raise ValueError(f"the {what} of {self.text!r} depends on {sorted(map(str, value.free_symbols))}: "
                             "give them in Claim.constants")
        return float(value)

    @property
    def expr(self) -> sp.Expr:
        return _parse(self.text, self.var)

    @property
    def constants(self) -> tuple[str, ...]:
        return tuple(sorted(str(s) for s in self.expr.free_symbols if str(s) != self.var))

    @property
    def latex(self) -> str:
        expr = _parse(self.text, self.var, exact=False)      # as written (1e-6, not 1/1000000)
        names = {s: _GREEK[str(s)] for s in expr.free_symbols if str(s) in _GREEK}
        return sp.latex(expr, symbol_names=names)

    @property
    def exponent(self) -> float:
        """a in bound ~ x^a (log x)^b toward the asymptote."""
        return self._subs(_exponent(self.text, self.var, self.asymptote)[0], "exponent")

    @property
    def log_power(self) -> float:
        """b in bound ~ x^a (log x)^b toward the asymptote."""
        return self._subs(_exponent(self.text, self.var, self.asymptote)[1], "log power")

    @property
    def log_rate(self) -> float:
        """lim d log(bound)/dx as x -> oo: the log of the per-step factor of a geometric bound."""
        return self._subs(_log_rate(self.text, self.var), "geometric rate")

    def numeric(self, x: np.ndarray, constants: dict) -> np.ndarray:
        """Evaluate the bound at ``x`` (array) with constants (scalars or arrays broadcasting with x)."""
        f = _lambdified(self.text, self.var)
        missing = [c for c in self.constants if c not in constants]
        if missing:
            raise KeyError(f"bound {self.text!r} needs constants {missing}: give them in Claim.constants "
                           "or return them as metrics from the run")
        args = [np.asarray(x, dtype=float)] + [np.asarray(constants[c], dtype=float) for c in self.constants]
        return np.broadcast_to(np.asarray(f(*args), dtype=float), np.broadcast(*args).shape).copy()

    def describe(self) -> str:
        """Short human text of the claimed asymptotics."""
        a, b = self.exponent, self.log_power
        s = f"{self.var}^{_fmt(a)}"
        if b:
            s += f" (log)^{_fmt(b)}"
        return s


_GREEK = {"eps": r"\varepsilon", "epsilon": r"\varepsilon", "kappa": r"\kappa", "sigma2": r"\sigma^2",
          "Sigma2": r"\Sigma^2", "lam": r"\lambda", "mu": r"\mu", "rho": r"\rho", "eta": r"\eta",
          "delta": r"\delta", "gamma": r"\gamma", "alpha": r"\alpha", "beta": r"\beta"}


def _fmt(v: float) -> str:
    return f"{v:.3g}"


@lru_cache(maxsize=None)
def _parse(text: str, var: str, exact: bool = True) -> sp.Expr:
    names = set(__import__("re").findall(r"[A-Za-z_][A-Za-z_0-9]*", text))
    funcs = {"log", "exp", "sqrt", "Min", "Max", "ln", "pi", "E", "oo", "floor", "ceiling"}
    local = {n: sp.Symbol(n, positive=True) for n in names if n not in funcs}
    local[var] = sp.Symbol(var, positive=True)
    expr = sp.sympify(text, locals=local)
    # floats become exact rationals (K**(-0.4) -> K**(-2/5)) so limits leave no K**1e-16 residue
    return sp.nsimplify(expr, rational=True) if exact else expr


@lru_cache(maxsize=None)
def _exponent(text: str, var: str, asymptote: str) -> tuple[sp.Expr, sp.Expr]:
    expr = _parse(text, var)
    x = sp.Symbol(var, positive=True)
    point = sp.oo if asymptote == "oo" else sp.Integer(0)
    g = sp.simplify(x * sp.diff(sp.log(expr), x))
    a = sp.simplify(sp.limit(g, x, point, "+" if asymptote == "0" else "-"))
    b = sp.simplify(sp.limit(sp.simplify((g - a) * sp.log(x)), x, point, "+" if asymptote == "0" else "-"))
    if any(v.has(sp.oo, -sp.oo, sp.zoo, sp.nan) for v in (a, b)):
        raise ValueError(f"bound {text!r} has no finite power-log exponent in {var} at {asymptote}")
    return a, b


@lru_cache(maxsize=None)
def _log_rate(text: str, var: str) -> sp.Expr:
    expr = _parse(text, var)
    x = sp.Symbol(var, positive=True)
    r = sp.simplify(sp.limit(sp.simplify(sp.diff(sp.log(expr), x)), x, sp.oo))
    if r.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ValueError(f"bound {text!r} has no finite geometric rate in {var}")
    return r


@lru_cache(maxsize=None)
def _lambdified(text: str, var: str):
    expr = _parse(text, var)
    syms = [sp.Symbol(var, positive=True)] + [sp.Symbol(c, positive=True) for c in
                                              sorted(str(s) for s in expr.free_symbols if str(s) != var)]
    return sp.lambdify(syms, expr, "numpy")


def design_x(x: np.ndarray, kind: str, asymptote: str) -> np.ndarray:
    """Regressor of the fit: log x for power laws, x itself for geometric (linear) rates."""
    return np.asarray(x, float) if kind == "linear" else np.log(np.asarray(x, float))


def response(y: np.ndarray, x: np.ndarray, log_power: float, asymptote: str) -> np.ndarray:
    """log y with the claimed log factor removed: log y - b log log(x or 1/x)."""
    out = np.log(np.asarray(y, float))
    if log_power:
        t = np.asarray(x, float) if asymptote == "oo" else 1.0 / np.asarray(x, float)
        out = out - log_power * np.log(np.log(t))
    return out


@dataclass(frozen=True)
class LineFit:
    slope: float
    intercept: float
    se: float
    n: int

    def ci(self, level: float = 0.95) -> tuple[float, float]:
        if self.n <= 2 or not np.isfinite(self.se):
            return (-np.inf, np.inf)
        t = stats.t.ppf(0.5 + level / 2, self.n - 2)
        return (self.slope - t * self.se, self.slope + t * self.se)


def fit_line(t: np.ndarray, y: np.ndarray) -> LineFit:
    """Ordinary least squares y = c + s t, with the standard error of s."""
    t = np.asarray(t, float)
    y = np.asarray(y, float)
    n = t.size
    tc = t - t.mean()
    sxx = float(tc @ tc)
    if n < 2 or sxx == 0:
        return LineFit(np.nan, np.nan, np.nan, n)
    s = float(tc @ (y - y.mean())) / sxx
    c = float(y.mean() - s * t.mean())
    resid = y - (c + s * t)
    se = float(np.sqrt(resid @ resid / (n - 2) / sxx)) if n > 2 else np.inf
    return LineFit(s, c, se, n)


def fit_slopes_batch(t: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """OLS slopes of each row of ``Y`` (shape (B, n)) against ``t`` (n,)."""
    tc = t - t.mean()
    return (Y - Y.mean(axis=1, keepdims=True)) @ tc / float(tc @ tc)
