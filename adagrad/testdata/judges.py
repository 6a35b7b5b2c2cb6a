"""Runs the libraries' own Adagrad on the cases the Go tests describe
(judges_test.go). Run by the tests; by hand:

    .venv/libraries/bin/python adagrad/testdata/judges.py DIR

DIR/cases.json lists the cases. Each names a library and a path through it:

    torch  default (no foreach or fused argument: single-tensor on the CPU),
           single (foreach=False), foreach, fused, sparse (the gradient as
           an uncoalesced sparse_coo_tensor, duplicates included)
    keras  eager (optimizer.apply, op by op), jit (stateless_apply under
           jax.jit), eager-floatx32 (floatx float32, float64 variables)
    optax  eager (update and apply_updates, op by op), jit (both under
           jax.jit)

For a case NAME the script reads DIR/NAME.x0 (the start, n float64
little-endian) and, for "func": "given", DIR/NAME.g (steps*n gradients, one
step after another) or, for "func": "sparse", DIR/NAME.nnz (steps int64
counts), DIR/NAME.idx (their int64 indices, one step after another) and
DIR/NAME.g (their values). It writes DIR/NAME.out: the points after each step
0..steps (start included), then the accumulators after each step 0..steps,
float64 little-endian. The gradients of "cubic" and "quadratic2d" are
computed in Python floats with the operations, and in the order, of the Go
package tutorial. Keras and Optax have no maximize option: for them the
script negates the gradient, as their users do.

For a case with "roots_wanted" (PyTorch's paths but fused, Optax's eager
path) the script also writes DIR/NAME.roots: the square roots the library
takes at each step, torch.sqrt(acc) or jax.lax.rsqrt(acc + eps) of the
accumulators after steps 1..steps, so that a test can check that the roots
are all that differs.

Path "coalesce" of torch takes one sparse gradient and writes
DIR/NAME.coalesced: the coalesced tensor's indices (int64) then its values
(float64), and DIR/NAME.perm: the permutation torch's sort of the indices
gives (the sort coalesce uses), to check the order in which repeated
indices are added.

DIR/info.json gets each library's version, PyTorch's CPU kernels
(ATEN_CPU_CAPABILITY changes them) and every library's Adagrad defaults.
Only the libraries the cases name are imported, so Debian's Python, which
has only PyTorch 1.13, runs the torch cases.
"""

import inspect
import json
import os
import re
import sys

import numpy as np


def cubic_deriv(x):
    return 1 - 3 * (x * x)


def quadratic_grad(x, y):
    return [4 * x + 2 * y - 6, 2 * x + 4 * y]


class Gradients:
    """The gradient of each step: from the files, or the tutorial's functions."""

    def __init__(self, case, d):
        self.case, n, steps = case, case["n"], case["steps"]
        base = os.path.join(d, case["name"])
        self.dense = self.sparse = None
        if case["func"] == "given":
            self.dense = np.fromfile(base + ".g", dtype="<f8").reshape(steps, n)
        elif case["func"] == "sparse":
            counts = np.fromfile(base + ".nnz", dtype="<i8")
            idx = np.fromfile(base + ".idx", dtype="<i8")
            vals = np.fromfile(base + ".g", dtype="<f8")
            starts = np.concatenate([[0], np.cumsum(counts)])
            self.sparse = [(idx[a:b], vals[a:b]) for a, b in zip(starts[:-1], starts[1:])]

    def at(self, s, x):
        """Step s's dense gradient at x (a list of Python floats)."""
        if self.dense is not None:
            return self.dense[s]
        f = self.case["func"]
        if f == "cubic":
            return np.array([cubic_deriv(x[0])])
        if f == "quadratic2d":
            return np.array(quadratic_grad(x[0], x[1]))
        raise ValueError("no dense gradient for func " + f)


def write(case, d, xs, accs, roots=None):
    out = np.concatenate([np.asarray(v, dtype="<f8") for v in xs + accs]).astype("<f8")
    out.tofile(os.path.join(d, case["name"] + ".out"))
    if roots:
        np.concatenate([np.asarray(v, dtype="<f8") for v in roots]).astype("<f8").tofile(
            os.path.join(d, case["name"] + ".roots"))


def sparse_grad(torch, idx, vals, n):
    return torch.sparse_coo_tensor(torch.from_numpy(idx.copy()).reshape(1, -1),
                                   torch.from_numpy(vals.copy()), (n,))


def run_torch(case, d, grads, x0):
    import torch

    path = case["path"]
    if path == "coalesce":
        idx, vals = grads.sparse[0]
        t = sparse_grad(torch, idx, vals, case["n"]).coalesce()
        out = os.path.join(d, case["name"] + ".coalesced")
        with open(out, "wb") as f:
            f.write(t.indices()[0].numpy().astype("<i8").tobytes())
            f.write(t.values().numpy().astype("<f8").tobytes())
        _, perm = torch.from_numpy(idx.copy()).sort(0)
        perm.numpy().astype("<i8").tofile(os.path.join(d, case["name"] + ".perm"))
        return
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    kw = dict(lr=case["lr"], lr_decay=case["lr_decay"], weight_decay=case["weight_decay"],
              initial_accumulator_value=case["acc0"], eps=case["eps"], maximize=case["maximize"])
    if path == "single":
        kw["foreach"] = False
    elif path == "foreach":
        kw["foreach"] = True
    elif path == "fused":
        kw["fused"] = True
    elif path not in ("default", "sparse"):
        raise ValueError("unknown torch path " + path)
    opt = torch.optim.Adagrad([p], **kw)
    if case.get("step0"):
        # The step counter as Adagrad keeps it: a float32 tensor (float64 if
        # asked, to show the difference).
        dtype = torch.float64 if case.get("step64") else torch.float32
        opt.state[p]["step"] = torch.tensor(float(case["step0"]), dtype=dtype)
    xs = [p.detach().numpy().copy()]
    accs = [opt.state[p]["sum"].numpy().copy()]
    roots = [] if case.get("roots_wanted") else None
    for s in range(case["steps"]):
        if path == "sparse":
            idx, vals = grads.sparse[s]
            p.grad = sparse_grad(torch, idx, vals, case["n"])
        else:
            p.grad = torch.tensor(grads.at(s, p.tolist()), dtype=torch.float64)
        opt.step()
        xs.append(p.detach().numpy().copy())
        accs.append(opt.state[p]["sum"].numpy().copy())
        if roots is not None:
            roots.append(opt.state[p]["sum"].sqrt().numpy().copy())
    write(case, d, xs, accs, roots)


def sign(case):
    return -1.0 if case["maximize"] else 1.0


def jax_x64():
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax


def run_keras(case, d, grads, x0):
    jax = jax_x64()
    import keras

    path = case["path"]
    keras.config.set_floatx("float32" if path == "eager-floatx32" else "float64")
    v = keras.Variable(np.array(x0, dtype=np.float64), dtype="float64")
    opt = keras.optimizers.Adagrad(learning_rate=case["lr"], initial_accumulator_value=case["acc0"],
                                   epsilon=case["eps"], weight_decay=case["weight_decay"] or None)
    opt.build([v])
    acc = opt._accumulators[0]
    xs, accs = [np.array(v.numpy())], [np.array(acc.numpy())]
    if path == "jit":
        step = jax.jit(lambda ov, g, tv: opt.stateless_apply(ov, [g], tv))
        tv, ov = [v.value], [w.value for w in opt.variables]
        at = next(i for i, w in enumerate(opt.variables) if w is acc)
    for s in range(case["steps"]):
        x = xs[-1]
        g = sign(case) * np.asarray(grads.at(s, x.tolist()), dtype=np.float64)
        if path == "jit":
            tv, ov = step(ov, g, tv)
            xs.append(np.array(tv[0]))
            accs.append(np.array(ov[at]))
        else:
            opt.apply([g], [v])
            xs.append(np.array(v.numpy()))
            accs.append(np.array(acc.numpy()))
    write(case, d, xs, accs)


def run_optax(case, d, grads, x0):
    jax = jax_x64()
    import jax.numpy as jnp
    import optax

    opt = optax.adagrad(case["lr"], initial_accumulator_value=case["acc0"], eps=case["eps"])

    def step(p, state, g):
        u, state = opt.update(g, state, p)
        return optax.apply_updates(p, u), state

    if case["path"] == "jit":
        step = jax.jit(step)
    elif case["path"] != "eager":
        raise ValueError("unknown optax path " + case["path"])
    p = jnp.asarray(np.array(x0, dtype=np.float64))
    state = opt.init(p)
    xs, accs = [np.array(p)], [np.array(state[0].sum_of_squares)]
    roots = [] if case.get("roots_wanted") else None
    for s in range(case["steps"]):
        g = sign(case) * np.asarray(grads.at(s, xs[-1].tolist()), dtype=np.float64)
        p, state = step(p, state, jnp.asarray(g))
        xs.append(np.array(p))
        accs.append(np.array(state[0].sum_of_squares))
        if roots is not None:
            roots.append(np.array(jax.lax.rsqrt(state[0].sum_of_squares + case["eps"])))
    write(case, d, xs, accs, roots)


def defaults(f, skip=()):
    return {k: v.default for k, v in inspect.signature(f).parameters.items()
            if v.default is not inspect.Parameter.empty and k not in skip
            and isinstance(v.default, (int, float, bool))}


def info(libraries):
    out = {}
    if "torch" in libraries:
        import torch

        cap = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
        out["torch"] = {"version": torch.__version__, "capability": cap.group(1) if cap else "",
                        "defaults": defaults(torch.optim.Adagrad.__init__)}
    if "keras" in libraries:
        import keras

        out["keras"] = {"version": keras.__version__, "backend": keras.backend.backend(),
                        "defaults": defaults(keras.optimizers.Adagrad.__init__)}
    if "optax" in libraries:
        import jax
        import optax

        out["optax"] = {"version": optax.__version__, "jax": jax.__version__,
                        "defaults": defaults(optax.adagrad)}
    return out


def main():
    d = sys.argv[1]
    with open(os.path.join(d, "cases.json")) as f:
        cases = json.load(f)
    run = {"torch": run_torch, "keras": run_keras, "optax": run_optax}
    for case in cases:
        x0 = np.fromfile(os.path.join(d, case["name"] + ".x0"), dtype="<f8")
        assert x0.shape == (case["n"],), case["name"]
        run[case["library"]](case, d, Gradients(case, d), x0)
    with open(os.path.join(d, "info.json"), "w") as f:
        json.dump(info({c["library"] for c in cases}), f)


if __name__ == "__main__":
    os.environ.setdefault("KERAS_BACKEND", "jax")  # read when keras is imported
    main()
