package browsertest

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/chromedp/chromedp"
)

// A frontEnd is everything the tests know about one Jupyter front end: its
// server, its addresses, how a learner (or the front end's own test
// framework) drives it, and how to read what it shows. Nothing about a
// front end's page is written anywhere else.
type frontEnd struct {
	id   string // short, for subtests, file names and ADAGRAD_FRONT_ENDS
	name string

	// server names the front end's server and its copy of the project.
	server string
	// missing says why the front end cannot run for the newcomer (not
	// installed), or "".
	missing func(n *newcomer) string
	// command starts the server on the folder, the address and the token.
	command func(n *newcomer, dir, ip string, port int, token string) *exec.Cmd
	// servedElsewhere gives the server's flags to serve under baseURL
	// ("" for "/") and to answer a page whose host name is not local, as
	// a server on a LAN address or behind JupyterHub does.
	servedElsewhere func(baseURL string) []string
	// servedHTTPS gives the server's flags to serve https with the
	// certificate and key files.
	servedHTTPS func(cert, key string) []string
	// notebookURL is the address that opens one notebook.
	notebookURL func(base, name, token string) string

	// loaded is a JavaScript expression, true once the notebook shows and
	// its kernel is connected.
	loaded string
	// driver is JavaScript that installs window.bt, the test's handle on
	// the page; open installs it once loaded is true. Every driver gives:
	//
	//	bt.idle()         true while the kernel is connected and idle
	//	bt.runDone()      true once Run All is over: idle, no cell waiting
	//	bt.cellCount()    how many cells the notebook has
	//	bt.cellState(i)   "queued" (waiting or running), "done" (ran) or "never", for cell i
	//	bt.cell(i)        cell i's element; bt.output(i), the element of its outputs
	//	bt.show(i)        scrolls cell i into view: a promise, resolved once it is laid out
	//	bt.state()        a promise of what the outputs show (pageState);
	//	                  bt.state({comments: false}) need not count highlighted comments
	//	bt.scroller()     the element the notebook scrolls in
	//	bt.dirty()        whether the page has changes it has not saved
	//	bt.languageInfo() the notebook's language_info as the page holds it
	//
	// Cells are counted from 0 over all cells, as in the file.
	driver string

	// What a learner does, as actions in the page.
	clearOutputs, runAll, interrupt, save chromedp.Action[chromedp.Void]
	runCell                               func(i int) chromedp.Action[chromedp.Void]

	// CSS selectors, relative to the document.
	notebook string // the element that holds every cell
	cell     string // any cell (code or Markdown)
	output   string // one output of a cell (a stream, a figure, an error...)
	// errorBox matches outputs that show an error or a stream to stderr.
	errorBox string

	// keepsHighlighting is set where the server runs the project's
	// server config (tools/jupyter/jupyter_server_config.py), which saves
	// Go notebooks with Go's highlighting names.
	keepsHighlighting bool
}

// frontEnds are the front ends the tests run in, in the order they run.
var frontEnds = []*frontEnd{&jupyterLab, &notebook7, &classicNotebook}

// The Jupyter the project pins (tools/jupyter/requirements.txt), which
// scripts/install-jupyter installs in .venv/jupyter: JupyterLab 4 and
// Notebook 7 are served from it, each by a server of its own (any of the
// two serves both), so that they can run side by side.
var (
	jupyterLab = frontEnd{
		id:          "lab",
		name:        "JupyterLab 4",
		server:      "lab",
		missing:     pinnedMissing,
		command:     pinnedServer,
		notebookURL: labURL("/lab/tree/"),
	}
	notebook7 = frontEnd{
		id:          "notebook7",
		name:        "Jupyter Notebook 7",
		server:      "notebook7",
		missing:     pinnedMissing,
		command:     pinnedServer,
		notebookURL: labURL("/notebooks/"),
	}
)

func init() {
	for _, fe := range []*frontEnd{&jupyterLab, &notebook7} {
		fe.keepsHighlighting = true
		fe.servedHTTPS = func(cert, key string) []string {
			return []string{"--ServerApp.certfile=" + cert, "--ServerApp.keyfile=" + key}
		}
		fe.servedElsewhere = func(baseURL string) []string {
			return []string{"--ServerApp.base_url=" + cmp.Or(baseURL, "/"), "--ServerApp.allow_remote_access=True"}
		}
		fe.loaded = labLoaded
		fe.driver = labDriver
		fe.clearOutputs = labCommand("editmenu:clear-all", true)
		fe.runAll = labCommand("notebook:run-all-cells", false)
		fe.interrupt = labCommand("kernelmenu:interrupt", true)
		fe.save = labCommand("docmanager:save", true)
		fe.runCell = func(i int) chromedp.Action[chromedp.Void] {
			return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(async () => {
				const nb = bt.panel().content;
				await bt.show(%d);
				nb.deselectAll();
				nb.activeCellIndex = %[1]d;
				jupyterapp.commands.execute("notebook:run-cell"); // done when the cell is
			})()`, i), chromedp.EvalAwaitPromise)
		}
		fe.notebook = ".jp-Notebook"
		fe.cell = ".jp-Notebook .jp-Cell"
		fe.output = ".jp-OutputArea-output"
		fe.errorBox = `.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`
	}
}

// venvDir is the pinned environment that scripts/install-jupyter makes.
func venvDir(repo string) string {
	if d := os.Getenv("ADAGRAD_JUPYTER_VENV"); d != "" {
		return d
	}
	return filepath.Join(repo, ".venv", "jupyter")
}

// pinnedMissing says why the pinned environment cannot serve: missing, or
// made from another lock.
func pinnedMissing(n *newcomer) string {
	venv := venvDir(n.from)
	lock, err := os.ReadFile(filepath.Join(n.from, "tools", "jupyter", "requirements.txt"))
	if err != nil {
		return err.Error()
	}
	have, err := os.ReadFile(filepath.Join(venv, "adagrad-requirements.txt"))
	switch {
	case err != nil:
		return fmt.Sprintf("the pinned JupyterLab and Notebook 7 are not installed in %s (scripts/install-jupyter installs them where the Python package index is reachable)", venv)
	case !bytes.Equal(have, lock):
		return fmt.Sprintf("%s holds another lock than tools/jupyter/requirements.txt: run scripts/install-jupyter", venv)
	}
	config, err := os.ReadFile(filepath.Join(n.from, "tools", "jupyter", "jupyter_server_config.py"))
	if err != nil {
		return err.Error()
	}
	if have, err := os.ReadFile(filepath.Join(venv, "etc", "jupyter", "jupyter_server_config.py")); err != nil || !bytes.Equal(have, config) {
		return fmt.Sprintf("%s lacks the project's server config (tools/jupyter/jupyter_server_config.py): run scripts/install-jupyter", venv)
	}
	return ""
}

func pinnedServer(n *newcomer, dir, ip string, port int, token string) *exec.Cmd {
	// JupyterLab asks a newcomer, in a box over the notebook, whether to
	// fetch Jupyter's news: answer "no", as the newcomer clicks it away.
	settings := filepath.Join(n.home, ".jupyter", "lab", "user-settings", "@jupyterlab", "apputils-extension")
	if err := os.MkdirAll(settings, 0o755); err == nil {
		os.WriteFile(filepath.Join(settings, "notification.jupyterlab-settings"), []byte(`{"fetchNews": "false"}`+"\n"), 0o644)
	}
	// --expose-app-in-browser gives the page window.jupyterapp, as
	// JupyterLab's own browser tests (Galata) use it; it changes nothing
	// else. The project's server config (the Go highlighting hook) is in
	// the environment, which every server started from it reads.
	args := []string{"--no-browser", "--ip=" + ip, "--port=" + itoa(port), "--port-retries=0",
		"--IdentityProvider.token=" + token, "--ServerApp.root_dir=" + dir,
		"--expose-app-in-browser", "--JupyterNotebookApp.expose_app_in_browser=True"}
	if os.Geteuid() == 0 { // CI runs as root; Jupyter refuses without this
		args = append(args, "--allow-root")
	}
	return exec.Command(filepath.Join(venvDir(n.from), "bin", "jupyter-lab"), args...)
}

// labURL opens a notebook under path; reset starts from an empty
// workspace, so that JupyterLab does not reopen (and start kernels for)
// the notebooks an earlier visit left open.
func labURL(path string) func(base, name, token string) string {
	return func(base, name, token string) string {
		return base + path + url.PathEscape(name) + "?reset&token=" + url.QueryEscape(token)
	}
}

// labCommand runs one of the application's commands on the notebook, as
// Galata does, and waits until it is done if wait is set (running all
// cells is done when the last cell is, which a playground holds back).
func labCommand(id string, wait bool) chromedp.Action[chromedp.Void] {
	await := ""
	if wait {
		await = "await "
	}
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(async () => {
		jupyterapp.shell.activateById(bt.panel().id);
		%sjupyterapp.commands.execute(%q);
	})()`, await, id), chromedp.EvalAwaitPromise)
}

// labPanel finds the notebook's panel among the application's widgets.
const labPanel = `[...(globalThis.jupyterapp?.shell.widgets("main") ?? [])].find(w => w.content?.model?.cells)`

// labLoaded: the notebook's model is read and its kernel connected.
const labLoaded = `(() => {
	const w = ` + labPanel + `;
	return !!w && w.context.isReady && w.content.widgets.length === w.content.model.cells.length &&
		w.sessionContext.session?.kernel?.connectionStatus === "connected";
})()`

// labDriver reads JupyterLab's (and Notebook 7's) notebook model, which
// holds every cell and output whether or not the page has them in its
// document (JupyterLab 4.2 and later may leave cells out of view out of
// it), and the document only for what must be seen: figures and the
// editor's highlighting, after scrolling each cell into view.
const labDriver = `window.bt = {
	panel() { return ` + labPanel + `; },
	model() { return this.panel().content.model; },
	idle() {
		const k = this.panel().sessionContext.session?.kernel;
		// GoNB sends no status until it first runs a cell: "unknown".
		return !!k && k.connectionStatus === "connected" && (k.status === "idle" || k.status === "unknown");
	},
	// Run All is over when the toolbar's indicator (present in JupyterLab
	// and Notebook 7) says idle and no cell waits.
	runDone() {
		const ind = this.panel().node.querySelector(".jp-Notebook-ExecutionIndicator");
		const m = this.model();
		for (let i = 0; i < m.cells.length; i++) if (this.cellState(i) === "queued") return false;
		return this.idle() && (!ind || ind.dataset.status === "idle");
	},
	cellCount() { return this.model().cells.length; },
	cellState(i) {
		const c = this.model().cells.get(i);
		if (c.type !== "code") return "never";
		if (c.executionState === "running") return "queued";
		return c.executionCount != null ? "done" : "never";
	},
	cell(i) { return this.panel().content.widgets[i].node; },
	output(i) { return this.panel().content.widgets[i].outputArea.node; },
	async show(i) {
		const nb = this.panel().content;
		await nb.scrollToItem(i, "center");
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	},
	scroller() { return this.panel().node.querySelector(".jp-WindowedPanel-outer"); },
	dirty() { return this.panel().context.model.dirty; },
	languageInfo() { return this.model().getMetadata("language_info") ?? null; },
	async state(opts = {comments: true}) {
		const m = this.model(), st = {errors: [], kinds: [], outputs: [], images: [], done: 0, queued: 0, comments: 0};
		const join = t => Array.isArray(t) ? t.join("") : (t ?? "");
		const htmlText = h => new DOMParser().parseFromString(h, "text/html").body.textContent;
		for (let i = 0; i < m.cells.length; i++) {
			const c = m.cells.get(i);
			if (c.type !== "code") continue;
			const s = this.cellState(i);
			if (s === "done") st.done++;
			if (s === "queued") st.queued++;
			let images = 0;
			for (let j = 0; j < c.outputs.length; j++) {
				const o = c.outputs.get(j).toJSON();
				const data = o.data ?? {};
				const html = join(data["text/html"]);
				const text = o.output_type === "stream" ? join(o.text) :
					o.output_type === "error" ? o.ename + ": " + o.evalue + "\n" + (o.traceback ?? []).join("\n") :
					html ? htmlText(html) : join(data["text/plain"]);
				st.outputs.push(text);
				const kind = o.output_type === "error" ? "error" : o.output_type === "stream" && o.name === "stderr" ? "stderr" :
					/class="[^"]*\bgonb-err/.test(html) ? "gonb-err" : "";
				if (kind) { st.errors.push(text.trim().slice(0, 500)); st.kinds.push(kind); }
				if (/<img\b/.test(html) || Object.keys(data).some(k => k.startsWith("image/"))) images++;
			}
			const comment = opts.comments && /^\s*\/\//m.test(c.sharedModel.getSource());
			if (!images && !comment) continue;
			await this.show(i);
			const node = this.cell(i);
			if (comment) {
				// A comment is highlighted when it is coloured otherwise
				// than the code around it.
				const t0 = performance.now();
				let shown = false;
				while (!shown && performance.now() - t0 < 2000) {
					shown = [...node.querySelectorAll(".cm-line span")].some(sp => sp.textContent.startsWith("//") &&
						getComputedStyle(sp).color !== getComputedStyle(sp.closest(".cm-line")).color);
					if (!shown) await new Promise(r => setTimeout(r, 50));
				}
				if (shown) st.comments++;
			}
			const imgs = [...node.querySelectorAll(".jp-OutputArea-output img")];
			await Promise.all(imgs.map(im => im.decode().catch(() => {})));
			for (const im of imgs) st.images.push({kind: (im.src.match(/^data:image\/([a-z]+)/) || [null, "url"])[1], complete: im.complete, width: im.naturalWidth});
		}
		return st;
	},
};`

// classicNotebook is Jupyter Notebook 6.4, as Debian ships it.
var classicNotebook = frontEnd{
	id:     "classic",
	name:   "Jupyter Notebook 6 (classic)",
	server: "classic",
	missing: func(n *newcomer) string {
		cmd := exec.Command("jupyter", "notebook", "--version")
		cmd.Env = n.env
		out, err := cmd.Output()
		if v := strings.TrimSpace(string(out)); err != nil || !strings.HasPrefix(v, "6.") {
			return "classic Jupyter Notebook 6 is not installed (jupyter notebook --version: " + strings.TrimSpace(v+" "+errString(err)) + ")"
		}
		return ""
	},
	command: func(n *newcomer, dir, ip string, port int, token string) *exec.Cmd {
		args := []string{"notebook", "--no-browser", "--ip=" + ip, "--port=" + itoa(port), "--port-retries=0",
			"--NotebookApp.token=" + token, "--notebook-dir=" + dir}
		if os.Geteuid() == 0 { // CI runs as root; Jupyter refuses without this
			args = append(args, "--allow-root")
		}
		return exec.Command("jupyter", args...)
	},
	servedElsewhere: func(baseURL string) []string {
		return []string{"--NotebookApp.base_url=" + cmp.Or(baseURL, "/"), "--NotebookApp.allow_remote_access=True"}
	},
	servedHTTPS: func(cert, key string) []string {
		return []string{"--NotebookApp.certfile=" + cert, "--NotebookApp.keyfile=" + key}
	},
	notebookURL: func(base, name, token string) string {
		return base + "/notebooks/" + url.PathEscape(name) + "?token=" + url.QueryEscape(token)
	},

	loaded: `typeof Jupyter !== "undefined" && !!Jupyter.notebook && Jupyter.notebook._fully_loaded === true`,
	// The page's own objects for the kernel and dirtiness, its document
	// for everything else: every cell is in it.
	driver: `window.bt = {
	idle() { return !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"); },
	runDone() {
		return this.idle() && ![...document.querySelectorAll("#notebook-container > .cell")].some((_, i) => this.cellState(i) === "queued");
	},
	cellCount() { return document.querySelectorAll("#notebook-container > .cell").length; },
	// The prompt reads "In [*]:" while queued or running, "In [12]:" once
	// run and "In [ ]:" before.
	cellState(i) {
		const p = this.cell(i).querySelector(".input_prompt");
		if (!p || !this.cell(i).matches(".code_cell")) return "never";
		return /\[\*\]/.test(p.textContent) ? "queued" : /\[\d+\]/.test(p.textContent) ? "done" : "never";
	},
	cell(i) { return document.querySelectorAll("#notebook-container > .cell")[i]; },
	output(i) { return this.cell(i).querySelector(".output_wrapper"); },
	async show(i) { this.cell(i).scrollIntoView({block: "center"}); },
	scroller() { return document.querySelector("#site"); },
	dirty() { return Jupyter.notebook.dirty; },
	languageInfo() { return Jupyter.notebook.metadata.language_info ?? null; },
	async state() {
		const q = s => [...document.querySelectorAll(s)];
		const cells = q("#notebook-container > .cell");
		const states = cells.map((_, i) => this.cellState(i));
		// GoNB's HTML error box is many elements: the whole output says it.
		const errors = q(` + strconv.Quote(".output_area .output_error, .output_area .output_stderr, .output_area:has("+gonbError+")") + `);
		return {
			errors: errors.map(e => e.innerText.trim().slice(0, 500)),
			kinds: errors.map(e => e.matches(".output_error") ? "error" : e.matches(".output_stderr") ? "stderr" : "gonb-err"),
			outputs: q(".output_area").map(o => o.innerText),
			images: q(".output_area img").map(i => ({kind: (i.src.match(/^data:image\/([a-z]+)/) || [null, "url"])[1], complete: i.complete, width: i.naturalWidth})),
			done: states.filter(s => s === "done").length,
			queued: states.filter(s => s === "queued").length,
			comments: q("#notebook-container > .cell.code_cell:has(.CodeMirror .cm-comment)").length,
		};
	},
};
// An output taller than 100 lines scrolls inside a box of its own; a
// screenshot of it would show a part.
IPython.OutputArea.auto_scroll_threshold = -1;`,

	clearOutputs: clickPath([]string{"#celllink", "hover #all_outputs > a", "#clear_all_output > a"}),
	runAll:       clickPath([]string{"#celllink", "#run_all_cells > a"}),
	interrupt:    clickPath([]string{"#kernellink", "#int_kernel > a"}),
	save:         clickPath([]string{"#filelink", "#save_checkpoint > a"}),
	// A learner clicks the cell's prompt to select it, then Run.
	runCell: func(i int) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Click(chromedp.CSS(fmt.Sprintf("#notebook-container > .cell:nth-child(%d) .input_prompt", i+1))),
			clickPath([]string{`#run_int > button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]`}))
	},

	notebook: "#notebook-container",
	cell:     "#notebook-container > .cell",
	output:   ".output_area",
	errorBox: ".output_area .output_error, .output_area .output_stderr",
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// evalAction runs JavaScript in the page, awaiting it if it is a promise.
func evalAction(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)
}
