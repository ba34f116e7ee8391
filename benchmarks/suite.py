"""Suite budget: what `theorylab validate` costs, measured in fresh subprocesses.

``python -m benchmarks.suite [--full] [--families F ...]`` writes ``benchmarks/results/suite.csv``:

* per family: numba cold compile (smoke run of the family's claims with an empty
  ``NUMBA_CACHE_DIR`` minus the same run with that cache warm; task caches are fresh both
  times), and warm start (a new interpreter: import the solver module and make the first call of
  its smallest benchmark case, with a warm numba cache);
* the smoke suite (all claims) with ``--jobs 1`` and ``--jobs 2``: wall time, peak resident
  memory of the largest process, speed-up of 2 workers over 1;
* with ``--full``: the same for the full suite (about 25 min of one core; run it on a quiet
  machine).

Targets (issue 11): full <= 10 min on 2 cores, smoke <= 2 min, cold compile <= 60 s, warm import
+ first call <= 5 s, 2 workers >= 1.7x of 1.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results"


def family_claims() -> dict[str, list[str]]:
    """Claims per solver family (the ``theorylab.solvers.<family>`` module their numbers depend on)."""
    from theorylab.checks.registry import claim_ids, load_claim
    from theorylab.checks.runner import dependency_modules
    fams: dict[str, list[str]] = {}
    for cid in claim_ids():
        mods = [m for m in dependency_modules(load_claim(cid)) if m.startswith("theorylab.solvers.")]
        fam = mods[0].rsplit(".", 1)[1] if mods else "no_solver"
        fams.setdefault(fam, []).append(cid)
    return fams


def _timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB of the largest process it started) of a subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if rc not in (0, 1):        # 1 = some claim is not PASS (e.g. a documented FAIL): still a complete run
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited with {rc}")
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss   # KiB on Linux, max over children
    return wall, max(peak, before) / 1024.0


def _validate(ids: list[str], *, smoke: bool, jobs: int, numba_dir: str, env: dict) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "theorylab.cli", "validate", *ids, "--jobs", str(jobs), "--quiet",
               "--no-figures", "--cache-dir", f"{tmp}/cache", "--out", f"{tmp}/out"] + (["--smoke"] if smoke else [])
        return _timed(cmd, dict(env, NUMBA_CACHE_DIR=numba_dir))


WARM_START = """
import importlib, time
t0 = time.perf_counter()
ref = importlib.import_module("theorylab.reference.{fam}")
import numpy as np
case = ref.BENCH_CASES[0]
case.jitted(**case.make_inputs(case.sizes[0], np.random.default_rng(0)))
print(time.perf_counter() - t0)
"""


def compile_budget(families: list[str] | None, env: dict) -> pd.DataFrame:
    rows = []
    for fam, ids in family_claims().items():
        if families and fam not in families:
            continue
        with tempfile.TemporaryDirectory() as numba_dir:
            cold, _ = _validate(ids, smoke=True, jobs=1, numba_dir=numba_dir, env=env)
            warm, _ = _validate(ids, smoke=True, jobs=1, numba_dir=numba_dir, env=env)
            start, out = float("nan"), None
            for _ in range(2 if fam != "no_solver" else 0):  # the first run compiles what smoke did not
                t0 = time.perf_counter()
                out = subprocess.run([sys.executable, "-c", WARM_START.format(fam=fam)], cwd=ROOT, check=True,
                                     env=dict(env, NUMBA_CACHE_DIR=numba_dir), capture_output=True, text=True)
                start = time.perf_counter() - t0
        rows.append({"family": fam, "claims": len(ids), "smoke_cold_s": cold, "smoke_warm_s": warm,
                     "compile_s": cold - warm, "warm_start_process_s": start,
                     "warm_start_in_python_s": float(out.stdout.split()[-1]) if out else float("nan")})
        print(f"  {fam:<20} compile {cold - warm:6.1f} s  warm start {start:5.2f} s", flush=True)
    return pd.DataFrame(rows)


def suite_budget(full: bool, env: dict, numba_dir: str) -> pd.DataFrame:
    rows = []
    for smoke in ([True, False] if full else [True]):
        walls = {}
        for jobs in (1, 2):
            wall, peak = _validate([], smoke=smoke, jobs=jobs, numba_dir=numba_dir, env=env)
            walls[jobs] = wall
            rows.append({"suite": "smoke" if smoke else "full", "jobs": jobs, "wall_s": wall, "peak_rss_mib": peak})
            print(f"  {'smoke' if smoke else 'full'} suite, jobs={jobs}: {wall:7.1f} s, peak RSS {peak:6.0f} MiB",
                  flush=True)
        rows[-1]["speedup_vs_1"] = walls[1] / walls[2]
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.suite", description=__doc__.split("\n")[0])
    p.add_argument("--full", action="store_true", help="also time the full suite (long)")
    p.add_argument("--families", nargs="*", default=None, help="compile budget for these families only")
    p.add_argument("--skip-compile", action="store_true")
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    frames = []
    if not args.skip_compile:
        comp = compile_budget(args.families, env)
        comp.to_csv(out / "suite_compile.csv", index=False)
        print(f"total cold compile {comp.compile_s.sum():.1f} s; max warm start {comp.warm_start_process_s.max():.2f} s")
    with tempfile.TemporaryDirectory() as numba_dir:
        _validate([], smoke=True, jobs=1, numba_dir=numba_dir, env=env)      # warm the numba cache
        frames.append(suite_budget(args.full, env, numba_dir))
    suite = pd.concat(frames, ignore_index=True)
    suite.to_csv(out / "suite.csv", index=False)
    print(suite.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
