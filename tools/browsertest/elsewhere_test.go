package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPlaygroundServedElsewhere plays with the playground where Jupyter is
// served as on a machine's LAN address and behind JupyterHub or Binder: the
// page is opened at http://learner.test:PORT/..., a name Chromium resolves
// to 127.0.0.1 (so the test still talks only to loopback), which makes it
// no secure context, and the server runs under the base_url
// /user/learner/. GoNB's own page script cannot connect there (it needs
// crypto.randomUUID, given only to secure contexts, and ignores base_url);
// the sliders package's page shim must make it (display/sliders/frontend.go). In
// each front end: the sliders show, a move redraws with adagrad.Run's
// numbers, and stop ends the cell.
func TestPlaygroundServedElsewhere(t *testing.T) {
	// Beside TestNotebooksInBrowser, after TestPlayground has measured
	// its latencies alone.
	t.Parallel()
	s := browserSuite(t)
	for _, fe := range frontEnds {
		t.Run(fe.id, func(t *testing.T) {
			f := s.frontAt(t, fe, serving{host: insecureHost, baseURL: "/user/learner/"})
			p := pgOpen(t, f)
			type context struct {
				Secure, UUID bool
				Path         string
			}
			c := pageEval[context](t, p.tab, `({Secure: isSecureContext, UUID: typeof crypto.randomUUID === "function", Path: location.href})`)
			if c.Secure || c.UUID {
				t.Fatalf("the page at %s is a secure context (%+v): the test tests nothing", f.srv.page, c)
			}
			t.Logf("page %s: not a secure context, no crypto.randomUUID", c.Path)
			cell := p.cell(t, "NewOneVariable(960, 540)")
			pgLive(t, p, cell)
			pgMoveEach(t, p, false, []pgMove{{"learning rate", 40}, {"start x0", 20}})
			pageEval[chromedp.Void](t, p.tab, `pg.click("stop")`)
			pgStopped(t, p, cell)
		})
	}
}

// TestPlaygroundHTTPS plays with the playground in JupyterLab served over
// https (a certificate of the test's own, on 127.0.0.1), where GoNB's
// script alone opens a ws:// connection the browser refuses on an https
// page; the page shim must turn it into wss://.
func TestPlaygroundHTTPS(t *testing.T) {
	t.Parallel()
	s := browserSuite(t)
	f := s.frontAt(t, &jupyterLab, serving{https: true})
	p := pgOpen(t, f)
	if proto := pageEval[string](t, p.tab, `location.protocol`); proto != "https:" {
		t.Fatalf("the page is at %s, not https", proto)
	}
	cell := p.cell(t, "NewOneVariable(960, 540)")
	pgLive(t, p, cell)
	pgMoveEach(t, p, false, []pgMove{{"learning rate", 40}})
	pageEval[chromedp.Void](t, p.tab, `pg.click("stop")`)
	pgStopped(t, p, cell)
}
