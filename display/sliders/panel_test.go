package sliders

import (
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/gonb-tutorials/optimizers/controls"
	"github.com/gonb-tutorials/optimizers/display"
	"github.com/gonb-tutorials/optimizers/display/internal/fakegonb"
)

// The Panel tests run a cell program (TestPanelCell, in this test binary)
// with GoNB's two named pipes, and play the other side: the kernel, which
// answers sync requests, and, when the test wants one, the page, which
// answers the widgets' scripts as a browser running them would and sends
// what a reader's moves would send.

// fakeKernel is GoNB's side of a running cell.
type fakeKernel struct {
	t     *testing.T
	cell  *exec.Cmd
	out   syncBuffer // the cell's stdout and stderr
	page  bool       // answer the page's side too
	deaf  int        // probes the page leaves unanswered first
	stall bool       // GoNB is waiting for a page to connect
	// lossy: what is still in the pipe when the cell has exited is lost,
	// as it may be with GoNB.
	lossy bool
	done  chan error // the cell's exit status

	gonb *fakegonb.Kernel

	mu        sync.Mutex
	got       []received
	subscribe []string // addresses the cell subscribed to
	panelAddr string   // where the panel's script reports
	buttons   map[string]string
	values    map[string]string // element id -> initial value, from the HTML the cell added
	ctlIDs    []string          // the panel's controls, in order
	exited    chan error
	readErr   error         // a message from the cell that did not decode
	shimFirst []bool        // for each subscription, whether the page shim came before it
	slow      time.Duration // how long the kernel takes to pass an output on
	dead      bool          // the cell has exited
}

// syncBuffer is a bytes.Buffer safe for the cell's output copier and the
// test to use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// received is a display message from the cell, and when it came.
type received struct {
	at   time.Time
	data *protocol.DisplayData
}

func (r received) html() string { s, _ := r.data.Data[protocol.MIMETextHTML].(string); return s }

var (
	reSynced   = regexp.MustCompile(`newSyncedVariable\("([^"]+)"`)
	reButton   = regexp.MustCompile(`<button id=\\?"([^"\\]+)\\?" type=\\?"button\\?">([^<]+)</button>`)
	reSliderEl = regexp.MustCompile(`<input type=\\?"range\\?" id=\\?"([^"\\]+)\\?" min=\\?"\d+\\?" max=\\?"\d+\\?" value=\\?"(\d+)\\?"`)
	reSelectEl = regexp.MustCompile(`<select id=\\?"([^"\\]+)\\?">`)
	reSelected = regexp.MustCompile(`<option value=\\?"(\d+)\\?" selected>`)
	reButtonJS = regexp.MustCompile(`newSyncedVariable\("([^"]+)", 0\);\s*const button = document.getElementById\("([^"]+)"\)`)
	reProbe    = regexp.MustCompile(`gonb_comm\.send\("([^"]+)", "probe"\)`)
	rePanelJS  = regexp.MustCompile(`const address = "([^"]+)", ctls = (\[.*\]);`)
	reCtlEl    = regexp.MustCompile(`"el":"([^"]+)"`)
	reFrame    = regexp.MustCompile(`data-frame="(\d+)"`)
	reReadout  = regexp.MustCompile(`<div class="adagrad-readout"[^>]*>([^<]*)</div>`)
	reImg      = regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`)
)

// startCell runs TestPanelCell as a cell, with the given variant and
// environment. With page set, the fake kernel also answers as the page.
func startCell(t *testing.T, variant string, page bool, env ...string) *fakeKernel {
	return startKernel(t, &fakeKernel{page: page}, variant, env...)
}

// startCellDeaf is startCell with a page that leaves the first deaf probes
// unanswered, as a page whose GoNB connection failed does.
func startCellDeaf(t *testing.T, variant string, page bool, deaf int, env ...string) *fakeKernel {
	return startKernel(t, &fakeKernel{page: page, deaf: deaf}, variant, env...)
}

// startKernel runs TestPanelCell as a cell with k as its kernel, whose
// page, deaf, slow and lossy fields say how it behaves.
func startKernel(t *testing.T, k *fakeKernel, variant string, env ...string) *fakeKernel {
	t.Helper()
	out, back, pipes := fakegonb.Pipes(t)
	k.t, k.buttons, k.values = t, map[string]string{}, map[string]string{}
	k.exited, k.done = make(chan error, 1), make(chan error, 1)
	k.cell = exec.Command(os.Args[0], "-test.run=^TestPanelCell$", "-test.count=1", "-test.v")
	k.cell.Env = append(os.Environ(), "DISPLAY_TEST_CELL=panel", "PANEL_VARIANT="+variant)
	k.cell.Env = append(append(k.cell.Env, pipes...), env...)
	k.cell.Stdout, k.cell.Stderr = &k.out, &k.out
	if err := k.cell.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = k.cell.Process.Kill() })
	gonb, err := fakegonb.Open(out, back)
	if err != nil {
		t.Fatal(err)
	}
	k.gonb = gonb
	go func() {
		err := k.cell.Wait()
		k.mu.Lock()
		k.dead = true
		k.mu.Unlock()
		k.done <- err
	}()
	go k.read()
	return k
}

// read handles everything the cell sends until it closes its pipe.
func (k *fakeKernel) read() {
	for {
		m, err := k.gonb.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				k.mu.Lock()
				k.readErr = err
				k.mu.Unlock()
			}
			break
		}
		// Like GoNB, the kernel handles the cell's messages in order, and
		// a subscription or comms.Start makes it try to connect the page
		// first: without a page, it waits 3 s before it goes on.
		switch {
		case m.Sync != nil:
			if k.stall {
				time.Sleep(3 * time.Second)
				k.stall = false
			}
			if err := k.gonb.Ack(*m.Sync); err != nil {
				k.mu.Lock()
				k.readErr = fmt.Errorf("acknowledging a sync: %w", err)
				k.mu.Unlock()
			}
			continue
		case m.Comm != nil:
			if m.Comm.Address == protocol.GonbuiStartAddress {
				k.stall = !k.page
			}
			continue
		case m.Subscribe != nil:
			k.mu.Lock()
			k.subscribe = append(k.subscribe, m.Subscribe.Address)
			k.shimFirst = append(k.shimFirst, slices.ContainsFunc(k.got, func(r received) bool { return strings.Contains(r.html(), pageShim) }))
			k.mu.Unlock()
			k.stall = !k.page
			continue
		case m.Display == nil:
			continue
		}
		msg := m.Display
		k.mu.Lock()
		slow := k.slow
		k.mu.Unlock()
		time.Sleep(slow)
		k.mu.Lock()
		lost := k.lossy && k.dead
		if !lost {
			k.got = append(k.got, received{at: time.Now(), data: msg})
		}
		k.mu.Unlock()
		if h, _ := msg.Data[protocol.MIMETextHTML].(string); h != "" && k.page && !lost {
			k.runPage(h)
		}
	}
	k.gonb.CloseBack()
	k.exited <- <-k.done
}

// runPage does what a browser does with the HTML and scripts the cell
// sends: it notes the widgets' elements and answers their scripts.
func (k *fakeKernel) runPage(h string) {
	k.mu.Lock()
	for _, m := range reSliderEl.FindAllStringSubmatch(h, -1) {
		k.values[m[1]] = m[2]
	}
	if m := reSelectEl.FindStringSubmatch(h); m != nil {
		v := "0"
		if s := reSelected.FindStringSubmatch(h); s != nil {
			v = s[1]
		}
		k.values[m[1]] = v
	}
	for _, m := range reButton.FindAllStringSubmatch(h, -1) {
		k.buttons["#"+m[1]] = m[2] // id -> label; the script gives the address
	}
	k.mu.Unlock()
	switch {
	case reProbe.MatchString(h):
		k.mu.Lock()
		deaf := k.deaf > 0
		k.deaf--
		k.mu.Unlock()
		if !deaf {
			k.send(reProbe.FindStringSubmatch(h)[1], "probe")
		}
	case reButtonJS.MatchString(h):
		m := reButtonJS.FindStringSubmatch(h)
		k.mu.Lock()
		k.buttons[k.buttons["#"+m[2]]] = m[1]
		k.mu.Unlock()
		k.send(m[1], 0)
	case rePanelJS.MatchString(h):
		m := rePanelJS.FindStringSubmatch(h)
		k.mu.Lock()
		k.panelAddr = m[1]
		k.ctlIDs = nil
		var pos []string
		for _, c := range reCtlEl.FindAllStringSubmatch(m[2], -1) {
			k.ctlIDs = append(k.ctlIDs, c[1])
			pos = append(pos, k.values[c[1]])
		}
		k.mu.Unlock()
		k.send(m[1], "1 "+strings.Join(pos, " "))
	case reSynced.MatchString(h): // a slider or a select: its value, as a string
		k.send(reSynced.FindStringSubmatch(h)[1], "0")
	}
}

func (k *fakeKernel) send(address string, value any) {
	if err := k.gonb.Send(address, value); err != nil {
		k.mu.Lock()
		k.readErr = fmt.Errorf("sending to the cell: %w", err)
		k.mu.Unlock()
	}
}

// report sends the panel a report numbered seq with the given positions.
func (k *fakeKernel) report(seq int, pos ...int) {
	s := strconv.Itoa(seq)
	for _, p := range pos {
		s += " " + strconv.Itoa(p)
	}
	k.mu.Lock()
	addr := k.panelAddr
	k.mu.Unlock()
	k.send(addr, s)
}

// click presses the button with the given label for the n-th time.
func (k *fakeKernel) click(label string, n int) {
	k.mu.Lock()
	addr := k.buttons[label]
	k.mu.Unlock()
	if addr == "" {
		k.t.Fatalf("no %q button", label)
	}
	k.send(addr, n)
}

// figures returns the live picture updates so far: display messages with
// an id whose HTML is a live picture.
func (k *fakeKernel) figures() []received {
	k.mu.Lock()
	defer k.mu.Unlock()
	var f []received
	for _, r := range k.got {
		if r.data.DisplayID != "" && strings.Contains(r.html(), "adagrad-live") {
			f = append(f, r)
		}
	}
	return f
}

func readout(r received) string {
	m := reReadout.FindStringSubmatch(r.html())
	if m == nil {
		return ""
	}
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(m[1])
}

// waitFor waits until cond holds for the figures, or fails the test.
func (k *fakeKernel) waitFor(what string, cond func([]received) bool) []received {
	k.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if f := k.figures(); cond(f) {
			return f
		}
		time.Sleep(5 * time.Millisecond)
	}
	k.mu.Lock()
	readErr := k.readErr
	k.mu.Unlock()
	k.t.Fatalf("timed out waiting for %s; figures: %q; the kernel's decoding error: %v\ncell output:\n%s",
		what, readouts(k.figures()), readErr, k.out.String())
	return nil
}

// quiet waits until nothing new has come for d.
func (k *fakeKernel) quiet(d time.Duration) {
	for {
		k.mu.Lock()
		n := len(k.got)
		k.mu.Unlock()
		time.Sleep(d)
		k.mu.Lock()
		same := n == len(k.got)
		k.mu.Unlock()
		if same {
			return
		}
	}
}

func (k *fakeKernel) wait() error {
	select {
	case err := <-k.exited:
		k.mu.Lock()
		defer k.mu.Unlock()
		if k.readErr != nil {
			k.t.Errorf("decoding the cell's messages: %v", k.readErr)
		}
		return err
	case <-time.After(30 * time.Second):
		k.t.Fatalf("the cell did not end; output:\n%s", k.out.String())
		return nil
	}
}

func readouts(f []received) []string {
	s := make([]string, len(f))
	for i, r := range f {
		s[i] = readout(r)
	}
	return s
}

// The cell's scene: a picture whose colour and caption give the values.
// It draws slowly, so that reports can outrun it.
type testScene struct {
	a      *float64
	n      *int
	on     *bool
	delay  time.Duration
	frames int
	note   string // appended to the caption
}

func (s testScene) Draw() (image.Image, string, error) {
	time.Sleep(s.delay)
	switch *s.a {
	case 9:
		panic("a = 9 panics")
	case 10:
		return nil, "", errors.New("a = 10 fails")
	}
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	grey := uint8(*s.a * 20)
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = grey, grey, grey, 255
	}
	return img, fmt.Sprintf("a=%v n=%d on=%v", *s.a, *s.n, *s.on) + s.note, nil
}

func (s testScene) Frames() int { return s.frames }

func (s testScene) Frame(i int) (image.Image, string, error) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	img.Set(i, 0, color.White)
	return img, fmt.Sprintf("frame %d", i), nil
}

// TestPanelCell is the program the Panel tests run as a cell.
func TestPanelCell(t *testing.T) {
	if os.Getenv("DISPLAY_TEST_CELL") != "panel" {
		t.Skip("run by the Panel tests")
	}
	a, n, on := 2.0, 10, false
	p := &Panel{Wait: 300 * time.Millisecond, FrameDelay: 10 * time.Millisecond}
	p.Slider("a", controls.LinearScale{Min: 0, Max: 10, Steps: 10}, &a)
	p.IntSlider("n", controls.LogScale{Min: 1, Max: 1000, PerDecade: 3}, &n)
	p.Switch("on", "off", "on", &on)
	scene := testScene{a: &a, n: &n, on: &on, delay: 40 * time.Millisecond, frames: 4}
	switch os.Getenv("PANEL_VARIANT") {
	case "markup": // labels and a caption with HTML's special characters
		p = &Panel{Wait: 300 * time.Millisecond}
		on = true
		p.Slider("a", controls.LinearScale{Min: 0, Max: 10, Steps: 10}, &a)
		p.Switch("mode", markupOff, markupOn, &on)
		scene.note = markupNote
	case "fast": // pictures as fast as the kernel can take them
		scene.delay = 0
	case "slow replay": // a replay long enough to move a control during it
		p.FrameDelay, scene.frames = 200*time.Millisecond, 30
	case "with stills": // package display's outputs before and after
		display.Markdown("before")
		if err := display.Image(image.NewGray(image.Rect(0, 0, 30, 10))); err != nil {
			t.Fatal(err)
		}
		defer display.Markdown("after")
	case "two writers": // what the hook prevents: a second encoder on the pipe
		display.Markdown("one")
		f, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		md := &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: "two"}}
		if err := gob.NewEncoder(f).Encode(md); err != nil {
			t.Fatal(err)
		}
		display.Markdown("three")
		return
	}
	if err := p.Run(scene); err != nil {
		t.Fatal(err)
	}
	fmt.Println("cell finished with", p.Settings())
}

// TestPanelWithStills: a program that shows package display's pictures
// and text beside a Panel sends them all through one encoder, gonbui's
// (two would break GoNB's decoding of the pipe, as the next test shows),
// in the order it showed them.
func TestPanelWithStills(t *testing.T) {
	k := startCell(t, "with stills", true)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.click("stop", 1)
	if err := k.wait(); err != nil { // wait fails the test on any message GoNB would not take
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	var order []string
	for _, r := range k.got {
		switch {
		case r.data.Data[protocol.MIMETextMarkdown] != nil:
			order = append(order, r.data.Data[protocol.MIMETextMarkdown].(string))
		case r.data.DisplayID == "" && r.data.Data[protocol.MIMEImagePNG] != nil:
			b, _ := r.data.Data[protocol.MIMEImagePNG].([]byte)
			if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() != 30 {
				t.Errorf("the still picture: %v", err)
			}
			order = append(order, "picture")
		case strings.Contains(r.html(), "adagrad-live"):
			if order[len(order)-1] != "panel" {
				order = append(order, "panel")
			}
		}
	}
	if want := []string{"before", "picture", "panel", "after"}; !slices.Equal(order, want) {
		t.Errorf("the cell's outputs came as %q, want %q", order, want)
	}
}

// TestTwoWritersBreakThePipe is the control of the test above: a second
// gob encoder writing to GoNB's pipe beside gonbui's makes what follows
// undecodable, for GoNB as for the fake kernel.
func TestTwoWritersBreakThePipe(t *testing.T) {
	k := startCell(t, "two writers", true)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		k.mu.Lock()
		err := k.readErr
		k.mu.Unlock()
		if err != nil {
			if !strings.Contains(err.Error(), "duplicate type") {
				t.Errorf("decoding failed with %v, want gob's duplicate type", err)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("two encoders on the pipe decoded without error:\n%s", k.out.String())
}

// TestPanelLive: the controls' reports redraw the picture in place, the
// newest report wins whatever the order they arrive in, a burst of them
// costs a redraw or two rather than one each, a failing picture says so,
// replay plays the frames, and stop ends the cell with the picture kept.
func TestPanelLive(t *testing.T) {
	k := startCell(t, "live", true)
	first := k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	if got := readout(first[0]); got != "a=2 n=10 on=false" {
		t.Fatalf("first readout %q, want the variables' starting values", got)
	}
	k.mu.Lock()
	ctls := len(k.ctlIDs)
	k.mu.Unlock()
	if ctls != 3 {
		t.Fatalf("the panel script names %d controls, want 3", ctls)
	}
	figID := first[0].data.DisplayID

	// A drag: reports 2..21 arrive shuffled, as GoNB may deliver them. The
	// last one (21) has a at position 7, n at 1000 (position 9), on.
	seqs := rand.Perm(20)
	for _, i := range seqs {
		seq := i + 2
		if seq == 21 {
			k.report(21, 7, 9, 1)
		} else {
			k.report(seq, i%7, i%9, 0)
		}
	}
	k.waitFor("the newest report drawn", func(f []received) bool {
		return readout(f[len(f)-1]) == "a=7 n=1000 on=true"
	})
	k.quiet(200 * time.Millisecond)
	f := k.figures()
	if got := readout(f[len(f)-1]); got != "a=7 n=1000 on=true" {
		t.Errorf("after the burst the picture shows %q, want report 21's a=7 n=1000 on=true", got)
	}
	if redraws := len(f) - 1; redraws > 3 {
		t.Errorf("20 reports while drawing took %d redraws (%q); want at most 3, the newest values only", redraws, readouts(f[1:]))
	}
	// An old report that arrives late changes nothing.
	k.report(5, 1, 1, 0)
	k.quiet(150 * time.Millisecond)
	if g := k.figures(); len(g) != len(f) {
		t.Errorf("a stale report was drawn: %q", readouts(g[len(f):]))
	}

	// A picture that fails, then one that panics: the caption says so and
	// the last image stays.
	k.report(30, 10, 9, 1)
	g := k.waitFor("the failing picture", func(f []received) bool { return strings.HasPrefix(readout(f[len(f)-1]), "error:") })
	last := g[len(g)-1]
	if !strings.Contains(readout(last), "a = 10 fails") || !reImg.MatchString(last.html()) {
		t.Errorf("failed picture: readout %q, image kept: %v", readout(last), reImg.MatchString(last.html()))
	}
	k.report(31, 9, 9, 1)
	k.waitFor("the panicking picture", func(f []received) bool { return strings.Contains(readout(f[len(f)-1]), "a = 9 panics") })
	k.report(32, 7, 9, 1)
	k.waitFor("a good picture again", func(f []received) bool { return readout(f[len(f)-1]) == "a=7 n=1000 on=true" })

	// Replay: the frames in order, then the whole picture again.
	before := len(k.figures())
	k.click("replay", 1)
	g = k.waitFor("the replay", func(f []received) bool {
		return len(f) >= before+5 && readout(f[len(f)-1]) == "a=7 n=1000 on=true"
	})
	if got, want := readouts(g[before:before+5]), []string{"frame 0", "frame 1", "frame 2", "frame 3", "a=7 n=1000 on=true"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("replay showed %q, want %q", got, want)
	}
	for i, r := range k.figures() {
		if r.data.DisplayID != figID {
			t.Errorf("picture %d went to display %q, want every one on %q", i, r.data.DisplayID, figID)
		}
		if m := reFrame.FindStringSubmatch(r.html()); m == nil || m[1] != strconv.Itoa(i+1) {
			t.Errorf("picture %d is numbered %v", i, m)
		}
	}
	checkPNG(t, g[len(g)-1], 7*20)

	// Stop: the cell ends; the controls give way to their values; the
	// picture is not touched again.
	n := len(k.figures())
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed after stop: %v\n%s", err, k.out.String())
	}
	if len(k.figures()) != n {
		t.Errorf("the picture changed after stop")
	}
	checkStopped(t, k, figID, "a 7 · n 1000 · on on", "a=7 n=1000 on=true", 7*20)
}

// checkPNG checks that the picture's image decodes and has the grey level
// the scene gave it.
func checkPNG(t *testing.T, r received, grey uint8) {
	t.Helper()
	m := reImg.FindStringSubmatch(r.html())
	if m == nil {
		t.Fatal("the picture has no PNG")
	}
	b, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := img.At(20, 10).RGBA(); uint8(r>>8) != grey {
		t.Errorf("picture's grey level %d, want %d", r>>8, grey)
	}
	size := fmt.Sprintf(`<img class="adagrad-figure" width="%d" height="%d" `, img.Bounds().Dx(), img.Bounds().Dy())
	if !strings.Contains(r.html(), size) {
		t.Errorf("the picture is shown at another size than its PNG's, %dx%d: %.80q", img.Bounds().Dx(), img.Bounds().Dy(), r.html())
	}
}

// checkStopped checks how a panel ends: the controls replaced by a line
// of the settings and the last caption, in HTML and as text, and the
// picture by the last one as a PNG output with its caption as text (a code
// host shows PNG outputs, not always images inside HTML).
func checkStopped(t *testing.T, k *fakeKernel, figID, settings, caption string, grey uint8) {
	t.Helper()
	k.mu.Lock()
	var panel, fig *received
	for i := range k.got {
		switch r := &k.got[i]; {
		case r.data.DisplayID == figID:
			fig = r
		case r.data.DisplayID != "" && strings.Contains(r.html(), "adagrad-panel"):
			panel = r
		}
	}
	k.mu.Unlock()
	if panel == nil || fig == nil {
		t.Fatalf("no panel (%v) or no picture (%v) on a display", panel != nil, fig != nil)
	}
	h := panel.html()
	text, _ := panel.data.Data[protocol.MIMETextPlain].(string)
	want := "Stopped at " + settings + ". Run the cell again to play.\n" + caption
	if !strings.Contains(h, "Stopped at "+settings+".") || readout(*panel) != caption || text != want {
		t.Errorf("the panel's last output is %.300q (text %q); want it replaced by %q", h, text, want)
	}
	if strings.Contains(h, "<input") || strings.Contains(h, "<button") {
		t.Errorf("controls left after stop: %.200q", h)
	}
	b, ok := fig.data.Data[protocol.MIMEImagePNG].([]byte)
	if _, html := fig.data.Data[protocol.MIMETextHTML]; !ok || html {
		t.Fatalf("the picture's last output holds %v; want a PNG and no HTML", slices.Collect(maps.Keys(fig.data.Data)))
	}
	if c, _ := fig.data.Data[protocol.MIMETextPlain].(string); c != caption {
		t.Errorf("the picture's text is %q, want the caption %q", c, caption)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := img.At(20, 10).RGBA(); uint8(r>>8) != grey {
		t.Errorf("the last picture's grey level is %d, want %d", r>>8, grey)
	}
}

// TestPanelInterrupt: interrupting the kernel (GoNB sends SIGINT) ends the
// cell as stop does.
func TestPanelInterrupt(t *testing.T) {
	k := startCell(t, "live", true)
	first := k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	if err := k.cell.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed after the interrupt: %v\n%s", err, k.out.String())
	}
	checkStopped(t, k, first[0].data.DisplayID, "a 2 · n 10 · on off", "a=2 n=10 on=false", 2*20)
	if !strings.Contains(k.out.String(), "cell finished with a 2") {
		t.Errorf("Run did not return normally:\n%s", k.out.String())
	}
}

// TestPanelSecondTry: a page that misses the first question (its GoNB
// connection failed) gets a second one, and the panel goes live.
func TestPanelSecondTry(t *testing.T) {
	k := startCellDeaf(t, "live", true, 1)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	if n := k.probes(); n != 2 {
		t.Errorf("the page was asked %d times, want 2", n)
	}
}

// TestPanelWithoutPage: nobody answers (nbconvert): GoNB holds the
// question back while it waits for a page. The cell must notice, show the
// picture once as a PNG, say how to get the sliders, and end.
func TestPanelWithoutPage(t *testing.T) {
	start := time.Now()
	k := startCell(t, "live", false)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	checkStill(t, k)
	// GoNB's 3 s and Wait's 300 ms, once: no page connected, so no retry.
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("the cell took %v to give up", d)
	}
	if n := k.probes(); n != 1 {
		t.Errorf("the page was asked %d times, want once", n)
	}
}

// TestPanelDeafPage: a page connects but never answers (its GoNB script
// broke): the cell asks four times, then draws the still picture.
func TestPanelDeafPage(t *testing.T) {
	k := startCellDeaf(t, "live", true, 100)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	checkStill(t, k)
	if n := k.probes(); n != 4 {
		t.Errorf("the page was asked %d times, want 4", n)
	}
}

// probes counts the questions the cell sent the page.
func (k *fakeKernel) probes() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := 0
	for _, r := range k.got {
		if strings.Contains(r.html(), `"probe"`) {
			n++
		}
	}
	return n
}

// TestPanelNoFrontEndEnv: with ADAGRAD_NO_FRONTEND=1 the cell does not even
// ask for a page (GoNB would leave its connection script in the output).
func TestPanelNoFrontEndEnv(t *testing.T) {
	k := startCell(t, "live", true, NoFrontEndEnv+"=1")
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	checkStill(t, k)
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.subscribe) != 0 {
		t.Errorf("the cell subscribed to %q although told there is no front end", k.subscribe)
	}
}

// checkStill checks a still run: one PNG, no live picture, and the lines.
func checkStill(t *testing.T, k *fakeKernel) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	pngs := 0
	for _, r := range k.got {
		if _, ok := r.data.Data[protocol.MIMEImagePNG]; ok {
			pngs++
		}
		if strings.Contains(r.html(), "adagrad-panel") || strings.Contains(r.html(), "adagrad-live") {
			t.Errorf("a still run showed live output: %.100q", r.html())
		}
	}
	if pngs != 1 {
		t.Errorf("%d PNG outputs, want 1", pngs)
	}
	// Under the picture: the settings, the caption and how to get the
	// sliders, a line each.
	out := k.out.String()
	if want := "\na 2 · n 10 · on off\na=2 n=10 on=false\n" + howTo + "\n"; !strings.Contains(out, want) {
		t.Errorf("the output lacks the lines %q:\n%s", want, out)
	}
}

// setSlow makes the kernel take d to pass each output on to the page.
func (k *fakeKernel) setSlow(d time.Duration) {
	k.mu.Lock()
	k.slow = d
	k.mu.Unlock()
}

// TestPanelSameReport: a report that moves nothing draws nothing (the page
// reports a release as well as the drag that led to it), and positions
// past a control's end are clamped to its last position.
func TestPanelSameReport(t *testing.T) {
	k := startCell(t, "live", true)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.report(2, 3, 1, 0)
	f := k.waitFor("the move", func(f []received) bool { return readout(f[len(f)-1]) == "a=3 n=2 on=false" })
	k.report(3, 3, 1, 0)
	k.report(4, 3, 1, 0)
	k.quiet(300 * time.Millisecond)
	if g := k.figures(); len(g) != len(f) {
		t.Errorf("two reports of the same positions drew %q", readouts(g[len(f):]))
	}
	// n has 10 positions (1 to 1000), on 2: 10 and 2 are one past the end.
	k.report(5, 3, 10, 2)
	k.waitFor("the clamped move", func(f []received) bool { return readout(f[len(f)-1]) == "a=3 n=1000 on=true" })
	k.report(6, 3, 1<<40, 99)
	k.quiet(300 * time.Millisecond)
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	if g := k.figures(); readout(g[len(g)-1]) != "a=3 n=1000 on=true" {
		t.Errorf("positions far past the end show %q", readout(g[len(g)-1]))
	}
}

// TestPanelMoveEndsReplay: a control moved during a replay ends it: the
// picture for the new values comes next, and no replay frame after it.
func TestPanelMoveEndsReplay(t *testing.T) {
	k := startCell(t, "slow replay", true)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.click("replay", 1)
	k.waitFor("the replay", func(f []received) bool { return readout(f[len(f)-1]) == "frame 1" })
	k.report(2, 5, 1, 1)
	f := k.waitFor("the moved picture", func(f []received) bool { return readout(f[len(f)-1]) == "a=5 n=2 on=true" })
	k.quiet(600 * time.Millisecond) // three frames' time
	if g := k.figures(); len(g) != len(f) {
		t.Errorf("after the move the replay went on: %q", readouts(g[len(f):]))
	}
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
}

// TestPanelReplayAgain: "replay" pressed during a replay starts it over,
// from the first frame.
func TestPanelReplayAgain(t *testing.T) {
	k := startCell(t, "slow replay", true)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.click("replay", 1)
	f := k.waitFor("the replay", func(f []received) bool { return readout(f[len(f)-1]) == "frame 2" })
	k.click("replay", 2)
	g := k.waitFor("the next frame", func(g []received) bool { return len(g) > len(f) })
	if got := readout(g[len(f)]); got != "frame 0" {
		t.Errorf("after replay during frame 2 the panel showed %q, want the replay over from frame 0", got)
	}
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
}

// TestPanelWaitsForTheKernel: when GoNB is slow to take pictures (a loaded
// machine), a fast drag still draws only the newest values whenever the
// kernel has taken the last picture; it does not fill the pipe with
// pictures that the page would show one after the other, late.
func TestPanelWaitsForTheKernel(t *testing.T) {
	k := startCell(t, "fast", true)
	k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.setSlow(100 * time.Millisecond)
	for i := range 20 {
		k.report(i+2, i%8, i%7, i%2)
		time.Sleep(10 * time.Millisecond)
	}
	f := k.waitFor("the last report drawn", func(f []received) bool { return readout(f[len(f)-1]) == "a=3 n=50 on=true" })
	k.quiet(300 * time.Millisecond)
	f = k.figures()
	if redraws := len(f) - 1; redraws > 8 {
		t.Errorf("20 reports in 200 ms, with the kernel taking 100 ms a picture, drew %d pictures: %q", redraws, readouts(f[1:]))
	}
	k.setSlow(0)
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
}

// The "markup" cell's labels and caption: text, not HTML.
const (
	markupOff  = "x<y"
	markupOn   = `"a" & b`
	markupNote = ` <i>"q" & 'r'</i>`
)

var reOption = regexp.MustCompile(`<option value=\\?"(\d+)\\?"( selected)?>(.*?)</option>`)

// TestPanelMarkup: labels and captions with HTML's special characters show
// as the text they are, in the page's controls, the picture's caption and
// its alt text; and a choice starts at its variable's option, in the page
// as in the program, so that the page's first report keeps it there.
func TestPanelMarkup(t *testing.T) {
	k := startCell(t, "markup", true)
	first := k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	caption := "a=2 n=10 on=true" + markupNote
	if got := readout(first[0]); got != caption {
		t.Errorf("the caption reads %q, want %q", got, caption)
	}
	if m := regexp.MustCompile(`alt="([^"]*)"`).FindStringSubmatch(first[0].html()); m == nil || html.UnescapeString(m[1]) != caption {
		t.Errorf("the picture's alt text is %q, want the caption %q", m, caption)
	}
	k.quiet(300 * time.Millisecond) // the page's first report
	k.mu.Lock()
	var options []string
	selected := ""
	for _, r := range k.got {
		for _, m := range reOption.FindAllStringSubmatch(strings.ReplaceAll(r.html(), `\'`, "'"), -1) {
			text := m[3]
			if strings.ContainsAny(text, "<>") {
				t.Errorf("option %s holds markup: %q", m[1], text)
			}
			options = append(options, html.UnescapeString(text))
			if m[2] != "" {
				selected = html.UnescapeString(text)
			}
		}
	}
	shimFirst := slices.Clone(k.shimFirst)
	k.mu.Unlock()
	if want := []string{markupOff, markupOn}; !slices.Equal(options, want) || selected != markupOn {
		t.Errorf("the page's options are %q with %q selected, want %q with %q", options, selected, want, markupOn)
	}
	if len(shimFirst) == 0 || slices.Contains(shimFirst, false) {
		t.Errorf("page shim before each subscription: %v, want it before every one", shimFirst)
	}
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	if f := k.figures(); readout(f[len(f)-1]) != caption {
		t.Errorf("after the page's first report the caption reads %q, want %q", readout(f[len(f)-1]), caption)
	}
	if want := "cell finished with a 2 · mode " + markupOn + "\n"; !strings.Contains(k.out.String(), want) {
		t.Errorf("the cell did not end with %q:\n%s", want, k.out.String())
	}
}

// TestPanelBadReports: a report that is not "seq pos..." with a number
// for each control changes nothing, and the panel goes on.
func TestPanelBadReports(t *testing.T) {
	k := startCell(t, "live", true)
	f := k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	for _, bad := range []string{"", "7", "7 1 2", "7 1 2 1 4", "x 1 2 1", "7 1 b 1", "7 1.5 2 1", "probe 1 2 1"} {
		k.send(k.panelAddr, bad)
	}
	k.quiet(300 * time.Millisecond)
	if g := k.figures(); len(g) != len(f) {
		t.Errorf("bad reports drew %q", readouts(g[len(f):]))
	}
	k.report(40, 4, 2, 1)
	k.waitFor("a good report after the bad ones", func(f []received) bool { return readout(f[len(f)-1]) == "a=4 n=5 on=true" })
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
}

// TestPanelStopReachesThePage: the cell ends only once the kernel has
// passed on the stopped line and the last picture; output still in the
// pipe when a cell exits may be lost.
func TestPanelStopReachesThePage(t *testing.T) {
	k := startKernel(t, &fakeKernel{page: true, lossy: true}, "live")
	first := k.waitFor("the first picture", func(f []received) bool { return len(f) >= 1 })
	k.setSlow(150 * time.Millisecond)
	k.click("stop", 1)
	if err := k.wait(); err != nil {
		t.Fatalf("the cell failed: %v\n%s", err, k.out.String())
	}
	checkStopped(t, k, first[0].data.DisplayID, "a 2 · n 10 · on off", "a=2 n=10 on=false", 2*20)
}

type nilScene struct{}

func (nilScene) Draw() (image.Image, string, error) { return nil, "nothing", nil }

// TestPanelRun: what Run promises outside a notebook: the first picture's
// error, a scene that draws nothing being one; the first bad control's
// error, naming it.
func TestPanelRun(t *testing.T) {
	if display.InNotebook() {
		t.Skip("running under GoNB")
	}
	a := 2.0
	p := &Panel{}
	p.Slider("a", controls.LinearScale{Min: 0, Max: 10, Steps: 10}, &a)
	if err := p.Run(nilScene{}); err == nil || !strings.Contains(err.Error(), "no picture") {
		t.Errorf("a scene that draws no picture: %v, want an error saying so", err)
	}
	if err := p.Run(testScene{a: &a, n: new(int), on: new(bool)}); err != nil {
		t.Errorf("a good scene: %v", err)
	}
	a = 9 // the test scene panics
	if err := p.Run(testScene{a: &a, n: new(int), on: new(bool)}); err == nil || !strings.Contains(err.Error(), "a = 9 panics") {
		t.Errorf("a scene that panics: %v, want the panic as an error", err)
	}
	if err := p.Run(nil); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("a nil scene: %v", err)
	}

	var v float64
	bad := &Panel{}
	bad.Slider("learning rate", controls.LogScale{Min: 1, Max: 7, PerDecade: 3}, &v)
	bad.Add(nil)
	if err := bad.Run(nilScene{}); err == nil || !strings.Contains(err.Error(), `"learning rate"`) || !strings.Contains(err.Error(), "LogScale.Max = 7") {
		t.Errorf("Run after a bad scale: %v, want the first error, naming the control and the field", err)
	}
	nilAdd := &Panel{}
	nilAdd.Add(nil)
	if err := nilAdd.Run(nilScene{}); err == nil || !strings.Contains(err.Error(), "nil control") {
		t.Errorf("Run after Add(nil): %v", err)
	}
}

// TestPanelSliderMovesTheVariable: a slider's variable moves to the
// nearest value the slider can show, so that the settings line and the
// picture agree from the start.
func TestPanelSliderMovesTheVariable(t *testing.T) {
	a, n, on := 0.26, 3, true
	p := &Panel{}
	p.Slider("a", controls.LinearScale{Min: 0, Max: 1, Steps: 10}, &a)
	p.IntSlider("n", controls.LogScale{Min: 1, Max: 1000, PerDecade: 3}, &n)
	p.Switch("on", "off", "on", &on)
	if a != 0.3 || n != 2 || p.Settings() != "a 0.3 · n 2 · on on" {
		t.Errorf("a = %v, n = %v, settings %q; want 0.3, 2 and the line to say so", a, n, p.Settings())
	}
}
