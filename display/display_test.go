package display

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
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
			gifs++
			g, err := gif.DecodeAll(bytes.NewReader(b))
			if err != nil {
				t.Errorf("GIF: %v", err)
				continue
			}
			// The HTML fallback holds the very GIF, in base64 as a data URL
			// reads it.
			h, _ := m.Data[protocol.MIMETextHTML].(string)
			if src, err := dataURL(h, "gif"); err != nil || !bytes.Equal(src, b) {
				t.Errorf("the GIF's HTML fallback does not hold the GIF (%v): %.60q", err, h)
			}
			md, hasMD := m.Metadata["image/gif"].(map[string]int)
			switch w := g.Config.Width; w {
			case 1920: // Animation: drawn at twice its layout size
				if !strings.HasSuffix(h, `" width="960" height="540" alt="animation"/>`) {
					t.Errorf("the animation's HTML fallback is not at its layout size: ...%.60q", h[max(0, len(h)-60):])
				}
				if md["width"] != 960 || md["height"] != 540 || len(g.Image) < 2 {
					t.Errorf("animation: metadata %v, %d frames; want width 960 and height 540, the layout size, and 2 frames", m.Metadata, len(g.Image))
				}
			case smallGIFWidth: // GIF: shown at its own size
				if !strings.HasSuffix(h, `" alt="animation"/>`) || strings.Contains(h, "width=") || hasMD {
					t.Errorf("a GIF shown at its own size has metadata %v and HTML ...%.60q", m.Metadata, h[max(0, len(h)-60):])
				}
			default:
				t.Errorf("a GIF %d wide; the cell showed one %d wide and one 1920 wide", w, smallGIFWidth)
			}
		}
		if m.DisplayID != "" {
			if !strings.HasPrefix(m.DisplayID, "adagrad-play-") || m.DisplayID != got[0].DisplayID && got[0].DisplayID != "" {
				t.Errorf("preview update on display %q", m.DisplayID)
			}
			h, _ := m.Data[protocol.MIMETextHTML].(string)
			if !strings.Contains(h, `width="960" height="540"`) {
				t.Errorf("a preview update is not at the layout size: %.60q", h)
			}
			if b, err := dataURL(h, "png"); err != nil {
				t.Errorf("a preview update: %v", err)
			} else if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() != 1920 {
				t.Errorf("a preview update's PNG: %v", err)
			}
			updates++
		}
	}
	if pngs != 1 || gifs != 2 || updates != 2 || syncs != 6 {
		t.Errorf("%d PNGs, %d GIFs, %d preview updates, %d syncs; want 1, 2, 2 (two different frames) and 6, one per call", pngs, gifs, updates, syncs)
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

// playFPS is the pace of the "play" cell's first animation.
const playFPS = 4

// TestPlayPace: Play shows frame i no sooner than i frame delays after it
// starts, returns no sooner than the animation's length (each frame is
// seen for its delay; the cell's next output would replace the last one),
// and each Play shows its frames in an output of its own.
func TestPlayPace(t *testing.T) {
	c, output, k := startCell(t, "play")
	type msg struct {
		fakegonb.Message
		at time.Time
	}
	var got []msg
	for {
		m, err := k.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Errorf("GoNB would not take a message: %v", err)
			}
			break
		}
		got = append(got, msg{m, time.Now()})
		if m.Sync != nil {
			if err := k.Ack(*m.Sync); err != nil {
				t.Fatal(err)
			}
		}
	}
	k.Close()
	if err := c.Wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, output)
	}
	// The Markdown and its sync, then each Play's frames and its sync.
	var kinds []string
	for _, m := range got {
		switch {
		case m.Sync != nil:
			kinds = append(kinds, "sync")
		case m.Display != nil && m.Display.DisplayID != "":
			kinds = append(kinds, "frame")
		default:
			kinds = append(kinds, "other")
		}
	}
	want := []string{"other", "sync", "frame", "frame", "frame", "sync", "frame", "frame", "sync"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("the cell sent %q, want %q", kinds, want)
	}
	// Play starts after GoNB acknowledged the sync before it, so after it
	// received that sync request: measuring from there bounds the pace
	// from below.
	delay := time.Second / playFPS
	started := got[1].at
	for i, m := range got[2:5] {
		if d := m.at.Sub(started); d < time.Duration(i)*delay {
			t.Errorf("frame %d came %v after Play started, want at least %v", i, d, time.Duration(i)*delay)
		}
	}
	if d := got[5].at.Sub(started); d < 3*delay {
		t.Errorf("Play returned %v after it started, want at least the animation's length, %v", d, 3*delay)
	}
	first, second := got[2].Display.DisplayID, got[6].Display.DisplayID
	for _, m := range got {
		if id := m.Display; id != nil && id.DisplayID != "" && id.DisplayID != first && id.DisplayID != second {
			t.Errorf("a frame on display %q; want %q or %q", id.DisplayID, first, second)
		}
	}
	if first == second || got[3].Display.DisplayID != first || got[7].Display.DisplayID != second {
		t.Errorf("two Plays updated displays %q and %q; want one display each, new to each", first, second)
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

// TestBadBackPipe: what GoNB writes on the back pipe does not decode (a
// GoNB speaking another protocol): the cell's wait ends, its outputs still
// go down the pipe, and one line says why they may be cut short.
func TestBadBackPipe(t *testing.T) {
	c, output, k := startCell(t, "two markdowns")
	var markdown []string
	for {
		m, err := k.Next()
		if err != nil {
			break
		}
		switch {
		case m.Sync != nil && *m.Sync == 0:
			if err := k.SendValue("not a protocol.CommValue"); err != nil {
				t.Fatal(err)
			}
		case m.Display != nil:
			md, _ := m.Display.Data[protocol.MIMETextMarkdown].(string)
			markdown = append(markdown, md)
		}
	}
	defer k.Close()
	checkBroken(t, c, output, "reading GoNB's back pipe: gob: ")
	if want := []string{"one", "two"}; !slices.Equal(markdown, want) {
		t.Errorf("GoNB received the Markdown outputs %q, want %q", markdown, want)
	}
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
	if variant == "play" {
		slow, err := c.Animate([]float64{-1, -0.5, 0}, plotting.AnimationOptions{Frames: 3, FPS: playFPS})
		if err != nil {
			t.Fatal(err)
		}
		fast, err := c.Animate([]float64{-1, -0.5}, plotting.AnimationOptions{Frames: 2, FPS: 100})
		if err != nil {
			t.Fatal(err)
		}
		Markdown("start") // Play starts once GoNB has acknowledged this
		for _, a := range []*plotting.Animation{slow, fast} {
			if err := Play(a); err != nil {
				t.Fatal(err)
			}
		}
		return
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
	GIF(smallGIF(t))
}

// smallGIFWidth is the width of smallGIF's GIF.
const smallGIFWidth = 30

// smallGIF returns a two-frame GIF, smallGIFWidth x 20, of stripes.
func smallGIF(t *testing.T) []byte {
	var g gif.GIF
	for f := range 2 {
		img := image.NewPaletted(image.Rect(0, 0, smallGIFWidth, 20), color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}})
		for i := range img.Pix {
			img.Pix[i] = uint8((i/(3+f) + i%7) % 3)
		}
		g.Image, g.Delay = append(g.Image, img), append(g.Delay, 10)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, &g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// dataURL returns the bytes of the first <img> in h whose source is a
// base64 data URL of the given image type, decoded as a browser decodes it.
func dataURL(h, kind string) ([]byte, error) {
	prefix := `<img src="data:image/` + kind + `;base64,`
	i := strings.Index(h, prefix)
	if i < 0 {
		return nil, fmt.Errorf("no <img> with a base64 %s", kind)
	}
	src, _, ok := strings.Cut(h[i+len(prefix):], `"`)
	if !ok {
		return nil, errors.New("the <img>'s src does not end")
	}
	return base64.StdEncoding.DecodeString(src)
}

// laidOutImage is an image drawn at its bounds' size and meant to be seen
// at w x h, as plotting's figures are.
type laidOutImage struct {
	image.Image
	w, h int
}

func (l laidOutImage) LayoutSize() (int, int) { return l.w, l.h }

// TestImageMetadata: a PNG output carries the size to show it at, as
// Jupyter reads it (metadata["image/png"] width and height), whenever that
// differs from the PNG's own size, in either dimension.
func TestImageMetadata(t *testing.T) {
	drawn := image.NewGray(image.Rect(0, 0, 100, 50))
	for _, c := range []struct {
		name string
		img  image.Image
		w, h int // the size to show; 0, 0 for no metadata
	}{
		{"no layout size", drawn, 0, 0},
		{"drawn at twice its size", laidOutImage{drawn, 50, 25}, 50, 25},
		{"drawn at its size", laidOutImage{drawn, 100, 50}, 0, 0},
		{"only the height differs", laidOutImage{drawn, 100, 40}, 100, 40},
		{"only the width differs", laidOutImage{drawn, 80, 50}, 80, 50},
		{"a zero layout size", laidOutImage{drawn, 0, 0}, 0, 0},
	} {
		b, err := plotting.PNG(c.img)
		if err != nil {
			t.Fatal(err)
		}
		d := imageData(b, c.img)
		if got, _ := d.Data[protocol.MIMEImagePNG].([]byte); !bytes.Equal(got, b) {
			t.Errorf("%s: the output does not hold the PNG", c.name)
		}
		md, ok := d.Metadata[string(protocol.MIMEImagePNG)].(map[string]int)
		switch {
		case c.w == 0 && d.Metadata != nil:
			t.Errorf("%s: metadata %v, want none (shown at the PNG's size)", c.name, d.Metadata)
		case c.w != 0 && (!ok || md["width"] != c.w || md["height"] != c.h):
			t.Errorf("%s: metadata %v, want width %d and height %d", c.name, d.Metadata, c.w, c.h)
		}
	}
}
