"""Benchmarks: course_nn's training speed against a hand-written NumPy loop, scikit-learn and PyTorch.

    python benchmarks/run.py                   # full run, about 6 minutes on 2 cores -> benchmarks/results.json
    python benchmarks/run.py --quick           # about 3 minutes -> benchmarks/results-quick.json
    python benchmarks/run.py --skip-notebooks  # leave out the notebook timings

Each implementation runs in a worker process of its own. The run is a series of rounds; in every round
each implementation trains workload A once and then workload B once (A, B, A, B, ...), and its time is
divided by the mean time of the NumPy loop run just before and just after it. The table shows medians:
of the times, and of these paired ratios, which are much steadier than the times on a busy machine.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]  # the checkout's course_nn, and the modules next to this file

import implementations as impl  # noqa: E402

# (key, worker process, trainer, dtype, label); the first row of each workload is the reference of its ratios.
# The loop doing course_nn's work runs in course_nn's worker, so that the two compare under the same conditions.
ROWS = {
    "A": [
        ("numpy", "numpy", "numpy", "float64", "NumPy loop, float64"),
        ("numpy_same", "course_nn", "numpy_same_work", "float64", "NumPy loop, course_nn's work, float64"),
        ("course_nn", "course_nn", "course_nn", "float64", "course_nn fit, float64"),
        ("sklearn", "sklearn", "sklearn", "float64", "scikit-learn MLPClassifier, float64"),
        ("torch64", "torch", "torch", "float64", "PyTorch, float64"),
        ("torch32", "torch", "torch", "float32", "PyTorch, float32"),
    ],
    "B": [
        ("numpy", "numpy", "numpy", "float32", "NumPy loop, float32"),
        ("numpy_same", "course_nn", "numpy_same_work", "float32", "NumPy loop, course_nn's work, float32"),
        ("course_nn", "course_nn", "course_nn", "float32", "course_nn fit, float32"),
        ("torch32", "torch", "torch", "float32", "PyTorch, float32"),
        ("products", "numpy", "products", "float32", "(its matrix products alone, NumPy)"),
    ],
}
MODES = {
    "full": dict(rounds=7, epochs_a=30, epochs_b=1, import_repeats=11, matmul_n=2048, matmul_repeats=3),
    "quick": dict(rounds=3, epochs_a=5, epochs_b=1, import_repeats=5, matmul_n=2048, matmul_repeats=3),
}
# The engine issue's targets: within 15 % of the hand-written loop on A, at least 2x faster than scikit-learn and
# 3x faster than PyTorch (float64) there, 80 % of the float32 matmul peak on B; light import, quick notebooks.
TARGETS = {
    "a_ratio": 1.15,
    "a_sklearn_speedup": 2.0,
    "a_torch_speedup": 3.0,
    "b_fraction_of_peak": 0.80,
    "import_ms": 150.0,
    "notebook_s": 15.0,
}
PAUSE = 0.2  # seconds between runs, so that the previous worker's BLAS threads have gone to sleep


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def idle_fraction(seconds=0.3):
    """Fraction of the machine's CPU time that was idle over the next ``seconds`` (Linux; None elsewhere)."""

    def counters():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    try:
        idle0, total0 = counters()
        time.sleep(seconds)
        idle1, total1 = counters()
    except (OSError, ValueError, IndexError):
        return None
    return (idle1 - idle0) / max(total1 - total0, 1)


def wait_for_idle(max_wait, threshold=0.9):
    """Wait until the CPUs were at least ``threshold`` idle for 0.3 s (other jobs share this machine),
    at most ``max_wait`` seconds; returns the last idle fraction seen."""
    deadline = time.monotonic() + max_wait
    while True:
        idle = idle_fraction()
        if idle is None or idle >= threshold or time.monotonic() > deadline:
            return idle


# ------------------------------------------------------------------------------------------ workers
class Waiting:
    max_wait = 0.0  # seconds to wait for an idle machine before each timed run (from --max-wait)
    budget = 0.0  # ... and in all (from --wait-budget), so that a busy machine cannot stretch the run

    @classmethod
    def until_idle(cls):
        """Wait (within the limits) for the machine to be idle; returns the idle fraction seen, or None."""
        if not cls.max_wait or cls.budget <= 0:
            return None
        start = time.monotonic()
        idle = wait_for_idle(min(cls.max_wait, cls.budget))
        cls.budget -= time.monotonic() - start
        return idle


class Worker:
    def __init__(self, kind):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=impl.serve, args=(kind, child), daemon=True)
        self.process.start()
        hello = self.conn.recv()
        self.ok, self.env, self.skipped = hello["ok"], hello.get("env"), hello.get("skipped")

    def ask(self, *request):
        time.sleep(PAUSE)
        idle = Waiting.until_idle()
        self.conn.send(request)
        answer = self.conn.recv()
        answer["idle_before"] = idle
        return answer

    def close(self):
        if self.process.is_alive():
            self.conn.send(None)
            self.process.join(timeout=10)


# ------------------------------------------------------------------------------------------ training
def measure_peak(numpy_worker, cfg):
    return numpy_worker.ask("matmul", cfg["matmul_n"], cfg["matmul_repeats"])["gflops"]


def training_rounds(cfg, workloads):
    """Run the rounds. In each round and workload the NumPy loop runs first and again after every other
    implementation (N, X, N, Y, N, ...), and each implementation's ratio is its time over the mean of the
    NumPy runs just before and just after it: the load of a shared machine drifts, and this pairs every
    run with a reference taken seconds away. The order of the others rotates from round to round. For
    workload B the matmul peak is measured before and after every run too."""
    kinds = sorted({row[1] for w in workloads for row in ROWS[w]})
    log("starting workers:", ", ".join(kinds))
    workers = {kind: Worker(kind) for kind in kinds}
    skipped = {kind: w.skipped for kind, w in workers.items() if not w.ok}
    for note in skipped.values():
        log("  skipped:", note)
    runs = {w: {key: [] for key, *_ in ROWS[w]} for w in workloads}
    errors, peaks = {}, []
    epochs = {"A": cfg["epochs_a"], "B": cfg["epochs_b"]}

    def run(w, row, r, with_peak, peak_before):
        key, kind, trainer, dtype, _ = row
        result = workers[kind].ask(trainer, w, 1 if r == 0 else epochs[w], dtype)
        peak_after = measure_peak(workers["numpy"], cfg) if with_peak else None
        if with_peak:
            result["peak_gflops"] = max(peak_before, peak_after)  # the better of the two
        if "error" in result:
            errors[f"{w}/{key}"] = result["error"]
            log(f"  {w} {key}: {result['error']}")
        return result, peak_after

    try:
        for r in range(cfg["rounds"] + 1):  # round 0 warms up (one epoch each) and is not recorded
            log(f"round {r}/{cfg['rounds']}" + (" (warm-up)" if r == 0 else ""))
            for w in workloads:
                reference, *others = [row for row in ROWS[w] if row[1] not in skipped]
                k = r % len(others) if others else 0
                with_peak = w == "B" and r > 0
                peak = measure_peak(workers["numpy"], cfg) if with_peak else None
                ref, peak = run(w, reference, r, with_peak, peak)
                for row in others[k:] + others[:k]:
                    result, peak = run(w, row, r, with_peak, peak)
                    ref_after, peak = run(w, reference, r, with_peak, peak)
                    if r == 0 or "error" in ref or "error" in ref_after:
                        ref = ref_after
                        continue
                    if "error" not in result:
                        result.update(round=r, reference_seconds=(ref["seconds"] + ref_after["seconds"]) / 2)
                        runs[w][row[0]].append(result)
                    ref.update(round=r, reference_seconds=ref["seconds"])
                    runs[w][reference[0]].append(ref)
                    ref = ref_after
                if r > 0 and "error" not in ref:
                    ref.update(round=r, reference_seconds=ref["seconds"])
                    runs[w][reference[0]].append(ref)
                if with_peak:
                    peaks += [x["peak_gflops"] for rs in runs[w].values() for x in rs if x["round"] == r]
    finally:
        for worker in workers.values():
            worker.close()
    envs = {kind: w.env for kind, w in workers.items() if w.ok}
    return runs, peaks, errors, skipped, envs


def summarize(workload, runs, epochs):
    """Per implementation: median time per epoch, median of the ratios to the NumPy runs around it, and
    for workload B the GFLOP/s achieved and their fraction of the matmul peak measured around the run."""
    spec = impl.WORKLOADS[workload]
    steps = math.ceil(spec["n_samples"] / spec["batch_size"])
    flops = impl.flops_per_epoch(spec["sizes"], spec["n_samples"])
    out = {}
    for key, _kind, _trainer, dtype, label in ROWS[workload]:
        rs = runs[key]
        if not rs:
            continue
        per_epoch = [x["seconds"] / epochs for x in rs]
        ratios = [x["seconds"] / x["reference_seconds"] for x in rs]
        row = {
            "label": label,
            "dtype": dtype,
            "epoch_ms": 1e3 * statistics.median(per_epoch),
            "step_us": 1e6 * statistics.median(per_epoch) / steps,
            "final_loss": rs[-1]["loss"],
            "runs": len(rs),
            "ratio": statistics.median(ratios),
            "ratios": [round(x, 4) for x in ratios],
        }
        if workload == "B":
            gflops = [flops / t / 1e9 for t in per_epoch]
            row["gflops"] = statistics.median(gflops)
            row["fraction_of_peak"] = statistics.median([g / x["peak_gflops"] for g, x in zip(gflops, rs)])
            row["peak_gflops"] = statistics.median([x["peak_gflops"] for x in rs])
        out[key] = row
    if runs.get("course_nn") and runs.get("numpy_same"):  # the engine's own cost: both in the same round
        same = {x["round"]: x["seconds"] for x in runs["numpy_same"]}
        pairs = [x["seconds"] / same[x["round"]] for x in runs["course_nn"] if x["round"] in same]
        if pairs:
            out["course_nn"]["ratio_to_same_work"] = statistics.median(pairs)
    return out


# --------------------------------------------------------------------------------- import, notebooks
def import_times(repeats):
    def once(module):
        code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        return float(
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        )

    Waiting.until_idle()
    heavy = ("matplotlib", "pandas", "ipywidgets", "scipy", "sklearn", "torch", "IPython")
    code = f"import sys, course_nn; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pairs = [(once("course_nn"), once("numpy")) for _ in range(repeats)]  # in turn, as the training runs
    return {
        "course_nn_ms": 1e3 * statistics.median(c for c, _ in pairs),
        "numpy_ms": 1e3 * statistics.median(n for _, n in pairs),
        "repeats": repeats,
        "heavy_modules_loaded": loaded,
    }


def notebook_times(timeout=300):
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError as err:
        return {"skipped": f"nbclient/nbformat not installed ({err})"}

    def run(nb, folder):
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=True,
            resources={"metadata": {"path": str(folder)}},
        )
        start = time.perf_counter()
        try:
            client.execute()
            status = "ok"
        except Exception as err:  # a notebook still being written: record it, go on
            status = f"error: {type(err).__name__}: {str(err).strip().splitlines()[-1][:200]}"
        return time.perf_counter() - start, status, slowest_cells(nb)

    def slowest_cells(nb, n=3):
        """The n slowest code cells: (seconds, index, first line), from nbclient's timestamps."""
        cells = []
        for i, cell in enumerate(nb.cells):
            stamps = cell.get("metadata", {}).get("execution", {})
            begin, end = stamps.get("iopub.execute_input"), stamps.get("shell.execute_reply")
            if cell.cell_type == "code" and begin and end:
                seconds = (
                    datetime.datetime.fromisoformat(end.replace("Z", "+00:00"))
                    - datetime.datetime.fromisoformat(begin.replace("Z", "+00:00"))
                ).total_seconds()
                cells.append({"cell": i, "seconds": round(seconds, 2), "source": cell.source.split("\n")[0][:80]})
        return sorted(cells, key=lambda c: -c["seconds"])[:n]

    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    kernel_start, _, _ = run(nbformat.v4.new_notebook(), ROOT)
    result = {"kernel_start_s": kernel_start, "notebooks": {}}
    for path in paths:
        log(f"notebook {path.name}")
        seconds, status, slowest = run(nbformat.read(path, as_version=4), path.parent)
        result["notebooks"][path.name] = {"seconds": seconds, "status": status, "slowest_cells": slowest}
    return result


# ------------------------------------------------------------------------------------------ report
def blas_line(envs):
    parts = []
    for kind in ("numpy", "torch"):
        env = envs.get(kind)
        if not env:
            continue
        pools = [
            f"{p['internal_api']} {p['version']} ({p.get('architecture') or '?'}, "
            f"{p.get('threading_layer') or '?'}, {p['num_threads']} threads)"
            for p in env["threadpools"]
            if p.get("user_api", "blas") == "blas"
        ]
        if kind == "numpy":
            parts.append("NumPy " + env["numpy"] + ": " + ", ".join(pools))
        else:
            parts.append(f"PyTorch {env['torch']}: {env['torch_blas']}, {env['torch_threads']} threads")
    return "; ".join(parts)


def table(results):
    lines, cfg = [], results["config"]

    def epochs(n):
        return f"{n} epoch" + ("" if n == 1 else "s")

    lines.append(
        f"course_nn benchmarks, {results['mode']} run of {results['date']}: {cfg['rounds']} rounds, "
        f"workload A {epochs(cfg['epochs_a'])}, workload B {epochs(cfg['epochs_b'])}"
    )
    load = results["machine"]["load_average"]
    lines.append(
        f"machine: {results['machine']['cpu']}, {results['machine']['cpus']} CPUs, load average "
        f"{load['before'][0]:.1f} before / {load['after'][0]:.1f} after; BLAS: {results['blas']}"
    )
    lines.append(
        "ratio = time / mean time of the NumPy loop runs just before and after, median over rounds (lower is faster)"
    )
    if "A" in results["workloads"]:
        lines += [
            "",
            "Workload A: digits 1797x64, 64-128-10 ReLU, softmax cross-entropy, Adam lr 1e-3, batch 32",
            f"  {'implementation':<38}{'ms/epoch':>10}{'us/step':>10}{'ratio':>8}{'final loss':>12}",
        ]
        for row in results["workloads"]["A"].values():
            lines.append(
                f"  {row['label']:<38}{row['epoch_ms']:>10.1f}{row['step_us']:>10.0f}"
                f"{row.get('ratio', math.nan):>8.2f}{row['final_loss']:>12.4f}"
            )
        lines += engine_cost_line(results["workloads"]["A"])
    if "B" in results["workloads"]:
        peak = results.get("matmul_peak_gflops")
        lines += [
            "",
            "Workload B: random 8192x784 float32, 784-1024-1024-10 ReLU, softmax cross-entropy, SGD, batch 512",
            f"  float32 matmul peak ({results['config']['matmul_n']}^3, NumPy): "
            f"{peak:.1f} GFLOP/s (median; measured before and after every run, best of "
            f"{results['config']['matmul_repeats']} products each, the better of the two)",
            f"  {'implementation':<38}{'ms/epoch':>10}{'GFLOP/s':>10}{'of peak':>9}{'ratio':>8}",
        ]
        for row in results["workloads"]["B"].values():
            lines.append(
                f"  {row['label']:<38}{row['epoch_ms']:>10.1f}{row['gflops']:>10.1f}"
                f"{100 * row['fraction_of_peak']:>8.1f}%{row.get('ratio', math.nan):>8.2f}"
            )
        lines += engine_cost_line(results["workloads"]["B"])
    idle = [
        x["idle_before"]
        for rows in results["runs"].values()
        for rs in rows.values()
        for x in rs
        if x.get("idle_before") is not None
    ]
    if idle:
        busy = sum(i < 0.9 for i in idle)
        lines += [
            "",
            f"{busy} of {len(idle)} timed runs started on a busy machine (CPUs < 90 % idle after waiting "
            f"up to {cfg['max_wait']:g} s); median idle before a run: {statistics.median(idle):.0%}; "
            f"waited {results['waited_for_idle_s']:.0f} s in all",
        ]
    for note in results["skipped"].values():
        lines.append(f"  skipped: {note}")
    for key, err in results["errors"].items():
        lines.append(f"  error in {key}: {err}")
    imp = results.get("import")
    if imp:
        lines += [
            "",
            f"import course_nn: {imp['course_nn_ms']:.0f} ms (of which NumPy alone: {imp['numpy_ms']:.0f} ms), "
            f"median of {imp['repeats']} fresh processes; heavy modules loaded: "
            f"{', '.join(imp['heavy_modules_loaded']) or 'none'}",
        ]
    nbs = results.get("notebooks")
    if nbs:
        if "skipped" in nbs:
            lines += ["", f"notebooks: skipped ({nbs['skipped']})"]
        else:
            lines += [
                "",
                f"notebooks (wall time on a fresh kernel, including its start of {nbs['kernel_start_s']:.1f} s):",
            ]
            for name, nb in nbs["notebooks"].items():
                lines.append(f"  {name:<50}{nb['seconds']:>7.1f} s  {nb['status']}")
    lines += ["", "targets:"]
    for name, t in results["targets"].items():
        verdict = "n/a" if t["met"] is None else ("met" if t["met"] else "NOT met")
        lines.append(f"  {name:<44}{t['measured']:>10}   {verdict}")
    return "\n".join(lines)


def engine_cost_line(rows):
    """course_nn's time over that of the loop doing the same work in the same round (median over the rounds):
    what the engine itself adds."""
    if "ratio_to_same_work" not in rows.get("course_nn", {}) or "numpy_same" not in rows:
        return []
    return [
        f"  course_nn / the loop doing course_nn's work, same round: {rows['course_nn']['ratio_to_same_work']:.2f}x "
        f"(what the engine adds); that loop / the NumPy loop: {rows['numpy_same']['ratio']:.2f}x (what the "
        "per-parameter updates and the input gradient cost)"
    ]


def targets(results):
    out = {}
    a = results["workloads"].get("A", {}).get("course_nn", {})
    b = results["workloads"].get("B", {}).get("course_nn", {})
    imp, nbs = results.get("import"), results.get("notebooks") or {}

    def target(name, value, met, fmt):
        out[name] = {
            "measured": "-" if value is None else fmt.format(value),
            "value": value,
            "met": None if value is None else met,
        }

    ratio = a.get("ratio")
    target(
        f"A: course_nn / NumPy loop <= {TARGETS['a_ratio']}",
        ratio,
        ratio is not None and ratio <= TARGETS["a_ratio"],
        "{:.2f}x",
    )
    for other, key, label in (
        ("sklearn", "a_sklearn_speedup", "scikit-learn"),
        ("torch64", "a_torch_speedup", "PyTorch"),
    ):
        theirs = results["workloads"].get("A", {}).get(other, {}).get("ratio")
        speedup = theirs / ratio if theirs is not None and ratio else None
        target(
            f"A: course_nn >= {TARGETS[key]:.0f}x faster than {label}",
            speedup,
            speedup is not None and speedup >= TARGETS[key],
            "{:.2f}x",
        )
    frac = b.get("fraction_of_peak")
    target(
        f"B: course_nn >= {TARGETS['b_fraction_of_peak']:.0%} of matmul peak",
        frac,
        frac is not None and frac >= TARGETS["b_fraction_of_peak"],
        "{:.1%}",
    )
    ms = imp["course_nn_ms"] if imp else None
    target(
        f"import course_nn < {TARGETS['import_ms']:.0f} ms",
        ms,
        ms is not None and ms < TARGETS["import_ms"],
        "{:.0f} ms",
    )
    times = [nb["seconds"] for nb in nbs.get("notebooks", {}).values()]
    worst = max(times) if times else None
    target(
        f"every notebook < {TARGETS['notebook_s']:.0f} s (slowest)",
        worst,
        worst is not None and worst < TARGETS["notebook_s"],
        "{:.1f} s",
    )
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and epochs (about 3 minutes)")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not time the notebooks")
    parser.add_argument("--workloads", default="AB", help="which training workloads to run (default AB)")
    parser.add_argument("--rounds", type=int, help="override the number of rounds")
    parser.add_argument(
        "--max-wait",
        type=float,
        default=10.0,
        help="before each run, wait up to this many seconds for the CPUs to be 90%% idle "
        "(other jobs on a shared machine); 0 disables (default 10)",
    )
    parser.add_argument(
        "--wait-budget", type=float, default=60.0, help="total seconds the whole run may spend waiting so (default 60)"
    )
    parser.add_argument(
        "--output", type=Path, help="JSON file (default benchmarks/results.json, or results-quick.json with --quick)"
    )
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    cfg = dict(MODES[mode])
    if args.rounds:
        cfg["rounds"] = args.rounds
    Waiting.max_wait, Waiting.budget = args.max_wait, args.wait_budget
    cfg["max_wait"], cfg["wait_budget"] = args.max_wait, args.wait_budget
    output = args.output or HERE / ("results-quick.json" if args.quick else "results.json")
    workloads = [w for w in "AB" if w in args.workloads.upper()]
    started, load_before = time.perf_counter(), os.getloadavg()

    log("timing import course_nn")  # first, while the machine is as quiet as it was at the start
    import_result = import_times(cfg["import_repeats"])
    runs, peaks, errors, skipped, envs = training_rounds(cfg, workloads)
    results = {
        "mode": mode,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "config": cfg,
        "machine": impl.machine(),
        "blas": blas_line(envs),
        "environments": envs,
        "workloads": {},
        "skipped": skipped,
        "errors": errors,
        "runs": runs,
    }
    epochs = {"A": cfg["epochs_a"], "B": cfg["epochs_b"]}
    for w in workloads:
        results["workloads"][w] = summarize(w, runs[w], epochs[w])
    if peaks:
        results["matmul_peak_gflops"] = statistics.median(peaks)
        results["matmul_peaks_gflops"] = [round(p, 2) for p in peaks]
    results["import"] = import_result
    if not args.skip_notebooks:
        results["notebooks"] = notebook_times()
    results["targets"] = targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["waited_for_idle_s"] = round(args.wait_budget - max(Waiting.budget, 0.0), 1)
    results["machine"]["load_average"] = {
        "before": [round(x, 2) for x in load_before],
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    output.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print(f"\n(written to {output}, {results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
