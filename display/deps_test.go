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
