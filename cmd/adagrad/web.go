package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/gonb-tutorials/optimizers/web"
)

func init() {
	var addr, out string
	commands = append(commands, command{
		name:    "web",
		args:    "[-addr 127.0.0.1:8080 | -out DIR]",
		summary: "the playground of part 5 as a web page, Go compiled to WebAssembly: build it and serve it, or write it into DIR",
		flags: func() *flag.FlagSet {
			addr, out = "127.0.0.1:8080", ""
			fs := flag.NewFlagSet("web", flag.ContinueOnError)
			fs.StringVar(&addr, "addr", addr, "the address to serve the page on (port 0: any free port)")
			fs.StringVar(&out, "out", "", "write the page's files into this folder, for any static host, instead of serving them")
			return fs
		},
		run: func(fs *flag.FlagSet, stdout io.Writer) error {
			both := 0
			fs.Visit(func(f *flag.Flag) {
				if f.Name == "addr" || f.Name == "out" {
					both++
				}
			})
			switch {
			case both == 2:
				return usagef("-addr and -out: give one (serve the page, or write it)")
			case out == "" && both == 1 && addr == "":
				return usagef("-addr: empty; give host:port, such as 127.0.0.1:8080")
			}
			if out == "" {
				if _, _, err := net.SplitHostPort(addr); err != nil {
					return usagef("-addr %s: want host:port, such as 127.0.0.1:8080", addr)
				}
			}
			site, err := buildSite(context.Background(), stdout)
			if err != nil {
				return err
			}
			if out != "" {
				if err := site.WriteDir(out); err != nil {
					return err
				}
				raw, gz := site.Size("playground.wasm")
				fmt.Fprintf(stdout, "wrote %s: the page for any static host (the module %s, %s gzip-compressed)\n", out, mb(raw), mb(gz))
				return nil
			}
			return serve(site, addr, stdout)
		},
	})
}

// buildSite finds the project's source and the Go toolchain, builds the
// module and lays out the page.
func buildSite(ctx context.Context, stdout io.Writer) (*web.Site, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == web.ModulePath {
		version = bi.Main.Version
	}
	src, err := web.FindSource(ctx, wd, version)
	if err != nil {
		return nil, err
	}
	tc, err := web.FindToolchain(ctx, src)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "building the page with %s from %s (the first build takes a minute)\n", tc.Version, src)
	start := time.Now()
	module, err := tc.Build(ctx, src)
	if err != nil {
		return nil, err
	}
	wasmExec, err := tc.WasmExec()
	if err != nil {
		return nil, err
	}
	site, err := web.NewSite(module, wasmExec)
	if err != nil {
		return nil, err
	}
	raw, gz := site.Size("playground.wasm")
	fmt.Fprintf(stdout, "built in %.1f s: the module is %s, %s gzip-compressed\n", time.Since(start).Seconds(), mb(raw), mb(gz))
	return site, nil
}

// serve serves the page until the program is interrupted.
func serve(site *web.Site, addr string, stdout io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serving the page: %v", err)
	}
	fmt.Fprintf(stdout, "serving the playground at %s (Ctrl-C to stop)\n", pageURL(ln.Addr().(*net.TCPAddr)))
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// pageURL is the address to open: on a server listening on every
// interface (-addr :8080, or 0.0.0.0:8080 in a container), this machine's
// loopback one, which a browser here can open.
func pageURL(a *net.TCPAddr) string {
	host := a.IP.String()
	switch {
	case a.IP.IsUnspecified():
		host = "127.0.0.1"
	case a.IP.To4() == nil:
		host = "[" + host + "]"
	}
	return fmt.Sprintf("http://%s:%d/", host, a.Port)
}

func mb(n int) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
