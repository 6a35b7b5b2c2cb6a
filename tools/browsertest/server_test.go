package browsertest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }

// newcomer is the environment of someone who cloned the project, installed
// Go and ran scripts/install-gonb: a HOME of their own, and a PATH with the
// Go toolchain but not the folder where go install puts commands.
type newcomer struct {
	from string   // the project the copy was made from
	repo string   // the copy of the project
	home string   // HOME, where scripts/install-gonb registered the kernel
	env  []string // the environment for every command
}

// newNewcomer copies the project at repo into tmp/project, makes a fresh
// HOME in tmp/home and registers the kernel there with scripts/install-gonb.
// Go's caches stay where they are, so that GoNB is not built again.
func newNewcomer(repo, tmp string, logf func(string, ...any)) (*newcomer, error) {
	n := &newcomer{from: repo, repo: filepath.Join(tmp, "project"), home: filepath.Join(tmp, "home")}
	if err := copyProject(repo, n.repo); err != nil {
		return nil, fmt.Errorf("copying the project: %v", err)
	}
	if err := os.Mkdir(n.home, 0o755); err != nil {
		return nil, err
	}

	// The Go settings that follow HOME by default are fixed to this
	// machine's, so that the caches and proxy settings carry over.
	out, err := exec.Command("go", "env", "-json", "GOROOT", "GOPATH", "GOBIN", "GOCACHE", "GOMODCACHE",
		"GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOFLAGS", "GOTOOLCHAIN").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	var goenv map[string]string
	if err := json.Unmarshal(out, &goenv); err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	env := []string{"HOME=" + n.home, "PATH=" + newcomerPath(goenv, logf)}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || k == "PATH" || strings.HasPrefix(k, "GO") || strings.HasPrefix(k, "JUPYTER") ||
			strings.HasPrefix(k, "XDG_") || strings.HasPrefix(k, "ADAGRAD_") {
			continue
		}
		env = append(env, kv)
	}
	for _, k := range sortedKeys(goenv) {
		if v := goenv[k]; v != "" && k != "GOROOT" && k != "GOBIN" {
			env = append(env, k+"="+v)
		}
	}
	n.env = env

	cmd := exec.Command(filepath.Join(n.repo, "scripts", "install-gonb"))
	cmd.Env = n.env
	out, err = cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("scripts/install-gonb: %v\n%s", err, out)
	}
	logf("scripts/install-gonb, HOME=%s:\n%s", n.home, strings.TrimSpace(string(out)))
	return n, nil
}

// newcomerPath is this process's PATH with the Go toolchain first and
// without the folders go install writes to, where GoNB, goimports and gopls
// are: a newcomer has none of them on PATH.
func newcomerPath(goenv map[string]string, logf func(string, ...any)) string {
	drop := map[string]bool{}
	if goenv["GOBIN"] != "" {
		drop[filepath.Clean(goenv["GOBIN"])] = true
	}
	for _, p := range filepath.SplitList(goenv["GOPATH"]) {
		drop[filepath.Join(p, "bin")] = true
	}
	dirs := []string{filepath.Join(goenv["GOROOT"], "bin")}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if d != "" && !drop[filepath.Clean(d)] && d != dirs[0] {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		for _, prog := range []string{"gonb", "goimports", "gopls"} {
			if _, err := os.Stat(filepath.Join(d, prog)); err == nil {
				logf("note: %s is in %s, on PATH: the test cannot tell whether the kernel finds it without", prog, d)
			}
		}
	}
	return strings.Join(dirs, string(os.PathListSeparator))
}

// copyProject copies the project's files, without its git data, its
// Python environments and generated output.
func copyProject(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.Name() == ".git" || rel == "out" || rel == ".venv" || d.Name() == ".ipynb_checkpoints" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case info.Mode().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, info.Mode().Perm())
		}
		return nil // sockets, symlinks: nothing the notebooks need
	})
}

// copyFor returns a copy of the project of its own for the server called
// name, making it on first use: servers that run at the same time must not
// share notebooks, which the front ends save, nor kernels, which Jupyter
// keys by the notebook's path.
func (n *newcomer) copyFor(name string) (string, error) {
	dir := filepath.Join(filepath.Dir(n.repo), "project-"+name)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := copyProject(n.from, dir+".tmp"); err != nil {
		return "", err
	}
	return dir, os.Rename(dir+".tmp", dir)
}

// A serving is where a server serves: its project copy, and, for the tests
// of Jupyter served elsewhere than at http://127.0.0.1:PORT/, the host name
// the browser uses and the server's base_url.
type serving struct {
	project string // the copy of the project whose notebooks it serves
	host    string // the host name in the page's address; "" for 127.0.0.1
	baseURL string // the server's base_url, "/..." ending in "/"; "" for "/"
	https   bool   // serve https, with a certificate made for the test
}

// server is a Jupyter server started by the test.
type server struct {
	dir   string // the folder of notebooks it serves
	page  string // the address the browser opens: http://host:port[/base_url]
	base  string // http://127.0.0.1:port[/base_url], for the REST API
	token string
	http  *http.Client // trusts the test's certificate, if it serves https
	cmd   *exec.Cmd
	log   *syncBuffer
	done  chan struct{}
}

// startServer starts the front end's server (called name in messages) on
// the notebooks of a copy of the project, on 127.0.0.1, a free port and a
// random token. Its stop method stops it with its kernels.
func startServer(fe *frontEnd, n *newcomer, name string, at serving) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	path := strings.TrimSuffix(at.baseURL, "/")
	host := at.host
	if host == "" {
		host = "127.0.0.1"
	}
	scheme := "http"
	client := &http.Client{}
	if at.https {
		scheme = "https"
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} // our own certificate, on 127.0.0.1
	}
	s := &server{
		dir:   filepath.Join(at.project, "notebooks"),
		page:  scheme + "://" + host + ":" + itoa(port) + path,
		base:  scheme + "://127.0.0.1:" + itoa(port) + path,
		token: hex.EncodeToString(tok),
		http:  client,
		log:   &syncBuffer{},
		done:  make(chan struct{}),
	}
	if s.token == "" {
		return nil, errors.New("empty token")
	}
	s.cmd = fe.command(n, s.dir, "127.0.0.1", port, s.token)
	if at.host != "" || at.baseURL != "" {
		s.cmd.Args = append(s.cmd.Args, fe.servedElsewhere(at.baseURL)...)
	}
	if at.https {
		cert, key, err := selfSigned(at.project)
		if err != nil {
			return nil, err
		}
		s.cmd.Args = append(s.cmd.Args, fe.servedHTTPS(cert, key)...)
	}
	s.cmd.Dir = at.project
	s.cmd.Env = n.env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	// Its own process group, so that stopping it also stops the kernels
	// and their gopls.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %v", name, err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()

	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-s.done:
			return nil, fmt.Errorf("%s exited at start:\n%s", name, s.log.tail(40))
		default:
		}
		resp, err := s.http.Get(s.base + "/api/status?token=" + s.token)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("%s did not answer on %s within a minute:\n%s", name, s.base, s.log.tail(40))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The token must be needed.
	resp, err := s.http.Get(s.base + "/api/status")
	if err != nil {
		s.stop()
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		s.stop()
		return nil, fmt.Errorf("%s answers without the token", name)
	}
	return s, nil
}

// stop ends the server politely, then its whole process group.
func (s *server) stop() {
	pgid := s.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// tail returns the last n lines.
func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	lines := strings.Split(strings.TrimRight(b.b.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

var _ io.Writer = (*syncBuffer)(nil)

// shutdownKernel stops the kernels of the notebook through the server's
// REST API (the same for every Jupyter front end).
func (s *server) shutdownKernel(t *testing.T, path string) {
	resp, err := s.http.Get(s.base + "/api/sessions?token=" + s.token)
	if err != nil {
		t.Logf("listing sessions: %v", err)
		return
	}
	defer resp.Body.Close()
	var sessions []struct {
		ID   string `json:"id"`
		Path string `json:"path"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&sessions); err != nil {
		t.Logf("listing sessions: %v", err)
		return
	}
	for _, se := range sessions {
		if se.Path != path {
			continue
		}
		req, _ := http.NewRequest(http.MethodDelete, s.base+"/api/sessions/"+url.PathEscape(se.ID)+"?token="+s.token, nil)
		if resp, err := s.http.Do(req); err != nil {
			t.Logf("stopping the kernel of %s: %v", path, err)
		} else {
			resp.Body.Close()
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir and
// returns their paths (Chromium is told to accept it: see startSuite).
func selfSigned(dir string) (cert, key string, err error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		return "", "", err
	}
	kb, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", "", err
	}
	cert, key = filepath.Join(dir, "test-cert.pem"), filepath.Join(dir, "test-key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", "", err
	}
	return cert, key, os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600)
}
