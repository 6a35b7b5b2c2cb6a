package display

import (
	"os/exec"
	"strings"
	"testing"
)

// TestStillsLinkNoGonbui: a cell that shows pictures imports display and
// plotting, and its program must not link GoNB's client library or what
// that brings (logging, UUIDs, and through them net and database/sql):
// every cell after the first import of display would link them. Package
// display/sliders does link gonbui; it shows that the list would tell.
func TestStillsLinkNoGonbui(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	deps := func(pkgs ...string) map[string]bool {
		t.Helper()
		out, err := exec.Command(goCmd, append([]string{"list", "-deps"}, pkgs...)...).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkgs, err)
		}
		m := map[string]bool{}
		for _, p := range strings.Fields(string(out)) {
			m[p] = true
		}
		return m
	}
	const mod = "github.com/gonb-tutorials/optimizers/"
	unwanted := []string{"github.com/janpfeifer/gonb/gonbui", "k8s.io/klog/v2", "github.com/gofrs/uuid", "net", "database/sql"}
	stills := deps(mod+"display", mod+"plotting")
	if !stills["github.com/janpfeifer/gonb/gonbui/protocol"] {
		t.Errorf("display does not use GoNB's protocol package")
	}
	for _, p := range unwanted {
		if stills[p] {
			t.Errorf("a program importing display and plotting links %s", p)
		}
	}
	withSliders := deps(mod + "display/sliders")
	for _, p := range unwanted {
		if !withSliders[p] {
			t.Errorf("display/sliders does not link %s: the list no longer shows what this test looks for", p)
		}
	}
}

// TestStillsLinkNoPlotBackEnds: a cell that shows pictures builds in
// gonum/plot's drawing interface (vg) and its font cache (font), nothing
// else of gonum/plot: not the plot package, its plotters, vg/draw or the
// back ends (PDF, SVG, EPS, TeX, and vgimg, which imports vg/draw), which
// bring in the LaTeX typesetter's tables, the PDF writer and twelve
// Liberation fonts, every one of them initialised in every cell's program.
func TestStillsLinkNoPlotBackEnds(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	const mod = "github.com/gonb-tutorials/optimizers/"
	out, err := exec.Command(goCmd, "list", "-deps", mod+"display", mod+"plotting").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	allowed := map[string]bool{"gonum.org/v1/plot/vg": false, "gonum.org/v1/plot/font": false}
	unwanted := []string{"gonum.org/v1/plot/", "codeberg.org/go-latex/", "codeberg.org/go-pdf/", "codeberg.org/go-fonts/liberation", "github.com/ajstarks/svgo"}
	for _, p := range strings.Fields(string(out)) {
		if _, ok := allowed[p]; ok {
			allowed[p] = true
			continue
		}
		if p == "gonum.org/v1/plot" {
			t.Errorf("a program importing display and plotting links %s", p)
		}
		for _, u := range unwanted {
			if strings.HasPrefix(p, u) {
				t.Errorf("a program importing display and plotting links %s", p)
			}
		}
	}
	// The two it needs show that the names are spelt as go list spells them.
	for p, seen := range allowed {
		if !seen {
			t.Errorf("plotting does not use %s: the list no longer shows what this test looks for", p)
		}
	}
}
