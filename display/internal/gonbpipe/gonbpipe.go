// Package gonbpipe sends a cell program's outputs to GoNB over the two named
// pipes GoNB gives the program, speaking GoNB's protocol as its own client,
// gonbui, does at v0.11.4: the message types of gonbui/protocol, one
// encoding/gob stream each way. It does not import gonbui, whose logging
// and UUID packages bring net, crypto and database/sql into every program
// that links it, which made a cell that shows a picture take about 80 ms
// longer to link.
//
// GoNB decodes what comes down its pipe as one gob stream, so a program
// must have one encoder on it. A package that speaks to GoNB through gonbui
// (display/sliders) therefore calls Handover from its init: from then on
// Send and Sync are gonbui's, and this package never opens the pipes.
package gonbpipe

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// inNotebook is set, as gonbui.IsNotebook is, when GoNB started the program.
var inNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

// InNotebook reports whether GoNB started the program.
func InNotebook() bool { return inNotebook }

var (
	mu sync.Mutex

	// handed holds gonbui's functions once Handover has been called.
	handedSend func(*protocol.DisplayData)
	handedSync func()

	opened   bool     // the pipes were opened (or opening them failed)
	out, in  *os.File // GoNB's pipe and its back pipe
	enc      *gob.Encoder
	failed   error         // the first failure; nothing is sent after it
	reported bool          // failed has been written to standard error
	backBad  bool          // a failure to read the back pipe has been written too
	backDone chan struct{} // closed when the back pipe ends

	nextSync int
	waiting  = map[int]chan struct{}{} // Sync's ids waiting for GoNB's acknowledgement
)

// Handover makes Send and Sync call send and sync, which are gonbui's
// SendData and Sync, so that the program has one encoder on GoNB's pipe.
// It must come before this package's first output: it returns an error if
// the pipes are open already (something was shown during package
// initialization, before the caller's init ran).
func Handover(send func(*protocol.DisplayData), sync func()) error {
	mu.Lock()
	defer mu.Unlock()
	if opened && failed == nil {
		return errors.New("display: an output was shown before display/sliders was initialized; GoNB's pipe would have two writers")
	}
	handedSend, handedSync = send, sync
	return nil
}

// Send sends d to GoNB, which shows it as the cell's output (or, with a
// DisplayID, in place of the output with that id). Outside GoNB it does
// nothing. The first failure to reach GoNB is written to standard error as
// one line; nothing is sent after it (as gonbui, whose errors are
// persistent).
func Send(d *protocol.DisplayData) {
	if !inNotebook {
		return
	}
	mu.Lock()
	if send := handedSend; send != nil {
		mu.Unlock()
		send(d)
		return
	}
	defer mu.Unlock()
	if openLocked() != nil {
		return
	}
	sendLocked(d)
}

// Sync waits until GoNB has taken everything sent before it: it sends a
// sync request with a new id and waits for GoNB's acknowledgement of that
// id on the back pipe (gonbui.Sync; GoNB answers in
// internal/jpyexec/namedpipes.go, pollNamedPipeReader). A program can end
// right after an output, and output still in the pipe when it exits may be
// lost.
//
// Unlike gonbui.Sync, which then waits forever, Sync returns when GoNB can
// no longer answer: the pipes failed to open, a write failed, or the back
// pipe ended.
func Sync() {
	if !inNotebook {
		return
	}
	mu.Lock()
	if sync := handedSync; sync != nil {
		mu.Unlock()
		sync()
		return
	}
	if openLocked() != nil {
		mu.Unlock()
		return
	}
	id := nextSync
	nextSync++
	ack := make(chan struct{})
	waiting[id] = ack
	// As gonbui.Sync: a *CommValue at the sync address, the id an int.
	sendLocked(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: &protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	done, err := backDone, failed
	mu.Unlock()
	if err == nil {
		select {
		case <-ack:
		case <-done:
		}
	}
	mu.Lock()
	delete(waiting, id)
	mu.Unlock()
}

// openLocked opens GoNB's pipe for writing, then its back pipe for
// reading, as gonbui's openLocked does (GoNB opens its ends of both at
// once, and each open waits for the other end), and starts reading the
// back pipe. It returns the persistent error, if any.
func openLocked() error {
	if opened {
		return failed
	}
	opened = true
	backDone = make(chan struct{})
	path := os.Getenv(protocol.GONB_PIPE_ENV)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		close(backDone)
		return failLocked(fmt.Errorf("opening GoNB's pipe: %w", err))
	}
	out, enc = f, gob.NewEncoder(f)
	back := os.Getenv(protocol.GONB_PIPE_BACK_ENV)
	if back == "" {
		err = fmt.Errorf("%s is not set", protocol.GONB_PIPE_BACK_ENV)
	} else {
		in, err = os.OpenFile(back, os.O_RDONLY, 0)
	}
	if err != nil {
		close(backDone)
		return failLocked(fmt.Errorf("opening GoNB's back pipe: %w", err))
	}
	go readBack(gob.NewDecoder(in), backDone)
	return nil
}

// sendLocked encodes d on GoNB's pipe. A failed write closes both pipes,
// which ends every Sync's wait.
func sendLocked(d *protocol.DisplayData) {
	if failed != nil {
		return
	}
	if err := enc.Encode(d); err != nil {
		failLocked(fmt.Errorf("writing to GoNB's pipe: %w", err))
	}
}

// failLocked keeps err as the persistent error, closes the pipes and
// writes err to standard error, once.
func failLocked(err error) error {
	if failed == nil {
		failed = err
	}
	if out != nil {
		_ = out.Close()
	}
	if in != nil {
		_ = in.Close() // ends readBack, and so every Sync's wait
	}
	if !reported {
		reported = true
		fmt.Fprintf(os.Stderr, "display: %v; this cell's outputs are not shown\n", failed)
	}
	return failed
}

// readBack reads what GoNB sends on the back pipe, as gonbui's
// pollReaderPipe does: protocol.CommValue messages, of which a program
// without widgets receives only the acknowledgements of its syncs. It
// closes done when the pipe ends: GoNB closed it, or failLocked did.
func readBack(dec *gob.Decoder, done chan struct{}) {
	defer close(done)
	for {
		v := &protocol.CommValue{}
		if err := dec.Decode(v); err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) && !errors.Is(err, io.ErrClosedPipe) {
				mu.Lock()
				if !backBad {
					backBad = true
					fmt.Fprintf(os.Stderr, "display: reading GoNB's back pipe: %v; outputs may be cut short\n", err)
				}
				mu.Unlock()
			}
			return
		}
		if v.Address != protocol.GonbuiSyncAckAddress {
			continue // a widget's value: this program has no widgets
		}
		id, ok := v.Value.(int)
		mu.Lock()
		if ack, wanted := waiting[id]; ok && wanted {
			close(ack)
			delete(waiting, id)
		}
		mu.Unlock()
	}
}
