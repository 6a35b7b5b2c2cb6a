"""Times the notebooks' cells as a learner runs them: Shift+Enter to reply.

Run it through scripts/notebook-latency, which finds a Python with
jupyter_client and makes the tutorial's Python notebook's kernel. For each
notebook it starts the kernel the notebook names (GoNB as registered by
scripts/install-gonb, in the notebook's folder, as Jupyter's server does),
sends its code cells one after another as execute_requests on the shell
channel, as the page does, and times each from the request to the moment
both its execute_reply and the kernel's idle status have arrived: every
output the cell sends (text, PNGs, GIFs) arrives before that idle. It
prints one line per cell and the median and worst per notebook, excluding
the setup cell (the first) and the cells that take time on purpose (those
calling display.Play, which plays at the GIF's pace). "Run All" is the time
from the first request to the last idle; "start" the kernel's start until
it answers kernel_info.

With --python it does the same for the tutorial's own cells
(tutorial_notebook.py in ../shared/baselines) under ipykernel, in a folder
of its own (the animation cell writes a GIF). With --rounds N it runs every
notebook N times, interleaved (01, 02, ..., python, 01, 02, ...), so that
load on a shared machine falls on all of them alike, and gives each cell's
median over the rounds. When parts 1 to 3 and the Python notebook all ran,
it also compares Run All of the three parts, one after another, with Run
All of the Python notebook.

--variant LABEL=DIR also runs the notebooks with the kernels in DIR/kernels
(a GoNB registered with other settings under a private JUPYTER_DATA_DIR),
side by side with the registered one, to measure a setting's effect.
"""

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

# Cells that take time by design: part 2's live preview plays 200 frames at
# the GIF's 50 frames a second.
DELIBERATE = ("display.Play(",)


class Cell:
    def __init__(self, index, source):
        self.index = index  # among the notebook's cells, markdown included
        self.source = source
        self.first_line = next((l for l in source.splitlines() if l.strip() and not l.startswith("//")), "")
        self.deliberate = any(d in source for d in DELIBERATE)


def code_cells(path):
    with open(path) as f:
        nb = json.load(f)
    cells = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "code":
            src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            cells.append(Cell(i, src))
    return cells, nb["metadata"]["kernelspec"]["name"]


def run_notebook(path, kernel, cwd, ksm, timeout, env, log):
    """Runs every code cell of path in a fresh kernel; returns the timings."""
    cells, _ = code_cells(path)
    km = KernelManager(kernel_name=kernel, kernel_spec_manager=ksm)
    t0 = time.perf_counter()
    # The kernel's own log goes to a file, shown if a cell fails.
    km.start_kernel(cwd=cwd, env=env, stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        start = time.perf_counter() - t0
        # Drain what the kernel said while starting.
        while True:
            try:
                kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                break
        times, errors = [], []
        run_all = time.perf_counter()
        for cell in cells:
            dt, err, nout = execute(kc, cell.source, timeout)
            times.append(dt)
            errors.append(err)
        run_all = time.perf_counter() - run_all
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {"cells": cells, "times": times, "errors": errors, "run_all": run_all, "start": start}


def execute(kc, source, timeout):
    """Sends one execute_request; returns seconds to reply-and-idle, the
    error (or None) and the number of outputs."""
    t = time.perf_counter()
    msg_id = kc.execute(source, store_history=True, allow_stdin=False)
    deadline = t + timeout
    err, nout = None, 0

    def left():
        rest = deadline - time.perf_counter()
        if rest <= 0:
            raise TimeoutError(f"cell did not finish in {timeout} s:\n{source[:200]}")
        return rest

    # Outputs, then idle, on iopub; the reply on shell. Whichever comes
    # last ends the cell: reading them one after the other waits for both.
    while True:
        msg = kc.get_iopub_msg(timeout=left())
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "display_data", "update_display_data", "execute_result"):
            nout += 1
        elif kind == "error":
            err = msg["content"].get("ename", "error")
    while True:
        reply = kc.get_shell_msg(timeout=left())
        if reply["parent_header"].get("msg_id") == msg_id:
            if reply["content"]["status"] != "ok" and not err:
                err = reply["content"].get("ename", "error")
            break
    return time.perf_counter() - t, err, nout


def python_notebook(baselines, folder):
    """Writes the tutorial's cells as a notebook in folder; returns its path."""
    path = os.path.join(folder, "tutorial.ipynb")
    subprocess.run([sys.executable, os.path.join(baselines, "tutorial_notebook.py"), path], check=True)
    return path


def ms(s):
    return f"{s * 1000:,.0f}"


def summary(rounds):
    """Each cell's median over the rounds, and the notebook's median and
    worst over the cells that count (not the first, not deliberate)."""
    cells = rounds[0]["cells"]
    per_cell = [statistics.median(r["times"][i] for r in rounds) for i in range(len(cells))]
    counted = [t for i, (c, t) in enumerate(zip(cells, per_cell)) if i > 0 and not c.deliberate]
    return {
        "per_cell": per_cell,
        "median": statistics.median(counted) if counted else float("nan"),
        "worst": max(counted) if counted else float("nan"),
        "run_all": statistics.median(r["run_all"] for r in rounds),
        "run_alls": [r["run_all"] for r in rounds],
        "start": statistics.median(r["start"] for r in rounds),
        "first": statistics.median(r["times"][0] for r in rounds),
        "counted": len(counted),
    }


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*",
                    help="notebooks to time; NOTEBOOK@LABEL runs it with --variant LABEL's kernel only, "
                         "NOTEBOOK@ with the registered kernel only")
    ap.add_argument("--python", metavar="BASELINES", help="also time tutorial_notebook.py from this folder under ipykernel")
    ap.add_argument("--python-exe", help="the Python that runs ipykernel for --python (with numpy and matplotlib)")
    ap.add_argument("--variant", action="append", default=[], metavar="LABEL=DIR",
                    help="also run the notebooks with the kernels in DIR/kernels (e.g. a GoNB registered with other "
                         "settings under a private JUPYTER_DATA_DIR), labelled LABEL; repeatable")
    ap.add_argument("--rounds", type=int, default=1, help="run everything this many times, interleaved")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a cell may take")
    ap.add_argument("--json", help="also write every timing to this file")
    ap.add_argument("--keep-log", metavar="FILE", help="append the kernels' logs to FILE")
    ap.add_argument("--quiet", action="store_true", help="print only the table, not each cell")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error(f"--rounds={args.rounds}: want at least 1")

    tmp = tempfile.mkdtemp(prefix="notebook-latency-")
    try:
        ksm = KernelSpecManager()
        env = dict(os.environ)
        # No browser: the playground's panels draw once and return (as under
        # nbconvert, scripts/run-notebooks).
        env["ADAGRAD_NO_FRONTEND"] = "1"
        variants = {}
        for v in args.variant:
            name, sep, d = v.partition("=")
            if not sep or not name or not os.path.isdir(os.path.join(d, "kernels")):
                ap.error(f"--variant={v}: want LABEL=DIR, DIR holding kernels/")
            variants[name] = KernelSpecManager(kernel_dirs=[os.path.join(d, "kernels")])
        jobs = []  # (label, path, kernel, cwd, ksm)
        for arg in args.notebooks:
            # NOTEBOOK runs with the registered kernel and every variant;
            # NOTEBOOK@LABEL with variant LABEL only, NOTEBOOK@ with the
            # registered kernel only.
            nb, at, only = arg.rpartition("@") if "@" in arg else (arg, "", "")
            if not os.path.isfile(nb):
                ap.error(f"{nb}: no such notebook")
            if only and only not in variants:
                ap.error(f"{arg}: no --variant {only}")
            _, kernel = code_cells(nb)
            label = os.path.basename(nb) if len({os.path.basename(a.split("@")[0]) for a in args.notebooks}) == len(
                {a.split("@")[0] for a in args.notebooks}) else nb
            cwd = os.path.dirname(os.path.abspath(nb))
            if only:
                jobs.append((f"{label} [{only}]", os.path.abspath(nb), kernel, cwd, variants[only]))
                continue
            jobs.append((label, os.path.abspath(nb), kernel, cwd, ksm))
            for name, k in (variants.items() if not at else ()):
                jobs.append((f"{label} [{name}]", os.path.abspath(nb), kernel, cwd, k))
        if args.python:
            if not args.python_exe:
                ap.error("--python needs --python-exe")
            spec_dir = os.path.join(tmp, "kernels", "tutorial-python")
            os.makedirs(spec_dir)
            with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
                json.dump({"argv": [args.python_exe, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                           "display_name": "tutorial Python", "language": "python"}, f)
            pyksm = KernelSpecManager(kernel_dirs=[os.path.join(tmp, "kernels")])
            work = os.path.join(tmp, "python")
            os.makedirs(work)
            jobs.append(("tutorial (Python)", python_notebook(args.python, work), "tutorial-python", work, pyksm))

        results = {j[0]: [] for j in jobs}
        for r in range(args.rounds):
            for label, path, kernel, cwd, k in jobs:
                la = load()
                log_path = os.path.join(tmp, "kernel.log")
                with open(log_path, "w") as log:
                    res = run_notebook(path, kernel, cwd, k, args.timeout, env, log)
                res["load"] = la
                results[label].append(res)
                if not args.quiet:
                    print(f"\n{label}, round {r + 1}, load {la}: kernel start {ms(res['start'])} ms, "
                          f"Run All {ms(res['run_all'])} ms", flush=True)
                    for c, t, e in zip(res["cells"], res["times"], res["errors"]):
                        mark = " (deliberate)" if c.deliberate else ""
                        print(f"  [{c.index:2d}] {ms(t):>7} ms  {c.first_line[:60]}{mark}" + (f"  ERROR {e}" if e else ""),
                              flush=True)
                if args.keep_log:
                    with open(log_path) as log, open(args.keep_log, "a") as keep:
                        keep.write(f"==== {label} round {r + 1}\n" + log.read())
                if any(res["errors"]):
                    with open(log_path) as log:
                        tail = log.read()[-3000:]
                    print(f"{label}: a cell failed; the kernel's log ends with:\n{tail}", file=sys.stderr)

        print(f"\nmedians over {args.rounds} round(s); load now {load()}")
        print("| notebook | cells timed | median | worst | Run All | first cell | kernel start |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        out = {}
        for label, rounds in results.items():
            s = summary(rounds)
            out[label] = {"summary": {k: v for k, v in s.items()},
                          "rounds": [{"times": r["times"], "errors": r["errors"], "run_all": r["run_all"],
                                      "start": r["start"], "load": r["load"]} for r in rounds],
                          "cells": [{"index": c.index, "first_line": c.first_line, "deliberate": c.deliberate}
                                    for c in rounds[0]["cells"]]}
            print(f"| {label} | {s['counted']} | {ms(s['median'])} ms | {ms(s['worst'])} ms | "
                  f"{s['run_all']:.2f} s | {ms(s['first'])} ms | {ms(s['start'])} ms |")
        # The comparison: Run All of the tutorial's three parts (one
        # after another, each in its own kernel) against the Python notebook.
        python = [rounds for label, rounds in results.items() if label.startswith("tutorial (Python)")]
        groups = {}
        for label, rounds in results.items():
            name = os.path.basename(label.split(" [")[0])
            variant = label[len(label.split(" [")[0]):]
            if name[:3] in ("01-", "02-", "03-"):
                groups.setdefault((os.path.dirname(label.split(" [")[0]), variant), {})[name[:3]] = rounds
        for (folder, variant), parts in groups.items():
            if len(parts) == 3 and python:
                per_round = [sum(parts[k][r]["run_all"] for k in parts) for r in range(args.rounds)]
                py = [rd["run_all"] for rd in python[0]]
                ratio = statistics.median(p / g for p, g in zip(py, per_round))
                print(f"\nRun All of parts 1-3{' in ' + folder if folder else ''}{variant}: "
                      f"{statistics.median(per_round):.2f} s; the Python notebook: {statistics.median(py):.2f} s; "
                      f"Python takes {ratio:.2f}x as long (median of the rounds' ratios)")
        print("\nper cell (ms, median over rounds; * = not counted):")
        for label, rounds in results.items():
            s = summary(rounds)
            cells = rounds[0]["cells"]
            parts = [("*" if i == 0 or c.deliberate else "") + ms(t) for i, (c, t) in enumerate(zip(cells, s["per_cell"]))]
            print(f"  {label}: {' '.join(parts)}")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(out, f, indent=1)
        return 1 if any(any(r["errors"]) for rs in results.values() for r in rs) else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
