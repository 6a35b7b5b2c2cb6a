package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"html"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/web/live"
)

// fakeModule stands for the module: NewSite needs WebAssembly's magic
// number, and gzip must shrink it.
var fakeModule = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("module "), 1000)...)

func newTestSite(t *testing.T) *Site {
	t.Helper()
	s, err := NewSite(fakeModule, []byte("// wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, s *Site, method, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// TestServe: the page's files, with the types a browser needs, compressed
// when the browser accepts it, revalidated by their ETag.
func TestServe(t *testing.T) {
	s := newTestSite(t)
	for _, c := range []struct {
		path, ctype string
	}{
		{"/", "text/html; charset=utf-8"}, {"/index.html", "text/html; charset=utf-8"},
		{"/page.js", "text/javascript; charset=utf-8"}, {"/worker.js", "text/javascript; charset=utf-8"},
		{"/wasm_exec.js", "text/javascript; charset=utf-8"}, {"/playground.wasm", "application/wasm"},
		{"/one.png", "image/png"}, {"/two.png", "image/png"},
	} {
		r := get(t, s, "GET", c.path)
		if r.StatusCode != 200 || r.Header.Get("Content-Type") != c.ctype || r.Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s: %s, %q, %q", c.path, r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding"))
		}
	}
	raw := get(t, s, "GET", "/playground.wasm", "Accept-Encoding", "identity")
	gz := get(t, s, "GET", "/playground.wasm", "Accept-Encoding", "deflate, gzip;q=0.8, br")
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("Vary") != "Accept-Encoding" || gz.ContentLength >= raw.ContentLength {
		t.Errorf("a browser that takes gzip gets %q, %d bytes against %d", gz.Header.Get("Content-Encoding"), gz.ContentLength, raw.ContentLength)
	}
	if !bytes.Equal(body(t, gz), fakeModule) || !bytes.Equal(body(t, raw), fakeModule) {
		t.Error("the module served is not the module")
	}
	if r := get(t, s, "GET", "/playground.wasm", "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	etag := raw.Header.Get("ETag")
	if r := get(t, s, "GET", "/playground.wasm", "If-None-Match", etag); r.StatusCode != http.StatusNotModified || len(body(t, r)) != 0 {
		t.Errorf("revalidating with the ETag: %s", r.Status)
	}
	if r := get(t, s, "HEAD", "/"); r.StatusCode != 200 || len(body(t, r)) != 0 {
		t.Errorf("HEAD /: %s", r.Status)
	}
	for _, c := range []struct {
		method, path string
		code         int
	}{{"GET", "/nope.js", 404}, {"GET", "/../go.mod", 404}, {"POST", "/", 405}} {
		if r := get(t, s, c.method, c.path); r.StatusCode != c.code {
			t.Errorf("%s %s: %s, want %d", c.method, c.path, r.Status, c.code)
		}
	}
	if raw, gz := s.Size("playground.wasm"); raw != len(fakeModule) || gz >= raw {
		t.Errorf("Size: %d, %d", raw, gz)
	}
	if _, err := NewSite([]byte("not wasm"), nil); err == nil {
		t.Error("NewSite took a module that is not WebAssembly")
	}
}

var (
	reControl = regexp.MustCompile(`<label for="([^"]+)">([^<]+)</label>\s*<(input type="range"|select) id="([^"]+)" data-control="([^"]+)" data-labels="([^"]+)"(?: min="0" max="(\d+)" step="1" value="(\d+)")?`)
	reReadout = regexp.MustCompile(`<p class="readout" aria-live="polite">([^<]+)</p>`)
	reOption  = regexp.MustCompile(`<option value="(\d+)"( selected)?>`)
)

// TestPage: the page has every control of both playgrounds, labelled,
// at the tutorial's settings, with every position's value; and each
// first readout is the one the notebook prints.
func TestPage(t *testing.T) {
	s := newTestSite(t)
	page := string(body(t, get(t, s, "GET", "/")))
	readouts := reReadout.FindAllStringSubmatch(page, -1)
	notebook := notebookReadouts(t)
	if len(readouts) != 2 || len(notebook) != 2 {
		t.Fatalf("%d readouts in the page, %d in the notebook", len(readouts), len(notebook))
	}
	for i, name := range live.Names {
		if got := html.UnescapeString(readouts[i][1]); got != notebook[i] {
			t.Errorf("%s: the page's first readout is\n%s\nthe notebook prints\n%s", name, got, notebook[i])
		}
		p, err := live.NewPlayground(name, 96, 54)
		if err != nil {
			t.Fatal(err)
		}
		sec := page[strings.Index(page, `data-playground="`+name+`"`):]
		sec = sec[:strings.Index(sec, "</section>")]
		found := reControl.FindAllStringSubmatch(sec, -1)
		if len(found) != len(p.Controls()) {
			t.Fatalf("%s: %d labelled controls in the page, want %d", name, len(found), len(p.Controls()))
		}
		for k, c := range p.Controls() {
			m := found[k]
			var labels []string
			if err := json.Unmarshal([]byte(html.UnescapeString(m[6])), &labels); err != nil {
				t.Fatal(err)
			}
			want := make([]string, c.Len())
			for j := range want {
				want[j] = c.Label(j)
			}
			if m[1] != m[4] || m[2] != c.Name() || m[5] != c.Name() || !slices.Equal(labels, want) || (m[3] == "select") == c.Slider() {
				t.Errorf("%s: control %d in the page %q, want %s with labels %v", name, k, m[0], c.Name(), want)
			}
			if c.Slider() && (m[7] != strconv.Itoa(c.Len()-1) || m[8] != strconv.Itoa(c.Pos())) {
				t.Errorf("%s: %s goes to %s and stands at %s, want %d and %d", name, c.Name(), m[7], m[8], c.Len()-1, c.Pos())
			}
			if !strings.Contains(sec, `id="`+m[1]+`-help"`) {
				t.Errorf("%s: %s has no explanation", name, c.Name())
			}
		}
		if !strings.Contains(sec, `<option value="0" selected>outside the root</option>`) {
			t.Errorf("%s: epsilon does not start outside the root", name)
		}
	}
	for n := 1; n <= 6; n++ {
		if !strings.Contains(page, `href="`+pageData{}.Notebook(n)+`"`) {
			t.Errorf("no link to notebook %d", n)
		}
	}
	for _, name := range []string{"one.png", "two.png"} {
		img, err := png.Decode(bytes.NewReader(body(t, get(t, s, "GET", "/"+name))))
		if err != nil || img.Bounds().Dx() != width || img.Bounds().Dy() != height {
			t.Errorf("%s: %v, %v", name, err, img)
		}
	}
}

// notebookReadouts returns the readouts part 5's two playground cells
// print in the committed notebook, at the tutorial's settings.
func notebookReadouts(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "notebooks", "05-playground.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Type    string   `json:"cell_type"`
			Source  []string `json:"source"`
			Outputs []struct {
				Text []string `json:"text"`
			} `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var r []string
	for _, c := range nb.Cells {
		src := strings.Join(c.Source, "")
		if c.Type != "code" || !strings.Contains(src, "panel.Run(") {
			continue
		}
		for _, o := range c.Outputs {
			for _, line := range o.Text {
				if strings.HasPrefix(line, "after ") || strings.HasPrefix(line, "diverged: ") {
					r = append(r, strings.TrimSuffix(line, "\n"))
				}
			}
		}
	}
	return r
}

// TestNotebookControls: part 5's cells bind the same controls as the
// page: the settings' from playground's Controls, and the starts' scales.
func TestNotebookControls(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "notebooks", "05-playground.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Source []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, c := range nb.Cells {
		src.WriteString(strings.Join(c.Source, "") + "\n")
	}
	if !regexp.MustCompile(`p\.Add\(must[.A-Za-z]*\(s\.Controls\(\)\)\.\.\.\)`).MatchString(src.String()) {
		t.Error("part 5 no longer takes the settings' controls from playground.Settings.Controls: compare them with the page's")
	}
	re := regexp.MustCompile(`panel\.Slider\("(start [xy]0)", controls\.LinearScale\{Min: ([-0-9.]+), Max: ([-0-9.]+), Steps: (\d+)\}, &(one|two)\.[XY]0\)`)
	found := re.FindAllStringSubmatch(src.String(), -1)
	if len(found) != 3 {
		t.Fatalf("found %d start sliders in part 5, want 3", len(found))
	}
	for _, m := range found {
		p, err := live.NewPlayground(m[5], 96, 54)
		if err != nil {
			t.Fatal(err)
		}
		var c *controls.Control
		for _, pc := range p.Controls() {
			if pc.Name() == m[1] {
				c = pc
			}
		}
		if c == nil {
			t.Fatalf("the page's %s playground has no %s", m[5], m[1])
		}
		var s controls.LinearScale
		json.Unmarshal([]byte(`{"Min":`+m[2]+`,"Max":`+m[3]+`,"Steps":`+m[4]+`}`), &s)
		values, err := s.Values()
		if err != nil {
			t.Fatal(err)
		}
		var page []string
		for j := range c.Len() {
			page = append(page, c.Label(j))
		}
		var nbLabels []string
		for _, v := range values {
			nbLabels = append(nbLabels, strconv.FormatFloat(v, 'g', -1, 64)) // as a slider shows it
		}
		if !slices.Equal(page, nbLabels) {
			t.Errorf("%s %s: the notebook's positions %v, the page's %v", m[5], m[1], nbLabels, page)
		}
	}
}

// TestWriteDir: the files for a static host, all or none, never over a
// folder of someone else's.
func TestWriteDir(t *testing.T) {
	s := newTestSite(t)
	dir := filepath.Join(t.TempDir(), "site")
	if err := s.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := slices.Sorted(slices.Values(Files)); !slices.Equal(names, want) {
		t.Errorf("wrote %v, want %v", names, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "playground.wasm")); !bytes.Equal(b, fakeModule) {
		t.Error("the module written is not the module")
	}
	// Again over its own files: replaced.
	if err := s.WriteDir(dir); err != nil {
		t.Errorf("writing over an earlier copy: %v", err)
	}
	// Not over someone's work.
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte("mine"), 0o644)
	if err := s.WriteDir(dir); err == nil || !strings.Contains(err.Error(), "notes.md") {
		t.Errorf("writing over a folder with notes.md: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.md")); string(b) != "mine" {
		t.Error("notes.md was touched")
	}
	// A folder that cannot be made: an error, and nothing left behind.
	parent := t.TempDir()
	os.WriteFile(filepath.Join(parent, "file"), nil, 0o644)
	if err := s.WriteDir(filepath.Join(parent, "file", "site")); err == nil {
		t.Error("writing under a file worked")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("a failed write left %d entries", len(entries))
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"": false, "gzip": true, "GZIP": true, "deflate, gzip": true, "gzip;q=0": false, "gzip; q=0.5": true,
		"br": false, "*": true, "identity": false, "x-gzip": false,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", h, got, want)
		}
	}
}
