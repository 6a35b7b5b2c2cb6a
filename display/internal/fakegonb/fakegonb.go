// Package fakegonb plays GoNB's side of a cell program's two named pipes,
// for the tests of package display and display/sliders: it reads what the
// program sends and sorts it as GoNB v0.11.4 does, and writes to the back
// pipe as GoNB does. Its reading follows GoNB's
// internal/jpyexec/namedpipes.go (pollNamedPipeReader, pollPipeWriterFifo),
// with gonbui/protocol's types: what decodes here, GoNB decodes.
package fakegonb

import (
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

func init() {
	// GoNB registers these beside protocol's types (jpyexec's init).
	gob.Register(map[string]any{})
	gob.Register([]string{})
	gob.Register([]any{})
}

// Pipes makes GoNB's two named pipes in a temporary folder of t's and
// returns their paths and the environment that gives them to a program.
// It skips t where there are no named pipes.
func Pipes(t testing.TB) (out, back string, env []string) {
	t.Helper()
	dir := t.TempDir()
	out, back = filepath.Join(dir, "out"), filepath.Join(dir, "back")
	for _, p := range []string{out, back} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	return out, back, []string{protocol.GONB_PIPE_ENV + "=" + out, protocol.GONB_PIPE_BACK_ENV + "=" + back}
}

// A Kernel is GoNB's end of a running program's pipes.
type Kernel struct {
	r, w *os.File
	dec  *gob.Decoder

	mu  sync.Mutex
	enc *gob.Encoder
}

// Open opens GoNB's ends of the pipes: the program's pipe for reading,
// the back pipe for writing. Each open waits until the program opens the
// other end (GoNB opens both at once; the program, gonbui or display,
// opens its pipe first, so this order cannot deadlock).
func Open(out, back string) (*Kernel, error) {
	r, err := os.OpenFile(out, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	w, err := os.OpenFile(back, os.O_WRONLY, 0)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &Kernel{r: r, w: w, dec: gob.NewDecoder(r), enc: gob.NewEncoder(w)}, nil
}

// A Message is one message from the program, sorted as GoNB sorts it.
// Exactly one field is set.
type Message struct {
	// Display is an output: GoNB sends it to the page as display_data,
	// or as update_display_data of the output whose id is DisplayID.
	Display *protocol.DisplayData
	// Sync is a sync request's id, which GoNB acknowledges at once.
	Sync *int
	// Comm is a value for the page's address, or a request for one.
	Comm *protocol.CommValue
	// Subscribe asks for the page's values at an address.
	Subscribe *protocol.CommSubscription
	// Input asks the page for a line of standard input.
	Input *protocol.InputRequest
}

// Next reads the program's next message. Its error is the decoder's
// (io.EOF once the program closed its pipe), or says that GoNB would
// reject the message: a gonb/comm_value that is not a protocol.CommValue,
// a sync request whose id is not an int, and the like. GoNB logs those,
// or shows them in the cell as a "GoNB Error", and drops the message.
func (k *Kernel) Next() (Message, error) {
	d := &protocol.DisplayData{}
	if err := k.dec.Decode(d); err != nil {
		return Message{}, err
	}
	if v, ok := d.Data[protocol.MIMEJupyterInput]; ok {
		req, ok := v.(protocol.InputRequest)
		if !ok {
			return Message{}, fmt.Errorf("%s holds a %T, not a protocol.InputRequest", protocol.MIMEJupyterInput, v)
		}
		return Message{Input: &req}, nil
	}
	if v, ok := d.Data[protocol.MIMECommValue]; ok {
		// A value type: gob gives the interface the registered type.
		req, ok := v.(protocol.CommValue)
		if !ok {
			return Message{}, fmt.Errorf("%s holds a %T, not a protocol.CommValue", protocol.MIMECommValue, v)
		}
		if req.Address == protocol.GonbuiSyncAddress {
			id, ok := req.Value.(int)
			if !ok {
				return Message{}, fmt.Errorf("a sync request with id %#v, not an int", req.Value)
			}
			return Message{Sync: &id}, nil
		}
		return Message{Comm: &req}, nil
	}
	if v, ok := d.Data[protocol.MIMECommSubscribe]; ok {
		req, ok := v.(protocol.CommSubscription)
		if !ok {
			return Message{}, fmt.Errorf("%s holds a %T, not a protocol.CommSubscription", protocol.MIMECommSubscribe, v)
		}
		return Message{Subscribe: &req}, nil
	}
	return Message{Display: d}, nil
}

// Send writes a value for address to the back pipe, as GoNB passes on
// the page's values: a *protocol.CommValue on its own gob stream.
func (k *Kernel) Send(address string, value any) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.enc.Encode(&protocol.CommValue{Address: address, Value: value})
}

// SendValue writes v, of any type, to the back pipe on the same gob
// stream: what a GoNB speaking another protocol would send.
func (k *Kernel) SendValue(v any) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.enc.Encode(v)
}

// Ack acknowledges the sync request id, as GoNB does.
func (k *Kernel) Ack(id int) error { return k.Send(protocol.GonbuiSyncAckAddress, id) }

// CloseBack closes the back pipe, as GoNB does when the program ends.
func (k *Kernel) CloseBack() error { return k.w.Close() }

// Close closes both of GoNB's ends.
func (k *Kernel) Close() error {
	k.w.Close()
	return k.r.Close()
}
