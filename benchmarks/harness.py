"""Time every registered kernel against its plain NumPy reference, in one process.

Cases come from ``theorylab.reference.<family>.BENCH_CASES`` (discovered, so a
new family needs no harness code). For each case and size: one warm-up call of
each (numba compiles there, never in a timed region), then repeated calls until
``min_time`` seconds; the best per-call time is kept. Reported: the speed ratio
reference / jitted, the achieved flop or byte rate as a fraction of the
machine's measured GEMM flop rate and STREAM-like copy bandwidth, and the
fitted cost-growth slope vs the algorithm's complexity.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "results"


def discover_cases():
    import theorylab.reference as ref
    cases = []
    for m in sorted(pkgutil.iter_modules(ref.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"theorylab.reference.{m.name}")
        for case in getattr(mod, "BENCH_CASES", []):
            cases.append((m.name, case))
    return cases


def best_time(fn, kwargs, min_time: float, max_reps: int = 1000) -> float:
    best, total, reps = np.inf, 0.0, 0
    while (total < min_time or reps < 3) and reps < max_reps:
        t0 = time.perf_counter()
        fn(**kwargs)
        dt = time.perf_counter() - t0
        best, total, reps = min(best, dt), total + dt, reps + 1
    return best


def machine_bounds(quick: bool) -> dict:
    n = 2 ** (23 if quick else 25)
    a = np.random.default_rng(0).standard_normal(n)
    b = np.empty_like(a)
    t = best_time(lambda: np.copyto(b, a), {}, 0.5)
    bandwidth = 2 * 8 * n / t
    m = 1000 if quick else 2000
    A = np.random.default_rng(1).standard_normal((m, m))
    t = best_time(lambda: A @ A, {}, 0.5)
    return {"copy_bytes_per_s": bandwidth, "gemm_flops_per_s": 2 * m ** 3 / t}


def run(quick: bool = False, families: list | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Everything on one core: BLAS is pinned to one thread (as in ``theorylab validate``, whose
    parallelism is across tasks), so kernel, reference and machine bounds are compared like for like."""
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1, user_api="blas"):
        return _run(quick, families)


def _run(quick, families):
    bounds = machine_bounds(quick)
    min_time = 0.05 if quick else 0.3
    rows, growth_rows = [], []
    for fam, case in discover_cases():
        if families and fam not in families:
            continue
        for label, size in zip(("small", "large"), case.sizes):
            inputs = case.make_inputs(size, np.random.default_rng(0))
            case.jitted(**inputs)        # warm-up: compile outside the timed region
            case.reference(**inputs)
            tj = best_time(case.jitted, inputs, min_time)
            tr = best_time(case.reference, inputs, min_time, max_reps=20 if label == "large" else 200)
            row = {"family": fam, "case": case.name, "size": label, case.size_name: size,
                   "t_jit_s": tj, "t_ref_s": tr, "speedup": tr / tj}
            if case.work is not None:
                flops, nbytes = case.work(inputs)
                row["flop_fraction"] = flops / tj / bounds["gemm_flops_per_s"]
                row["bandwidth_fraction"] = nbytes / tj / bounds["copy_bytes_per_s"]
            rows.append(row)
            print(f"  {fam:<20} {case.name:<32} {label:<5} {case.size_name}={size:<7} "
                  f"jit {tj * 1e3:9.3f} ms  ref {tr * 1e3:9.3f} ms  x{tr / tj:8.1f}", flush=True)
        if case.growth_sizes:
            sizes = case.growth_sizes[:3] if quick else case.growth_sizes
            ts = []
            for size in sizes:
                inputs = case.make_inputs(size, np.random.default_rng(0))
                case.jitted(**inputs)
                ts.append(best_time(case.jitted, inputs, min_time))
            slope = np.polyfit(np.log(sizes), np.log(ts), 1)[0] if len(sizes) >= 2 else np.nan
            growth_rows.append({"family": fam, "case": case.name, "sizes": " ".join(map(str, sizes)),
                                "fitted_slope": slope, "expected_slope": case.expected_slope})
    return pd.DataFrame(rows), pd.DataFrame(growth_rows), bounds


def figure(df: pd.DataFrame, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    if df.empty:
        return
    piv = df.pivot_table(index="case", columns="size", values="speedup")
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(piv) + 1.5))
    y = np.arange(len(piv))
    for j, col in enumerate([c for c in ("small", "large") if c in piv]):
        ax.barh(y + 0.4 * j, piv[col], height=0.4, label=col)
    ax.axvline(20, color="k", ls="--", lw=1, label="target 20x (small)")
    ax.axvline(1, color="r", ls=":", lw=1, label="parity")
    ax.set_xscale("log")
    ax.set_yticks(y + 0.2, piv.index, fontsize=7)
    ax.set_xlabel("speedup of the jitted kernel over its NumPy reference")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="short timings, smaller machine probes")
    p.add_argument("--families", nargs="*", default=None)
    p.add_argument("--out", default=str(OUT))
    p.add_argument("--no-peers", action="store_true", help="skip the peer-library comparisons")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    df, growth, bounds = run(args.quick, args.families)
    print(f"\nmachine: copy {bounds['copy_bytes_per_s'] / 1e9:.2f} GB/s, GEMM {bounds['gemm_flops_per_s'] / 1e9:.2f} GFLOP/s")
    if not df.empty:
        print(df.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    if not growth.empty:
        print("\ncost growth:\n" + growth.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    df.to_csv(out / "kernels.csv", index=False)
    growth.to_csv(out / "growth.csv", index=False)
    pd.DataFrame([bounds]).to_csv(out / "machine.csv", index=False)
    figure(df, out / "speedups.png")
    if not args.no_peers:
        from .peers import lvhba_vs_cvxpy, optional_peers, sketched_newton_vs_scipy
        peers = sketched_newton_vs_scipy(repeats=1 if args.quick else 3)
        peers.to_csv(out / "peers_sketched_newton.csv", index=False)
        piv = peers.pivot_table(index="problem", columns="method", values="seconds")
        print("\nsketched Newton vs scipy (seconds to ||grad L|| <= 1e-8):\n" + piv.to_string(float_format=lambda v: f"{v:.4f}"))
        print("reached tolerance:\n" + peers.pivot_table(index="problem", columns="method", values="reached_tol").to_string())
        bil = lvhba_vs_cvxpy(repeats=1 if args.quick else 3)
        bil.to_csv(out / "peers_bilevel_cvxpy.csv", index=False)
        print("\nLV-HBA to relative error 1e-3 vs the cvxpy reference solve:\n"
              + bil.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        opt, tables = optional_peers(quick=args.quick)
        opt.to_csv(out / "peers_optional.csv", index=False)
        print("\n" + opt.to_string(index=False))
        for name, table in tables.items():
            table.to_csv(out / f"peers_{name.lower()}.csv", index=False)
            print(f"\n{name}:\n" + table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return 0
