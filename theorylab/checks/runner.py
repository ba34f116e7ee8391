"""Run a claim's sweep: tasks (arm, seed, sweep points) -> a long results table.

* Every task's rows are cached in ``<cache>/<mode>/<claim_id>/<key>/<arm>-s<seed>-p<i>.csv``;
  ``key`` hashes the claim's spec for this mode and the source of exactly the
  modules its numbers depend on (the claim's file and, transitively, the
  solver / problem / result modules it references; see ``dependency_modules``),
  so editing a solver invalidates the claims that use it and no others. Writes are atomic (temp file + ``os.replace``), so a killed run
  resumes with the finished tasks and never reads a half-written file.
* ``run_claim``: the first task runs in this process (it compiles and caches
  the numba kernels); the rest go through joblib (loky) with ``jobs`` workers,
  or a Dask cluster with ``scheduler=ADDRESS``. ``run_claims`` (what
  ``validate --jobs N`` uses) sends the tasks of many claims through one pool.
* Randomness: the task's generator is ``default_rng(SeedSequence(entropy =
  hash(claim id), spawn_key = (seed,)))``; main and control share seeds.
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import io
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .fit import seed_entropy
from .spec import Arm, Claim
from .verdict import ClaimOutcome, evaluate

COLUMNS = ["claim_id", "arm", "seed", "x", "k", "metric", "value"]
DEFAULT_CACHE = Path(os.environ.get("THEORYLAB_CACHE", ".theorylab_cache"))


@dataclass(frozen=True)
class Task:
    arm_name: str          # "main" | "control"
    seed: int
    point: int             # index of the first sweep value covered (-1: all values)
    xs: tuple

    @property
    def filename(self) -> str:
        p = "all" if self.point < 0 else f"p{self.point}"
        return f"{self.arm_name}-s{self.seed}-{p}.csv"


def task_rng(claim_id: str, seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed_entropy(claim_id), spawn_key=(seed,)))


def make_tasks(claim: Claim, smoke: bool) -> list[Task]:
    values, seeds = claim.sweep.for_mode(smoke)
    tasks = []
    for arm_name in ("main", "control"):
        for s in range(seeds):
            if claim.sweep.per_point:
                tasks += [Task(arm_name, s, i, (v,)) for i, v in enumerate(values)]
            else:
                tasks.append(Task(arm_name, s, -1, values))
    return tasks


# --------------------------------------------------------------------------- hashing

_NUMBER_FREE = ("theorylab.checks", "theorylab.report", "theorylab.plotting", "theorylab.cli", "theorylab.bench",
                "theorylab.reference")


def _theorylab_module_of(obj) -> str | None:
    name = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", None)
    if not isinstance(name, str) or not name.startswith("theorylab"):
        return None
    return None if name.startswith(_NUMBER_FREE) else name


@lru_cache(maxsize=None)
def _imports_in_source(name: str) -> frozenset:
    """theorylab modules imported anywhere in module ``name``'s source, including imports inside
    function bodies (module globals alone miss a helper that does
    ``from theorylab.solvers.X import f`` inside its body)."""
    import ast
    import importlib.util
    mod = importlib.import_module(name)
    src = getattr(mod, "__file__", None)
    if not src or not src.endswith(".py"):
        return frozenset()
    pkg = mod.__package__ or ""
    found = set()
    for node in ast.walk(ast.parse(Path(src).read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), pkg) \
                if node.level else (node.module or "")
            found.add(base)
            for a in node.names:   # "from pkg import submodule"
                try:
                    if importlib.util.find_spec(f"{base}.{a.name}") is not None:
                        found.add(f"{base}.{a.name}")
                except (ImportError, ValueError):
                    pass
    return frozenset(m for m in found if m.startswith("theorylab.") and not m.startswith(_NUMBER_FREE)
                     and _is_plain_module(m))


def _is_plain_module(name: str) -> bool:
    """A module file, not a package (a package's namespace holds every loaded submodule)."""
    import importlib.util
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is None


def dependency_modules(claim: Claim) -> list[str]:
    """The theorylab modules whose source can change the claim's numbers: the modules of its
    run functions and, transitively, every theorylab module (solvers, problems, result types)
    they reference or import (also inside function bodies). Engine, report and reference modules
    are excluded."""
    todo = [arm.run.__module__ for arm in (claim.main, claim.control.arm)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        mod = sys.modules.get(name) or importlib.import_module(name)
        for obj in vars(mod).values():
            dep = _theorylab_module_of(obj) if (inspect.ismodule(obj) or callable(obj)) else None
            if dep and dep not in seen and _is_plain_module(dep):
                todo.append(dep)
        todo += [m for m in _imports_in_source(name) if m not in seen]
    return sorted(seen)


def _library_files(claim: Claim) -> list[Path]:
    import theorylab
    root = Path(theorylab.__file__).parent
    files = [root / "_config.py", root / "result.py"]    # compile flags and result types: always
    for name in dependency_modules(claim):
        src = getattr(sys.modules[name], "__file__", None)
        if src:
            files.append(Path(src))
    return sorted(set(files))


def spec_key(claim: Claim, smoke: bool) -> str:
    """Hash of the claim's spec (this mode) and of the number-producing library source."""
    values, seeds = claim.sweep.for_mode(smoke)
    h = hashlib.sha256()
    h.update(repr((claim.id, values, seeds, claim.sweep.per_point, claim.main.key(smoke),
                   claim.control.arm.key(smoke))).encode())
    for f in _library_files(claim):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


# --------------------------------------------------------------------------- one task

def rows_from_output(claim_id: str, task: Task, out) -> pd.DataFrame:
    """Turn a run function's dict into long rows (validating the shapes)."""
    if not isinstance(out, dict):
        raise TypeError(f"{claim_id}: the run function must return a dict, got {type(out).__name__}")
    xs = np.asarray(task.xs, float)
    P = xs.size
    ks = out.get("k")
    ks = None if ks is None else np.asarray(ks, dtype=np.int64).ravel()
    frames = []
    for name, val in out.items():
        if name == "k":
            continue
        v = np.asarray(val, dtype=float)
        if v.ndim == 0:
            v = np.full((P, 1), float(v))
            kk = np.array([-1])
        elif v.ndim == 1 and v.shape[0] == P:
            v = v[:, None]
            kk = np.array([-1])
        elif v.ndim == 2 and v.shape[0] == P and ks is not None and v.shape[1] == ks.size:
            kk = ks
        else:
            raise ValueError(f"{claim_id}: metric {name!r} has shape {v.shape}; expected a scalar, "
                             f"({P},) or ({P}, len(k)) with a 'k' entry")
        K = kk.size
        frames.append(pd.DataFrame({
            "x": np.repeat(xs, K), "k": np.tile(kk, P), "metric": name, "value": v.ravel()}))
    df = pd.concat(frames, ignore_index=True)
    df.insert(0, "seed", task.seed)
    df.insert(0, "arm", task.arm_name)
    df.insert(0, "claim_id", claim_id)
    return df[COLUMNS]


def execute_task(claim_id: str, arm: Arm, task: Task, smoke: bool) -> tuple[pd.DataFrame, float]:
    t0 = time.perf_counter()
    out = arm.run(np.asarray(task.xs, float), task_rng(claim_id, task.seed), **arm.params_for(smoke))
    return rows_from_output(claim_id, task, out), time.perf_counter() - t0


def atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def table_to_csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"claim_id": str, "arm": str, "seed": np.int64, "x": float,
                                    "k": np.int64, "metric": str, "value": float})


# --------------------------------------------------------------------------- progress

class Progress:
    """A one-line progress indicator on stderr (no dependency)."""

    def __init__(self, label: str, total: int, enabled: bool = True):
        self.label, self.total, self.done = label, total, 0
        self.enabled = enabled
        self.t0 = time.perf_counter()
        self._draw()

    def update(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        el = time.perf_counter() - self.t0
        sys.stderr.write(f"\r  {self.label:<48.48} [{'#' * filled}{'.' * (width - filled)}] "
                         f"{self.done}/{self.total} tasks {el:6.1f}s")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


# --------------------------------------------------------------------------- the claim

@dataclass
class RunInfo:
    claim_id: str
    smoke: bool
    key: str
    n_tasks: int
    n_cached: int
    seconds: float


def _dask_client(scheduler: str):
    """A dask.distributed Client: ``local:N`` starts a LocalCluster of N single-threaded worker
    processes on this machine; anything else is the address of an existing scheduler."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - depends on the optional extra
        raise SystemExit("--scheduler needs the 'distributed' extra: pip install -e '.[distributed]'") from e
    if scheduler.startswith("local:"):
        n = int(scheduler.split(":", 1)[1])
        if n < 1:
            raise ValueError(f"scheduler must be local:N with N >= 1, got {scheduler!r}")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def _run_parallel(fn_args, jobs: int, scheduler: str | None, client=None):
    """Yield ``_task_with_id(*args)`` results as they finish, on loky workers or a Dask cluster
    (``client``: an already open Dask client to reuse; else one is opened for this call)."""
    from joblib import Parallel, delayed, parallel_config
    if not scheduler:
        yield from Parallel(n_jobs=jobs, backend="loky", return_as="generator_unordered")(
            delayed(_task_with_id)(*a) for a in fn_args)
        return
    own = client is None
    if own:
        client, cluster = _dask_client(scheduler)
    try:
        with parallel_config(backend="dask", client=client):
            yield from Parallel(n_jobs=-1, return_as="generator_unordered")(
                delayed(_task_with_id)(*a) for a in fn_args)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def run_tasks(claim: Claim, *, smoke: bool, jobs: int = 1, cache_dir: Path | None = None,
              scheduler: str | None = None, progress: bool = True) -> tuple[pd.DataFrame, RunInfo]:
    """Run (or load from the cache) every task of the claim; return the sorted table.

    BLAS runs single-threaded here (tasks are small and many; a threaded BLAS on small matrices
    is several times slower, and parallelism is across tasks). Worker processes get the same
    limit from joblib's loky backend."""
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1, user_api="blas"):
        return _run_tasks(claim, smoke=smoke, jobs=jobs, cache_dir=cache_dir, scheduler=scheduler,
                          progress=progress)


def _scan_cache(claim, smoke, cache_dir):
    """(cache folder, cached frames, tasks still to run, number of tasks) for one claim."""
    cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    folder = cache_dir / ("smoke" if smoke else "full") / claim.id / spec_key(claim, smoke)
    tasks = make_tasks(claim, smoke)
    frames, todo = [], []
    for stale in folder.glob("*.tmp") if folder.exists() else []:
        stale.unlink(missing_ok=True)   # left by a run killed mid-write; never read
    for t in tasks:
        f = folder / t.filename
        if f.exists():
            frames.append(read_table(f))
        else:
            todo.append(t)
    return folder, frames, todo, len(tasks)


def _arms(claim):
    return {"main": claim.main, "control": claim.control.arm}


def _run_tasks(claim, *, smoke, jobs, cache_dir, scheduler, progress):
    t0 = time.perf_counter()
    folder, frames, todo, n_tasks = _scan_cache(claim, smoke, cache_dir)
    key, arms = folder.name, _arms(claim)
    n_cached = n_tasks - len(todo)
    bar = Progress(f"{claim.id}{' (smoke)' if smoke else ''}", n_tasks, progress)
    bar.update(n_cached) if n_cached else None

    def store(task, df):
        atomic_write_text(folder / task.filename, table_to_csv(df))
        frames.append(df)
        bar.update()

    if todo:  # first task here: compiles (and caches) the kernels before fanning out
        df, _ = execute_task(claim.id, arms[todo[0].arm_name], todo[0], smoke)
        store(todo[0], df)
        rest = todo[1:]
        if rest and (jobs > 1 or scheduler):
            args = [(claim.id, arms[t.arm_name], t, smoke) for t in rest]
            for (_, t), df in _run_parallel(args, jobs, scheduler):
                store(t, df)
        else:
            for t in rest:
                df, _ = execute_task(claim.id, arms[t.arm_name], t, smoke)
                store(t, df)
    table = sort_table(pd.concat(frames, ignore_index=True))
    return table, RunInfo(claim.id, smoke, key, n_tasks, n_cached, time.perf_counter() - t0)


def run_claims(claims: list, *, smoke: bool = False, jobs: int = 2, cache_dir: Path | None = None,
               results_dir: Path | None = None, scheduler: str | None = None, progress: bool = True):
    """Run several claims through ONE pool of workers; yield ``(claim, outcome)`` as claims finish.

    Unlike ``run_claim`` in a loop there is no barrier at claim boundaries (no per-claim serial
    warm-up task, no idle worker waiting for a claim's last task, one Dask client for the whole
    run), which is what makes ``validate --jobs 2`` use both cores. Compilation is staggered
    instead of serialised: the first task of claim i+1 is submitted before the remaining tasks of
    claim i, so a claim's kernels are usually compiled (and cached on disk) by one worker while the
    other works on an already compiled claim. Tables, cache files and verdicts are the same as
    ``run_claim``'s (tasks are pure functions of (claim, arm, seed, points); tables are sorted)."""
    from threadpoolctl import threadpool_limits
    state, firsts, rests = {}, [], []
    for claim in claims:
        folder, frames, todo, n_tasks = _scan_cache(claim, smoke, cache_dir)
        state[claim.id] = dict(claim=claim, folder=folder, frames=frames, left=len(todo), n=n_tasks,
                               cached=n_tasks - len(todo), t0=time.perf_counter())
        args = [(claim.id, _arms(claim)[t.arm_name], t, smoke) for t in todo]
        firsts.append(args[:1])
        rests.append(args[1:])
    order = []
    for i in range(len(claims)):
        order += firsts[i] if i == 0 else []
        order += firsts[i + 1] if i + 1 < len(claims) else []
        order += rests[i]
    bar = Progress(f"{len(claims)} claims{' (smoke)' if smoke else ''}", len(order), progress)

    def finish(cid):
        st = state.pop(cid)
        table = sort_table(pd.concat(st["frames"], ignore_index=True))
        info = RunInfo(cid, smoke, st["folder"].name, st["n"], st["cached"], time.perf_counter() - st["t0"])
        if results_dir is not None:
            store_results(st["claim"], table, info, Path(results_dir))
        outcome = evaluate(st["claim"], table)
        outcome.info = info
        return st["claim"], outcome

    for cid in [c for c, st in state.items() if st["left"] == 0]:
        yield finish(cid)
    if not order:
        return
    client = cluster = None
    if scheduler:
        client, cluster = _dask_client(scheduler)
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            for (cid, task), df in _run_parallel(order, jobs, scheduler, client=client):
                st = state[cid]
                atomic_write_text(st["folder"] / task.filename, table_to_csv(df))
                st["frames"].append(df)
                st["left"] -= 1
                bar.update()
                if st["left"] == 0:
                    yield finish(cid)
    finally:
        if client is not None:
            client.close()
            if cluster is not None:
                cluster.close()


def _task_with_id(claim_id, arm, task, smoke):
    return (claim_id, task), execute_task(claim_id, arm, task, smoke)[0]


def sort_table(df: pd.DataFrame) -> pd.DataFrame:
    order = df["arm"].map({"main": 0, "control": 1})
    return (df.assign(_o=order).sort_values(["_o", "seed", "x", "metric", "k"], kind="stable")
              .drop(columns="_o").reset_index(drop=True)[COLUMNS])


def results_paths(results_dir: Path, claim_id: str) -> tuple[Path, Path]:
    return results_dir / f"{claim_id}.csv", results_dir / f"{claim_id}.json"


def store_results(claim: Claim, table: pd.DataFrame, info: RunInfo, results_dir: Path) -> None:
    csv_path, meta_path = results_paths(results_dir, claim.id)
    values, seeds = claim.sweep.for_mode(info.smoke)
    atomic_write_text(csv_path, table_to_csv(table))
    meta = {"claim_id": claim.id, "mode": "smoke" if info.smoke else "full", "spec_key": info.key,
            "sweep": {"param": claim.sweep.param, "values": list(values), "seeds": seeds}}
    atomic_write_text(meta_path, json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load_results(results_dir: Path, claim_id: str) -> pd.DataFrame | None:
    csv_path, _ = results_paths(Path(results_dir), claim_id)
    return read_table(csv_path) if csv_path.exists() else None


def run_claim(claim: Claim, *, smoke: bool = False, jobs: int = 1, cache_dir: Path | None = None,
              results_dir: Path | None = None, scheduler: str | None = None,
              progress: bool = True) -> ClaimOutcome:
    """Run a claim (resuming from the cache), store its table if ``results_dir``, return the verdict."""
    table, info = run_tasks(claim, smoke=smoke, jobs=jobs, cache_dir=cache_dir,
                            scheduler=scheduler, progress=progress)
    if results_dir is not None:
        store_results(claim, table, info, Path(results_dir))
    outcome = evaluate(claim, table)
    outcome.info = info
    return outcome
