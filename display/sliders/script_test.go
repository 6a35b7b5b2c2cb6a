package sliders

import (
	"encoding/json"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/gonb-tutorials/optimizers/controls"
)

// runNode runs js with Node.js, which stands in for the browser, and
// decodes the JSON it prints into v. It skips t without Node.js.
func runNode(t *testing.T, js string, v any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no Node.js to run the page's JavaScript")
	}
	out, err := exec.Command(node, "-e", js).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
}

// TestPanelScript runs the panel's script on a page holding the controls
// GoNB's widgets make (elements with a value, at the controls' positions),
// and moves them as a reader does: each move is reported with a growing
// number and every control's position, and a slider's value cell shows the
// label of its new position at once; a select shows its own.
func TestPanelScript(t *testing.T) {
	a, n, on := 2.0, 10, false
	p := &Panel{}
	p.Slider("a", controls.LinearScale{Min: 0, Max: 10, Steps: 10}, &a)
	p.IntSlider("n", controls.LogScale{Min: 1, Max: 1000, PerDecade: 3}, &n)
	p.Switch("on", "off", "on", &on)
	s := &session{p: p, address: "/adagrad/panel/test", panelID: "adagrad-panel-test"}
	type move struct {
		Ctl   int    `json:"ctl"`
		Event string `json:"event"`
		Value string `json:"value"`
	}
	moves := []move{{1, "input", "5"}, {2, "change", "1"}, {0, "input", "7"}, {0, "change", "7"}}
	var page struct {
		Controls []string `json:"controls"` // element ids, then value cells' ids
		Values   []string `json:"values"`
	}
	for i, c := range p.controls {
		page.Controls = append(page.Controls, s.elementID(i))
		page.Values = append(page.Values, strconv.Itoa(c.Pos()))
	}
	setup, _ := json.Marshal(page)
	movesJSON, _ := json.Marshal(moves)
	var cells []string
	for i := range p.controls {
		cells = append(cells, s.valueID(i))
	}
	cellsJSON, _ := json.Marshal(cells)
	js := `const page = ` + string(setup) + `, moves = ` + string(movesJSON) + `, cells = ` + string(cellsJSON) + `;
const els = {};
const mk = (id, value) => (els[id] = {value, textContent: "", ls: {}, addEventListener(ev, f) { (this.ls[ev] ??= []).push(f); }});
page.controls.forEach((id, i) => mk(id, page.values[i]));
cells.forEach(id => mk(id, ""));
globalThis.document = {getElementById: id => els[id] ?? null};
const sent = [], shown = [];
globalThis.gonb_comm = {send: (address, msg) => sent.push(address + " | " + msg)};
` + s.script() + `
shown.push(cells.map(id => els[id].textContent));
for (const m of moves) {
	const el = els[page.controls[m.ctl]];
	el.value = m.value;
	for (const f of el.ls[m.event] ?? []) f();
	shown.push(cells.map(id => els[id].textContent));
}
console.log(JSON.stringify({sent, shown}));`
	var got struct {
		Sent  []string   `json:"sent"`
		Shown [][]string `json:"shown"`
	}
	runNode(t, js, &got)

	// What the reader sees beside the controls after each move: a slider's
	// label (controls' own), nothing written beside a select.
	a5 := p.controls[1].Label(5)
	a7 := p.controls[0].Label(7)
	wantSent := []string{"1 2 3 0", "2 2 5 0", "3 2 5 1", "4 7 5 1", "5 7 5 1"}
	wantShown := [][]string{{"", "", ""}, {"", a5, ""}, {"", a5, ""}, {a7, a5, ""}, {a7, a5, ""}}
	for i := range wantSent {
		wantSent[i] = s.address + " | " + wantSent[i]
	}
	if !slices.Equal(got.Sent, wantSent) {
		t.Errorf("the page reported %q, want %q", got.Sent, wantSent)
	}
	if len(got.Shown) != len(wantShown) {
		t.Fatalf("shown %q", got.Shown)
	}
	for i, w := range wantShown {
		if !slices.Equal(got.Shown[i], w) {
			t.Errorf("after move %d the value cells show %q, want %q", i, got.Shown[i], w)
		}
	}
}

// TestPageShim runs the page shim in pages served as Jupyter serves them,
// where the browser lacks crypto.randomUUID (not a secure context), and
// opens GoNB's WebSocket address: it must reach the kernel's channels
// under the page's base URL, at wss:// under https, and leave other
// addresses alone; and randomUUID must make version 4 UUIDs.
func TestPageShim(t *testing.T) {
	const kernel = "/api/kernels/k1/channels"
	for _, c := range []struct {
		name, protocol, host string
		config, body         string // base URL from #jupyter-config-data or body's data-base-url ("" for none)
		url, want            string
	}{
		{"localhost", "http:", "localhost:8888", "/", "", "ws://localhost:8888" + kernel, "ws://localhost:8888" + kernel},
		{"JupyterHub under https", "https:", "hub.example", "/user/ann/", "", "ws://hub.example" + kernel, "wss://hub.example/user/ann" + kernel},
		{"classic Notebook at a LAN address", "http:", "10.0.0.5:8888", "", "/jh", "ws://10.0.0.5:8888" + kernel, "ws://10.0.0.5:8888/jh" + kernel},
		{"another address", "https:", "hub.example", "/user/ann/", "", "wss://elsewhere.example/socket", "wss://elsewhere.example/socket"},
	} {
		js := `const c = ` + jsString(c.config) + `, body = ` + jsString(c.body) + `;
Object.defineProperty(globalThis, "crypto", {value: {getRandomValues: a => require("node:crypto").getRandomValues(a)}, configurable: true});
globalThis.location = {protocol: ` + jsString(c.protocol) + `, host: ` + jsString(c.host) + `};
globalThis.document = {
	getElementById: id => id === "jupyter-config-data" && c ? {textContent: JSON.stringify({baseUrl: c})} : null,
	body: {dataset: body ? {baseUrl: body} : {}},
};
globalThis.WebSocket = class { constructor(url) { this.url = url; } };
` + pageShim + `
const uuids = [];
for (let i = 0; i < 50; i++) uuids.push(globalThis.crypto.randomUUID());
console.log(JSON.stringify({url: new WebSocket(` + jsString(c.url) + `).url, uuids}));`
		var got struct {
			URL   string   `json:"url"`
			UUIDs []string `json:"uuids"`
		}
		runNode(t, js, &got)
		if got.URL != c.want {
			t.Errorf("%s: the page opened %q for %q, want %q", c.name, got.URL, c.url, c.want)
		}
		v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
		for _, u := range got.UUIDs {
			if !v4.MatchString(u) {
				t.Errorf("%s: randomUUID made %q, not a version 4 UUID", c.name, u)
				break
			}
		}
		if len(slices.Compact(slices.Sorted(slices.Values(got.UUIDs)))) != len(got.UUIDs) {
			t.Errorf("%s: randomUUID repeated itself", c.name)
		}
	}
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }
