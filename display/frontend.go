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
// a Panel still finds out, by asking the page twice (see Panel.Wait): about
// 10 s with no page, since GoNB tries for 3 s to connect each time; and
// GoNB leaves the script it sends to connect the page in the saved
// notebook.
const NoFrontEndEnv = "ADAGRAD_NO_FRONTEND"

// DefaultWait is how long a Panel waits for the page's answer once GoNB has
// passed its question on.
const DefaultWait = 2 * time.Second

// frontEnd asks the page to send "probe" to address, which the caller has
// subscribed to, and reports whether it answered within wait, or whether
// the reader interrupted the kernel meanwhile.
//
// The question is a line of JavaScript. GoNB passes it on only after it has
// tried to connect the page (the subscription asked for that): at once if
// the page is connected already, after at most 3 seconds if no page is
// there. gonbui.Sync returns when GoNB has passed it on, so the wait starts
// from there; an open page answers in milliseconds.
func frontEnd(address string, answered <-chan struct{}, interrupt <-chan os.Signal, wait time.Duration) (ok, interrupted bool) {
	dom.TransientJavascript(fmt.Sprintf(`globalThis.gonb_comm?.send(%q, "probe");`, address))
	select {
	case <-answered:
		return true, false
	case <-interrupt:
		return false, true
	case <-time.After(wait):
		return false, false
	}
}
