package display

import (
	"fmt"
	"os"
	"time"

	"github.com/janpfeifer/gonb/gonbui/dom"
)

// NoFrontEndEnv names the environment variable that, set to 1, tells a
// Panel there is no browser to wait for: it draws its picture once and
// returns at once. scripts/run-notebooks sets it for nbconvert. Without it
// a Panel still finds out, by asking the page (see Panel.Wait): about 5 s
// with no page, GoNB's 3 s attempt to connect one and Panel.Wait; but GoNB
// leaves the script it sends to connect the page in the saved notebook.
const NoFrontEndEnv = "ADAGRAD_NO_FRONTEND"

// DefaultWait is how long a Panel waits for the page's answer once GoNB has
// passed its question on.
const DefaultWait = 2 * time.Second

// gonbConnectWait is how long GoNB waits for a page to connect before it
// gives up and passes the next output on (its WaitForConnectionTimeout);
// a question that took most of it to pass on found no page.
const gonbConnectWait = 3 * time.Second

// frontEnd asks the page to send "probe" to address, which the caller has
// subscribed to, and reports whether it answered within wait, whether the
// reader interrupted the kernel meanwhile, and whether GoNB found no page
// to connect (it held the question back for its whole connection wait).
//
// The question is a line of JavaScript. GoNB passes it on only after it has
// tried to connect the page (the subscription, or comms.Start, asked for
// that): at once if the page is connected already, after at most 3 seconds
// if no page is there. gonbui.Sync returns when GoNB has passed it on, so
// the wait starts from there; an open page answers in milliseconds. In the
// page, the line waits up to 10 s for GoNB's connection object, which a
// retry may bring back.
func frontEnd(address string, answered <-chan struct{}, interrupt <-chan os.Signal, wait time.Duration) (ok, interrupted, noPage bool) {
	start := time.Now()
	dom.TransientJavascript(fmt.Sprintf(`(() => {
	const t0 = Date.now();
	const ask = () => {
		if (globalThis.gonb_comm) globalThis.gonb_comm.send(%q, "probe");
		else if (Date.now() - t0 < 10000) setTimeout(ask, 100);
	};
	ask();
})();`, address))
	noPage = time.Since(start) > gonbConnectWait*5/6
	select {
	case <-answered:
		return true, false, false
	case <-interrupt:
		return false, true, noPage
	case <-time.After(wait):
		return false, false, noPage
	}
}
