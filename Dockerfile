# JupyterLab with the GoNB kernel and the Adagrad tutorial's notebooks.
#
#   docker build -t adagrad-tutorial .
#   docker run --rm -p 127.0.0.1:8888:8888 adagrad-tutorial
#
# then open the http://127.0.0.1:8888/lab?token=... address that the
# container prints. The same image serves part 5's playground as a web page
# without Jupyter (Go compiled to WebAssembly, no kernel):
#
#   docker run --rm -p 127.0.0.1:8080:8080 adagrad-tutorial adagrad web -addr 0.0.0.0:8080
#
# then open http://127.0.0.1:8080/. Everything is pinned, Jupyter's Python
# side too: the server is the JupyterLab of tools/jupyter/requirements.txt,
# the one the browser test drives, not the one the base image happened to
# bring. See the README for mounting a folder of your own.

# The Go toolchain, copied from the official image.
FROM golang:1.26.8-bookworm AS go

# JupyterLab from the Jupyter Docker Stacks, pinned to a dated build.
FROM quay.io/jupyter/base-notebook:2026-05-31

USER root
COPY --from=go /usr/local/go /usr/local/go
# The pinned Jupyter (below) first, so that start-notebook.py's "jupyter
# lab" and the health check's "jupyter" are its own.
ENV PATH=/home/jovyan/adagrad-tutorial/.venv/jupyter/bin:/usr/local/go/bin:/home/jovyan/go/bin:${PATH} \
    GOTOOLCHAIN=local \
    CGO_ENABLED=0

# The project, owned by the notebook user.
COPY --chown=${NB_UID}:${NB_GID} . /home/jovyan/adagrad-tutorial

USER ${NB_UID}
WORKDIR /home/jovyan/adagrad-tutorial

# JupyterLab, Notebook 7 and nbconvert exactly as tools/jupyter/requirements.txt
# pins them, in .venv/jupyter, by the script the tests use, from the base
# image's Python (3.13); with the project's server config (Go highlighting
# kept when a notebook is saved).
RUN ADAGRAD_JUPYTER_PYTHON=/opt/conda/bin/python3 scripts/install-jupyter --lab

# GoNB v0.11.4 with goimports and gopls (versions pinned in tools/go.mod),
# installed and registered as a kernel for jovyan by the script the tests
# use, which gives the kernel a PATH holding them and Go.
RUN scripts/install-gonb

# Warm: download the modules and execute every notebook once, with the same
# test that CI runs (scripts/run-notebooks, with the pinned nbconvert), so a
# user's first cell neither downloads nor compiles much, and a broken
# notebook fails the build. The notebooks run without ~/go/bin on PATH, so
# the build also proves that the kernel finds GoNB's tools through its own
# registered PATH. Then the adagrad command, and the web page built once
# (its packages compiled for js/wasm into Go's cache), so that "adagrad web"
# serves in seconds.
RUN go mod download && \
    PATH=$(printf %s "$PATH" | tr : '\n' | grep -vx /home/jovyan/go/bin | paste -sd : -) \
        ADAGRAD_REQUIRE_NOTEBOOKS=1 go test -count=1 ./notebooks && \
    go build -o /home/jovyan/go/bin/adagrad ./cmd/adagrad && \
    adagrad web -out /tmp/web-check && rm -rf /tmp/web-check

EXPOSE 8888 8080
# Healthy when it serves what it was started for: JupyterLab, or the web page.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD /etc/jupyter/docker_healthcheck.py || \
        python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/', timeout=5)" || exit 1

# The base image's start-notebook.py keeps token authentication on and prints
# the address with the token. The file browser opens on the notebooks.
CMD ["start-notebook.py", "--ServerApp.root_dir=/home/jovyan/adagrad-tutorial/notebooks"]
