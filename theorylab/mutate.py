"""Mutation testing of the validation suite: can the claims catch realistic bugs?

A :class:`Mutation` is a one-place source edit of a solver or problem module (a
wrong step constant, a dropped term, a sign flip, an off-by-one...). Each family
lists its mutations in ``theorylab/mutations/<family>.py`` (``MUTATIONS``).
``theorylab mutate`` copies the package to a temporary folder, applies one
mutation there, runs (in a subprocess, smoke mode) every claim whose numbers
depend on the mutated module, and calls the mutation *caught* when some claim
that PASSes on the clean code no longer PASSes (a crash also counts, and is
reported as such). The clean tree is never modified.
"""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mutation:
    name: str          # short id, unique within the family
    module: str        # e.g. "theorylab.solvers.halpern"
    old: str           # exact source text, must occur exactly once in the module
    new: str           # its replacement
    why: str           # the realistic bug this models


def all_mutations() -> list[tuple[str, Mutation]]:
    import theorylab.mutations as pkg
    out = []
    for m in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"theorylab.mutations.{m.name}")
        out += [(m.name, mu) for mu in getattr(mod, "MUTATIONS", [])]
    return out


def _module_file(module: str) -> Path:
    return Path(importlib.import_module(module).__file__)


def check_applies(mu: Mutation) -> None:
    text = _module_file(mu.module).read_text()
    n = text.count(mu.old)
    if n != 1:
        raise ValueError(f"mutation {mu.name}: its text occurs {n} times in {mu.module} (need exactly 1)")


def dependency_map() -> dict[str, set]:
    """{claim id: every theorylab module its numbers depend on}, computed once per run. A claim file
    that does not import (another family's work in progress) is skipped with a note instead of
    aborting the whole run."""
    from .checks.registry import claim_ids, load_claim
    from .checks.runner import dependency_modules
    out = {}
    for cid in claim_ids():
        try:
            out[cid] = set(dependency_modules(load_claim(cid)))
        except Exception as e:   # noqa: BLE001 - report and go on
            print(f"  (claim {cid} skipped: it does not load: {type(e).__name__}: {e})", flush=True)
    return out


def claims_depending_on(module: str, deps: dict | None = None) -> list[str]:
    deps = dependency_map() if deps is None else deps
    return [cid for cid, mods in deps.items() if module in mods]


def _copy_package(dest: Path) -> Path:
    """theorylab/ with problems/ and validations/ placed as its subpackages, under ``dest``."""
    import theorylab
    import theorylab.problems
    import theorylab.validations
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc")
    root = dest / "theorylab"
    shutil.copytree(Path(theorylab.__file__).parent, root, ignore=ignore)
    for sub, pkg in (("problems", theorylab.problems), ("validations", theorylab.validations)):
        target = root / sub
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(Path(pkg.__path__[0]), target, ignore=ignore)
    return root


def _relative(module: str) -> Path:
    parts = module.split(".")[1:]
    return Path(*parts[:-1], parts[-1] + ".py")


def run_claims_in(tree: Path, claim_ids: list[str], timeout: float) -> dict:
    """Run claims in smoke mode with the package under ``tree``; return {id: verdict or 'CRASH'}."""
    script = (
        "import json, sys\n"
        "from theorylab.checks.registry import load_claim\n"
        "from theorylab.checks.runner import run_claim\n"
        "out = {}\n"
        "for cid in sys.argv[1:]:\n"
        "    try:\n"
        f"        out[cid] = run_claim(load_claim(cid), smoke=True, cache_dir={str(tree / 'cache')!r},"
        " progress=False).verdict\n"
        "    except Exception as e:\n"
        "        out[cid] = 'CRASH: ' + type(e).__name__ + ': ' + str(e)[:200]\n"
        "print('@@' + json.dumps(out))\n")
    env = dict(os.environ, PYTHONPATH=str(tree), NUMBA_CACHE_DIR=str(tree / "numba"))
    try:
        proc = subprocess.run([sys.executable, "-c", script, *claim_ids], env=env, cwd=tree,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {cid: "CRASH: timeout" for cid in claim_ids}
    for line in proc.stdout.splitlines():
        if line.startswith("@@"):
            return json.loads(line[2:])
    return {cid: f"CRASH: exit {proc.returncode}: {proc.stderr[-300:]}" for cid in claim_ids}


def mutate(families: list | None = None, names: list | None = None, timeout: float = 900,
           report: Path | None = None) -> list[dict]:
    rows = []
    baseline_cache: dict[str, dict] = {}
    selected = [(f, m) for f, m in all_mutations()
                if (not families or f in families) and (not names or m.name in names)]
    # One snapshot of the clean package for the whole run: baseline and mutants see the same code even
    # if other families' files change while the (long) run goes on.
    with tempfile.TemporaryDirectory(prefix="theorylab-clean-") as snap_dir:
        snap = _copy_package(Path(snap_dir))
        deps = dependency_map()
        for fam, mu in selected:
            n = (snap / _relative(mu.module)).read_text().count(mu.old)
            if n != 1:
                raise ValueError(f"mutation {mu.name}: its text occurs {n} times in {mu.module} (need exactly 1)")
            claims = claims_depending_on(mu.module, deps)
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="theorylab-mutant-") as tmp:
                tree = Path(tmp)
                root = tree / "theorylab"
                shutil.copytree(snap, root)
                key = ",".join(claims)
                if key not in baseline_cache:   # verdicts of the clean code, same subprocess path
                    baseline_cache[key] = run_claims_in(tree, claims, timeout)
                target = root / _relative(mu.module)
                target.write_text(target.read_text().replace(mu.old, mu.new, 1))
                shutil.rmtree(tree / "cache", ignore_errors=True)
                verdicts = run_claims_in(tree, claims, timeout)
            base = baseline_cache[key]
            caught_by = [c for c in claims if base.get(c) == "PASS" and verdicts.get(c) != "PASS"]
            crashed = [c for c in caught_by if str(verdicts.get(c, "")).startswith("CRASH")]
            row = {"family": fam, "mutation": mu.name, "module": mu.module, "why": mu.why,
                   "claims_run": len(claims), "caught": bool(caught_by), "caught_by": caught_by,
                   "crashed": crashed, "seconds": round(time.perf_counter() - t0, 1),
                   "verdicts": verdicts, "baseline_not_pass": {c: v for c, v in base.items() if v != "PASS"}}
            rows.append(row)
            status = "CAUGHT" if caught_by else "SURVIVED"
            print(f"  {fam:<20} {mu.name:<36} {status:<9} by {', '.join(caught_by) or '-'} "
                  f"({row['seconds']}s)", flush=True)
            if report is not None:   # after every row: an interrupted run keeps what it measured
                write_report(rows, report)
    return rows


def write_report(rows: list[dict], path: Path) -> None:
    from .checks.runner import atomic_write_text
    n = len(rows)
    caught = sum(r["caught"] for r in rows)
    lines = ["# Mutation testing report", "",
             "Generated by `theorylab mutate`: each row is one realistic bug applied to a solver or "
             "problem module; it is caught when a claim that PASSes on the clean code no longer PASSes "
             "(smoke sweeps).", "",
             f"**{caught}/{n} mutations caught ({100 * caught / max(n, 1):.0f}%).**", "",
             "| family | mutation | bug it models | caught | caught by |", "|---|---|---|---|---|"]
    per_family: dict[str, list] = {}
    for r in rows:
        per_family.setdefault(r["family"], []).append(r["caught"])
        by = ", ".join(f"`{c}`" for c in r["caught_by"]) or "—"
        if r["crashed"]:
            by += " (crash)"
        lines.append(f"| {r['family']} | `{r['mutation']}` | {r['why']} | {'yes' if r['caught'] else '**no**'} | {by} |")
    lines += ["", "Kill rate per family: " + ", ".join(
        f"{f} {sum(v)}/{len(v)}" for f, v in sorted(per_family.items())), ""]
    idle = {c: v for r in rows for c, v in r.get("baseline_not_pass", {}).items()}
    if idle:   # such claims cannot catch anything: say so rather than hide it
        lines += ["Claims run but not PASSing on the clean code (they cannot catch a mutation): "
                  + ", ".join(f"`{c}` ({v})" for c, v in sorted(idle.items())), ""]
    atomic_write_text(Path(path), "\n".join(lines))
