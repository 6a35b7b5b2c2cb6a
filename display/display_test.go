package display

import (
	"bytes"
	"encoding/gob"
	"errors"
	"image/gif"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"

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
}

// TestInNotebook runs this test binary as a GoNB cell would be run, with
// GoNB's two named pipes, and plays the kernel's side: it answers the
// program's sync requests and checks what the program sends.
func TestInNotebook(t *testing.T) {
	if os.Getenv("DISPLAY_TEST_CELL") == "1" {
		t.Skip("this is the cell")
	}
	dir := t.TempDir()
	out, back := filepath.Join(dir, "out"), filepath.Join(dir, "back")
	for _, p := range []string{out, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	cell := exec.Command(os.Args[0], "-test.run=^TestCell$", "-test.count=1")
	cell.Env = append(os.Environ(), "DISPLAY_TEST_CELL=1", protocol.GONB_PIPE_ENV+"="+out, protocol.GONB_PIPE_BACK_ENV+"="+back)
	var cellOut bytes.Buffer
	cell.Stdout, cell.Stderr = &cellOut, &cellOut
	if err := cell.Start(); err != nil {
		t.Fatal(err)
	}
	// The program opens its writer first, then the reader: same order here.
	r, err := os.OpenFile(out, os.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(back, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	dec, enc := gob.NewDecoder(r), gob.NewEncoder(w)
	var got []*protocol.DisplayData
	syncs := 0
	for {
		msg := &protocol.DisplayData{}
		if err := dec.Decode(msg); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("decoding: %v", err)
			}
			break
		}
		var v *protocol.CommValue
		switch cv := msg.Data[protocol.MIMECommValue].(type) {
		case *protocol.CommValue:
			v = cv
		case protocol.CommValue:
			v = &cv
		}
		if v != nil && v.Address == "#gonbui/sync" {
			syncs++
			if err := enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got = append(got, msg)
	}
	w.Close()
	if err := cell.Wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, cellOut.String())
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
			if err == nil && g.Config.Width != 1920 {
				t.Errorf("GIF %d wide; want 1920, twice its layout size", g.Config.Width)
			}
			gifs++
		}
		if m.DisplayID != "" {
			if h, _ := m.Data[protocol.MIMETextHTML].(string); !strings.Contains(h, "data:image/png;base64,") || !strings.Contains(h, `width="960" height="540"`) {
				t.Errorf("a preview update holds no PNG at the layout size: %.60q", h)
			}
			updates++
		}
	}
	if pngs != 1 || gifs != 1 || updates != 2 || syncs < 5 {
		t.Errorf("%d PNGs, %d GIFs, %d preview updates, %d syncs; want 1, 1, 2 (two different frames) and a sync per call", pngs, gifs, updates, syncs)
	}
	if want := []string{"100% **sure**", "**3** steps, 50%"}; !slices.Equal(markdown, want) {
		t.Errorf("Markdown outputs %q, want %q", markdown, want)
	}
}

// TestCell is the program TestInNotebook runs as a cell.
func TestCell(t *testing.T) {
	if os.Getenv("DISPLAY_TEST_CELL") != "1" {
		t.Skip("run by TestInNotebook")
	}
	if !InNotebook() {
		t.Fatal("GoNB's pipe is set, yet InNotebook is false")
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
}
