// Package atomicfile writes files so that readers see either the old file or
// the whole new one, never a partial write: the data goes to a temporary file
// in the same folder, which is renamed over the target once complete.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
)

// pending holds the temporary files being written, for HandleInterrupts.
var pending struct {
	sync.Mutex
	names map[string]bool
}

func track(name string, on bool) {
	pending.Lock()
	defer pending.Unlock()
	if pending.names == nil {
		pending.names = map[string]bool{}
	}
	if on {
		pending.names[name] = true
	} else {
		delete(pending.names, name)
	}
}

// HandleInterrupts makes an interrupt (Ctrl-C) or termination signal remove
// the temporary files of writes under way before the program exits with
// status 130, so that an interrupted run leaves no partial file.
func HandleInterrupts() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-c
		pending.Lock()
		for name := range pending.names {
			os.RemoveAll(name) // a file, or WriteDir's folder
		}
		os.Exit(130)
	}()
}

// Write writes the output of fill to path. If fill or any file operation
// fails, the temporary file is removed and path is left as it was.
func Write(path string, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	track(f.Name(), true)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
		track(f.Name(), false)
	}()
	if err := fill(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	return nil
}

// WriteBytes writes data to path as Write does.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// unwrapPath drops the temporary file's name from an error, keeping the
// reason: the user knows the file by its final name.
func unwrapPath(err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// WriteDir writes a folder as Write writes a file: fill writes the files
// into a new temporary folder beside dir, which then takes dir's place.
// A folder already at dir is replaced only if keep says each of its
// entries may go (so that no one's work is deleted); otherwise, or if fill
// or any file operation fails, dir is left as it was and the temporary
// folder is removed.
func WriteDir(dir string, keep func(os.DirEntry) error, fill func(tmp string) error) (err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("writing %s: %w", dir, unwrapPath(err))
	}
	for _, e := range entries {
		if err := keep(e); err != nil {
			return fmt.Errorf("writing %s: %w", dir, err)
		}
	}
	clean := filepath.Clean(dir)
	tmp, err := os.MkdirTemp(filepath.Dir(clean), "."+filepath.Base(clean)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", dir, unwrapPath(err))
	}
	track(tmp, true)
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
		track(tmp, false)
	}()
	if err := fill(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", dir, unwrapPath(err)) // not the temporary name
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", dir, unwrapPath(err))
	}
	// The old folder moves aside, the new one in, the old one away.
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("writing %s: %w", dir, unwrapPath(err))
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("writing %s: %w", dir, unwrapPath(err))
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}
