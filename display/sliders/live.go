package sliders

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/janpfeifer/gonb/gonbui/widgets"

	"github.com/gonb-tutorials/optimizers/plotting"
)

// A session is one live run of a Panel: its controls in the page, the
// picture under them, and the state the page last reported.
//
// GoNB delivers each message from the page on a goroutine of its own, so
// two quick ones can arrive in either order. The page therefore numbers its
// reports, and each report carries every control's position: the session
// keeps the highest-numbered one and drops the rest. A redraw takes the
// newest report when it starts; reports that arrive meanwhile only replace
// each other, so at most one redraw waits, and it draws the latest values.
type session struct {
	p     *Panel
	scene Scene

	id      string // unique part of the addresses and element ids
	address string // where the page reports (and answers the probe)
	panelID string // display id of the controls
	figID   string // display id of the picture

	mu      sync.Mutex
	seq     int   // number of the newest report taken
	pos     []int // its positions, one per control
	changed chan struct{}
	probed  chan struct{}
	replays chan struct{}
	stops   chan struct{}
	sig     chan os.Signal

	frame   int    // pictures sent so far
	lastPNG []byte // the last picture, kept for a failed redraw's caption
	caption string // the last picture's caption
}

func (p *Panel) live(scene Scene) error {
	id := gonbui.UniqueId()
	s := &session{
		p: p, scene: scene, id: id,
		address: "/adagrad/panel/" + id,
		panelID: "adagrad-panel-" + id,
		figID:   "adagrad-figure-" + id,
		changed: make(chan struct{}, 1),
		probed:  make(chan struct{}, 1),
		replays: make(chan struct{}, 1),
		stops:   make(chan struct{}, 1),
		sig:     make(chan os.Signal, 1),
	}
	for _, c := range p.controls {
		s.pos = append(s.pos, c.Pos())
	}
	// The reader can interrupt the kernel at any time: GoNB sends the
	// program SIGINT (and kills it 5 s later). Catching it lets the panel
	// end as "stop" does, leaving the picture.
	signal.Notify(s.sig, os.Interrupt)
	defer signal.Stop(s.sig)
	preparePage() // before GoNB's own script, which subscribing brings
	comms.Subscribe(s.address, s.receive)
	switch ok, interrupted := s.connect(); {
	case interrupted:
		return nil
	case !ok:
		return p.still(scene)
	}
	built := make(chan error, 1)
	go func() { built <- s.build() }()
	select {
	case err := <-built:
		if err != nil {
			s.finish()
			return err
		}
	case <-s.sig:
		s.finish()
		return nil
	}
	s.redraw()
	s.loop()
	s.finish()
	return nil
}

// connect asks the page whether it is there, and reports whether it
// answered or the reader interrupted the kernel meanwhile.
//
// GoNB's script in the page drops its connection if the kernel's
// acknowledgement takes over half a second (a loaded machine), and the
// page then cannot answer. If GoNB passed the question on at once (so a
// page did connect), connect asks again: comms.Start makes GoNB find the
// connection dead and set it up anew. If GoNB held the question back for
// its whole wait, no page connected: that is the answer.
func (s *session) connect() (ok, interrupted bool) {
	wait := s.p.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	noPage := false
	for try := 0; try < 4 && !ok && !interrupted && !noPage; try++ {
		if try > 0 {
			comms.Start()
		}
		ok, interrupted, noPage = frontEnd(s.address, s.probed, s.sig, wait)
	}
	return ok, interrupted
}

// loop redraws the picture on every move and replays it on request, until
// the reader presses stop or interrupts the kernel.
func (s *session) loop() {
	replayer, _ := s.scene.(Replayer)
	for {
		select {
		case <-s.changed:
			if s.take() {
				s.redraw()
			}
		case <-s.replays:
			if replayer != nil && s.replay(replayer) {
				return
			}
		case <-s.stops:
			return
		case <-s.sig:
			return
		}
	}
}

// receive handles a message from the page: the answer to the probe, or a
// report "seq pos0 pos1 ...".
func (s *session) receive(_ string, msg string) {
	if msg == "probe" {
		signalOnce(s.probed)
		return
	}
	f := strings.Fields(msg)
	if len(f) != 1+len(s.p.controls) {
		return
	}
	seq, err := strconv.Atoi(f[0])
	if err != nil {
		return
	}
	pos := make([]int, len(s.p.controls))
	for i := range pos {
		if pos[i], err = strconv.Atoi(f[i+1]); err != nil {
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq <= s.seq {
		return // older than what we have: it was overtaken on the way
	}
	s.seq, s.pos = seq, pos
	signalOnce(s.changed)
}

// signalOnce wakes a reader of c, unless one wake-up is already pending.
func signalOnce(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// take applies the newest report to the controls' variables and reports
// whether any of them moved (the page reports a release as well as the
// drag that led to it).
func (s *session) take() bool {
	s.mu.Lock()
	pos := s.pos
	s.mu.Unlock()
	moved := false
	for i, c := range s.p.controls {
		if c.Set(pos[i]) {
			moved = true
		}
	}
	return moved
}

// build shows the controls: a table of labels and values, the GoNB widgets
// put into it, the buttons, and the script that reports the positions.
func (s *session) build() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sliders: building the controls: %v", r)
		}
	}()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="adagrad-panel" id="%s"><style>`, s.panelID)
	fmt.Fprintf(&b, `#%[1]s td{padding:1px 8px;text-align:left;vertical-align:middle}`+
		`#%[1]s input[type=range]{width:340px;margin:0}`+
		`#%[1]s .adagrad-value{font-family:monospace}`+
		`#%[1]s button{margin:4px 8px 4px 0}`, s.panelID)
	b.WriteString(`</style><table>`)
	for i, c := range s.p.controls {
		value := c.Label(c.Pos())
		if !c.Slider() {
			value = "" // the select shows it
		}
		fmt.Fprintf(&b, `<tr data-control="%s"><td>%s</td><td id="%s"></td><td class="adagrad-value" id="%s">%s</td></tr>`,
			esc(c.Name()), esc(c.Name()), s.slotID(i), s.valueID(i), esc(value))
	}
	fmt.Fprintf(&b, `</table><div id="%s-buttons"></div></div>`, s.panelID)
	gonbui.UpdateHTML(s.panelID, b.String())
	gonbui.Sync()

	for i, c := range s.p.controls {
		if c.Slider() {
			widgets.Slider(0, c.Len()-1, c.Pos()).WithHtmlId(s.elementID(i)).AppendTo(s.slotID(i)).Done()
			continue
		}
		opts := make([]string, c.Len())
		for k := range opts {
			opts[k] = esc(c.Label(k)) // GoNB writes options into the page as they are
		}
		widgets.Select(opts).SetDefault(c.Pos()).WithHtmlId(s.elementID(i)).AppendTo(s.slotID(i)).Done()
	}
	if _, ok := s.scene.(Replayer); ok {
		s.button("replay", s.replays)
	}
	s.button("stop", s.stops)
	dom.TransientJavascript(s.script())
	return nil
}

// button adds a GoNB button whose clicks wake c. Its address is listened to
// before the button exists and for as long as the program runs: GoNB's
// Button.Done stops listening once it has seen the first message, and a
// click arriving at an address nobody listens to locks GoNB's dispatcher.
func (s *session) button(label string, c chan struct{}) {
	address := "/adagrad/button/" + label + "/" + s.id
	clicks := comms.Listen[int](address)
	go func() {
		for n := range clicks.C {
			if n > 0 { // 0 is the button saying it is there
				signalOnce(c)
			}
		}
	}()
	widgets.Button(label).WithAddress(address).WithHtmlId(s.panelID + "-" + label).AppendTo(s.panelID + "-buttons").Done()
}

func (s *session) slotID(i int) string    { return fmt.Sprintf("%s-slot-%d", s.panelID, i) }
func (s *session) valueID(i int) string   { return fmt.Sprintf("%s-value-%d", s.panelID, i) }
func (s *session) elementID(i int) string { return fmt.Sprintf("%s-control-%d", s.panelID, i) }

// script returns the JavaScript that reports every control's position, with
// a number that grows with each report, on every input and change, and
// shows a slider's value beside it as it moves, before the program answers.
func (s *session) script() string {
	type ctl struct {
		El     string   `json:"el"`
		Out    string   `json:"out"`
		Labels []string `json:"labels"`
	}
	ctls := make([]ctl, len(s.p.controls))
	for i, c := range s.p.controls {
		ctls[i] = ctl{El: s.elementID(i)}
		if c.Slider() { // a select shows its own value
			ctls[i].Out = s.valueID(i)
			for k := range c.Len() {
				ctls[i].Labels = append(ctls[i].Labels, c.Label(k))
			}
		}
	}
	js, _ := json.Marshal(ctls)
	return fmt.Sprintf(`(() => {
	const comm = globalThis.gonb_comm;
	if (!comm) { console.error("adagrad panel: no connection to GoNB"); return; }
	const address = %q, ctls = %s;
	const els = ctls.map(c => document.getElementById(c.el));
	if (els.some(e => !e)) { console.error("adagrad panel: a control is missing"); return; }
	let seq = 0;
	const report = () => comm.send(address, String(++seq) + " " + els.map(e => e.value).join(" "));
	ctls.forEach((c, k) => {
		const show = () => {
			const out = c.out && document.getElementById(c.out);
			if (out) out.textContent = c.labels[Number(els[k].value)] ?? els[k].value;
		};
		for (const ev of ["input", "change"]) els[k].addEventListener(ev, () => { show(); report(); });
	});
	report();
})();`, s.address, js)
}

// redraw draws the picture for the controls' values.
func (s *session) redraw() { s.show(safeDraw(s.scene.Draw)) }

// show puts a picture and its caption on the page, in place of the last
// one, and waits until GoNB has it (without Sync the update can wait in the
// pipe for the next output). A failed picture keeps the last image and
// says why in the caption.
func (s *session) show(img image.Image, caption string, err error) {
	png := s.lastPNG
	if err == nil {
		png, err = plotting.PNG(img)
	}
	if err != nil {
		caption = "error: " + err.Error()
	} else {
		s.lastPNG = png
	}
	s.frame++
	s.caption = caption
	gonbui.UpdateHTML(s.figID, figureHTML(s.frame, img, png, caption))
	gonbui.Sync()
}

// figureHTML is the picture's output: the image, then the caption.
func figureHTML(frame int, img image.Image, png []byte, caption string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="adagrad-live" data-frame="%d">`, frame)
	if png != nil {
		size := ""
		if img != nil {
			size = fmt.Sprintf(` width="%d" height="%d"`, img.Bounds().Dx(), img.Bounds().Dy())
		}
		fmt.Fprintf(&b, `<img class="adagrad-figure"%s alt="%s" src="data:image/png;base64,`, size, esc(caption))
		b.WriteString(base64.StdEncoding.EncodeToString(png))
		b.WriteString(`"/>`)
	}
	fmt.Fprintf(&b, `<div class="adagrad-readout" style="font-family:monospace;white-space:pre-wrap">%s</div></div>`, esc(caption))
	return b.String()
}

// replay plays the scene's animation in place of the picture, then shows
// the whole picture again. A moved control ends it early (the new picture
// is drawn), and "replay" starts it over. It reports whether the reader
// stopped the panel meanwhile.
func (s *session) replay(r Replayer) (stopped bool) {
	delay := s.p.FrameDelay
	if delay <= 0 {
		delay = 30 * time.Millisecond
	}
	tick := time.NewTicker(delay)
	defer tick.Stop()
	n := 0
	func() {
		defer func() { recover() }() // a Frames that panics: nothing to replay
		n = r.Frames()
	}()
	for i := 0; i < n; i++ {
		s.show(safeDraw(func() (image.Image, string, error) { return r.Frame(i) }))
		select {
		case <-tick.C:
		case <-s.changed:
			if s.take() {
				s.redraw()
				return false
			}
		case <-s.replays:
			i = -1
		case <-s.stops:
			return true
		case <-s.sig:
			return true
		}
	}
	s.redraw()
	return false
}

// finish replaces the controls with a line of their final values and the
// last caption, and the picture's HTML with the picture itself, a PNG: a
// saved notebook keeps it, and a code host, which shows PNG outputs but
// may drop an image inside HTML, shows it too. Both have a text form for
// pages that show neither.
func (s *session) finish() {
	stopped := "Stopped at " + s.p.Settings() + ". Run the cell again to play."
	gonbui.SendData(&protocol.DisplayData{DisplayID: s.panelID, Data: map[protocol.MIMEType]any{
		protocol.MIMETextHTML: fmt.Sprintf(`<div class="adagrad-panel adagrad-stopped" style="font-family:monospace">`+
			`<div>%s</div><div class="adagrad-readout" style="white-space:pre-wrap">%s</div></div>`, esc(stopped), esc(s.caption)),
		protocol.MIMETextPlain: strings.TrimSpace(stopped + "\n" + s.caption),
	}})
	if s.lastPNG != nil {
		gonbui.SendData(&protocol.DisplayData{DisplayID: s.figID, Data: map[protocol.MIMEType]any{
			protocol.MIMEImagePNG:  s.lastPNG,
			protocol.MIMETextPlain: s.caption,
		}})
	}
	gonbui.Sync()
}
