package browsertest

import (
	"net/url"
	"os"
	"os/exec"
)

// A frontEnd is everything the test knows about one Jupyter front end's
// page: its server command, its addresses, the menu items a learner clicks
// and the CSS classes of what it shows. Only classic Jupyter Notebook 6.4
// (Debian's jupyter-notebook) can be installed here; JupyterLab 4 and
// Notebook 7 need a value of their own, and nothing else should change.
type frontEnd struct {
	name string
	// command starts the server on the folder, the address and the token.
	command func(dir, ip string, port int, token string) *exec.Cmd
	// notebookURL is the address that opens one notebook.
	notebookURL func(base, name, token string) string

	// loaded is a JavaScript expression, true once the notebook is shown.
	loaded string
	// kernelIdle is true while the kernel is connected and idle.
	kernelIdle string

	// Menu paths, as a learner goes through them; see clickPath.
	clearOutputs, runAll, interrupt []string
	// runCell runs the selected cell (a learner clicks a cell to select
	// it, then this).
	runCell []string

	// CSS selectors, relative to the document.
	notebook string // the element that holds every cell
	cell     string // any cell (code or Markdown)
	codeCell string // a code cell
	prompt   string // a code cell's execution prompt, within codeCell
	output   string // one output of a cell (a stream, a figure, an error...)
	outputs  string // the element that holds all of a cell's outputs, within cell
	// errorBox matches outputs that show an error or a stream to stderr.
	errorBox string
	// goComment matches a comment highlighted as one in a cell's editor.
	goComment string

	// promptState is a JavaScript function of a prompt element returning
	// "queued" (waiting or running), "done" (ran) or "never".
	promptState string
	// expand is JavaScript that lays the whole notebook out in the
	// document, so that a screenshot of the document holds every cell.
	expand string
	// noScroll is JavaScript that keeps tall outputs out of a scroll box
	// of their own, so that a screenshot of one holds all of it.
	noScroll string
}

// classicNotebook is Jupyter Notebook 6.4, as Debian ships it.
var classicNotebook = frontEnd{
	name: "Jupyter Notebook 6 (classic)",
	command: func(dir, ip string, port int, token string) *exec.Cmd {
		args := []string{"notebook", "--no-browser", "--ip=" + ip, "--port=" + itoa(port), "--port-retries=0",
			"--NotebookApp.token=" + token, "--notebook-dir=" + dir}
		if os.Geteuid() == 0 { // CI runs as root; Jupyter refuses without this
			args = append(args, "--allow-root")
		}
		return exec.Command("jupyter", args...)
	},
	notebookURL: func(base, name, token string) string {
		return base + "/notebooks/" + url.PathEscape(name) + "?token=" + url.QueryEscape(token)
	},

	loaded:     `typeof Jupyter !== "undefined" && !!Jupyter.notebook && Jupyter.notebook._fully_loaded === true`,
	kernelIdle: `!!document.querySelector("#kernel_indicator_icon.kernel_idle_icon")`,

	clearOutputs: []string{"#celllink", "hover #all_outputs > a", "#clear_all_output > a"},
	runAll:       []string{"#celllink", "#run_all_cells > a"},
	interrupt:    []string{"#kernellink", "#int_kernel > a"},
	runCell:      []string{`#run_int > button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]`},

	notebook:  "#notebook-container",
	cell:      "#notebook-container > .cell",
	codeCell:  "#notebook-container > .cell.code_cell",
	prompt:    ".input_prompt",
	output:    ".output_area",
	outputs:   ".output_wrapper",
	errorBox:  ".output_area .output_error, .output_area .output_stderr",
	goComment: ".CodeMirror .cm-comment",

	// The prompt reads "In [*]:" while queued or running, "In [12]:" once
	// run and "In [ ]:" before.
	promptState: `p => /\[\*\]/.test(p.textContent) ? "queued" : /\[\d+\]/.test(p.textContent) ? "done" : "never"`,
	// The page scrolls inside #site, sized to the window; let the
	// document grow instead.
	expand: `(() => {
		const s = document.createElement("style");
		s.textContent = "html, body { height: auto !important; overflow: visible !important; position: static !important; }" +
			" #site { height: auto !important; overflow: visible !important; }";
		document.head.appendChild(s);
	})()`,
	// An output taller than 100 lines scrolls inside a box of its own.
	noScroll: `IPython.OutputArea.auto_scroll_threshold = -1`,
}
