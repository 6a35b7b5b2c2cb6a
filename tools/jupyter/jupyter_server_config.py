# The project's Jupyter server settings. scripts/install-jupyter puts this
# file into the pinned environment (.venv/jupyter/etc/jupyter), where every
# server started from it (jupyter lab, jupyter notebook) reads it; the
# Docker image has it there too.
#
# GoNB's kernel reports empty pygments_lexer and codemirror_mode in its
# language_info, and the page copies that into the notebook as soon as the
# kernel starts, so every save would write them empty, and code hosts then
# show the Go as Python. The hook below sets them back to "go" in each Go
# notebook as it is saved. It changes nothing else.


import warnings


def _go_highlighting(model, **kwargs):
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    meta = model["content"].get("metadata") or {}
    info = meta.get("language_info")
    if not isinstance(info, dict) or info.get("name") != "go":
        return
    for key in ("pygments_lexer", "codemirror_mode"):
        if not info.get(key):
            info[key] = "go"


c = get_config()  # noqa: F821 (given by Jupyter when it loads this file)
c.ContentsManager.pre_save_hook = _go_highlighting
# JupyterLab and Notebook 7 each load this file; the second setting of the
# same hook is no news.
warnings.filterwarnings("ignore", message=r"Overriding existing pre_save_hook \(_go_highlighting\) with a new one \(_go_highlighting\)")
