"""Lets the package index's PyTorch wheel for Linux x86_64 import without
its CUDA libraries. Run by scripts/install-libraries with the virtual
environment's Python, after `pip install --no-deps torch`.

That wheel is built for CUDA: its libraries list libcudart, libcublas,
libcudnn and eight more as NEEDED, and a plain `pip install torch` brings
them as about 2.5 GB of nvidia-* packages that a CPU never runs. The CPU
kernels are in libtorch_cpu.so and call none of them. This script builds,
for every library torch's binaries need and this machine lacks, a small
stand-in with the same name, the same symbol versions and every symbol
torch refers to. Each of its functions returns 100 (cudaErrorNoDevice), so
torch.cuda.is_available() is False and nothing else calls them. The
stand-ins go in site-packages/nvidia/cu13/lib, a directory of torch's own
RPATH, where the nvidia-* packages put the real ones: no LD_LIBRARY_PATH,
no change to torch's files, and installing those packages replaces them.

Needs readelf (binutils) and a C compiler. Prints one line.
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile

ERROR = 100  # cudaErrorNoDevice: "no CUDA-capable device is detected"


def readelf(*args):
    return subprocess.run(["readelf", "-W", *args], check=True, capture_output=True, text=True).stdout


def needed(lib):
    """The sonames lib needs, and its RPATH/RUNPATH directories."""
    out = readelf("-d", lib)
    sonames = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)
    paths = []
    for p in re.findall(r"\((?:RPATH|RUNPATH)\)\s+Library r(?:un)?path: \[(.+?)\]", out):
        paths += [os.path.normpath(d.replace("$ORIGIN", os.path.dirname(lib))) for d in p.split(":")]
    return sonames, paths


def version_needs(lib):
    """Maps each soname to the symbol versions lib requires of it."""
    needs, current = {}, None
    for line in readelf("-V", lib).splitlines():
        m = re.search(r"File: (\S+)\s+Cnt:", line)
        if m:
            current = needs.setdefault(m.group(1), set())
            continue
        m = re.search(r"Name: (\S+)\s+Flags:", line)
        if m and current is not None:
            current.add(m.group(1))
    return needs


def symbols(lib):
    """lib's dynamic symbols: (undefined [(name, version, type)], defined {name})."""
    undefined, defined = [], set()
    for line in readelf("--dyn-syms", lib).splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(":"):
            continue
        typ, bind, ndx, name = f[3], f[4], f[6], f[7]
        name, _, version = name.partition("@")
        version = version.lstrip("@")
        if ndx == "UND":
            if name and bind != "WEAK":
                undefined.append((name, version, typ))
        else:
            defined.add(name)
    return undefined, defined


def system_library(soname):
    """The path of soname as the dynamic linker finds it, or None."""
    out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.strip().split(" => ")
        if len(f) == 2 and f[0].split()[0] == soname and "x86-64" in f[0]:
            return f[1]
    return None


def main():
    spec = importlib.util.find_spec("torch")
    if spec is None:
        sys.exit("torch-cpu-stubs: torch is not installed in this Python")
    torch_dir = spec.submodule_search_locations[0]
    site = os.path.dirname(torch_dir)
    stub_dir = os.path.join(site, "nvidia", "cu13", "lib")
    libs = []
    for root, _, files in os.walk(torch_dir):
        libs += [os.path.join(root, f) for f in files if re.search(r"\.so(\.\d+)*$", f)]
    own = {os.path.basename(l): l for l in libs}

    missing, versions, undefined, defined, scanned = {}, {}, [], set(), set()
    for lib in libs:
        sonames, paths = needed(lib)
        for s in sonames:
            if s in own or s in missing:
                continue
            path = system_library(s)
            if path:
                if path not in scanned:
                    scanned.add(path)
                    defined |= symbols(path)[1]
                continue
            if not os.path.isfile(os.path.join(stub_dir, s)) or is_stub(os.path.join(stub_dir, s)):
                missing[s] = set()
            if stub_dir not in paths:
                sys.exit(f"torch-cpu-stubs: {lib} does not look in {stub_dir} for {s}")
        for s, vs in version_needs(lib).items():
            versions.setdefault(s, set()).update(vs)
        u, d = symbols(lib)
        undefined += u
        defined |= d
    if not missing:
        print("torch-cpu-stubs: every library torch needs is present; nothing to do")
        return

    # A versioned symbol belongs to the library that defines its version;
    # an unversioned one that nothing present defines goes in every stand-in.
    owner = {v: s for s, vs in versions.items() if s in missing for v in vs}
    loose = {}
    for name, version, typ in undefined:
        if version in owner:
            missing[owner[version]].add((name, version, typ))
        elif not version and name not in defined:
            loose[name] = typ

    os.makedirs(stub_dir, exist_ok=True)
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for soname, syms in sorted(missing.items()):
            build(tmp, stub_dir, soname, versions.get(soname, set()), syms, loose)
            count += len(syms)
    print(f"torch-cpu-stubs: {len(missing)} CUDA libraries stood in for in {stub_dir} "
          f"({', '.join(sorted(missing))}; {count} versioned and {len(loose)} other symbols)")


MARK = "torch-cpu-stubs stand-in"


def is_stub(path):
    with open(path, "rb") as f:
        return MARK.encode() in f.read()


def build(tmp, stub_dir, soname, versions, syms, loose):
    c = [f'const char torch_cpu_stub_mark[] = "{MARK}";',
         'static const char message[] = "no CUDA: this is a CPU-only stand-in";']
    nodes = {v: [] for v in versions}
    seen = set()
    for i, (name, version, typ) in enumerate(sorted(syms) + sorted((n, "", t) for n, t in loose.items())):
        if name in seen:
            continue
        seen.add(name)
        if version:
            nodes[version].append(name)
        if typ == "OBJECT" or typ == "TLS":
            c.append(f'char s{i}[256] __asm__("{name}") __attribute__((aligned(64)));')
        elif re.search(r"GetError(String|Name)$|ErrorString$", name):
            c.append(f'const char *f{i}(void) __asm__("{name}");')
            c.append(f"const char *f{i}(void) {{ return message; }}")
        else:
            c.append(f'int f{i}(void) __asm__("{name}");')
            c.append(f"int f{i}(void) {{ return {ERROR}; }}")
    # Every version node the dependents ask for, each exporting its symbols;
    # the rest (unversioned) are exported by the last node, unversioned
    # references binding to any definition.
    script = []
    for v in sorted(nodes):
        body = "".join(f'"{n}";' for n in nodes[v])
        script.append(f"{v} {{ global: {body} }};")
    loose_body = "".join(f'"{n}";' for n in sorted(set(loose) - {n for v in nodes for n in nodes[v]}))
    script.append(f"STUB_LOCAL {{ global: torch_cpu_stub_mark;{loose_body} local: *; }};")
    src, ver = os.path.join(tmp, soname + ".c"), os.path.join(tmp, soname + ".map")
    with open(src, "w") as f:
        f.write("\n".join(c) + "\n")
    with open(ver, "w") as f:
        f.write("\n".join(script) + "\n")
    out = os.path.join(stub_dir, soname)
    subprocess.run([os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O0", "-w", "-o", out + ".tmp",
                    f"-Wl,-soname,{soname}", f"-Wl,--version-script={ver}", src], check=True)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
