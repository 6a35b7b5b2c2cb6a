package display

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"image/png"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonb-tutorials/optimizers/display/internal/fakegonb"
	"github.com/gonb-tutorials/optimizers/plotting"
)

// TestOutsideNotebook: outside GoNB every function is a quiet no-op.
func TestOutsideNotebook(t *testing.T) {
	if InNotebook() {
		t.Skip("running under GoNB")
	}
	c, err := plotting.NewCurve(plotting.TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate([]float64{-1, -0.9}, plotting.AnimationOptions{Frames: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := Image(c.Image(-1)); err != nil {
		t.Error(err)
	}
	if err := Play(a); err != nil {
		t.Error(err)
	}
	if b, err := Animation(a); err != nil || len(b) == 0 {
		t.Errorf("Animation: %d bytes, %v", len(b), err)
	}
	Markdown("*nothing*")
	GIF([]byte("GIF89a"))
}

// cell runs TestCell, this test binary, as GoNB runs a cell's program:
// with the variant and environment given, GoNB's pipes among them.
func cell(t *testing.T, variant string, env ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^TestCell$", "-test.count=1")
	c.Env = append(append(os.Environ(), "DISPLAY_TEST_CELL="+variant), env...)
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Process.Kill() })
	return c, &out
}

// startCell runs the cell with GoNB's pipes, and opens GoNB's ends.
func startCell(t *testing.T, variant string) (*exec.Cmd, *bytes.Buffer, *fakegonb.Kernel) {
	t.Helper()
	out, back, env := fakegonb.Pipes(t)
	c, output := cell(t, variant, env...)
	k, err := fakegonb.Open(out, back)
	if err != nil {
		t.Fatal(err)
	}
	return c, output, k
}

// TestInNotebook plays GoNB's side of a cell that shows each kind of
// output: everything the cell sends must decode and be sorted as GoNB
// v0.11.4 sorts it, every sync request be a sync GoNB answers, and the
// outputs be the pictures and text the cell showed.
func TestInNotebook(t *testing.T) {
	c, output, k := startCell(t, "stills")
	var got []*protocol.DisplayData
	syncs := 0
	for {
		m, err := k.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("GoNB would not take a message: %v", err)
			}
			break
		}
		switch {
		case m.Sync != nil:
			if *m.Sync != syncs {
				t.Errorf("sync request %d has id %d", syncs, *m.Sync)
			}
			syncs++
			if err := k.Ack(*m.Sync); err != nil {
				t.Fatal(err)
			}
		case m.Display != nil:
			got = append(got, m.Display)
		default:
			t.Errorf("a cell without widgets sent %+v", m)
		}
	}
	k.Close()
	if err := c.Wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, output)
	}

	var pngs, gifs, updates int
	var markdown []string
	for _, m := range got {
		if md, ok := m.Data[protocol.MIMETextMarkdown].(string); ok {
			markdown = append(markdown, md)
		}
		if b, ok := m.Data[protocol.MIMEImagePNG].([]byte); ok {
			// Drawn at twice its layout size, shown at the layout size.
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() != 1920 {
				t.Errorf("PNG: %v, %v", err, img.Bounds())
			}
			if md, _ := m.Metadata[string(protocol.MIMEImagePNG)].(map[string]int); md["width"] != 960 || md["height"] != 540 {
				t.Errorf("PNG metadata %v; want width 960 and height 540, the layout size", m.Metadata)
			}
			pngs++
		}
		if b, ok := m.Data["image/gif"].([]byte); ok {
			g, err := gif.DecodeAll(bytes.NewReader(b))
			if err != nil || len(g.Image) < 2 {
				t.Errorf("GIF: %v", err)
			}
			if h, _ := m.Data[protocol.MIMETextHTML].(string); !strings.HasPrefix(h, `<img src="data:image/gif;base64,`) || !strings.HasSuffix(h, `" width="960" height="540" alt="animation"/>`) {
				t.Errorf("the GIF has no HTML fallback at its layout size: %.60q...%.60q", h, h[max(0, len(h)-60):])
			}
			if md, _ := m.Metadata["image/gif"].(map[string]int); md["width"] != 960 || md["height"] != 540 {
				t.Errorf("GIF metadata %v; want width 960 and height 540, the layout size", m.Metadata)
			}
			if err == nil && g.Config.Width != 1920 {
				t.Errorf("GIF %d wide; want 1920, twice its layout size", g.Config.Width)
			}
			gifs++
		}
		if m.DisplayID != "" {
			if !strings.HasPrefix(m.DisplayID, "adagrad-play-") || m.DisplayID != got[0].DisplayID && got[0].DisplayID != "" {
				t.Errorf("preview update on display %q", m.DisplayID)
			}
			if h, _ := m.Data[protocol.MIMETextHTML].(string); !strings.Contains(h, "data:image/png;base64,") || !strings.Contains(h, `width="960" height="540"`) {
				t.Errorf("a preview update holds no PNG at the layout size: %.60q", h)
			}
			updates++
		}
	}
	if pngs != 1 || gifs != 1 || updates != 2 || syncs != 5 {
		t.Errorf("%d PNGs, %d GIFs, %d preview updates, %d syncs; want 1, 1, 2 (two different frames) and 5, one per call", pngs, gifs, updates, syncs)
	}
	if want := []string{"100% **sure**", "**3** steps, 50%"}; !slices.Equal(markdown, want) {
		t.Errorf("Markdown outputs %q, want %q", markdown, want)
	}
	if strings.Contains(output.String(), "display:") {
		t.Errorf("the cell reported an error:\n%s", output)
	}
}

// TestSyncWaitsForTheAck: a function returns only once GoNB has
// acknowledged its own sync request: not before, and not on the
// acknowledgement of another id.
func TestSyncWaitsForTheAck(t *testing.T) {
	c, output, k := startCell(t, "two markdowns")
	next := func() fakegonb.Message {
		t.Helper()
		m, err := k.Next()
		if err != nil {
			t.Fatalf("GoNB would not take a message: %v\n%s", err, output)
		}
		return m
	}
	if m := next(); m.Display == nil || m.Display.Data[protocol.MIMETextMarkdown] != "one" {
		t.Fatalf("first message %+v, want Markdown one", m)
	}
	m := next()
	if m.Sync == nil {
		t.Fatalf("after an output came %+v, want a sync request", m)
	}
	// An acknowledgement of another id does not end the wait.
	if err := k.Ack(*m.Sync + 7); err != nil {
		t.Fatal(err)
	}
	second := make(chan fakegonb.Message, 1)
	go func() {
		m, _ := k.Next()
		second <- m
	}()
	select {
	case m := <-second:
		t.Fatalf("the cell went on before its sync was acknowledged: %+v", m)
	case <-time.After(300 * time.Millisecond):
	}
	if err := k.Ack(*m.Sync); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-second:
		if m.Display == nil || m.Display.Data[protocol.MIMETextMarkdown] != "two" {
			t.Fatalf("after the acknowledgement came %+v, want Markdown two", m)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the cell did not go on after its sync was acknowledged")
	}
	if m := next(); m.Sync == nil {
		t.Fatalf("got %+v, want the second sync request", m)
	} else if err := k.Ack(*m.Sync); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last sync: %v, want the end of the pipe", err)
	}
	k.Close()
	if err := c.Wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, output)
	}
}

// displayErrors returns the lines of a cell's output that report an error
// of this package's.
func displayErrors(out string) []string {
	var lines []string
	for l := range strings.Lines(out) {
		if strings.HasPrefix(l, "display:") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return lines
}

// checkBroken checks how a cell that cannot reach GoNB ends: normally,
// everything after the outputs done, with one line that names what failed.
func checkBroken(t *testing.T, c *exec.Cmd, output *bytes.Buffer, want string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the cell failed: %v\n%s", err, output)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the cell hangs:\n%s", output)
	}
	out := output.String()
	if lines := displayErrors(out); len(lines) != 1 || !strings.Contains(lines[0], want) {
		t.Errorf("the cell reported %q; want one line with %q", lines, want)
	}
	if !strings.Contains(out, "cell done") || strings.Contains(out, "panic") {
		t.Errorf("the cell did not end normally:\n%s", out)
	}
}

// TestMissingPipe: GoNB's pipe is named but is not there: each function
// returns, the cell goes on, and one line says why nothing is shown.
func TestMissingPipe(t *testing.T) {
	dir := t.TempDir()
	c, output := cell(t, "stills", protocol.GONB_PIPE_ENV+"="+dir+"/gone", protocol.GONB_PIPE_BACK_ENV+"="+dir+"/gone-back")
	checkBroken(t, c, output, "opening GoNB's pipe: open "+dir+"/gone: no such file or directory")
}

// TestMissingBackPipe: the back pipe is missing (GoNB's pipe is there):
// no sync could be acknowledged, so nothing is shown, and one line says so.
func TestMissingBackPipe(t *testing.T) {
	out, back, _ := fakegonb.Pipes(t)
	c, output := cell(t, "stills", protocol.GONB_PIPE_ENV+"="+out, protocol.GONB_PIPE_BACK_ENV+"="+back+"-gone")
	// GoNB's end of its pipe; its end of the back pipe would wait for the
	// cell, which cannot open it.
	r, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go io.Copy(io.Discard, r)
	checkBroken(t, c, output, "opening GoNB's back pipe: open "+back+"-gone: no such file or directory")
}

// TestClosedPipe: GoNB closes its ends while the cell waits for a sync
// (as it does when it stops reading): the wait ends, the next output
// fails with one line, and the cell goes on.
func TestClosedPipe(t *testing.T) {
	c, output, k := startCell(t, "stills")
	if m, err := k.Next(); err != nil || m.Display == nil {
		t.Fatalf("first message %+v, %v; want an output", m, err)
	}
	k.Close()
	checkBroken(t, c, output, "writing to GoNB's pipe: write ")
}

// TestCell is the program the tests above run as a cell.
func TestCell(t *testing.T) {
	variant := os.Getenv("DISPLAY_TEST_CELL")
	if variant == "" {
		t.Skip("run by the tests of outputs in a notebook")
	}
	if !InNotebook() {
		t.Fatal("GoNB's pipe is set, yet InNotebook is false")
	}
	defer os.Stdout.WriteString("cell done\n")
	if variant == "two markdowns" {
		Markdown("one")
		Markdown("two")
		return
	}
	c, err := plotting.NewCurve(plotting.TutorialCurve(0.05))
	if err != nil {
		t.Fatal(err)
	}
	if err := Image(c.Image(-1)); err != nil {
		t.Fatal(err)
	}
	a, err := c.Animate([]float64{-1, -0.5}, plotting.AnimationOptions{Frames: 2, FPS: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := Play(a); err != nil {
		t.Fatal(err)
	}
	if _, err := Animation(a); err != nil {
		t.Fatal(err)
	}
	Markdown("100% **sure**") // text as it is, a % included
	Markdownf("**%d** steps, %d%%", 3, 50)
	if err := Image(image.NewGray(image.Rect(0, 0, 0, 0))); err == nil {
		t.Error("an empty image showed")
	}
}
