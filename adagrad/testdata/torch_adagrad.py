"""Runs torch.optim.Adagrad on the cases the Go tests describe, for
TestPyTorch* in pytorch_test.go. Run by the tests; by hand:

    /usr/bin/python3 torch_adagrad.py DIR

DIR/cases.json lists the cases. For each case NAME the script reads
DIR/NAME.x0 (the start, n float64 little-endian) and, for "func": "given",
DIR/NAME.g (steps*n gradients, one step after another), and writes
DIR/NAME.out: the points after each step 0..steps (start included), then the
accumulators after each step 0..steps, float64 little-endian. The gradients
of "cubic" and "quadratic2d" are computed in Python floats with the same
operations, in the same order, as the Go package tutorial.

It also writes DIR/info.json: torch's version, the CPU kernels it runs
(ATEN_CPU_CAPABILITY changes them) and torch.optim.Adagrad's defaults.
"""

import inspect
import json
import os
import re
import sys

import numpy as np
import torch


def cubic_deriv(x):
    return 1 - 3 * (x * x)


def quadratic_grad(x, y):
    return [4 * x + 2 * y - 6, 2 * x + 4 * y]


def run(case, d):
    n, steps = case["n"], case["steps"]
    x0 = np.fromfile(os.path.join(d, case["name"] + ".x0"), dtype="<f8")
    assert x0.shape == (n,)
    given = None
    if case["func"] == "given":
        given = np.fromfile(os.path.join(d, case["name"] + ".g"), dtype="<f8").reshape(steps, n)
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adagrad(
        [p],
        lr=case["lr"],
        lr_decay=case["lr_decay"],
        weight_decay=case["weight_decay"],
        initial_accumulator_value=case["acc0"],
        eps=case["eps"],
        foreach=case["foreach"],
        maximize=case["maximize"],
    )
    if case.get("step0"):
        # The step counter as Adagrad itself keeps it: a float32 tensor
        # (float64 if asked, to show the difference).
        dtype = torch.float64 if case.get("step64") else torch.float32
        opt.state[p]["step"] = torch.tensor(float(case["step0"]), dtype=dtype)
    xs = [p.detach().numpy().copy()]
    accs = [opt.state[p]["sum"].numpy().copy()]
    for s in range(steps):
        if given is not None:
            g = given[s]
        elif case["func"] == "cubic":
            g = [cubic_deriv(p.item())]
        elif case["func"] == "quadratic2d":
            x, y = p.tolist()
            g = quadratic_grad(x, y)
        else:
            raise ValueError("unknown func " + case["func"])
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        xs.append(p.detach().numpy().copy())
        accs.append(opt.state[p]["sum"].numpy().copy())
    out = np.concatenate(xs + accs).astype("<f8")
    out.tofile(os.path.join(d, case["name"] + ".out"))


def info():
    capability = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    defaults = {
        k: v.default
        for k, v in inspect.signature(torch.optim.Adagrad.__init__).parameters.items()
        if v.default is not inspect.Parameter.empty
    }
    return {
        "version": torch.__version__,
        "capability": capability.group(1) if capability else "",
        "defaults": defaults,
    }


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "cases.json")) as f:
        cases = json.load(f)
    for case in cases:
        run(case, d)
    with open(os.path.join(d, "info.json"), "w") as f:
        json.dump(info(), f)


if __name__ == "__main__":
    main()
