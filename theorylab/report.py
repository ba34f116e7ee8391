"""``paper_checks.md`` and the figures, rebuilt from stored results only.

The file keeps its hand-written prose; only the block between the GENERATED
markers is rewritten. ``render_table`` is deterministic, so a test can check
that the committed paper_checks.md matches the committed results.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .checks.registry import all_claims
from .checks.runner import atomic_write_text, load_results
from .checks.spec import Claim
from .checks.verdict import ClaimOutcome, evaluate

BEGIN = "<!-- BEGIN GENERATED: theorylab report (do not edit by hand) -->"
END = "<!-- END GENERATED -->"

DEFAULT_PROSE = """# Paper checks

Each row is one claim from a paper, checked numerically by `theorylab validate`
(sweep, rate fit with a 95% bootstrap CI over seeds, verdict, and a negative
control that the same check must reject). This table is generated from the
stored results in `results/` by `theorylab report`; do not edit it by hand.

Verdicts: **PASS** (claim holds and the control is rejected), **FAIL** (the
claim's check fails on our instance), **INCONCLUSIVE** (too little range or
precision to decide), **NO_POWER** (the control was not rejected, so the check
could not tell; counts as a failure), *not run* (no stored results).

"""


def _cell(text: str) -> str:
    return text.replace("\\|", r"\Vert ").replace("|", r"\vert ").replace("\n", " ")


def _paper_cell(claim: Claim) -> str:
    s = claim.source
    arxiv = s.arxiv.removeprefix("arXiv:").strip()
    return f"{s.paper}, {s.where} ([arXiv:{arxiv}](https://arxiv.org/abs/{arxiv})) [{s.tag}]"


def _claimed_cell(claim: Claim) -> str:
    try:
        return _claimed_text(claim)
    except Exception as e:      # a malformed bound must not hide every other row
        return f"*bound error: {type(e).__name__}: {_cell(str(e))[:120]}*"


def _claimed_text(claim: Claim) -> str:
    from .checks.fit import ClaimedBound
    from .checks.verdict import DEFAULT_TOL
    b = ClaimedBound.of(claim)
    kind = claim.check.kind
    tol = DEFAULT_TOL[kind] if claim.check.tol is None else claim.check.tol
    expr = f"${_cell(b.latex)}$"
    if kind == "bound":
        return f"{claim.metric} ≤ {claim.check.C or 1:g}·{expr}"
    if kind == "identity":
        return f"{claim.metric} = {expr} (±{tol:g} rel.)"
    if kind == "linear":
        import math
        return f"factor ≤ {math.exp(b.log_rate):.4g} (+{tol:g}) [{expr}]"
    if kind == "compare":
        return f"{claim.metric} ≤ {claim.check.baseline}/{claim.check.factor:g}"
    if kind == "ratio":
        return f"{claim.metric}/{expr} bounded, slope ≤ {tol:g}"
    log = f", log power {b.log_power:g}" if b.log_power else ""
    if kind == "two-sided":
        return f"exponent = {b.exponent:g} ± {tol:g}{log} ({expr})"
    if claim.asymptote == "oo":
        return f"exponent ≤ {b.exponent:g} + {tol:g}{log} ({expr})"
    return f"exponent ≥ {b.exponent:g} − {tol:g} as {claim.sweep.param} → 0{log} ({expr})"


def render_rows(claims: dict, outcomes: dict) -> str:
    head = ("| Claim | Paper | Statement | Claimed | Measured (95% CI) | Control | Verdict | Figure |\n"
            "|---|---|---|---|---|---|---|---|\n")
    rows = []
    for cid, claim in claims.items():
        out = outcomes.get(cid)
        if out is None:
            rows.append(f"| `{cid}` | {_paper_cell(claim)} | ${_cell(claim.statement)}$ | {_claimed_cell(claim)} "
                        f"| — | — | *not run* | — |")
            continue
        ctrl = f"{claim.control.arm.name}: {out.control.verdict}, {out.control.summary()}"
        rows.append(f"| `{cid}` | {_paper_cell(claim)} | ${_cell(claim.statement)}$ | {_claimed_cell(claim)} "
                    f"| {out.main.summary()} | {_cell(ctrl)} | **{out.verdict}** | "
                    f"[png](figures/{cid}.png) |")
    return head + "\n".join(rows) + "\n"


def _extra_figures(claim: Claim) -> list[str]:
    """Repository-relative paths of the claim's extra figures (links in the details list)."""
    return [claim.extra_figure_path("figures", f).as_posix() for f in claim.figures]


def render_details(claims: dict, outcomes: dict) -> str:
    parts = ["\n### Details\n"]
    for cid, claim in claims.items():
        out = outcomes.get(cid)
        if out is None:
            continue
        parts.append(f"- `{cid}` — {claim.problem}. Main: {out.main.message}. "
                     f"Control ({claim.control.arm.name}; {claim.control.why}): {out.control.message}."
                     + (f" Note: {claim.notes}" if claim.notes else "")
                     + "".join(f" Figure: [{p}]({p})." for p in _extra_figures(claim)))
    return "\n".join(parts) + "\n"


def summary_line(outcomes: dict, n_claims: int) -> str:
    counts = {}
    for o in outcomes.values():
        counts[o.verdict] = counts.get(o.verdict, 0) + 1
    txt = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    return f"**{n_claims} claims**: {txt or 'none run'}; {n_claims - len(outcomes)} not run.\n\n"


def evaluate_stored(results_dir: Path, claims: dict | None = None) -> tuple[dict, dict]:
    claims = all_claims() if claims is None else claims
    outcomes: dict[str, ClaimOutcome] = {}
    for cid, claim in claims.items():
        df = load_results(results_dir, cid)
        if df is None:
            continue
        try:
            outcomes[cid] = evaluate(claim, df)
        except (KeyError, ValueError) as e:
            # results stored by an older version of the claim (e.g. a renamed metric): leave the
            # claim out of the report, say so, and let the other claims' rows be written
            print(f"warning: stored results of {cid} do not fit its current spec ({e}); "
                  f"rerun `theorylab validate {cid}`", file=sys.stderr)
    return claims, outcomes


def _generated(claims: dict, outcomes: dict) -> str:
    return summary_line(outcomes, len(claims)) + render_rows(claims, outcomes) + render_details(claims, outcomes)


def render_generated(results_dir: Path, claims: dict | None = None) -> str:
    """The generated block of paper_checks.md for the results stored in ``results_dir``."""
    return _generated(*evaluate_stored(Path(results_dir), claims))


def splice(existing: str | None, generated: str) -> str:
    if existing and BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = (existing or DEFAULT_PROSE), "\n"
        if not head.endswith("\n\n"):
            head = head.rstrip("\n") + "\n\n"
    return f"{head}{BEGIN}\n{generated}{END}{tail}"


def write_report(out_dir: Path, *, figures: bool = True, claim_ids: list | None = None) -> dict:
    """Rewrite ``out_dir/paper_checks.md`` (and figures) from ``out_dir/results``."""
    out_dir = Path(out_dir)
    claims, outcomes = evaluate_stored(out_dir / "results")
    md = out_dir / "paper_checks.md"
    existing = md.read_text() if md.exists() else None
    atomic_write_text(md, splice(existing, _generated(claims, outcomes)))
    if figures:
        from .plotting import draw_figure
        for cid, out in outcomes.items():
            if claim_ids is None or cid in claim_ids:
                draw_figure(claims[cid], out, out_dir / "figures" / f"{cid}.png")
    return outcomes


def generated_block(text: str) -> str:
    """The generated part of a paper_checks.md text."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].lstrip("\n")
