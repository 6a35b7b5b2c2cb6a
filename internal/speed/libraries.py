"""Times the libraries' Adagrad steps for internal/speed, which runs this
script and talks to it in turns: each line on stdin is a JSON request, each
line on stdout the answer. Requests:

    {"prepare": CASE, "n": N, "nnz": K}   set up CASE on N float64 parameters
    {"time": CASE, "seconds": S}          step it for about S seconds; answer
                                          {"ns": per step, "steps": count}
    {"release": CASE}                     drop its arrays
    {"versions": true}                    the libraries' versions

CASE is torch-single, torch-foreach, torch-fused, torch-sparse (K random
nonzeros per step, fresh indices every step), optax-jit, keras-apply or
keras-jit. Everything is float64 on the CPU with the libraries' default
threads.
"""

import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

cases = {}


def torch_dense(n, **kw):
    import torch

    p = torch.randn(n, dtype=torch.float64, requires_grad=True)
    p.grad = torch.randn(n, dtype=torch.float64)
    opt = torch.optim.Adagrad([p], lr=0.01, **kw)
    opt.step()
    return opt.step


def torch_sparse(n, nnz):
    import torch

    p = torch.randn(n, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adagrad([p], lr=0.01)
    rng = np.random.default_rng(1)
    # Fresh indices every step, as the Go cases have: n of them in all
    # before any comes back, so that no step finds its rows in cache.
    pool = [torch.from_numpy(rng.integers(0, n, nnz)).reshape(1, -1) for _ in range(max(64, -(-n // nnz)))]
    vals = torch.randn(nnz, dtype=torch.float64)
    # Sparse invariant checks off, PyTorch's default, said outright: else
    # PyTorch 2 warns about the default at every run.
    torch.sparse.check_sparse_tensor_invariants.disable()
    grads = [torch.sparse_coo_tensor(i, vals, (n,)) for i in pool]
    at = [0]

    def step():
        p.grad = grads[at[0] % len(grads)]
        at[0] += 1
        opt.step()

    step()
    return step


def jax_x64():
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax


def optax_jit(n):
    jax = jax_x64()
    import jax.numpy as jnp
    import optax

    opt = optax.adagrad(0.01)

    @jax.jit
    def step(p, s, g):
        u, s = opt.update(g, s, p)
        return optax.apply_updates(p, u), s

    rng = np.random.default_rng(1)
    state = {"p": jnp.asarray(rng.standard_normal(n))}
    state["s"] = opt.init(state["p"])
    g = jnp.asarray(rng.standard_normal(n))

    def run():
        state["p"], state["s"] = step(state["p"], state["s"], g)
        state["p"].block_until_ready()

    run()
    return run


def keras_opt(n):
    jax_x64()
    import keras

    keras.config.set_floatx("float64")
    rng = np.random.default_rng(1)
    v = keras.Variable(rng.standard_normal(n))
    opt = keras.optimizers.Adagrad(learning_rate=0.01)
    opt.build([v])
    g = keras.ops.convert_to_tensor(rng.standard_normal(n))
    return v, opt, g


def keras_apply(n):
    v, opt, g = keras_opt(n)

    def run():
        opt.apply([g], [v])
        v.value.block_until_ready()

    run()
    return run


def keras_jit(n):
    jax = jax_x64()
    v, opt, g = keras_opt(n)
    step = jax.jit(lambda ov, g, tv: opt.stateless_apply(ov, [g], tv))
    state = {"tv": [v.value], "ov": [w.value for w in opt.variables]}

    def run():
        state["tv"], state["ov"] = step(state["ov"], g, state["tv"])
        state["tv"][0].block_until_ready()

    run()
    return run


def prepare(case, n, nnz):
    if case == "torch-single":
        return torch_dense(n, foreach=False)
    if case == "torch-foreach":
        return torch_dense(n, foreach=True)
    if case == "torch-fused":
        return torch_dense(n, fused=True)
    if case == "torch-sparse":
        return torch_sparse(n, nnz)
    if case == "optax-jit":
        return optax_jit(n)
    if case == "keras-apply":
        return keras_apply(n)
    if case == "keras-jit":
        return keras_jit(n)
    raise ValueError("unknown case " + case)


def versions():
    out = {}
    import torch

    out["torch"] = torch.__version__
    out["torch_threads"] = torch.get_num_threads()
    jax = jax_x64()
    import keras
    import optax

    out["jax"], out["optax"], out["keras"] = jax.__version__, optax.__version__, keras.__version__
    return out


def main():
    for line in sys.stdin:
        req = json.loads(line)
        if "prepare" in req:
            cases[req["prepare"]] = prepare(req["prepare"], req["n"], req.get("nnz", 0))
            ans = {}
        elif "time" in req:
            step, steps = cases[req["time"]], 0
            step()  # untimed, as the Go cases' first step of a round
            start = time.perf_counter()
            while True:
                step()
                steps += 1
                elapsed = time.perf_counter() - start
                if elapsed >= req["seconds"] and steps >= 3:
                    break
            ans = {"ns": elapsed / steps * 1e9, "steps": steps}
        elif "release" in req:
            cases.pop(req["release"], None)
            ans = {}
        else:
            ans = versions()
        print(json.dumps(ans), flush=True)


if __name__ == "__main__":
    main()
