package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gonb-tutorials/optimizers/internal/atomicfile"
	"github.com/gonb-tutorials/optimizers/plotting"
	"github.com/gonb-tutorials/optimizers/web/live"
)

// RepoURL is where the page's links to the notebooks point.
const RepoURL = "https://github.com/gonb-tutorials/optimizers"

var (
	//go:embed assets/index.html
	indexHTML string
	//go:embed assets/page.js
	pageJS []byte
	//go:embed assets/worker.js
	workerJS []byte
)

// The page's figure size: the notebook's.
const width, height = 960, 540

// A Site is the page's files, ready to serve or write.
type Site struct {
	files map[string]*file
}

type file struct {
	data, gz []byte
	ctype    string
	etag     string
}

// Files are the names of the page's files: the page, its script, the
// worker's, Go's, the module, and each playground's first picture (shown
// until the module draws it).
var Files = []string{"index.html", "page.js", "worker.js", "wasm_exec.js", "playground.wasm", "one.png", "two.png"}

// NewSite lays out the page around the module (playground.wasm) and Go's
// wasm_exec.js, which must come from the toolchain that built it.
func NewSite(module, wasmExec []byte) (*Site, error) {
	if !bytes.HasPrefix(module, []byte("\x00asm")) {
		return nil, errors.New("web: the module is not WebAssembly")
	}
	files := map[string][]byte{"page.js": pageJS, "worker.js": workerJS, "wasm_exec.js": wasmExec, "playground.wasm": module}
	index, err := renderIndex(files)
	if err != nil {
		return nil, err
	}
	files["index.html"] = index
	s := &Site{files: map[string]*file{}}
	for name, data := range files {
		f := &file{data: data, ctype: contentType(name)}
		sum := sha256.Sum256(data)
		f.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(data)
		zw.Close()
		if b.Len() < len(data) {
			f.gz = b.Bytes()
		}
		s.files[name] = f
	}
	return s, nil
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm" // WebAssembly.compileStreaming needs it
	case ".js":
		return "text/javascript; charset=utf-8"
	}
	return mime.TypeByExtension(path.Ext(name))
}

// Size returns the size of a file of the page, as it is and
// gzip-compressed.
func (s *Site) Size(name string) (raw, gz int) {
	f := s.files[name]
	if f == nil {
		return 0, 0
	}
	if f.gz == nil {
		return len(f.data), len(f.data)
	}
	return len(f.data), len(f.gz)
}

// ServeHTTP serves the page: GET or HEAD of / and of its files,
// gzip-compressed if the browser accepts it, revalidated on every load
// (a rebuilt module is fetched again, an unchanged one is not).
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, "/")
	if name == "" {
		name = "index.html"
	}
	f := s.files[name]
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", f.etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.data
	if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") || strings.TrimSpace(enc) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// WriteDir writes the page's files into dir, for a static host: all of
// them or none. dir must not exist, or be empty, or hold nothing but an
// earlier copy of the page, which it replaces.
func (s *Site) WriteDir(dir string) error {
	return atomicfile.WriteDir(dir, func(e os.DirEntry) error {
		if !e.Type().IsRegular() || !slices.Contains(Files, e.Name()) {
			// Writing the page must not delete someone's work.
			return fmt.Errorf("the folder holds %s, which is not one of the page's files; name a new or empty folder", e.Name())
		}
		return nil
	}, func(tmp string) error {
		for _, name := range Files {
			if err := os.WriteFile(filepath.Join(tmp, name), s.files[name].data, 0o644); err != nil {
				return err
			}
		}
		return nil
	})
}

// The page's text: what each playground shows and what each control does.
var (
	titles = map[string]string{
		"one": "One variable: f(x) = x − x³",
		"two": "Two variables: f(x, y) = 2x² + 2xy + 2y² − 6x",
	}
	intros = map[string]string{
		"one": "The curve of part 1 with the whole run on it: a ring marks the start, a line joins the points in the order Adagrad visited them, and a dot marks where the run ended. The dashed line is the height of the valley floor, at x = −1/√3. Right of the hilltop at x = 1/√3 the curve falls for ever.",
		"two": "The bowl of part 3 seen from above, its minimum (2, −1) marked with a cross, and the path from the start (a ring) to where the run ended (a dot).",
	}
	help = map[string]string{
		"learning rate":       "η, the step before Adagrad divides it: each coordinate moves by η·g/(√a + ε), g its slope and a the sum of its squared slopes so far. 0.001 to 10, twenty positions to each power of ten; the tutorial's is 0.05.",
		"initial accumulator": "a₀, where each coordinate's sum of squared slopes starts: a larger one shortens every step, the first ones most, and the run never makes up for it. 0 to 10.",
		"epsilon":             "ε keeps the step finite while a is 0. It changes a run only where it is not small beside √a (beside a, inside the root): try the top positions. 10⁻¹⁰ to 1.",
		"epsilon goes":        "Outside the square root, η·g/(√a + ε), as in the tutorial and PyTorch; or inside, η·g/√(a + ε), as in Keras.",
		"steps":               "How many steps Adagrad takes: 1, 2, 5, 10, … 10000. A short run shows the big first steps; replay shows them one at a time.",
		"start x0":            "Where the run starts.",
		"start y0":            "Where the run starts, up or down.",
	}
	notebooks = []struct{ File, Title string }{
		{"01-adagrad-one-variable.ipynb", "1 · one variable"},
		{"02-adagrad-animation.ipynb", "2 · the animation"},
		{"03-adagrad-two-variables.ipynb", "3 · two variables"},
		{"04-why-adagrad.ipynb", "4 · why Adagrad, and where it falls short"},
		{"05-playground.ipynb", "5 · a playground"},
		{"06-rare-features.ipynb", "6 · rare features"},
	}
)

type pageData struct {
	Playgrounds []pageSection
	Repo        string
}

// Notebook returns the address of part n.
func (pageData) Notebook(n int) string {
	return RepoURL + "/blob/main/notebooks/" + notebooks[n-1].File
}

// Notebooks returns every part's address and title.
func (d pageData) Notebooks() []struct{ URL, Title string } {
	var l []struct{ URL, Title string }
	for i, n := range notebooks {
		l = append(l, struct{ URL, Title string }{d.Notebook(i + 1), n.Title})
	}
	return l
}

type pageSection struct {
	Name, Title, Intro string
	Width, Height      int
	Controls           []pageControl
	Still, Caption     string // the first picture's file, and its caption
}

type pageControl struct {
	ID, Name, Help string
	Slider         bool
	Pos, Max       int
	Label          string   // the position's
	Labels         string   // every position's, as a JSON list
	Options        []string // a choice's
}

// renderIndex writes index.html from the playgrounds' controls, and each
// playground's first picture into files.
func renderIndex(files map[string][]byte) ([]byte, error) {
	t, err := template.New("index.html").Parse(indexHTML)
	if err != nil {
		return nil, err
	}
	d := pageData{Repo: RepoURL}
	for _, name := range live.Names {
		p, err := live.NewPlayground(name, width, height)
		if err != nil {
			return nil, err
		}
		img, caption, err := p.Still()
		if err != nil {
			return nil, err
		}
		still := name + ".png"
		if files[still], err = plotting.PNG(img); err != nil {
			return nil, err
		}
		sec := pageSection{Name: name, Title: titles[name], Intro: intros[name], Width: width, Height: height, Still: still, Caption: caption}
		for i, c := range p.Controls() {
			labels := make([]string, c.Len())
			for k := range labels {
				labels[k] = c.Label(k)
			}
			js, _ := json.Marshal(labels)
			h, ok := help[c.Name()]
			if !ok {
				return nil, fmt.Errorf("web: no help text for control %q", c.Name())
			}
			pc := pageControl{
				ID: fmt.Sprintf("%s-%d", name, i), Name: c.Name(), Help: h, Slider: c.Slider(),
				Pos: c.Pos(), Max: c.Len() - 1, Label: c.Label(c.Pos()), Labels: string(js),
			}
			if !c.Slider() {
				pc.Options = labels
			}
			sec.Controls = append(sec.Controls, pc)
		}
		d.Playgrounds = append(d.Playgrounds, sec)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
