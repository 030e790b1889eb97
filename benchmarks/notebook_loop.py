"""Stall hunt: run every demo notebook back to back, many times, under nbclient and under Voila.

    python benchmarks/notebook_loop.py                         # 30 nbclient + 10 Voila runs of each demo notebook
    python benchmarks/notebook_loop.py --nbclient-runs 5 --voila-runs 2 notebooks/05_optimizers.ipynb
    python benchmarks/notebook_loop.py --root /tmp/old-checkout --cell-timeout 60

A notebook execution used to stall now and then on a demo cell: the kernel had finished, the executor waited
for its reply until the cell timeout (jupyter/nbclient#312). The cause was the demos' ``display(figure)``
into an Output widget while the cell ran: nbclient (and Voila, which executes with it) answers each output
captured by an Output widget with a message on the kernel's shell channel, sent while it waits on that same
channel for the cell's reply, and now and then that send swallows the wake-up for the reply, which then sits
unread until the timeout. The demos now show PNG pictures in Image widgets (``course_nn.widgets.base``).

nbclient runs go through ``tools/run_notebooks.run`` (of the checkout given by ``--root``, writing nothing)
with ``--cell-timeout`` seconds per cell, so that a stall costs that long instead of the usual 600 s; Voila
runs render the notebook in Debian's Chromium (Playwright), as the browser test does, and shut the page's
kernel down. Every run's wall time and the load average are written to the JSON file; the table gives the
median and maximum per notebook and runner, and the runs longer than twice their median. A benchmark, not a
test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import demo_pages  # noqa: E402  (server, browser and page helpers shared with the browser test)


def nbclient_runs(root: Path, paths, runs: int, cell_timeout: int) -> list[dict]:
    sys.path.insert(0, str(root / "tools"))
    import run_notebooks  # noqa: E402  (the checkout's own way of executing notebooks)

    out = []
    for path in paths:
        for k in range(runs):
            start, error = time.perf_counter(), None
            try:
                run_notebooks.run(path, write=False, timeout=cell_timeout)
            except Exception as err:  # a failed run is reported, and the loop goes on
                error = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"
            seconds = time.perf_counter() - start
            out.append(
                {
                    "runner": "nbclient",
                    "notebook": path.name,
                    "run": k + 1,
                    "seconds": round(seconds, 2),
                    "load": round(os.getloadavg()[0], 2),
                    "error": error,
                }
            )
            print(f"nbclient {path.name} run {k + 1}: {seconds:.1f} s" + (f" {error}" if error else ""), flush=True)
    return out


def demo_cell_runs(cells: int, runs: int, cell_timeout: int) -> list[dict]:
    """The sharp test: a notebook of ``cells`` cells that each create the optimizer race, executed ``runs``
    times by nbclient (with the kernels' environment of tools/run_notebooks.py); a cell that stalls takes
    the whole cell timeout. One entry per cell: its seconds."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    setup = "%matplotlib inline\nfrom course_nn.widgets.optimizers import optimizer_race"
    nb.cells = [nbformat.v4.new_code_cell(setup)]
    nb.cells += [nbformat.v4.new_code_cell('optimizer_race("canyon")') for _ in range(cells)]
    out = []
    for k in range(runs):
        starts, seconds = {}, {}

        def started(cell, cell_index, starts=starts):
            starts[cell_index] = time.perf_counter()

        def finished(cell, cell_index, execute_reply, starts=starts, seconds=seconds):
            seconds[cell_index] = time.perf_counter() - starts[cell_index]

        NotebookClient(
            nb, timeout=cell_timeout, kernel_name="python3", on_cell_execute=started, on_cell_executed=finished
        ).execute()
        out += [
            {
                "runner": "demo cells",
                "notebook": f"{cells} optimizer_race cells",
                "run": k + 1,
                "cell": i,
                "seconds": round(s, 3),
                "load": round(os.getloadavg()[0], 2),
                "error": None,
            }
            for i, s in sorted(seconds.items())
            if i > 0
        ]
        print(f"demo cells run {k + 1}: slowest {max(seconds[i] for i in seconds if i > 0):.2f} s", flush=True)
    return out


def voila_runs(root: Path, paths, runs: int, timeout: float) -> list[dict]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    out = []
    with demo_pages.voila_and_chromium(root) as (server, browser):
        for path in paths:
            for k in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                page, error = context.new_page(), None
                start = time.perf_counter()
                try:
                    demo_pages.render(page, server, path, timeout * 1000)
                except PlaywrightTimeout:
                    error = f"not rendered within {timeout:g} s"
                seconds = time.perf_counter() - start
                demo_pages.shut_down_kernel(page, server)
                context.close()
                out.append(
                    {
                        "runner": "voila",
                        "notebook": path.name,
                        "run": k + 1,
                        "seconds": round(seconds, 2),
                        "load": round(os.getloadavg()[0], 2),
                        "error": error,
                    }
                )
                print(f"voila {path.name} run {k + 1}: {seconds:.1f} s" + (f" {error}" if error else ""), flush=True)
    return out


def table(runs: list[dict], cell_timeout: float) -> str:
    """Per runner and notebook: runs, median, maximum, the runs over twice the median (for single demo cells,
    whose times are tenths of a second, "—": a stall shows in the next column), and the stalls: a run or
    cell that took the cell timeout, or a Voila render that did not finish."""
    rows = [
        "| runner | notebook | runs | median s | max s | max / median | runs over 2x median | stalled or failed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    groups: dict = {}
    for r in runs:
        groups.setdefault((r["runner"], r["notebook"]), []).append(r)
    for (runner, notebook), rs in groups.items():
        times = [r["seconds"] for r in rs]
        median = statistics.median(times)
        over = "—" if runner == "demo cells" else sum(t > 2 * median for t in times)
        stalled = sum(r["error"] is not None or r["seconds"] >= cell_timeout for r in rs)
        rows.append(
            f"| {runner} | {notebook} | {len(rs)} | {median:.1f} | {max(times):.1f} | "
            f"{max(times) / median:.2f} | {over} | {stalled} |"
        )
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nbclient-runs", type=int, default=30)
    parser.add_argument("--voila-runs", type=int, default=10)
    parser.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell under nbclient")
    parser.add_argument("--voila-timeout", type=float, default=300, help="seconds for Voila to render a notebook")
    parser.add_argument(
        "--demo-cells",
        type=int,
        default=0,
        metavar="N",
        help="also run, 3 times, a notebook of N cells that each create a demo (the sharp test)",
    )
    args, root, paths = demo_pages.benchmark_command_line(parser, argv, HERE / "notebook_loop.json")
    os.environ["PYTHONPATH"] = str(root)  # the kernels import that checkout's course_nn
    started = datetime.datetime.now().isoformat(timespec="seconds")
    runs = nbclient_runs(root, paths, args.nbclient_runs, args.cell_timeout) if args.nbclient_runs else []
    runs += voila_runs(root, paths, args.voila_runs, args.voila_timeout) if args.voila_runs else []
    runs += demo_cell_runs(args.demo_cells, 3, args.cell_timeout) if args.demo_cells else []
    result = {
        "started": started,
        "finished": datetime.datetime.now().isoformat(timespec="seconds"),
        "root": str(root),
        "cpus": os.cpu_count(),
        "cell_timeout_s": args.cell_timeout,
        "voila_timeout_s": args.voila_timeout,
        "runs": runs,
    }
    demo_pages.write_results(args.output, result, table(runs, args.cell_timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
