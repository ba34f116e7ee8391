"""``theorylab list | validate [IDS] [--smoke] [--jobs N] | report | show ID | mutate``.

``validate`` (full mode) writes ``results/``, ``figures/`` and
``paper_checks.md`` under ``--out`` (default: the current directory, i.e. the
repository root). ``--smoke`` runs the shrunken sweeps and writes under
``.theorylab_cache/smoke-out`` so committed files are never touched. The exit
code is non-zero if any selected claim is not PASS.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .checks.registry import claim_ids, load_claim


def _select(ids: list[str]) -> list[str]:
    known = claim_ids()
    if not ids:
        return known
    out = []
    for i in ids:
        matches = [k for k in known if k == i] or [k for k in known if k.startswith(i)]
        if not matches:
            raise SystemExit(f"error: claim id must be a registered claim or prefix (see `theorylab list`), got {i!r}")
        out += [m for m in matches if m not in out]
    return out


def cmd_list(args) -> int:
    for cid in claim_ids():
        c = load_claim(cid)
        print(f"{cid:<55} {c.check.kind:<10} {c.source.paper} ({c.source.where})")
    return 0


def cmd_validate(args) -> int:
    from .checks.runner import run_claim, run_claims
    from .report import write_report
    ids = _select(args.ids)
    out = Path(args.out) if args.out else (Path(".theorylab_cache/smoke-out") if args.smoke else Path("."))
    cache = Path(args.cache_dir) if args.cache_dir else None
    mode = "smoke" if args.smoke else "full"
    print(f"theorylab validate: {len(ids)} claims, {mode} mode, jobs={args.jobs}, output -> {out}/", flush=True)
    t0 = time.perf_counter()
    kw = dict(smoke=args.smoke, jobs=args.jobs, cache_dir=cache, results_dir=out / "results",
              scheduler=args.scheduler, progress=not args.quiet)
    if args.jobs > 1 or args.scheduler:   # one pool for all claims: no idle worker at claim boundaries
        finished = run_claims([load_claim(cid) for cid in ids], **kw)
    else:
        finished = ((c, run_claim(c, **kw)) for c in map(load_claim, ids))
    outcomes = {}
    for claim, o in finished:
        outcomes[claim.id] = o
        if not args.smoke and not args.no_figures:
            for f in claim.figures:
                path = claim.extra_figure_path(out / "figures", f)
                path.parent.mkdir(parents=True, exist_ok=True)
                f(path)
        if not args.quiet:
            sys.stderr.write("\r\033[K")     # clear the progress line before the claim's summary
            sys.stderr.flush()
        print(f"[{len(outcomes)}/{len(ids)}] {claim.id}\n  {o.verdict:<12} main {o.main.verdict}: "
              f"{o.main.summary()} | control {o.control.verdict}: {o.control.summary()}  "
              f"({o.info.seconds:.1f}s, {o.info.n_cached}/{o.info.n_tasks} cached)", flush=True)
    outcomes = {cid: outcomes[cid] for cid in ids}
    write_report(out, figures=not args.no_figures, claim_ids=ids)
    n_pass = sum(o.passed for o in outcomes.values())
    print(f"\n{n_pass}/{len(outcomes)} claims PASS in {time.perf_counter() - t0:.1f}s; "
          f"report: {out / 'paper_checks.md'}", flush=True)
    for cid, o in outcomes.items():
        if not o.passed:
            print(f"  not PASS: {cid}: {o.verdict} — {o.main.message}", flush=True)
    return 0 if n_pass == len(outcomes) else 1


def cmd_report(args) -> int:
    from .report import write_report
    outcomes = write_report(Path(args.out), figures=not args.no_figures)
    print(f"rebuilt {Path(args.out) / 'paper_checks.md'} and {len(outcomes)} figures from stored results")
    return 0


def cmd_show(args) -> int:
    from .checks.fit import ClaimedBound
    from .checks.runner import load_results
    from .checks.verdict import evaluate
    cid = _select([args.id])[0]
    c = load_claim(cid)
    b = ClaimedBound.of(c)
    print(f"{cid}\n  source:    {c.source.paper}, {c.source.where}, arXiv:{c.source.arxiv} [{c.source.tag}]")
    print(f"  statement: {c.statement}\n  problem:   {c.problem}")
    print(f"  sweep:     {c.sweep.param} in {list(c.sweep.values)} x {c.sweep.seeds} seeds "
          f"(smoke: {c.sweep.for_mode(True)[0]} x {c.sweep.for_mode(True)[1]})")
    print(f"  metric:    {c.metric};  bound: {c.bound}  (LaTeX {b.latex});  check: {c.check.kind}")
    print(f"  main:      {c.main.name} {dict(c.main.params)}")
    print(f"  control:   {c.control.arm.name} {dict(c.control.arm.params)} — {c.control.why}")
    df = load_results(Path(args.out) / "results", cid)
    if df is None:
        print("  results:   none stored (run `theorylab validate %s`)" % cid)
        return 0
    o = evaluate(c, df)
    print(f"  verdict:   {o.verdict}\n  main:      {o.main.message}\n  control:   {o.control.message}")
    return 0


def cmd_mutate(args) -> int:
    from .mutate import mutate
    rows = mutate(args.families or None, args.names or None, report=Path(args.report))
    caught = sum(r["caught"] for r in rows)
    print(f"\n{caught}/{len(rows)} mutations caught; report: {args.report}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="theorylab", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="list the registered claims").set_defaults(fn=cmd_list)
    v = sub.add_parser("validate", help="run claims, write results, figures and paper_checks.md")
    v.add_argument("ids", nargs="*", help="claim ids or prefixes (default: all)")
    v.add_argument("--smoke", action="store_true", help="shrunken sweeps (tests); output under .theorylab_cache")
    v.add_argument("--jobs", type=int, default=1, help="parallel worker processes (joblib loky)")
    v.add_argument("--scheduler", default=None, help="Dask scheduler address (needs the 'distributed' extra)")
    v.add_argument("--out", default=None, help="folder for results/, figures/, paper_checks.md")
    v.add_argument("--cache-dir", default=None, help="task cache folder (default .theorylab_cache)")
    v.add_argument("--no-figures", action="store_true")
    v.add_argument("--quiet", action="store_true", help="no progress bar")
    v.set_defaults(fn=cmd_validate)
    r = sub.add_parser("report", help="rebuild figures and paper_checks.md from stored results")
    r.add_argument("--out", default=".")
    r.add_argument("--no-figures", action="store_true")
    r.set_defaults(fn=cmd_report)
    s = sub.add_parser("show", help="show a claim and its stored verdict")
    s.add_argument("id")
    s.add_argument("--out", default=".")
    s.set_defaults(fn=cmd_show)
    m = sub.add_parser("mutate", help="mutation testing: apply realistic bugs, check the claims catch them")
    m.add_argument("--families", nargs="*", default=None)
    m.add_argument("--names", nargs="*", default=None, help="only these mutation names")
    m.add_argument("--report", default="mutation_report.md")
    m.set_defaults(fn=cmd_mutate)
    return p


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        raise SystemExit(f"error: --jobs must be >= 1, got {args.jobs}")
    return args.fn(args)


if __name__ == "__main__":
    raise SystemExit(main())
