package gonbpipe

import (
	"bytes"
	"encoding/gob"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// start puts the package back as a program starts in a notebook whose
// pipes are outPath and backPath, and as a program outside one when t
// ends.
func start(t *testing.T, outPath, backPath string) {
	t.Helper()
	t.Setenv(protocol.GONB_PIPE_ENV, outPath)
	t.Setenv(protocol.GONB_PIPE_BACK_ENV, backPath)
	clear := func(notebook bool) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range []*os.File{out, in} {
			if f != nil {
				f.Close()
			}
		}
		inNotebook, opened, failed, reported, backBad = notebook, false, nil, false, false
		handedSend, handedSync, out, in, enc = nil, nil, nil, nil, nil
		nextSync, waiting = 0, map[int]chan struct{}{}
	}
	clear(true)
	t.Cleanup(func() { clear(false) })
}

func markdown(text string) *protocol.DisplayData {
	return &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextMarkdown: text}}
}

// TestHandover: once display/sliders hands the outputs to gonbui, Send and
// Sync are gonbui's, and the pipe is never opened here; an output shown
// before the handover has opened the pipe with this package's encoder, and
// the handover is refused, saying why, while this package goes on writing
// one gob stream that GoNB decodes. A pipe that failed to open carries no
// stream, so gonbui may take it.
func TestHandover(t *testing.T) {
	for _, c := range []struct {
		name      string
		before    bool   // an output is shown before the handover
		noPipe    bool   // GoNB's pipe is missing
		wantErr   string // the handover's error, "" for none
		handed    int    // outputs and syncs that reach the handed functions
		wantOnOut []string
	}{
		{name: "before any output", handed: 2},
		{name: "after an output", before: true, wantErr: "two writers", wantOnOut: []string{"before", "after"}},
		{name: "after the pipe failed to open", before: true, noPipe: true, handed: 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			outPath, backPath := filepath.Join(dir, "out"), filepath.Join(dir, "back")
			// Files for pipes: the back one is empty, so its reader ends
			// at once, and every Sync with it.
			for _, p := range []string{outPath, backPath} {
				if err := os.WriteFile(p, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if c.noPipe {
				outPath += "-gone"
			}
			start(t, outPath, backPath)
			stderr := os.Stderr
			os.Stderr, _ = os.Create(filepath.Join(dir, "stderr"))
			defer func() { os.Stderr.Close(); os.Stderr = stderr }()

			if c.before {
				Send(markdown("before"))
				Sync()
			}
			handed := 0
			err := Handover(func(*protocol.DisplayData) { handed++ }, func() { handed++ })
			if c.wantErr == "" && err != nil || c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("Handover: %v, want an error saying %q (none if empty)", err, c.wantErr)
			}
			Send(markdown("after"))
			Sync()
			if handed != c.handed {
				t.Errorf("%d calls reached the handed functions, want %d", handed, c.handed)
			}
			b, err := os.ReadFile(outPath)
			if c.noPipe {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			dec := gob.NewDecoder(bytes.NewReader(b))
			for {
				d := &protocol.DisplayData{}
				if err := dec.Decode(d); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Errorf("GoNB would not decode the pipe: %v", err)
					}
					break
				}
				if md, ok := d.Data[protocol.MIMETextMarkdown].(string); ok {
					got = append(got, md)
				}
			}
			if !slices.Equal(got, c.wantOnOut) {
				t.Errorf("the pipe holds the Markdown outputs %q, want %q", got, c.wantOnOut)
			}
		})
	}
}
